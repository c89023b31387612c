-- Validation at the boundary (doc/settings.md, "Checked when set"; doc/naming.md,
-- "Deployment namespaces"): bad settings fail at SET time with a clear message that
-- does not echo the value, bad namespaces fail before anything changes.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS msm;
BEGIN;
SELECT plan(31);

-- ---------------------------------------------------------------------
-- msm.endpoint: http or https base URL, no credentials
-- ---------------------------------------------------------------------
SELECT throws_ok($$ SET msm.endpoint = 'ftp://x' $$, '22023', 'msm.endpoint must be an http or https URL',
                 'SET msm.endpoint = ''ftp://x'' fails at SET time');
SELECT throws_ok($$ SET msm.endpoint = 'https://svc:hunter2@tsm.example.com' $$, '22023',
                 'msm.endpoint must not contain credentials', 'an endpoint with credentials is refused');
CREATE FUNCTION pg_temp.error_text(sql text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE m text; d text; h text;
BEGIN
    EXECUTE sql;
    RETURN NULL;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
    RETURN m || ' / ' || d || ' / ' || h;
END
$f$;
SELECT ok(pg_temp.error_text($$ SET msm.endpoint = 'https://svc:hunter2@tsm.example.com' $$) NOT LIKE '%hunter2%',
          'the refusal does not echo the secret');
SELECT ok(pg_temp.error_text($$ SET msm.endpoint = 'ftp://x' $$) LIKE '% / % / Set msm.endpoint to the TS Manager base URL%',
          'the refusal has a detail and a hint');
SELECT throws_ok($$ SET msm.endpoint = 'http://' $$, '22023', 'msm.endpoint has no host', 'an endpoint without a host is refused');
SELECT throws_ok($$ SET msm.endpoint = 'http://tsm.example.com/?x=1' $$, '22023',
                 'msm.endpoint must not have a query or fragment', 'an endpoint with a query is refused');
SELECT throws_ok($$ SET msm.endpoint = 'http://tsm example.com' $$, '22023',
                 'msm.endpoint must not contain spaces or control characters', 'an endpoint with a space is refused');
SELECT throws_ok(format('SET msm.endpoint = %L', 'https://tsm.example.com/' || repeat('a', 3000)), '22023',
                 'msm.endpoint is too long', 'a 3 kB endpoint is refused');
SELECT throws_ok(format('ALTER DATABASE %I SET msm.endpoint = %L', current_database(), 'ftp://x'), '22023', 'msm.endpoint must be an http or https URL',
                 'ALTER DATABASE ... SET checks the value too');
SELECT lives_ok($$ SET LOCAL msm.endpoint = 'HTTPS://tsm.example.com:8443/base/' $$, 'an https base URL with a port and a path is accepted');
SELECT lives_ok($$ SET LOCAL msm.endpoint = 'http://[::1]:8000' $$, 'an IPv6 literal host is accepted');
SELECT is(current_setting('msm.endpoint'), 'http://[::1]:8000', 'the accepted value is kept');
RESET msm.endpoint;
SELECT is(msm.registry_backend(), 'embedded', 'after the refusals the embedded registry is still selected');

-- ---------------------------------------------------------------------
-- msm.data_source_uid: empty or a uuid
-- ---------------------------------------------------------------------
SELECT throws_ok($$ SET msm.data_source_uid = 'not-a-uuid' $$, '22023', 'msm.data_source_uid must be empty or a uuid',
                 'SET msm.data_source_uid = ''not-a-uuid'' fails at SET time (not a bare 22P02 later)');
SELECT throws_ok($$ SET msm.data_source_uid = '0b5f6f5e-0d8c-4f50-9a8a-6c1e3f0e7c2' $$, '22023', NULL,
                 'a uuid one digit short is refused');
SELECT lives_ok($$ SET LOCAL msm.data_source_uid = '0B5F6F5E-0D8C-4F50-9A8A-6C1E3F0E7C21' $$, 'an upper-case uuid is accepted');
SELECT is(msm.data_source_uid()::text, '0b5f6f5e-0d8c-4f50-9a8a-6c1e3f0e7c21', 'and used in its canonical form');
RESET msm.data_source_uid;

-- ---------------------------------------------------------------------
-- msm.physical_schema, msm.tls_ca_file: lengths
-- ---------------------------------------------------------------------
SELECT throws_ok(format('SET msm.physical_schema = %L', repeat('s', 64)), '42622', 'msm.physical_schema is too long',
                 'a 64-byte schema name is refused');
SELECT throws_ok(format('SET msm.tls_ca_file = %L', '/' || repeat('x', 2000)), '42622', 'msm.tls_ca_file is too long',
                 'a 2 kB CA file path is refused');

-- ---------------------------------------------------------------------
-- namespaces: one rule for the setting, namespace arguments and metatable namespaces
-- ---------------------------------------------------------------------
SELECT throws_ok(format('SET msm.auto_register_namespace = %L', repeat('a', 300)), '42622',
                 'msm.auto_register_namespace is too long', 'a 300-character auto_register_namespace is refused at SET');
SELECT throws_ok($$ SET msm.auto_register_namespace = 'bad ns;drop' $$, '22023',
                 'msm.auto_register_namespace contains a character that is not allowed', 'a namespace with a space and ; is refused at SET');
SELECT lives_ok($$ SET LOCAL msm.auto_register_namespace = 'mainsequence.examples' $$, 'a dotted namespace is accepted');
RESET msm.auto_register_namespace;
SELECT throws_ok($$ SELECT msm.resolve_namespace(E'a\nb') $$, '22023', 'namespace contains a character that is not allowed',
                 'a namespace argument with a newline is refused');
SELECT throws_ok($$ SELECT msm.resolve_namespace(repeat('n', 10000)) $$, '42622', 'namespace is too long',
                 'a 10 kB namespace argument is refused');

SELECT lives_ok($$ SELECT msm.migrate_upgrade() $$, 'built-ins migrated');
\i test/fixtures/my_asset_details.sql
CREATE TEMP TABLE before AS SELECT count(*) AS n FROM msm.declared_model;
CREATE FUNCTION pg_temp.declare(mt_ns text, base text DEFAULT 'MyAssetDetails') RETURNS jsonb LANGUAGE sql AS $f$
    SELECT msm.declare_model('public.my_project_markets__myassetdetails'::regclass, base_identifier => base,
                             metatable_namespace => mt_ns, storage_app => 'my_project_markets',
                             upsert_keys => ARRAY['asset_uid'])
$f$;
SELECT throws_ok($$ SELECT pg_temp.declare(repeat('x', 10240)) $$, '42622', 'metatable_namespace is too long',
                 'declare_model refuses a 10 kB metatable namespace');
SELECT throws_ok($$ SELECT pg_temp.declare('com.my_company.markets''; DROP TABLE x; --') $$, '22023',
                 'metatable_namespace contains a character that is not allowed', 'declare_model refuses quotes and spaces in a metatable namespace');
SELECT throws_ok($$ SELECT pg_temp.declare(E'com.my\u0001company') $$, '22023',
                 'metatable_namespace contains a character that is not allowed', 'declare_model refuses a control character');
SELECT throws_ok($$ SELECT pg_temp.declare(NULL, 'com.bad ns.MyAssetDetails') $$, '22023',
                 'namespace of base_identifier contains a character that is not allowed',
                 'declare_model refuses a bad namespace inside a qualified base identifier');
SELECT is((SELECT count(*) FROM msm.declared_model), (SELECT n FROM before), 'the refused declarations changed nothing');
SELECT is(pg_temp.declare('com.my_company.markets')->>'identifier', 'com.my_company.markets.MyAssetDetails',
          'a valid metatable namespace is still accepted');

SELECT * FROM finish();
ROLLBACK;
