-- Runtime attachment (doc/runtime.md): what an application developer sees.
\i sql/include/preamble.sql
SET msm.log_events = off;

-- before migration: tables do not exist
SELECT msm.start_engine(models => ARRAY['Asset']);
SELECT msm.runtime() IS NULL AS no_runtime;

SELECT (msm.migrate_upgrade())->>'revision' AS revision;

-- attach Asset; the answer, uids masked
CREATE FUNCTION pg_temp.mask(doc jsonb) RETURNS jsonb LANGUAGE sql AS $$
    SELECT jsonb_set(doc, '{meta_tables}',
        (SELECT coalesce(jsonb_agg(t || '{"meta_table_uid": "<uid>", "data_source_uid": "<ds>"}' ORDER BY o), '[]')
           FROM jsonb_array_elements(doc->'meta_tables') WITH ORDINALITY AS x(t, o)))
$$;
SELECT jsonb_pretty(pg_temp.mask(msm.start_engine(models => ARRAY['Asset'])));
-- the uid is the registered one
SELECT (msm.runtime()->'meta_tables'->0->>'meta_table_uid')::uuid = c.meta_table_uid AS uid_matches_catalog
  FROM msm.catalog c WHERE c.table_name = 'ms_markets__asset';
-- same arguments: cached
SELECT msm.start_engine(models => ARRAY['Asset'])->'cached' AS cached;
-- different arguments: error, cached runtime kept
SELECT msm.start_engine(models => ARRAY['Account']);
SELECT msm.start_engine(models => ARRAY['Asset'], timeout_ms => 500);
SELECT msm.runtime()->'meta_table_models' AS still_bound;
SELECT msm.stop_engine(), msm.stop_engine() AS second_stop, msm.runtime() IS NULL AS dropped;

-- selectors: model name, class name, identifier, last segment, physical name
SELECT msm.start_engine(models => ARRAY['AssetTable'])->'meta_table_models'; SELECT msm.stop_engine();
SELECT msm.start_engine(models => ARRAY['ms_markets__asset'])->'meta_table_models'; SELECT msm.stop_engine();
SELECT (msm.migrate_upgrade(namespace => 'mainsequence.examples'))->>'namespace' AS migrated;
SELECT msm.start_engine(models => ARRAY['mainsequence.examples.Asset'], namespace => 'mainsequence.examples')->'meta_tables'->0->>'identifier';
SELECT msm.stop_engine();
SET msm.auto_register_namespace = 'mainsequence.examples';
SELECT msm.start_engine(models => ARRAY['Asset'])->'meta_tables'->0->>'table_name' AS from_setting;
SELECT msm.stop_engine();
RESET msm.auto_register_namespace;

-- FK expansion and deterministic order
SELECT msm.start_engine(models => ARRAY['TradesTS'])->'meta_table_models'; SELECT msm.stop_engine();
SELECT msm.start_engine(models => ARRAY['VirtualFundHoldingsTS', 'CalendarDate'])->'meta_table_models'; SELECT msm.stop_engine();

-- NULL: the 55 built-ins in upstream's registry order
SELECT jsonb_array_length(msm.start_engine()->'meta_tables') AS n,
       msm.runtime()->'meta_table_models'->0 AS first, msm.runtime()->'meta_table_models'->54 AS last;
SELECT model, table_name, kind, namespace, max_rows, statement_timeout_ms, timeout_ms, upsert_keys
  FROM msm.runtime_tables() LIMIT 3;
SELECT model, relation, kind FROM msm.runtime_table('OrdersTS');
SELECT msm.runtime_table('nope');
SELECT msm.stop_engine();
SELECT msm.runtime_table('Asset');
SELECT count(*) FROM msm.runtime_tables();

-- bad input
SELECT msm.start_engine('bogus_mode');
SELECT msm.start_engine(models => ARRAY['NoSuchModel']);
SELECT msm.start_engine(models => ARRAY[NULL]::text[]);
SELECT msm.start_engine(models => ARRAY[]::text[]);
SELECT msm.start_engine(models => ARRAY['Asset'], timeout_ms => 0);
SELECT msm.start_engine(models => ARRAY['Asset''; DROP TABLE ms_markets__asset; --']);
SELECT msm.start_engine(models => ARRAY['Asset'], namespace => '...');
SELECT msm.runtime() IS NULL AS nothing_bound;

-- external_registered mode finds no platform-managed rows
SELECT msm.start_engine('external_registered', ARRAY['Asset']);

-- a namespace that was never migrated
SELECT msm.start_engine(models => ARRAY['Asset'], namespace => 'never.migrated');

-- read-only: works inside a READ ONLY transaction
BEGIN READ ONLY;
SELECT jsonb_array_length(msm.start_engine(models => ARRAY['Account'])->'meta_tables') AS attached_read_only;
COMMIT;
SELECT msm.stop_engine();

-- registry rows that are not active count as missing
UPDATE msm.meta_table SET provisioning_status = 'reserved' WHERE physical_table_name = 'ms_markets__accountgroup';
SELECT msm.start_engine(models => ARRAY['Account']);
UPDATE msm.meta_table SET provisioning_status = 'active' WHERE physical_table_name = 'ms_markets__accountgroup';

-- a registry row of the same table name in another physical schema is not
-- this model's: it is never bound (doc/tsmanager.md, "Tenancy")
INSERT INTO msm.meta_table (resource_type, data_source_uid, identifier, management_mode, provisioning_status,
                            physical_schema, physical_table_name)
VALUES ('meta_table', msm.data_source_uid(), 'ms_markets__asset', 'platform_managed', 'active', 'other_schema', 'ms_markets__asset');
SELECT (msm.start_engine(models => ARRAY['Asset'])->'meta_tables'->0->>'meta_table_uid')::uuid
       = (SELECT uid FROM msm.meta_table WHERE physical_schema = 'public' AND physical_table_name = 'ms_markets__asset')
       AS bound_to_public_row;
SELECT msm.stop_engine();
DELETE FROM msm.meta_table WHERE physical_schema = 'other_schema';

-- descriptions are checked; every offender is listed at once
COMMENT ON TABLE public.ms_markets__account IS '  ';
COMMENT ON COLUMN public.ms_markets__account.account_name IS NULL;
COMMENT ON COLUMN public.ms_markets__accountgroup.group_name IS '';
SELECT msm.start_engine(models => ARRAY['Account']);
SET msm.validate_descriptions = off;
SELECT msm.start_engine(models => ARRAY['Account'])->'meta_table_models';
SELECT msm.stop_engine();
RESET msm.validate_descriptions;

-- a project table with an FK to a table that is no model
CREATE TABLE public.not_a_model (id int PRIMARY KEY);
CREATE TABLE public.my_project_markets__linked (
    asset_uid uuid PRIMARY KEY REFERENCES public.ms_markets__asset (uid),
    other_id int REFERENCES public.not_a_model (id));
SELECT msm.declare_model('public.my_project_markets__linked'::regclass, 'Linked', 'com.my_company.markets',
                         'my_project_markets', upsert_keys => ARRAY['asset_uid'])->>'identifier';
SELECT msm.start_engine(models => ARRAY['Linked']);

-- a cycle between project models
CREATE TABLE public.my_project_markets__cyca (id int PRIMARY KEY, b_id int);
CREATE TABLE public.my_project_markets__cycb (id int PRIMARY KEY, a_id int REFERENCES public.my_project_markets__cyca (id));
ALTER TABLE public.my_project_markets__cyca ADD FOREIGN KEY (b_id) REFERENCES public.my_project_markets__cycb (id);
SELECT msm.declare_model('public.my_project_markets__cyca'::regclass, 'CycA', 'com.my_company.markets', 'my_project_markets', upsert_keys => ARRAY['id']) IS NOT NULL;
SELECT msm.declare_model('public.my_project_markets__cycb'::regclass, 'CycB', 'com.my_company.markets', 'my_project_markets', upsert_keys => ARRAY['id']) IS NOT NULL;
SELECT msm.start_engine(models => ARRAY['CycA']);
