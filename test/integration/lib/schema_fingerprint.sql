-- test/integration/lib/schema_fingerprint.sql: one line per object of schema msm, with
-- what defines it (signature and body, columns, constraints, indexes, view
-- text, comments, privileges, and the contents of the data tables).  Two
-- databases whose fingerprints are equal hold the same msm objects.  Used by
-- test/integration/05_released_scripts.sh; read with psql -X -A -t.
WITH objs(kind, name, def) AS (
    SELECT 'function', p.oid::regprocedure::text,
           pg_catalog.md5(pg_catalog.pg_get_functiondef(p.oid)) || ' ' ||
           coalesce(p.proacl::text, '') || ' ' ||
           coalesce(pg_catalog.obj_description(p.oid, 'pg_proc'), '')
      FROM pg_catalog.pg_proc p
     WHERE p.pronamespace = 'msm'::regnamespace AND p.prokind <> 'a'
    UNION ALL
    SELECT 'relation', c.relname,
           c.relkind::text || ' ' || coalesce(c.relacl::text, '') || ' ' ||
           coalesce(pg_catalog.obj_description(c.oid, 'pg_class'), '') || ' ' ||
           CASE WHEN c.relkind = 'v' THEN pg_catalog.md5(pg_catalog.pg_get_viewdef(c.oid)) ELSE '' END
      FROM pg_catalog.pg_class c
     WHERE c.relnamespace = 'msm'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'S', 'c', 'p')
    UNION ALL
    SELECT 'column', c.relname || '.' || a.attname,
           a.attnum::text || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod) || ' ' ||
           a.attnotnull::text || ' ' || coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid), '') || ' ' ||
           coalesce(pg_catalog.col_description(c.oid, a.attnum), '')
      FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
     WHERE c.relnamespace = 'msm'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'c', 'p')
    UNION ALL
    SELECT 'constraint', c.conrelid::regclass::text || '.' || c.conname, pg_catalog.pg_get_constraintdef(c.oid)
      FROM pg_catalog.pg_constraint c
     WHERE c.connamespace = 'msm'::regnamespace
    UNION ALL
    SELECT 'index', i.indexrelid::regclass::text, pg_catalog.pg_get_indexdef(i.indexrelid)
      FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
     WHERE c.relnamespace = 'msm'::regnamespace
    UNION ALL
    SELECT 'type', t.typname, t.typtype::text
      FROM pg_catalog.pg_type t
     WHERE t.typnamespace = 'msm'::regnamespace AND t.typtype NOT IN ('b') AND t.typrelid = 0
    UNION ALL
    SELECT 'trigger', g.tgrelid::regclass::text || '.' || g.tgname, pg_catalog.pg_get_triggerdef(g.oid)
      FROM pg_catalog.pg_trigger g JOIN pg_catalog.pg_class c ON c.oid = g.tgrelid
     WHERE c.relnamespace = 'msm'::regnamespace AND NOT g.tgisinternal
)
SELECT kind || ' ' || name || ' ' || def FROM objs
UNION ALL
-- the contents of every table, except the random installation uid
SELECT 'rows ' || c.relname || ' ' ||
       (xpath('/row/n/text()',
              pg_catalog.query_to_xml(pg_catalog.format(
                  'SELECT count(*) || %L || coalesce(md5(string_agg(t::text, %L ORDER BY t::text)), %L) AS n FROM %I.%I t',
                  ' ', '|', '-', 'msm', c.relname), false, true, '')))[1]::text
  FROM pg_catalog.pg_class c
 WHERE c.relnamespace = 'msm'::regnamespace AND c.relkind = 'r' AND c.relname <> 'installation'
ORDER BY 1;
