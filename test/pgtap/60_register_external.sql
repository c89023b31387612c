-- external_registered mode (doc/migrations.md; doc/models.md, "External registration").
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS msm;
BEGIN;
SELECT plan(13);

-- application-owned tables, created without msm migrations
CREATE TABLE public.app_markets__appasset (uid uuid PRIMARY KEY, code text NOT NULL);
CREATE UNIQUE INDEX ON public.app_markets__appasset (code);
CREATE TABLE public.app_markets__position (
    uid uuid PRIMARY KEY,
    asset_uid uuid NOT NULL REFERENCES public.app_markets__appasset (uid),
    qty float8);
CREATE TABLE public.app_markets__orphan (uid uuid PRIMARY KEY, asset_uid uuid REFERENCES public.app_markets__appasset (uid));
COMMENT ON TABLE public.app_markets__appasset IS 'One application asset per code, owned by the application.';
COMMENT ON COLUMN public.app_markets__appasset.uid IS 'Primary key of the application asset.';
COMMENT ON COLUMN public.app_markets__appasset.code IS 'Unique application code of the asset.';
COMMENT ON TABLE public.app_markets__position IS 'One application position per row, pointing at its asset.';
COMMENT ON COLUMN public.app_markets__position.uid IS 'Primary key of the position.';
COMMENT ON COLUMN public.app_markets__position.asset_uid IS 'The asset the position holds.';
COMMENT ON COLUMN public.app_markets__position.qty IS 'Quantity of the position in units.';
SELECT msm.declare_model('public.app_markets__appasset'::regclass, 'AppAsset', 'com.app.markets', 'app_markets', upsert_keys => ARRAY['code']);
SELECT msm.declare_model('public.app_markets__position'::regclass, 'Position', 'com.app.markets', 'app_markets', upsert_keys => ARRAY['uid']);
SELECT msm.declare_model('public.app_markets__orphan'::regclass, 'Orphan', 'com.app.markets', 'app_markets', upsert_keys => ARRAY['uid']);

-- FK target passed keyed by model
SELECT throws_ok($$ SELECT msm.register_external(ARRAY['Position'], target_meta_tables => '{"app_markets__appasset": "6f1c0f43-3f0b-4bd5-9d1c-0d6b7e5c7b11"}') $$,
                 '22023', 'target_meta_tables key ''app_markets__appasset'' is not a model',
                 'targets keyed by table name are refused');
SELECT throws_ok($$ SELECT msm.register_external(ARRAY['Position'], target_meta_tables => '{"AppAsset": 42}') $$,
                 '22023', NULL, 'target uid must be a uuid string');
SELECT throws_ok($$ SELECT msm.register_external(ARRAY['Position']) $$,
                 '42704', NULL, 'an unregistered FK target without a passed uid is refused');
SELECT throws_ok($$ SELECT msm.register_external(ARRAY['NoSuchModel']) $$,
                 '42704', 'unknown markets MetaTable model "NoSuchModel"', 'unknown selector');
SELECT is((SELECT count(*)::int FROM msm.meta_table), 0, 'failed calls registered nothing');

CREATE TEMP TABLE r AS
SELECT msm.register_external(ARRAY['Position'],
        target_meta_tables => '{"AppAsset": "6f1c0f43-3f0b-4bd5-9d1c-0d6b7e5c7b11"}') AS doc;
SELECT is((SELECT jsonb_array_length(doc->'registered') FROM r), 1, 'one table registered');
SELECT is((SELECT management_mode || '/' || provisioning_status FROM msm.meta_table
            WHERE physical_table_name = 'app_markets__position'),
          'external_registered/active', 'registered as external_registered and active');
SELECT is((SELECT table_contract->'constraints' FROM msm.meta_table WHERE physical_table_name = 'app_markets__position'),
          '[]'::jsonb, 'the contract carries no constraints, as the SDK sends it');
SELECT is((SELECT table_contract ? 'description' FROM msm.meta_table WHERE physical_table_name = 'app_markets__position'),
          false, 'the contract has no table description, as the SDK sends it');

-- all declared models at once: targets first, in dependency order
CREATE TEMP TABLE r2 AS SELECT msm.register_external() AS doc;
SELECT is((SELECT string_agg(x->>'model', ',' ORDER BY o) FROM r2, jsonb_array_elements(doc->'registered') WITH ORDINALITY AS t(x, o)),
          'AppAsset,Position,Orphan', 'registers every declared model, dependencies first');
SELECT is((SELECT (SELECT created_at FROM msm.meta_table WHERE physical_table_name = 'app_markets__appasset')
                   <= (SELECT created_at FROM msm.meta_table WHERE physical_table_name = 'app_markets__orphan')),
          true, 'a target registered in the same call is registered before its dependent');
SELECT is((SELECT count(*)::int FROM msm.meta_table), 3, 're-registration updates rows instead of duplicating');

-- attach in external_registered mode
SELECT is(jsonb_array_length(msm.start_engine('external_registered', ARRAY['Position'])->'meta_tables'), 2,
          'start_engine attaches external_registered tables with their FK targets');

SELECT * FROM finish();
ROLLBACK;
