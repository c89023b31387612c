-- Runtime scope (doc/runtime.md, "Runtime scope"): attachments follow
-- transactions like SET, DISCARD ALL drops them, and under
-- msm.runtime_scope = transaction an attachment lasts one transaction.
\i sql/include/preamble.sql
SET msm.log_events = off;
SELECT (msm.migrate_upgrade())->>'revision' AS revision;
-- (not in pg_temp: DISCARD ALL drops temporary objects too)
CREATE FUNCTION public.attached() RETURNS jsonb LANGUAGE sql AS $$
    SELECT msm.runtime()->'meta_table_models'
$$;

-- session scope (the default)
SHOW msm.runtime_scope;

-- an attachment in a transaction that rolls back is undone
BEGIN;
SELECT msm.start_engine(models => ARRAY['Asset'])->>'cached' AS cached;
SELECT public.attached();
ROLLBACK;
SELECT public.attached() IS NULL AS undone;

-- and it is resolved again afterwards (nothing of it was kept)
SELECT msm.start_engine(models => ARRAY['Asset'])->>'cached' AS cached;
SELECT msm.start_engine(models => ARRAY['Asset'])->>'cached' AS cached;

-- stop_engine in a transaction that rolls back is undone too
BEGIN;
SELECT msm.stop_engine();
SELECT public.attached() IS NULL AS stopped_inside;
ROLLBACK;
SELECT public.attached();
SELECT * FROM msm.upsert_asset('scope-1', 'crypto') \gset
SELECT :'unique_identifier' AS upserted_after_rollback;

-- subtransactions: ROLLBACK TO undoes what was done since the savepoint,
-- RELEASE keeps it
BEGIN;
SAVEPOINT s1;
SELECT msm.stop_engine();
SELECT msm.start_engine(models => ARRAY['Account'])->>'cached' AS cached;
SELECT public.attached();
ROLLBACK TO SAVEPOINT s1;
SELECT public.attached();
SAVEPOINT s2;
SELECT msm.stop_engine();
SAVEPOINT s3;
SELECT msm.start_engine(models => ARRAY['Account'])->>'cached' AS cached;
RELEASE SAVEPOINT s3;
RELEASE SAVEPOINT s2;
SELECT public.attached();
COMMIT;
SELECT public.attached();

-- an error inside a subtransaction (a plpgsql exception block) undoes the
-- attachment made in it
SELECT msm.stop_engine();
DO $$
BEGIN
    BEGIN
        PERFORM msm.start_engine(models => ARRAY['Asset']);
        RAISE EXCEPTION 'boom';
    EXCEPTION WHEN raise_exception THEN
        RAISE NOTICE 'attached inside the failed block: %', msm.runtime() IS NOT NULL;
    END;
    RAISE NOTICE 'attached after it: %', msm.runtime() IS NOT NULL;
END
$$;

-- DISCARD ALL drops the runtime (pgbouncer's server_reset_query)
SELECT msm.start_engine(models => ARRAY['Asset'])->>'cached' AS cached;
DISCARD ALL;
SET msm.log_events = off;
SELECT public.attached() IS NULL AS discarded;
SELECT msm.start_engine(models => ARRAY['Asset'])->>'cached' AS cached_after_discard;
SELECT msm.stop_engine();

-- transaction scope: the attachment ends with its transaction
SET msm.runtime_scope = transaction;
SELECT msm.start_engine(models => ARRAY['Asset'])->>'cached' AS cached;
SELECT public.attached() IS NULL AS ended_with_the_statement;
SELECT * FROM msm.upsert_asset('scope-2');
SELECT msm.runtime_table('Asset');

-- the documented pattern: start_engine at the start of each transaction;
-- a later transaction reuses what the session resolved (cached, no lookup)
BEGIN;
SELECT msm.start_engine(models => ARRAY['Asset'])->>'cached' AS cached;
SELECT unique_identifier, asset_type FROM msm.upsert_asset('scope-2', 'equity');
-- the same arguments again in the same transaction: the same runtime
SELECT msm.start_engine(models => ARRAY['Asset'])->>'cached' AS cached;
-- other arguments in the same transaction: an error
SELECT msm.start_engine(models => ARRAY['Account']);
ROLLBACK;

-- other arguments in a transaction of their own are fine, and both
-- resolutions stay with the session
BEGIN;
SELECT msm.start_engine(models => ARRAY['Account'])->>'cached' AS cached;
SELECT public.attached();
COMMIT;
BEGIN;
SELECT msm.start_engine(models => ARRAY['Account'])->>'cached' AS account_again;
COMMIT;
BEGIN;
SELECT msm.start_engine(models => ARRAY['Asset'])->>'cached' AS asset_again;
SELECT unique_identifier, asset_type FROM msm.upsert_asset('scope-3', 'equity');
COMMIT;

-- a resolution made in a transaction that rolls back is forgotten
BEGIN;
SELECT msm.start_engine(models => ARRAY['Asset', 'AssetCategory'])->>'cached' AS cached;
ROLLBACK;
BEGIN;
SELECT msm.start_engine(models => ARRAY['Asset', 'AssetCategory'])->>'cached' AS cached_after_rollback;
COMMIT;

-- a resolution is reused only under the role and settings it was made
-- with (the deployment's schema is recorded at its first migration, so
-- here the new resolution finds the same tables)
BEGIN;
SET LOCAL msm.physical_schema = 'elsewhere';
SELECT msm.start_engine(models => ARRAY['Asset'])->>'cached' AS cached;
ROLLBACK;

-- stop_engine forgets every resolution of the session
SELECT msm.stop_engine() AS was_attached;
BEGIN;
SELECT msm.start_engine(models => ARRAY['Asset'])->>'cached' AS cached_after_stop;
SELECT msm.stop_engine() AS was_attached;
COMMIT;

-- the stored rows
SELECT unique_identifier, asset_type FROM public.ms_markets__asset ORDER BY 1;
RESET msm.runtime_scope;
SELECT msm.stop_engine();
