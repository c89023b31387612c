-- test/demo.sql: the main job of msm on the embedded registry (README
-- command 1, run by test/quickstart.sh with psql --echo-queries and
-- ON_ERROR_STOP=1 against a fresh throwaway cluster).
--
--   1. install the extension
--   2. migrate: registry root, the 39 built-in tables, their MetaTables,
--      the catalog projection
--   3. start the engine for Asset (read-only attachment, one registry lookup)
--   4. upsert a few assets through the row API
--   5. show the catalog
\set ON_ERROR_STOP 1

-- 1. install
CREATE EXTENSION msm;

-- 2. migrate (the summary without its uid map)
SELECT jsonb_pretty(msm.migrate_upgrade() - 'meta_table_uids') AS migration_summary;
SELECT msm.migrate_current() AS applied_revision;

-- 3. start the engine for Asset
SELECT e->'meta_table_models' AS meta_table_models,
       jsonb_array_length(e->'meta_tables') AS meta_table_count
  FROM msm.start_engine(models => ARRAY['Asset']) AS e;
SELECT model, table_name, kind, upsert_keys FROM msm.runtime_tables();

-- 4. upsert assets (asset_type is normalized: trimmed, lowercased, spaces to _);
--    upserting an existing unique_identifier keeps its uid
SELECT unique_identifier, asset_type FROM msm.upsert_asset('example-asset-btc', 'Crypto');
SELECT unique_identifier, asset_type FROM msm.upsert_asset('example-asset-eth', 'Crypto');
SELECT unique_identifier, asset_type FROM msm.upsert_asset('example-asset-aapl', 'Equity');
SELECT unique_identifier, asset_type FROM msm.upsert_asset('example-asset-us10y', 'Government Bond');
SELECT unique_identifier, asset_type FROM msm.upsert_asset('example-asset-btc', 'Crypto');
SELECT unique_identifier, asset_type FROM public.ms_markets__asset ORDER BY unique_identifier;

-- 5. the catalog: one row per registered model (39 built-ins + the registry root)
SELECT model_name, table_name, meta_table_uid FROM msm.catalog ORDER BY model_name;
