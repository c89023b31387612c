-- Row API (doc/rows.md, "Row API", "compiled-sql.v1", "Execution and limits"): behaviour that could break.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS msm;
SET msm.log_events = off;
SET TimeZone = 'UTC';
SELECT msm.migrate_upgrade() IS NOT NULL AS migrated \gset
SELECT msm.migrate_upgrade(namespace => 'mainsequence.examples') IS NOT NULL AS migrated_ns \gset
BEGIN;
SELECT plan(65);

-- ---------------------------------------------------------------------
-- the runtime comes first
-- ---------------------------------------------------------------------
SELECT throws_ok($$ SELECT msm.upsert_asset('AAPL') $$, '55000', NULL, 'upsert_asset without a runtime is refused');
SELECT throws_ok($$ SELECT msm.upsert('Asset', '{"unique_identifier": "AAPL"}') $$, '55000', NULL,
                 'upsert without a runtime is refused');
SELECT is((SELECT count(*)::int FROM public.ms_markets__asset), 0, 'nothing was written without a runtime');

SELECT ok(msm.start_engine(models => ARRAY['Account', 'CalendarDate', 'OrderEventsTS', 'AssetCategoryMembership'])
          IS NOT NULL, 'engine started');
SELECT throws_ok($$ SELECT msm.upsert('Portfolio', '{"unique_identifier": "P"}') $$, '55000', NULL,
                 'a model outside the runtime is refused');

-- ---------------------------------------------------------------------
-- upsert_asset: uid stability, normalization, asset_type kept
-- ---------------------------------------------------------------------
CREATE TEMP TABLE first_call AS SELECT * FROM msm.upsert_asset('AAPL', ' Common  Stock ');
SELECT is((SELECT asset_type FROM first_call), 'common_stock', 'asset_type normalized on insert');
SELECT is((SELECT uid FROM msm.upsert_asset('AAPL', 'Equity')), (SELECT uid FROM first_call),
          're-upsert keeps the uid');
SELECT is((SELECT asset_type FROM public.ms_markets__asset WHERE unique_identifier = 'AAPL'), 'equity',
          're-upsert updates asset_type');
SELECT is((SELECT asset_type FROM msm.upsert_asset('AAPL')), 'equity', 'NULL asset_type keeps the stored one');
SELECT is((SELECT count(*)::int FROM public.ms_markets__asset WHERE unique_identifier = 'AAPL'), 1,
          'still one row');
SELECT isnt((SELECT uid FROM msm.upsert_asset('MSFT')), (SELECT uid FROM first_call), 'a new key gets a new uid');
SELECT throws_ok($$ SELECT msm.upsert_asset(repeat('x', 256)) $$, '22001', 'unique_identifier is too long',
                 '256 characters are refused');
SELECT throws_ok($$ SELECT msm.upsert_asset('') $$, '22023', 'unique_identifier must not be empty', 'empty is refused');
SELECT throws_ok($$ SELECT msm.upsert_asset(NULL) $$, '22004', 'unique_identifier must not be null', 'NULL is refused');
SELECT throws_ok($$ SELECT msm.upsert_asset('X', repeat('y', 65)) $$, '22001', 'asset_type is too long',
                 'asset_type over 64 characters is refused');
SELECT throws_ok($$ SELECT msm.upsert_asset('X', E' \t\n ') $$, '22023', 'asset_type must not be empty',
                 'blank asset_type is refused');
-- upsert_asset and upsert('Asset') agree
SELECT is((msm.upsert('Asset', '{"unique_identifier": "AAPL"}')->>'uid')::uuid, (SELECT uid FROM first_call),
          'generic upsert sees the same row');

-- ---------------------------------------------------------------------
-- defaults filled on insert, SET list limited to the given columns
-- ---------------------------------------------------------------------
CREATE TEMP TABLE acct AS
SELECT msm.upsert('Account', '{"unique_identifier": "ACC-1", "account_name": "Main",
                              "is_paper": false, "metadata_json": {"desk": "rates"}}') AS doc;
SELECT ok((SELECT (doc->>'uid') IS NOT NULL FROM acct), 'uid default filled');
SELECT is((SELECT doc->>'account_is_active' FROM acct), 'false', 'boolean default filled (account_is_active)');
SELECT is((SELECT doc->>'is_paper' FROM acct), 'false', 'a given value beats the default');
SELECT is(msm.upsert('Account', '{"unique_identifier": "ACC-1", "account_name": "Renamed"}') - 'uid',
          '{"unique_identifier": "ACC-1", "account_name": "Renamed", "is_paper": false, "account_is_active": false,
            "account_group_uid": null, "holdings_data_node_uid": null, "metadata_json": {"desk": "rates"}}'::jsonb,
          'update changes only the given columns: defaults are not re-applied, other columns kept');
SELECT is((SELECT uid::text FROM public.ms_markets__account WHERE unique_identifier = 'ACC-1'),
          (SELECT doc->>'uid' FROM acct), 'the primary key is never updated');
SELECT is(msm.upsert('Account', jsonb_build_object('unique_identifier', 'ACC-1', 'account_name', 'Renamed',
                                                   'uid', gen_random_uuid()))->>'uid',
          (SELECT doc->>'uid' FROM acct), 'a uid given for an existing row does not replace its primary key');
SELECT ok((SELECT c.default_expr = '''UTC''' FROM msm.builtin_column c
            WHERE c.model_name = 'Calendar' AND c.column_name = 'timezone'), 'Calendar.timezone has a model default');
CREATE TEMP TABLE cal AS
SELECT msm.upsert('Calendar', '{"unique_identifier": "XNYS", "display_name": "NYSE", "calendar_type": "exchange",
                               "valid_from": "2024-01-01", "valid_to": "2024-12-31"}') AS doc;
SELECT is((SELECT doc->>'timezone' FROM cal), 'UTC', 'text default filled (timezone UTC)');
SELECT is(msm.upsert('CalendarDate', jsonb_build_object('calendar_uid', (SELECT doc->>'uid' FROM cal),
                                                        'local_date', '2024-01-01', 'is_holiday', true))
          - 'uid' - 'calendar_uid',
          '{"local_date": "2024-01-01", "is_business_day": false, "is_holiday": true, "is_weekend": false,
            "is_early_close": false, "holiday_name": null, "metadata_json": null}'::jsonb,
          'boolean defaults of CalendarDate filled, given one kept');

-- ---------------------------------------------------------------------
-- values go through the column types' input functions
-- ---------------------------------------------------------------------
SELECT is((msm.upsert('OrderEventsTS', '{"event_time": "2024-01-05 09:30:00-05", "order_identifier": "O-1",
                                          "event_metadata": {"venue": "X"}}')->>'event_time')::timestamptz,
          '2024-01-05 14:30:00+00'::timestamptz, 'timestamptz with an offset is read by timestamptz_in');
SELECT is((SELECT event_metadata FROM public.ms_markets__ordereventsts WHERE order_identifier = 'O-1'),
          '{"venue": "X"}'::jsonb, 'a JSON object lands in a jsonb column as that object');
SELECT is((SELECT metadata_json::text FROM public.ms_markets__account WHERE unique_identifier = 'ACC-1'),
          '{"desk": "rates"}', 'a JSON object lands in a json column as JSON text');
SELECT is(msm.upsert('Account', '{"unique_identifier": "ACC-2", "account_name": "Two", "is_paper": "yes"}')->>'is_paper',
          'true', 'boolean accepts what boolin accepts');
SELECT throws_ok($$ SELECT msm.upsert('Account', '{"unique_identifier": "ACC-3", "account_name": "x", "account_group_uid": "nope"}') $$,
                 '22P02', 'invalid input syntax for type uuid: "nope"', 'a bad uuid gets uuid_in''s error');
SELECT throws_ok($$ SELECT msm.upsert('Account', jsonb_build_object('unique_identifier', repeat('a', 256), 'account_name', 'x')) $$,
                 '22001', NULL, 'varchar(255) length is enforced, never silently truncated');
SELECT throws_ok($$ SELECT msm.upsert('Account', '{"unique_identifier": "ACC-3", "account_name": "x", "bogus": 1, "other": 2}') $$,
                 '42703', 'unknown keys in row for model Account: "bogus", "other"', 'every unknown key is named');
SELECT throws_ok($$ SELECT msm.upsert('Account', '{"account_name": "x"}') $$,
                 '22023', 'row lacks upsert key "unique_identifier" of model Account', 'a missing upsert key is named');
SELECT throws_ok($$ SELECT msm.upsert('Account', '{"unique_identifier": null, "account_name": "x"}') $$,
                 '22004', NULL, 'a null upsert key is refused');
SELECT is((SELECT count(*)::int FROM public.ms_markets__account WHERE unique_identifier IN ('ACC-3')), 0,
          'refused rows are not written');

-- ---------------------------------------------------------------------
-- upsert_many: counts, last value wins, typed dedupe, one statement
-- ---------------------------------------------------------------------
SELECT is(msm.upsert_many('Asset', (SELECT jsonb_agg(jsonb_build_object('unique_identifier', 'bulk-' || (g % 500),
                                                                        'asset_type', 't' || g))
                                      FROM generate_series(1, 2000) g)), 500::bigint,
          'a batch with repeated keys writes each key once');
SELECT is((SELECT asset_type FROM public.ms_markets__asset WHERE unique_identifier = 'bulk-7'), 't1507',
          'the last row of a repeated key wins');
SELECT is((SELECT count(DISTINCT uid)::int FROM public.ms_markets__asset WHERE unique_identifier LIKE 'bulk-%'), 500,
          'every inserted row of a batch gets its own uid');
SELECT is(msm.upsert_many('Asset', '[{"unique_identifier": "bulk-7", "asset_type": "again"}]'), 1::bigint,
          'updating an existing key counts one');
SELECT is(msm.upsert_many('OrderEventsTS', '[{"event_time": "2024-01-05T10:00:00Z", "order_identifier": "O-2", "order_status": "new"},
                                             {"event_time": "2024-01-05 11:00:00+01", "order_identifier": "O-2", "order_status": "filled"}]'),
          1::bigint, 'keys are compared as typed values: two spellings of one instant are one key');
SELECT is((SELECT order_status FROM public.ms_markets__ordereventsts WHERE order_identifier = 'O-2'), 'filled',
          'and the later spelling wins');
SELECT is(msm.upsert_many('Asset', '[]'), 0::bigint, 'an empty batch writes nothing');
SELECT throws_ok($$ SELECT msm.upsert_many('Asset', '[{"unique_identifier": "ok-1", "uid": "00000000-0000-0000-0000-0000000000aa"}, {"unique_identifier": "ok-2", "uid": "bad"}]') $$,
                 '22P02', NULL, 'a bad value anywhere in the batch fails the batch');
SELECT is((SELECT count(*)::int FROM public.ms_markets__asset WHERE unique_identifier LIKE 'ok-%'), 0,
          'and nothing of it is written');

-- ---------------------------------------------------------------------
-- get / delete
-- ---------------------------------------------------------------------
SELECT is(msm.get('AssetCategoryMembership', '{"category_uid": "00000000-0000-0000-0000-000000000001",
                                               "asset_uid": "00000000-0000-0000-0000-000000000002"}'), NULL,
          'get of an absent composite key is NULL');
SELECT is(msm.get('Account', '{"unique_identifier": "ACC-1"}')->>'account_name', 'Renamed', 'get by upsert key');
SELECT ok(msm.delete('Account', '{"unique_identifier": "ACC-2"}'), 'delete reports a deleted row');
SELECT ok(NOT msm.delete('Account', '{"unique_identifier": "ACC-2"}'), 'delete of an absent row reports false');

-- ---------------------------------------------------------------------
-- compiled-sql.v1
-- ---------------------------------------------------------------------
CREATE TEMP TABLE env AS
SELECT msm.compile_upsert('OrderEventsTS', '{"event_time": "2024-01-05 09:30:00-05", "order_identifier": "O-9"}') AS doc;
SELECT is((SELECT doc#>'{statement,parameter_types}' FROM env), '{"event_time": "timestamp with time zone"}'::jsonb,
          'temporal parameters are typed');
SELECT is((SELECT doc#>>'{statement,parameters,event_time}' FROM env), '2024-01-05T14:30:00+00:00',
          'temporal parameters are sent as ISO 8601 instants');
SELECT ok((SELECT NOT (msm.compile_upsert('Asset', '{"unique_identifier": "Z"}')->'statement' ? 'parameter_types')),
          'no parameter_types when no parameter is temporal');
SELECT is((SELECT count(*)::int FROM public.ms_markets__ordereventsts WHERE order_identifier = 'O-9'), 0,
          'compiling runs nothing');

-- ---------------------------------------------------------------------
-- privileges: the caller's rights decide
-- ---------------------------------------------------------------------
CREATE ROLE msm_rows_reader NOLOGIN;
GRANT SELECT ON public.ms_markets__asset TO msm_rows_reader;
SELECT ok(has_function_privilege('msm_rows_reader', 'msm.upsert(text, jsonb)', 'EXECUTE')
          AND has_function_privilege('msm_rows_reader', 'msm.upsert_asset(text, text)', 'EXECUTE'),
          'row functions are executable by PUBLIC');
SELECT is((SELECT count(*)::int FROM pg_proc WHERE pronamespace = 'msm'::regnamespace AND prosecdef
             AND proname IN ('upsert_asset', 'upsert', 'upsert_many', 'get', 'delete')), 0,
          'row functions are not SECURITY DEFINER');
SET LOCAL ROLE msm_rows_reader;
SELECT is(msm.get('Asset', '{"unique_identifier": "AAPL"}')->>'unique_identifier', 'AAPL',
          'a reader can get');
SELECT throws_ok($$ SELECT msm.upsert_asset('NEW-BY-READER') $$, '42501', NULL,
                 'a role without INSERT gets permission denied');
SELECT throws_ok($$ SELECT msm.delete('Asset', '{"unique_identifier": "AAPL"}') $$, '42501', NULL,
                 'a role without DELETE gets permission denied');
RESET ROLE;
SELECT is((SELECT unique_identifier FROM msm.upsert_asset('AFTER-DENIED')), 'AFTER-DENIED',
          'the cached plans work again for a privileged role after the errors');

-- ---------------------------------------------------------------------
-- nested row operations and schema changes under cached plans
-- ---------------------------------------------------------------------
CREATE FUNCTION pg_temp.account_asset() RETURNS trigger LANGUAGE plpgsql AS $t$
BEGIN
    PERFORM msm.upsert_asset('account-' || NEW.unique_identifier, 'account');
    RETURN NEW;
END $t$;
CREATE TRIGGER account_asset AFTER INSERT ON public.ms_markets__account
    FOR EACH ROW EXECUTE FUNCTION pg_temp.account_asset();
SELECT lives_ok($$ SELECT msm.upsert('Account', '{"unique_identifier": "ACC-N", "account_name": "Nested"}') $$,
                'a trigger may call the row API inside a row operation');
SELECT is((SELECT asset_type FROM public.ms_markets__asset WHERE unique_identifier = 'account-ACC-N'), 'account',
          'the nested operation was applied');
DROP TRIGGER account_asset ON public.ms_markets__account;
ALTER TABLE public.ms_markets__asset ADD COLUMN extra_note text;
SELECT is((SELECT asset_type FROM msm.upsert_asset('AAPL', 'after alter')), 'after_alter',
          'cached plans are replanned after ALTER TABLE');
ALTER TABLE public.ms_markets__asset DROP COLUMN extra_note;

-- ---------------------------------------------------------------------
-- the runtime's namespace decides the table; plans follow the runtime
-- ---------------------------------------------------------------------
SELECT msm.stop_engine() AS stopped \gset
SELECT ok(msm.start_engine(models => ARRAY['Asset'], namespace => 'mainsequence.examples') IS NOT NULL,
          'engine started in namespace mainsequence.examples');
SELECT isnt((SELECT uid FROM msm.upsert_asset('AAPL')), (SELECT uid FROM first_call),
            'the same key in another deployment is another row');
SELECT is((SELECT count(*)::int FROM public.ms_markets__asset__mainsequence_examples WHERE unique_identifier = 'AAPL'), 1,
          'written to the namespace''s table');

SELECT * FROM finish();
ROLLBACK;
