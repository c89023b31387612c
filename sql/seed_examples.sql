-- The seed scenarios, as an application developer runs them (doc/models.md,
-- "Project models"; doc/runtime.md; doc/rows.md).
\i sql/include/preamble.sql
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
\i test/fixtures/my_asset_details.sql
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
