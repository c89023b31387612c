-- test/integration/lib/head_schema_compare.sql: the objects of schema
-- public that differ from test/data/upstream_head_schema.tsv (upstream's
-- chain at its head), one line per difference ("missing" = in the file, not
-- in the database; "extra" = the other way round).  Compared: tables;
-- columns with position (unless :ignore_order), type, nullability and
-- default; primary keys, indexes, foreign keys and checks by name with
-- PostgreSQL's deparse.  Reads the file's data lines (no comments, no
-- header) on standard input; needs the variable :ignore_order.
SET search_path = public, pg_catalog;
CREATE TEMP TABLE head_raw (line text);
\copy head_raw FROM pstdin WITH (FORMAT csv, DELIMITER E'\x1f', QUOTE E'\x1e')
CREATE TEMP VIEW head AS
SELECT f[1] AS tbl, f[2] AS kind, f[3] AS name, nullif(f[4], '')::int AS ordinal, f[5] AS def, f[6] AS pgdef
  FROM (SELECT string_to_array(line, E'\t') AS f FROM head_raw) s;
CREATE TEMP VIEW expected AS
SELECT tbl, kind, name,
       CASE kind
         WHEN 'table' THEN ''
         WHEN 'column' THEN CASE WHEN :ignore_order THEN '' ELSE ordinal::text END || '|'
                            || regexp_replace(pgdef, ' (NOT NULL|NULL)$', '') || '|'
                            || CASE WHEN pgdef LIKE '% NOT NULL' THEN 'NOT NULL' ELSE 'NULL' END || '|'
                            || CASE WHEN def LIKE '%default=(none)%' THEN '' ELSE substring(def from 'default=(.*)$') END
         ELSE pgdef END AS info
  FROM head;
CREATE TEMP VIEW live AS
WITH t AS (SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind = 'r')
SELECT t.relname::text AS tbl, 'table' AS kind, t.relname::text AS name, '' AS info FROM t
UNION ALL
SELECT t.relname, 'column', a.attname,
       CASE WHEN :ignore_order THEN '' ELSE (row_number() OVER (PARTITION BY t.oid ORDER BY a.attnum))::text END
       || '|' || format_type(a.atttypid, a.atttypmod) || '|'
       || CASE WHEN a.attnotnull THEN 'NOT NULL' ELSE 'NULL' END || '|' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
  FROM t JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
  LEFT JOIN pg_attrdef d ON d.adrelid = t.oid AND d.adnum = a.attnum
UNION ALL
SELECT t.relname, CASE con.contype WHEN 'p' THEN 'pk' WHEN 'f' THEN 'fk' WHEN 'c' THEN 'check' ELSE 'unique' END,
       con.conname, regexp_replace(pg_get_constraintdef(con.oid), '\s+', ' ', 'g')
  FROM t JOIN pg_constraint con ON con.conrelid = t.oid
UNION ALL
SELECT t.relname, 'index', ic.relname, regexp_replace(pg_get_indexdef(i.indexrelid), '\s+', ' ', 'g')
  FROM t JOIN pg_index i ON i.indrelid = t.oid JOIN pg_class ic ON ic.oid = i.indexrelid
 WHERE NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u'));
SELECT 'missing', e.* FROM (SELECT * FROM expected EXCEPT SELECT * FROM live) e
UNION ALL
SELECT 'extra', l.* FROM (SELECT * FROM live EXCEPT SELECT * FROM expected) l
 ORDER BY 2, 3, 4, 1;
SELECT 'objects compared: ' || count(*) FROM expected;
