-- msm.upsert_many in chunks (doc/rows.md, "Large batches"): the same cases run on the path of a
-- batch that fits in one chunk (msm.upsert_chunk_rows = 1000) and on the chunked path
-- (msm.upsert_chunk_rows = 2): the last row of a key wins across chunks, keys equal under their
-- type's comparison are one key, rows are written in key order, counts, errors (with the element
-- numbers), all or nothing when the last chunk fails, and one statement per chunk.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS msm;
SET msm.log_events = off;
SET TimeZone = 'UTC';
SELECT msm.migrate_upgrade() IS NOT NULL AS migrated \gset
BEGIN;
SELECT plan(52);

CREATE COLLATION public.msm_test_ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

-- one project model per key type: key k, value v (with a default)
CREATE FUNCTION pg_temp.key_model(model text, keytype text) RETURNS void LANGUAGE plpgsql AS $f$
DECLARE
    tbl text := 'my_project_markets__' || lower(model);
BEGIN
    EXECUTE format('CREATE TABLE public.%I (k %s PRIMARY KEY, v text NOT NULL DEFAULT %L CHECK (v <> %L))',
                   tbl, keytype, 'default', 'boom');
    EXECUTE format('COMMENT ON TABLE public.%I IS %L', tbl, 'Test rows keyed by one ' || keytype || ' column, for chunked batches.');
    EXECUTE format('COMMENT ON COLUMN public.%I.k IS %L', tbl, 'The upsert key.');
    EXECUTE format('COMMENT ON COLUMN public.%I.v IS %L', tbl, 'The value the last row of a key gives.');
    PERFORM msm.declare_model(format('public.%I', tbl)::regclass, model, 'com.my_company.markets',
                              'my_project_markets', upsert_keys => ARRAY['k']);
END
$f$;
SELECT pg_temp.key_model('NumKey', 'numeric');
SELECT pg_temp.key_model('CiKey', 'text COLLATE public.msm_test_ci');
SELECT pg_temp.key_model('TsKey', 'timestamptz');
SELECT pg_temp.key_model('TrigKey', 'text');
SELECT pg_temp.key_model('PtKey', 'point[]');
SELECT ok((msm.migrate_upgrade())->>'ok' = 'true', 'the test models are migrated');

-- the order rows are written in (a sequence survives rollbacks), and the statements
CREATE SEQUENCE public.write_seq;
CREATE TABLE public.write_log (n bigint, op text, k text, v text);
CREATE FUNCTION public.write_log_row() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $f$
BEGIN
    INSERT INTO public.write_log VALUES (pg_catalog.nextval('public.write_seq'), TG_OP, NEW.k, NEW.v);
    RETURN NEW;
END
$f$;
CREATE FUNCTION public.write_log_stmt() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $f$
BEGIN
    INSERT INTO public.write_log VALUES (pg_catalog.nextval('public.write_seq'), 'STATEMENT ' || TG_OP, NULL, NULL);
    RETURN NULL;
END
$f$;
CREATE TRIGGER write_row BEFORE INSERT OR UPDATE ON public.my_project_markets__trigkey
    FOR EACH ROW EXECUTE FUNCTION public.write_log_row();
CREATE TRIGGER write_stmt AFTER INSERT ON public.my_project_markets__trigkey
    FOR EACH STATEMENT EXECUTE FUNCTION public.write_log_stmt();

-- the error of a statement: SQLSTATE, message and the rows element of its context
CREATE FUNCTION pg_temp.error_of(sql text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE
    st text; msg text; ctx text;
BEGIN
    EXECUTE sql;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, ctx = PG_EXCEPTION_CONTEXT;
    RETURN st || ': ' || msg || coalesce(' (' || substring(ctx FROM 'rows element [0-9]+') || ')', '');
END
$f$;

SELECT ok(msm.start_engine(models => ARRAY['NumKey', 'CiKey', 'TsKey', 'TrigKey', 'PtKey']) IS NOT NULL, 'engine started');

-- the setting
SELECT is(current_setting('msm.upsert_chunk_rows'), '10000', 'msm.upsert_chunk_rows defaults to 10000');
SELECT throws_ok($$ SELECT set_config('msm.upsert_chunk_rows', '0', true) $$, '22023', NULL,
                 'msm.upsert_chunk_rows is at least 1');

\set chunk 1000
\set path 'one chunk'
\ir include/73_batch_cases.psql
\set chunk 2
\set path 'chunks of 2'
\ir include/73_batch_cases.psql

SELECT * FROM finish();
ROLLBACK;
