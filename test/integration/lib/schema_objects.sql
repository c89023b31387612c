-- test/integration/lib/schema_objects.sql: one line per table, column, key,
-- index, foreign key and check of schema public, in the format of the
-- catalog snapshots of test/data/upstream_revisions (table, kind, name,
-- info; columns: "attnum|type|NULL or NOT NULL|default"), white space
-- collapsed.  Run with psql -A -t -F <tab>.
WITH t AS (SELECT c.oid, c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind = 'r')
SELECT t.relname, 'table', t.relname, '' FROM t
UNION ALL
SELECT t.relname, 'column', a.attname,
       a.attnum || '|' || pg_catalog.format_type(a.atttypid, a.atttypmod) || '|'
       || CASE WHEN a.attnotnull THEN 'NOT NULL' ELSE 'NULL' END || '|' || coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid), '')
  FROM t JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
  LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = t.oid AND d.adnum = a.attnum
UNION ALL
SELECT t.relname, CASE con.contype WHEN 'p' THEN 'pk' WHEN 'f' THEN 'fk' WHEN 'c' THEN 'check' WHEN 'u' THEN 'unique' ELSE con.contype::text END,
       con.conname, pg_catalog.regexp_replace(pg_catalog.pg_get_constraintdef(con.oid), '\s+', ' ', 'g')
  FROM t JOIN pg_catalog.pg_constraint con ON con.conrelid = t.oid
UNION ALL
SELECT t.relname, CASE WHEN i.indisunique THEN 'unique_index' ELSE 'index' END, ic.relname,
       pg_catalog.regexp_replace(pg_catalog.pg_get_indexdef(i.indexrelid), '\s+', ' ', 'g')
  FROM t JOIN pg_catalog.pg_index i ON i.indrelid = t.oid JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
 WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u'))
 ORDER BY 1, 2, 3;
