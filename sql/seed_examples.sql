-- The seed scenarios, as an application developer runs them (SPEC 4.2, 6, 7).
SET client_min_messages = warning;
-- start from a clean database: pg_regress runs every file in the same one
DROP EXTENSION IF EXISTS msm CASCADE;
DROP SCHEMA public CASCADE;
CREATE SCHEMA public;
CREATE EXTENSION msm;
RESET client_min_messages;
\set SHOW_CONTEXT never
SET msm.log_events = off;

-- admin: migrate the default deployment and mainsequence.examples
SELECT d->>'revision' AS revision, d->'finalized_count' AS finalized FROM msm.migrate_upgrade() d;
SELECT d->>'namespace' AS namespace, d->'finalized_count' AS finalized
  FROM msm.migrate_upgrade(namespace => 'mainsequence.examples') d;

-- 1. attach Asset and upsert example-asset-btc
\c
SET msm.log_events = off;
SELECT msm.start_engine(models => ARRAY['Asset'])->'meta_table_models' AS attached;
SELECT unique_identifier, asset_type FROM msm.upsert_asset('example-asset-btc', 'Crypto');
-- the same asset again keeps its uid
SELECT count(DISTINCT uid) AS uids FROM (
    SELECT uid FROM msm.upsert_asset('example-asset-btc', 'Crypto Currency')
    UNION ALL SELECT uid FROM public.ms_markets__asset WHERE unique_identifier = 'example-asset-btc') x;
SELECT unique_identifier, asset_type FROM public.ms_markets__asset ORDER BY 1;

-- 2. the project extension table MyAssetDetails
CREATE TABLE public.my_project_markets__myassetdetails (
    asset_uid   uuid PRIMARY KEY REFERENCES public.ms_markets__asset (uid) ON DELETE CASCADE,
    risk_bucket varchar(32) NOT NULL,
    analyst     text
);
COMMENT ON TABLE public.my_project_markets__myassetdetails IS
    'One row of project risk details per asset, used by the risk desk to bucket exposures.';
COMMENT ON COLUMN public.my_project_markets__myassetdetails.asset_uid IS 'The asset these project details describe.';
COMMENT ON COLUMN public.my_project_markets__myassetdetails.risk_bucket IS 'Risk bucket the desk assigned to the asset.';
COMMENT ON COLUMN public.my_project_markets__myassetdetails.analyst IS 'Analyst who last reviewed the risk bucket.';
SELECT msm.declare_model('my_project_markets__myassetdetails'::regclass,
    base_identifier => 'MyAssetDetails',
    metatable_namespace => 'com.my_company.markets',
    storage_app => 'my_project_markets',
    kind => 'meta_table', upsert_keys => ARRAY['asset_uid']) - 'physical_schema' AS declared;
SELECT d->'finalized_count' AS finalized, d->'meta_table_uids' ? 'my_project_markets__myassetdetails' AS registered
  FROM msm.migrate_upgrade() d;
SELECT model_name, table_name FROM msm.catalog WHERE model_name = 'MyAssetDetails';

\c
SET msm.log_events = off;
-- without a runtime, the row API refuses
SELECT msm.upsert('MyAssetDetails', '{"asset_uid": "00000000-0000-0000-0000-000000000001", "risk_bucket": "low"}');
-- attaching MyAssetDetails attaches Asset first
SELECT msm.start_engine(models => ARRAY['MyAssetDetails'])->'meta_table_models' AS attached;
SELECT msm.upsert('MyAssetDetails', jsonb_build_object(
           'asset_uid', (SELECT uid FROM msm.upsert_asset('example-asset-btc', 'Crypto')),
           'risk_bucket', 'high', 'analyst', 'ada')) - 'asset_uid' AS detail;
SELECT a.unique_identifier, d.risk_bucket, d.analyst
  FROM public.my_project_markets__myassetdetails d JOIN public.ms_markets__asset a ON a.uid = d.asset_uid;
-- a runtime without the model: the guidance names it
\c
SET msm.log_events = off;
SELECT msm.start_engine(models => ARRAY['Asset']) IS NOT NULL AS started;
SELECT msm.upsert('MyAssetDetails', '{"asset_uid": "00000000-0000-0000-0000-000000000001", "risk_bucket": "low"}');

-- 3. a deployment namespace, in another session, beside the default one
\c
SET msm.log_events = off;
SELECT msm.start_engine(models => ARRAY['Asset'], namespace => 'mainsequence.examples')->'meta_tables'->0->>'table_name' AS attached;
SELECT unique_identifier, asset_type FROM msm.upsert_asset('example-asset-btc', 'Crypto Namespaced');
SELECT 'default' AS deployment, asset_type FROM public.ms_markets__asset WHERE unique_identifier = 'example-asset-btc'
UNION ALL
SELECT 'mainsequence.examples', asset_type FROM public.ms_markets__asset__mainsequence_examples WHERE unique_identifier = 'example-asset-btc'
ORDER BY 1;
-- the namespace can also come from msm.auto_register_namespace
\c
SET msm.log_events = off;
SET msm.auto_register_namespace = 'mainsequence.examples';
SELECT msm.start_engine(models => ARRAY['Asset'])->>'namespace' AS namespace;
SELECT count(*) AS namespaced_assets FROM public.ms_markets__asset__mainsequence_examples;
