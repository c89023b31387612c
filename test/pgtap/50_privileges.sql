-- Privileges and safety (doc/errors.md; doc/security.md).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS msm;
BEGIN;
SELECT plan(22);

CREATE ROLE msm_app_user NOLOGIN;
GRANT USAGE, CREATE ON SCHEMA public TO msm_app_user;

SELECT ok(NOT has_function_privilege('msm_app_user', 'msm.migrate_upgrade(text, text)', 'EXECUTE'),
          'PUBLIC cannot run migrate_upgrade');
SELECT ok(NOT has_function_privilege('msm_app_user', 'msm.migrate_current(text)', 'EXECUTE'),
          'PUBLIC cannot run migrate_current');
SELECT ok(NOT has_function_privilege('msm_app_user', 'msm.declare_model(regclass, text, text, text, text, text[], text)', 'EXECUTE'),
          'PUBLIC cannot run declare_model');
SELECT ok(NOT has_function_privilege('msm_app_user', 'msm.register_external(text[], text, jsonb)', 'EXECUTE'),
          'PUBLIC cannot run register_external');
SELECT ok(NOT has_function_privilege('msm_app_user', 'msm._registry_reserve(text, jsonb)', 'EXECUTE'),
          'PUBLIC cannot reach the registry directly');
SELECT ok(has_function_privilege('msm_app_user', 'msm.physical_table_name(text, text, text)', 'EXECUTE'),
          'naming functions are public');

-- statistics (doc/tsmanager.md, "Statistics"): readers pg_read_all_stats, admin functions superuser
SELECT ok(NOT has_table_privilege('msm_app_user', 'msm.http_stats', 'SELECT')
          AND NOT has_table_privilege('msm_app_user', 'msm.lookup_cache_stats', 'SELECT')
          AND NOT has_table_privilege('msm_app_user', 'msm.http_worker_stats', 'SELECT'),
          'PUBLIC cannot read the statistics views');
SELECT ok(NOT has_function_privilege('msm_app_user', 'msm.http_stats()', 'EXECUTE'),
          'PUBLIC cannot call msm.http_stats()');
SELECT ok(has_table_privilege('pg_read_all_stats', 'msm.http_stats', 'SELECT')
          AND has_table_privilege('pg_read_all_stats', 'msm.lookup_cache_stats', 'SELECT')
          AND has_table_privilege('pg_read_all_stats', 'msm.http_worker_stats', 'SELECT')
          AND has_function_privilege('pg_read_all_stats', 'msm.lookup_cache_stats()', 'EXECUTE'),
          'pg_read_all_stats reads the statistics views');
SELECT ok(NOT has_function_privilege('pg_read_all_stats', 'msm.http_stats_reset()', 'EXECUTE')
          AND NOT has_function_privilege('pg_read_all_stats', 'msm.lookup_cache_flush()', 'EXECUTE'),
          'pg_read_all_stats cannot reset or flush');

SET LOCAL ROLE msm_app_user;
SELECT throws_ok($$ SELECT msm.migrate_upgrade() $$, '42501', NULL, 'non-superuser gets insufficient_privilege on migrate_upgrade');
SELECT throws_ok($$ SELECT msm.register_external() $$, '42501', NULL, 'non-superuser gets insufficient_privilege on register_external');
SELECT throws_ok($$ SELECT msm.http_stats_reset() $$, '42501', NULL, 'non-superuser gets insufficient_privilege on http_stats_reset');
SELECT throws_ok($$ SELECT msm.lookup_cache_flush() $$, '42501', NULL, 'non-superuser gets insufficient_privilege on lookup_cache_flush');
SELECT throws_ok($$ SELECT msm.declare_model('pg_class'::regclass, 'X', 'a.b', 'app') $$, '42501', NULL,
                 'non-superuser gets insufficient_privilege on declare_model');
SELECT throws_ok($$ INSERT INTO msm.meta_table (resource_type, data_source_uid, identifier, management_mode,
                     provisioning_status, physical_schema, physical_table_name)
                    VALUES ('meta_table', gen_random_uuid(), 'x', 'platform_managed', 'active', 'public', 'x') $$,
                 '42501', NULL, 'the registry tables are not writable by PUBLIC');
SELECT throws_ok($$ UPDATE msm.catalog SET description = 'x' $$, '42501', NULL, 'the catalog is read-only for PUBLIC');
SELECT throws_ok($$ SET msm.endpoint = 'http://evil.example' $$, '42501', NULL, 'msm.endpoint is superuser-set');
SELECT is((SELECT count(*)::int FROM pg_settings WHERE name IN ('msm.access_token', 'msm.runtime_credential_secret')), 0,
          'secret settings are hidden from pg_settings for non-superusers');
RESET ROLE;

-- every function of the extension pins search_path (C functions need none)
SELECT is_empty($$
    SELECT p.oid::regprocedure FROM pg_proc p
     WHERE p.pronamespace = 'msm'::regnamespace AND p.prolang <> (SELECT oid FROM pg_language WHERE lanname = 'c')
       AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%')
$$, 'every SQL/plpgsql function pins search_path');

-- injection attempts in names are quoted, not executed
CREATE TABLE "x""; drop table public.victim; --" (id int);
CREATE TABLE public.victim (id int);
SELECT throws_ok($$ SELECT msm.declare_model('"x""; drop table public.victim; --"'::regclass, 'X', 'a.b', 'app', upsert_keys => ARRAY['id']) $$,
                 '42602', NULL, 'a hostile table name is refused by the naming rule');
SELECT has_table('public', 'victim', 'and nothing was executed');

SELECT * FROM finish();
ROLLBACK;
