-- Row API (doc/rows.md, "Row API"), compiled-sql.v1 (doc/rows.md,
-- "compiled-sql.v1"), execution limits (doc/rows.md, "Execution and limits"):
-- what an application developer sees, every error included.
\i sql/include/preamble.sql
SET msm.log_events = off;
SET TimeZone = 'UTC';

--
-- No runtime: every row operation says how to start one
--
SELECT (msm.migrate_upgrade())->>'revision' AS revision;
SELECT * FROM msm.upsert_asset('AAPL');
SELECT * FROM msm.upsert_asset(NULL);
SELECT msm.upsert('Asset', '{"unique_identifier": "AAPL"}');
SELECT msm.upsert_many('Account', '[]');
SELECT msm.get('Asset', '{"unique_identifier": "AAPL"}');
SELECT msm.delete('Asset', '{"unique_identifier": "AAPL"}');
SELECT msm.compile_upsert('Asset', '{"unique_identifier": "AAPL"}');

SELECT msm.start_engine(models => ARRAY['Asset'])->'meta_table_models' AS attached;

--
-- msm.upsert_asset
--
SELECT uid AS aapl_uid, unique_identifier, asset_type FROM msm.upsert_asset('AAPL', 'Equity') \gset
SELECT :'aapl_uid' <> '' AS has_uid, :'unique_identifier' AS unique_identifier, :'asset_type' AS asset_type;
-- the same key again: same uid; asset_type updated
SELECT uid = :'aapl_uid' AS same_uid, unique_identifier, asset_type
  FROM msm.upsert_asset('AAPL', '  Common   Stock ');
-- NULL asset_type leaves the stored one alone
SELECT uid = :'aapl_uid' AS same_uid, asset_type FROM msm.upsert_asset('AAPL');
SELECT uid = :'aapl_uid' AS same_uid, asset_type FROM msm.upsert_asset('AAPL', NULL);
-- a new row without asset_type stores NULL
SELECT uid <> :'aapl_uid' AS new_uid, unique_identifier, asset_type IS NULL AS no_type
  FROM msm.upsert_asset('MSFT');
-- asset_type normalization: trim, lowercase, each whitespace run -> _
SELECT t.input, a.asset_type
  FROM (VALUES ('Equity'), ('  CURRENCY spot  '), (E'Tab\tand\nnewline'), ('a  b   c'),
               ('already_normal'), ('crédit bancaire')) AS t(input),
       LATERAL msm.upsert_asset('norm-' || t.input, t.input) AS a;
SELECT asset_type, length(asset_type) FROM msm.upsert_asset('len-64', repeat('x', 64));
-- bad input
SELECT * FROM msm.upsert_asset(NULL, 'equity');
SELECT * FROM msm.upsert_asset('');
SELECT * FROM msm.upsert_asset(E' \t ');
SELECT * FROM msm.upsert_asset(repeat('x', 256));
SELECT * FROM msm.upsert_asset(repeat('é', 256));
SELECT * FROM msm.upsert_asset('norm-empty-type', '   ');
SELECT * FROM msm.upsert_asset('norm-long-type', repeat('x', 65));
SELECT * FROM msm.upsert_asset('norm-long-type', repeat('X ', 33));
-- 255 characters (multibyte) is fine
SELECT length(unique_identifier) FROM msm.upsert_asset(repeat('é', 255));
-- injection attempts are values, nothing else
SELECT unique_identifier FROM msm.upsert_asset('x''); DROP TABLE public.ms_markets__asset; --');
SELECT count(*) AS assets FROM public.ms_markets__asset;

--
-- msm.upsert / msm.get / msm.delete
--
SELECT msm.upsert('Asset', '{"unique_identifier": "IBM", "asset_type": "equity"}') - 'uid' AS stored;
-- only provided columns are updated
SELECT msm.upsert('Asset', '{"unique_identifier": "IBM"}') - 'uid' AS kept_type;
-- an explicit null is a value
SELECT msm.upsert('Asset', '{"unique_identifier": "IBM", "asset_type": null}') - 'uid' AS cleared;
-- the model selector may be any model selector
SELECT msm.upsert('ms_markets__asset', '{"unique_identifier": "IBM", "asset_type": "equity"}') ->> 'asset_type' AS by_table_name;
SELECT msm.upsert('AssetTable', '{"unique_identifier": "IBM"}') ->> 'asset_type' AS by_class_name;
-- get and delete by upsert key
SELECT msm.get('Asset', '{"unique_identifier": "IBM"}') - 'uid' AS got;
SELECT msm.get('Asset', '{"unique_identifier": "nope"}') IS NULL AS absent;
SELECT msm.delete('Asset', '{"unique_identifier": "IBM"}') AS deleted,
       msm.delete('Asset', '{"unique_identifier": "IBM"}') AS deleted_again;
SELECT msm.get('Asset', '{"unique_identifier": "IBM"}') IS NULL AS gone;
-- reads work in a read-only transaction (and on a standby); writes do not
BEGIN READ ONLY;
SELECT msm.get('Asset', '{"unique_identifier": "MSFT"}') ->> 'unique_identifier' AS read_only_get;
SELECT * FROM msm.upsert_asset('READ-ONLY');
ROLLBACK;
-- bad input
-- bad_calls(FUNCTION, MODEL, ARG...): the statements "SELECT FUNCTION(MODEL,
-- ARG);", one per ARG (SQL text), in order, for \gexec: each one runs, and
-- fails, on its own
CREATE FUNCTION pg_temp.bad_calls(fn text, model text, VARIADIC args text[]) RETURNS SETOF text
    LANGUAGE sql AS $f$
    SELECT format('SELECT %s(%L, %s);', fn, model, a) FROM unnest(args) WITH ORDINALITY AS u(a, n) ORDER BY n
$f$;
SELECT msm.upsert(NULL, '{"unique_identifier": "X"}');
SELECT pg_temp.bad_calls('msm.upsert', 'Asset',
    'NULL',
    $$'[{"unique_identifier": "X"}]'$$,
    $$'"X"'$$,
    $$'null'$$,
    $$'{"unique_identifier": "X", "ticker": "X", "Asset_Type": "y"}'$$,
    $$'{"asset_type": "equity"}'$$,
    $$'{}'$$,
    $$'{"unique_identifier": null}'$$,
    $$'{"unique_identifier": "X", "uid": "not-a-uuid"}'$$,
    $$format('{"unique_identifier": "%s"}', repeat('x', 256))::jsonb$$,
    $$'{"unique_identifier": "X", "asset_type": {"nested": true}}'$$,
    $$'{"unique_identifier": "X", "asset_type": ["a"]}'$$) \gexec
-- numbers and booleans are read by the column's input function
SELECT msm.upsert('Asset', '{"unique_identifier": 12345, "asset_type": true}') - 'uid' AS converted;
SELECT msm.upsert('NoSuchModel', '{"unique_identifier": "X"}');
SELECT msm.upsert('Portfolio', '{"unique_identifier": "X"}');
SELECT msm.get('Asset', NULL);
SELECT msm.get('Asset', '{}');
SELECT msm.get('Asset', '{"unique_identifier": "AAPL", "asset_type": "equity"}');
SELECT msm.get('Asset', '{"unique_identifier": null}');
SELECT msm.delete('Asset', '["AAPL"]');
SELECT msm.delete('Asset', '{"nope": 1}');
SELECT count(*) AS assets_unchanged FROM public.ms_markets__asset;

--
-- msm.upsert_many: one statement; a repeated key keeps its last row
--
SELECT msm.upsert_many('Asset', '[{"unique_identifier": "B1", "asset_type": "first"},
                                  {"unique_identifier": "B2", "asset_type": "only"},
                                  {"unique_identifier": "B1", "asset_type": "last"}]') AS written;
SELECT unique_identifier, asset_type FROM public.ms_markets__asset WHERE unique_identifier LIKE 'B_' ORDER BY 1;
-- existing rows keep their uid; columns not given are left alone
SELECT uid AS b2_uid FROM public.ms_markets__asset WHERE unique_identifier = 'B2' \gset
SELECT msm.upsert_many('Asset', '[{"unique_identifier": "B2"}, {"unique_identifier": "B3"}]') AS written;
SELECT unique_identifier, asset_type, uid = :'b2_uid' AS same_uid
  FROM public.ms_markets__asset WHERE unique_identifier LIKE 'B_' ORDER BY 1;
SELECT msm.upsert_many('Asset', '[]') AS nothing;
-- bad input: nothing is written
SELECT pg_temp.bad_calls('msm.upsert_many', 'Asset',
    'NULL',
    $$'{"unique_identifier": "B9"}'$$,
    $$'[{"unique_identifier": "B9"}, "B10"]'$$,
    $$'[{"unique_identifier": "B9"}, {"unique_identifier": "B10", "asset_type": "x"}]'$$,
    $$'[{"unique_identifier": "B9", "asset_type": "x"}, {"unique_identifier": "B10"}]'$$,
    $$'[{"unique_identifier": "B9"}, {"unique_identifier": "B10", "bogus": 1}]'$$,
    $$'[{"unique_identifier": "B9"}, {"unique_identifier": null}]'$$,
    $$'[{"asset_type": "x"}]'$$,
    $$'[{"unique_identifier": "B9", "uid": "zzz"}]'$$) \gexec
SELECT count(*) AS no_b9 FROM public.ms_markets__asset WHERE unique_identifier IN ('B9', 'B10');

--
-- compiled-sql.v1 envelopes (msm.compile_*), uids masked
--
-- show(doc): the envelope with every uuid masked, printed unaligned
CREATE FUNCTION pg_temp.show(doc jsonb) RETURNS text LANGUAGE sql AS $$
    SELECT regexp_replace(jsonb_pretty(doc), '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', '<uuid>', 'g')
$$;
\pset format unaligned
SELECT pg_temp.show(msm.compile_upsert('Asset', '{"unique_identifier": "AAPL", "asset_type": "equity"}')) AS envelope;
SELECT pg_temp.show(msm.compile_upsert('Asset', '{"unique_identifier": "AAPL"}')) AS nothing_to_set;
SELECT pg_temp.show(msm.compile_get('Asset', '{"unique_identifier": "AAPL"}')) AS envelope;
SELECT pg_temp.show(msm.compile_delete('Asset', '{"unique_identifier": "AAPL"}')) AS envelope;
\pset format aligned
-- the scope is the runtime's MetaTable
SELECT msm.compile_upsert('Asset', '{"unique_identifier": "AAPL"}')#>>'{scope,tables,0,meta_table_uid}'
       = (msm.runtime_table('Asset')).meta_table_uid::text AS scope_is_runtime_uid;
-- compiling validates like running, and writes nothing
SELECT msm.compile_upsert('Asset', '{"unique_identifier": "AAPL", "uid": 42}');
SELECT msm.compile_get('Asset', '{"asset_type": "equity"}');
SELECT msm.compile_upsert('Asset', '{"unique_identifier": "COMPILED-ONLY"}')->>'operation' AS operation;
SELECT msm.get('Asset', '{"unique_identifier": "COMPILED-ONLY"}') IS NULL AS not_written;

-- temporal parameters carry parameter_types; limits come from the runtime
SELECT msm.stop_engine();
SET msm.default_max_rows = 50;
SET msm.default_statement_timeout_ms = 2500;
SELECT msm.start_engine(models => ARRAY['CalendarSession'])->'meta_table_models' AS attached;
SELECT (msm.upsert('Calendar', '{"unique_identifier": "XNYS", "display_name": "New York Stock Exchange",
        "calendar_type": "exchange", "valid_from": "2024-01-01", "valid_to": "2024-12-31"}')->>'uid') AS cal_uid \gset
SELECT msm.get('Calendar', '{"unique_identifier": "XNYS"}') - 'uid' AS calendar_with_defaults;
\pset format unaligned
SELECT pg_temp.show(msm.compile_upsert('CalendarSession', jsonb_build_object(
    'calendar_uid', :'cal_uid', 'local_date', '2024-01-05', 'session_label', 'regular',
    'opens_at', '2024-01-05 09:30:00-05', 'closes_at', '2024-01-05T16:00:00-05:00', 'is_primary', true))) AS envelope;
SELECT pg_temp.show(msm.compile_get('CalendarSession', jsonb_build_object(
    'calendar_uid', :'cal_uid', 'local_date', '2024-01-05', 'session_label', 'regular'))) AS envelope;
\pset format aligned
-- running it stores the same values, model defaults filled
SELECT msm.upsert('CalendarSession', jsonb_build_object(
    'calendar_uid', :'cal_uid', 'local_date', '2024-01-05', 'session_label', 'regular',
    'opens_at', '2024-01-05 09:30:00-05', 'closes_at', '2024-01-05T16:00:00-05:00')) - 'uid' - 'calendar_uid' AS session;
SELECT msm.upsert('CalendarSession', jsonb_build_object(
    'calendar_uid', :'cal_uid', 'local_date', '2024-01-05', 'session_label', 'regular', 'is_primary', false))
    - 'uid' - 'calendar_uid' AS only_is_primary_changed;
SELECT msm.upsert('CalendarSession', jsonb_build_object(
    'calendar_uid', :'cal_uid', 'local_date', '2024-02-30', 'session_label', 'regular'));
SELECT msm.upsert('CalendarSession', jsonb_build_object(
    'calendar_uid', :'cal_uid', 'local_date', '2024-01-06', 'session_label', 'regular', 'is_primary', 'maybe'));
SELECT msm.upsert('CalendarSession', jsonb_build_object(
    'calendar_uid', '00000000-0000-0000-0000-0000000000ff', 'local_date', '2024-01-06', 'session_label', 'regular')) IS NOT NULL AS fk_checked;
SELECT msm.upsert('Asset', '{"unique_identifier": "AAPL"}') IS NOT NULL AS asset_is_not_attached;
SELECT msm.stop_engine();
RESET msm.default_max_rows;
RESET msm.default_statement_timeout_ms;

--
-- A declared project model (doc/models.md, "Project models")
--
CREATE TABLE public.my_project_markets__myassetdetails (
    asset_uid    uuid PRIMARY KEY REFERENCES public.ms_markets__asset (uid) ON DELETE CASCADE,
    risk_bucket  text NOT NULL,
    listed_on    date,
    score        numeric(6,2) NOT NULL DEFAULT 0,
    attributes   jsonb,
    "Odd %(x)s Name"   text
);
COMMENT ON TABLE public.my_project_markets__myassetdetails IS
    'One row of project risk details per asset, used by the risk desk to bucket exposures.';
COMMENT ON COLUMN public.my_project_markets__myassetdetails.asset_uid IS 'The asset these project details describe.';
COMMENT ON COLUMN public.my_project_markets__myassetdetails.risk_bucket IS 'Risk bucket assigned by the risk desk.';
COMMENT ON COLUMN public.my_project_markets__myassetdetails.listed_on IS 'Date the asset was first listed anywhere.';
COMMENT ON COLUMN public.my_project_markets__myassetdetails.score IS 'Risk score computed by the desk model.';
COMMENT ON COLUMN public.my_project_markets__myassetdetails.attributes IS 'Free form attributes kept by the desk.';
COMMENT ON COLUMN public.my_project_markets__myassetdetails."Odd %(x)s Name" IS 'A column whose name needs quoting everywhere.';
SELECT msm.declare_model('public.my_project_markets__myassetdetails'::regclass,
    base_identifier => 'MyAssetDetails', metatable_namespace => 'com.my_company.markets',
    storage_app => 'my_project_markets', kind => 'meta_table', upsert_keys => ARRAY['asset_uid'])->>'identifier' AS declared;
SELECT (msm.migrate_upgrade())->>'ok' AS migrated;
SELECT msm.start_engine(models => ARRAY['MyAssetDetails'])->'meta_table_models' AS attached;
-- an Asset with a chosen uid (the primary key may be given on insert)
\set d_uid '00000000-0000-0000-0000-00000000000a'
SELECT msm.upsert('Asset', jsonb_build_object('uid', :'d_uid', 'unique_identifier', 'DETAILED')) AS detailed_asset;
SELECT msm.upsert('MyAssetDetails', jsonb_build_object('asset_uid', :'d_uid', 'risk_bucket', 'low',
    'listed_on', '1980-12-12', 'attributes', '{"tags": ["tech", "mega"], "beta": 1.2}'::jsonb, 'Odd %(x)s Name', 'quoted'))
    - 'asset_uid' AS stored;
-- the table's own default (score) applied; an update touches only what is given
SELECT msm.upsert('MyAssetDetails', jsonb_build_object('asset_uid', :'d_uid', 'risk_bucket', 'low', 'score', 7.456))
    - 'asset_uid' AS updated;
-- INSERT ... ON CONFLICT checks the proposed row first: NOT NULL columns
-- without a default are needed even when the row exists
SELECT msm.upsert('MyAssetDetails', jsonb_build_object('asset_uid', :'d_uid', 'score', 1));
\pset format unaligned
SELECT pg_temp.show(msm.compile_upsert('MyAssetDetails',
    jsonb_build_object('asset_uid', '00000000-0000-0000-0000-000000000001', 'risk_bucket', 'low', 'Odd %(x)s Name', '50%'))) AS envelope;
\pset format aligned
SELECT msm.upsert('MyAssetDetails', jsonb_build_object('asset_uid', :'d_uid', 'risk_bucket', 'low', 'score', 'high'));
SELECT msm.upsert('MyAssetDetails', jsonb_build_object('asset_uid', :'d_uid', 'risk_bucket', 'low', 'score', 123456));
SELECT msm.upsert('MyAssetDetails', jsonb_build_object('asset_uid', :'d_uid', 'risk_bucket', 'low', 'listed_on', 'yesterday-ish'));
-- a JSON string for a jsonb column is a JSON string
SELECT msm.upsert('MyAssetDetails', jsonb_build_object('asset_uid', :'d_uid', 'risk_bucket', 'low', 'attributes', 'plain'))
    -> 'attributes' AS json_string;
SELECT msm.upsert('MyAssetDetails', jsonb_build_object('asset_uid', '00000000-0000-0000-0000-0000000000ff', 'risk_bucket', 'low')) IS NOT NULL AS fk_checked;
SELECT msm.upsert('MyAssetDetails', jsonb_build_object('asset_uid', '00000000-0000-0000-0000-0000000000ff')) IS NOT NULL AS not_null_checked;
-- the Asset the details depend on was attached with them
SELECT (msm.upsert('Asset', '{"unique_identifier": "AAPL"}')->>'uid') = :'aapl_uid' AS asset_attached;

--
-- statement_timeout_ms bounds each operation (doc/rows.md, "Execution and limits")
--
CREATE FUNCTION public.slow_details() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.risk_bucket = 'slow' THEN PERFORM pg_sleep(5); END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER slow_details BEFORE INSERT OR UPDATE ON public.my_project_markets__myassetdetails
    FOR EACH ROW EXECUTE FUNCTION public.slow_details();
SELECT msm.stop_engine();
SET msm.default_statement_timeout_ms = 200;
SELECT msm.start_engine(models => ARRAY['MyAssetDetails']) IS NOT NULL AS started;
SELECT statement_timeout_ms FROM msm.runtime_table('MyAssetDetails');
SELECT msm.upsert('MyAssetDetails', jsonb_build_object('asset_uid', :'d_uid', 'risk_bucket', 'slow'));
SELECT msm.upsert_many('MyAssetDetails', jsonb_build_array(jsonb_build_object('asset_uid', :'d_uid', 'risk_bucket', 'slow')));
-- nothing was applied, and the session goes on
SELECT msm.get('MyAssetDetails', jsonb_build_object('asset_uid', :'d_uid'))->>'risk_bucket' AS risk_bucket;
SELECT msm.upsert('MyAssetDetails', jsonb_build_object('asset_uid', :'d_uid', 'risk_bucket', 'medium'))->>'risk_bucket' AS fast_one;
-- caught inside a subtransaction: no stray cancel afterwards
DO $$
BEGIN
    PERFORM msm.upsert('MyAssetDetails', jsonb_build_object(
        'asset_uid', (SELECT uid FROM public.ms_markets__asset WHERE unique_identifier = 'DETAILED'), 'risk_bucket', 'slow'));
EXCEPTION WHEN query_canceled THEN
    RAISE NOTICE 'caught: %', SQLERRM;
END $$;
SELECT pg_sleep(0.3), 'still running' AS after_catch;
-- a batch in chunks (doc/rows.md, "Large batches"): one row per statement, one of them slow; the
-- bound covers the whole call, and neither row is written (whichever chunk comes first)
SET msm.upsert_chunk_rows = 1;
SELECT msm.upsert_many('MyAssetDetails', jsonb_build_array(
           jsonb_build_object('asset_uid', :'d_uid', 'risk_bucket', 'slow'),
           jsonb_build_object('asset_uid', :'aapl_uid', 'risk_bucket', 'high')));
SELECT count(*) AS changed FROM public.my_project_markets__myassetdetails WHERE risk_bucket IN ('slow', 'high');
RESET msm.upsert_chunk_rows;
-- an upsert from a staging table: the bound covers its one statement, nothing is written
CREATE TEMP TABLE stg_details AS
    SELECT :'aapl_uid'::uuid AS asset_uid, 'high'::text AS risk_bucket
    UNION ALL SELECT :'d_uid'::uuid, 'slow';
SELECT msm.upsert_from('MyAssetDetails', 'stg_details');
SELECT count(*) AS changed FROM public.my_project_markets__myassetdetails WHERE risk_bucket IN ('slow', 'high');
SELECT msm.stop_engine();
RESET msm.default_statement_timeout_ms;
-- PostgreSQL's own statement_timeout cancelling a batch: its error, with a hint
SELECT msm.start_engine(models => ARRAY['MyAssetDetails']) IS NOT NULL AS started;
SET statement_timeout = 200;
SELECT msm.upsert_many('MyAssetDetails', jsonb_build_array(jsonb_build_object('asset_uid', :'d_uid', 'risk_bucket', 'slow')));
SELECT msm.upsert_from('MyAssetDetails', 'stg_details');
RESET statement_timeout;
SELECT msm.stop_engine();

--
-- msm.execution = platform is not available yet
--
SELECT msm.start_engine(models => ARRAY['Asset']) IS NOT NULL AS started;
SET msm.execution = platform;
SELECT * FROM msm.upsert_asset('AAPL');
SELECT msm.get('Asset', '{"unique_identifier": "AAPL"}');
SELECT msm.compile_get('Asset', '{"unique_identifier": "AAPL"}')->>'operation' AS compile_still_works;
RESET msm.execution;
SELECT msm.stop_engine();
