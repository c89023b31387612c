-- Migration flow on the embedded registry (doc/migrations.md): what a DBA sees.
\i sql/include/preamble.sql

-- nothing applied yet
SELECT msm.migrate_current() IS NULL AS not_migrated;

-- the first run creates the version table and the 55 tables of upstream's
-- chain at its head (0015), and ms_markets__interpolatedpricests, which the
-- chain creates without a registered model
CREATE TEMP TABLE run1 AS SELECT msm.migrate_upgrade() AS doc;
SELECT doc->'ok' AS ok, doc->>'revision' AS revision, doc->'namespace' AS namespace,
       doc->'finalized_count' AS finalized, doc->'active_count' AS active,
       doc->'reserved_count' AS reserved, doc->'failed_count' AS failed,
       (SELECT count(*) FROM jsonb_object_keys(doc->'meta_table_uids')) AS uid_count
  FROM run1;
SELECT msm.migrate_current();
SELECT count(*) AS markets_tables FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'ms\_markets\_\_%';
SELECT version_num FROM public.ms_markets__alembic_version;

-- every table and column is described, except the one table the chain
-- creates without a model (msm describes the tables of its models)
SELECT t.tablename AS undescribed_table
  FROM pg_tables t
 WHERE t.schemaname = 'public' AND t.tablename LIKE 'ms\_markets\_\_%'
   AND coalesce(obj_description(format('public.%I', t.tablename)::regclass, 'pg_class'), '') = ''
 ORDER BY 1;
SELECT c.relname AS table_name, count(*) AS undescribed_columns
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname LIKE 'ms\_markets\_\_%'
   AND a.attnum > 0 AND NOT a.attisdropped AND coalesce(col_description(c.oid, a.attnum), '') = ''
 GROUP BY 1 ORDER BY 1;

-- deterministic constraint and index names
SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'ms_markets__calendarevent' ORDER BY 1;
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
 WHERE conrelid = 'public.ms_markets__targetpositionsts'::regclass ORDER BY conname;
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
 WHERE conrelid = 'public.ms_markets__portfolio'::regclass AND contype = 'f' ORDER BY conname;

-- the catalog holds one row per registered model (55 + the registry root)
SELECT count(*) AS catalog_rows, count(DISTINCT meta_table_uid) AS distinct_uids FROM msm.catalog;
SELECT model_name, table_name, namespace, extension_version FROM msm.catalog ORDER BY table_name LIMIT 5;
SELECT count(*) AS matching_uids
  FROM msm.catalog c, run1 WHERE (run1.doc->'meta_table_uids'->>c.table_name)::uuid = c.meta_table_uid;

-- a second run changes nothing and returns the same uids
CREATE TEMP TABLE ddl_before AS
  SELECT c.relname, c.oid, c.relfilenode FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public';
CREATE TEMP TABLE catalog_before AS SELECT * FROM msm.catalog;
CREATE TEMP TABLE run2 AS SELECT msm.migrate_upgrade() AS doc;
SELECT run1.doc->'meta_table_uids' = run2.doc->'meta_table_uids' AS same_uids,
       run2.doc->'finalized_count' AS finalized FROM run1, run2;
SELECT count(*) AS changed_relations
  FROM (SELECT c.relname, c.oid, c.relfilenode FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public'
        EXCEPT SELECT * FROM ddl_before) x;
SELECT count(*) AS changed_catalog_rows FROM (SELECT * FROM msm.catalog EXCEPT SELECT * FROM catalog_before) x;

-- a deployment namespace builds its own set beside the default one
SELECT doc->>'revision' AS revision, doc->>'namespace' AS namespace,
       doc->'finalized_count' AS finalized,
       doc->'meta_table_uids' ? 'ms_markets__asset__mainsequence_examples' AS has_asset,
       doc->'meta_table_uids' ? 'ms_markets__alembic_version__mainsequence_examples' AS has_root
  FROM msm.migrate_upgrade(namespace => 'mainsequence.examples') doc;
SELECT msm.migrate_current('mainsequence.examples');
SELECT count(*) AS namespaced_tables FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE '%\_\_mainsequence\_examples';
SELECT conname FROM pg_constraint
 WHERE conrelid = 'public.ms_markets__account__mainsequence_examples'::regclass AND contype = 'f';
SELECT namespace, count(*) FROM msm.catalog GROUP BY 1 ORDER BY 1;
SELECT identifier, table_name FROM msm.models_of('mainsequence.examples') WHERE model_name IN ('Asset', 'AlembicVersion') ORDER BY 1;

-- the environment-driven default namespace setting
SET msm.auto_register_namespace = 'mainsequence.examples';
SELECT msm.resolve_namespace(), msm.resolve_namespace('other.ns');
RESET msm.auto_register_namespace;

-- the revision DDL can be reviewed before it runs (0001: upstream's base
-- revision; 0.1.0's 0001_markets_base has no steps of its own)
SELECT count(*) AS statements, count(*) FILTER (WHERE s LIKE 'CREATE TABLE%') AS creates,
       count(*) FILTER (WHERE s LIKE 'ALTER TABLE%FOREIGN KEY%') AS fks
  FROM msm.revision_ddl('0001') s;
SELECT count(*) FROM msm.revision_ddl('0001_markets_base') s;

-- bad input: clear errors, nothing changes
SELECT msm.migrate_upgrade('0099_nope');
SELECT msm.migrate_upgrade(NULL);
SELECT msm.migrate_upgrade(namespace => '---');
SELECT msm.migrate_upgrade(namespace => repeat('x', 300));
SET msm.physical_schema = 'no_such_schema';
SELECT msm.migrate_upgrade(namespace => 'fresh.ns');
RESET msm.physical_schema;
SELECT msm.revision_ddl('nope');
SELECT count(*) AS deployments FROM msm.deployment;

-- a failure midway leaves the database as it was: a name collision with an
-- existing table aborts the run, the reservations and DDL roll back
CREATE TABLE public.ms_markets__tradests__broken_ns (x int);
SELECT msm.migrate_upgrade(namespace => 'broken.ns');
SELECT count(*) AS broken_tables FROM pg_tables WHERE tablename LIKE '%broken\_ns';
SELECT count(*) AS broken_registry_rows FROM msm.meta_table WHERE physical_table_name LIKE '%broken\_ns';
SELECT msm.migrate_current('broken.ns') IS NULL AS broken_not_migrated;
DROP TABLE public.ms_markets__tradests__broken_ns;

-- diagnostics are clean after migrations
SELECT * FROM msm.diagnose();
SELECT * FROM msm.diagnose('mainsequence.examples');

-- drift and damage show up in diagnose and the DBA views
COMMENT ON COLUMN public.ms_markets__asset.asset_type IS NULL;
ALTER TABLE public.ms_markets__issuer ADD COLUMN extra_col int;
COMMENT ON COLUMN public.ms_markets__issuer.extra_col IS 'An extra column added outside migrations.';
DROP TABLE public.ms_markets__ordereventsts;
SELECT * FROM msm.diagnose();
SELECT table_name, table_exists, description_in_sync FROM msm.catalog_status
 WHERE table_name IN ('ms_markets__ordereventsts', 'ms_markets__asset') ORDER BY 1;
SELECT model_name, table_exists, provisioning_status FROM msm.model_status
 WHERE namespace = '' AND model_name IN ('OrderEventsTS', 'Asset') ORDER BY 1;
SELECT model_name, target_model, columns, target_columns, on_delete FROM msm.model_edges
 WHERE namespace = '' AND model_name = 'AccountHoldingsTS' ORDER BY constraint_name;

-- a missing table makes finalization fail with physical_table_missing
SELECT msm.migrate_upgrade();
