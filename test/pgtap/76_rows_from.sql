-- Upserts from a staging table (doc/rows.md, "Upserts from a staging table"): msm.upsert_from
-- and msm.compile_upsert_from.  Columns matched by name, the last row of a key in physical order
-- wins, rows written in key order, null keys, casts, rights, DDL on the source between calls,
-- views, the DO NOTHING case, the envelope.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS msm;
SET msm.log_events = off;
SELECT msm.migrate_upgrade() IS NOT NULL AS migrated \gset
BEGIN;
SELECT plan(46);

-- a project model: key k, value v (NOT NULL with a default), note varchar(5)
CREATE TABLE public.my_project_markets__fromkey (
    k integer PRIMARY KEY,
    v text NOT NULL DEFAULT 'default',
    note varchar(5));
COMMENT ON TABLE public.my_project_markets__fromkey IS 'Test rows keyed by one integer, for upserts from a staging table.';
COMMENT ON COLUMN public.my_project_markets__fromkey.k IS 'The upsert key.';
COMMENT ON COLUMN public.my_project_markets__fromkey.v IS 'The value the last row of a key gives.';
COMMENT ON COLUMN public.my_project_markets__fromkey.note IS 'A short note, at most five characters.';
SELECT msm.declare_model('public.my_project_markets__fromkey'::regclass, 'FromKey', 'com.my_company.markets',
                         'my_project_markets', upsert_keys => ARRAY['k']) IS NOT NULL AS declared \gset
SELECT ok((msm.migrate_upgrade())->>'ok' = 'true', 'the test model is migrated');

-- the order rows reach the table, and UPDATE triggers
CREATE TABLE public.from_log (n serial, op text, k integer);
GRANT INSERT ON public.from_log TO PUBLIC;
GRANT USAGE ON SEQUENCE public.from_log_n_seq TO PUBLIC;
CREATE FUNCTION public.from_log_fn() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $f$
BEGIN
    INSERT INTO public.from_log (op, k) VALUES (TG_OP, NEW.k);
    RETURN NEW;
END
$f$;
CREATE TRIGGER from_log_row BEFORE INSERT OR UPDATE ON public.my_project_markets__fromkey
    FOR EACH ROW EXECUTE FUNCTION public.from_log_fn();

CREATE TABLE public.stg (k integer, v text);

-- ---------------------------------------------------------------------
-- the runtime is required
-- ---------------------------------------------------------------------
SELECT throws_ok($$ SELECT msm.upsert_from('FromKey', 'public.stg') $$, '55000',
                 'the operation requires an initialized markets runtime for FromKey', 'upsert_from without a runtime is refused');
SELECT throws_ok($$ SELECT msm.compile_upsert_from('FromKey', 'public.stg') $$, '55000',
                 'the operation requires an initialized markets runtime for FromKey', 'compile_upsert_from without a runtime is refused');
SELECT ok(msm.start_engine(models => ARRAY['FromKey', 'Asset']) IS NOT NULL, 'engine started');
SELECT throws_ok($$ SELECT msm.upsert_from('FromKey', NULL) $$, '22004', 'source must not be null', 'a NULL source is refused');

-- ---------------------------------------------------------------------
-- empty source, last row wins, key order
-- ---------------------------------------------------------------------
SELECT is(msm.upsert_from('FromKey', 'public.stg'), 0::bigint, 'an empty source writes nothing');
INSERT INTO public.stg VALUES (3, 'three-a'), (1, 'one-a'), (3, 'three-b'), (2, 'two'), (1, 'one-b'), (5, 'five-a'), (5, 'five-b');
-- an UPDATE writes a new tuple at the end of the table: physically the last row of key 5
UPDATE public.stg SET v = 'five-updated' WHERE v = 'five-a';
SELECT is(msm.upsert_from('FromKey', 'public.stg'), 4::bigint, 'four keys, four rows written');
SELECT is((SELECT string_agg(k || '=' || v, ',' ORDER BY k) FROM public.my_project_markets__fromkey),
          '1=one-b,2=two,3=three-b,5=five-updated', 'the last row of each key in physical order wins');
SELECT is((SELECT array_agg(k ORDER BY n) FROM public.from_log WHERE op = 'INSERT'), ARRAY[1, 2, 3, 5],
          'rows are written in key order');
SELECT is(msm.upsert_from('FromKey', 'public.stg'), 4::bigint, 'again: four updates counted');
SELECT is((SELECT array_agg(k ORDER BY n) FROM public.from_log WHERE op = 'UPDATE'), ARRAY[1, 2, 3, 5],
          'updates in key order too');
SELECT is((SELECT note FROM public.my_project_markets__fromkey WHERE k = 1), NULL, 'a column the source lacks is left alone');

-- ---------------------------------------------------------------------
-- nothing to update: DO NOTHING, counts inserted rows only
-- ---------------------------------------------------------------------
DELETE FROM public.from_log;
CREATE TABLE public.stg_keys (k integer NOT NULL);
INSERT INTO public.stg_keys VALUES (2), (7), (1), (7);
SELECT is(msm.upsert_from('FromKey', 'public.stg_keys'), 1::bigint, 'key-only source: only the new key is counted');
SELECT is((SELECT v FROM public.my_project_markets__fromkey WHERE k = 7), 'default', 'the new row got the table default');
SELECT is((SELECT count(*) FROM public.from_log WHERE op = 'UPDATE'), 0::bigint, 'no UPDATE trigger fired');
SELECT matches(msm.compile_upsert_from('FromKey', 'public.stg_keys')->'statement'->>'sql', 'DO NOTHING$',
               'the statement is INSERT ... ON CONFLICT DO NOTHING');
SELECT unalike(msm.compile_upsert_from('FromKey', 'public.stg_keys')->'statement'->>'sql', '%IS NOT NULL%',
               'a NOT NULL key column of the source needs no null check');

-- ---------------------------------------------------------------------
-- columns: unknown, missing key, null key
-- ---------------------------------------------------------------------
CREATE TABLE public.stg_bad (k integer, v text, bogus int, other text);
SELECT throws_ok($$ SELECT msm.upsert_from('FromKey', 'public.stg_bad') $$, '42703',
                 'source public.stg_bad has columns that are not columns of model FromKey: "bogus", "other"',
                 'unknown source columns are one error naming them');
CREATE TABLE public.stg_nokey (v text);
SELECT throws_ok($$ SELECT msm.upsert_from('FromKey', 'public.stg_nokey') $$, '42703',
                 'source public.stg_nokey lacks upsert key "k" of model FromKey', 'a source without the key is refused');
INSERT INTO public.stg VALUES (NULL, 'null key');
SELECT throws_ok($$ SELECT msm.upsert_from('FromKey', 'public.stg') $$, '22004',
                 'upsert key "k" of model FromKey is null in a row of source public.stg', 'a null key is refused');
DELETE FROM public.stg WHERE k IS NULL;
SELECT throws_ok($$ SELECT msm.upsert_from('FromKey', 'pg_catalog.pg_class_oid_index') $$, '42809',
                 'source pg_catalog.pg_class_oid_index is not a table, view, materialized view or foreign table',
                 'an index is no source');

-- ---------------------------------------------------------------------
-- types: assignment casts, keys compared in the column's type
-- ---------------------------------------------------------------------
CREATE TABLE public.stg_num (k numeric, v varchar, note text);
INSERT INTO public.stg_num VALUES (10.4, 'ten-a', 'ok'), (10.2, 'ten-b', 'fine');
SELECT is(msm.upsert_from('FromKey', 'public.stg_num'), 1::bigint,
          'numeric 10.4 and 10.2 are one integer key: one row');
SELECT is((SELECT v || '/' || note FROM public.my_project_markets__fromkey WHERE k = 10), 'ten-b/fine',
          'converted by assignment, the last row of the key wins');
INSERT INTO public.stg_num VALUES (11, 'eleven', 'too long');
SELECT throws_ok($$ SELECT msm.upsert_from('FromKey', 'public.stg_num') $$, '22001',
                 'value too long for type character varying(5)', 'the column typmod is applied as INSERT applies it');
CREATE TABLE public.stg_text (k text, v text);
SELECT throws_ok($$ SELECT msm.upsert_from('FromKey', 'public.stg_text') $$, '42804',
                 'column "k" of source public.stg_text is of type text, which cannot be assigned to column "k" of model FromKey',
                 'a column without an assignment cast is refused');

-- ---------------------------------------------------------------------
-- DDL on the source between calls
-- ---------------------------------------------------------------------
SELECT is(msm.upsert_from('FromKey', 'public.stg'), 4::bigint, 'the source before ALTER TABLE');
ALTER TABLE public.stg ADD COLUMN note varchar(5);
UPDATE public.stg SET note = 'n' || k;
SELECT is(msm.upsert_from('FromKey', 'public.stg'), 4::bigint, 'after ADD COLUMN');
SELECT is((SELECT note FROM public.my_project_markets__fromkey WHERE k = 3), 'n3', 'the added column is written');
ALTER TABLE public.stg DROP COLUMN v;
UPDATE public.stg SET note = 'm' || k;
SELECT is(msm.upsert_from('FromKey', 'public.stg'), 4::bigint, 'after DROP COLUMN');
SELECT is((SELECT v || '/' || note FROM public.my_project_markets__fromkey WHERE k = 3), 'three-b/m3',
          'the dropped column is left alone, the others written');
ALTER TABLE public.stg ALTER COLUMN note TYPE text;
SELECT is(msm.upsert_from('FromKey', 'public.stg'), 4::bigint, 'after ALTER COLUMN TYPE');
DROP TABLE public.stg;
CREATE TABLE public.stg (v text, k bigint);
INSERT INTO public.stg VALUES ('recreated', 2);
SELECT is(msm.upsert_from('FromKey', 'public.stg'), 1::bigint, 'a dropped and recreated table of the same name');
SELECT is((SELECT v FROM public.my_project_markets__fromkey WHERE k = 2), 'recreated', 'the new table is read');

-- ---------------------------------------------------------------------
-- views: no physical order, a repeated key is an error when updating
-- ---------------------------------------------------------------------
CREATE VIEW public.stg_view AS SELECT k, v FROM (VALUES (20, 'a'), (21, 'b')) x(k, v);
SELECT is(msm.upsert_from('FromKey', 'public.stg_view'), 2::bigint, 'a view as the source');
CREATE VIEW public.stg_dup AS SELECT k, v FROM (VALUES (20, 'a'), (20, 'b')) x(k, v);
SELECT throws_ok($$ SELECT msm.upsert_from('FromKey', 'public.stg_dup') $$, '21000',
                 'source public.stg_dup repeats a key of model FromKey', 'a view repeating a key is refused');

-- ---------------------------------------------------------------------
-- built-in model defaults, the envelope
-- ---------------------------------------------------------------------
CREATE TEMP TABLE stg_asset (unique_identifier text, asset_type text);
INSERT INTO stg_asset VALUES ('FROM-B', 'bond'), ('FROM-A', 'equity'), ('FROM-B', 'crypto');
SELECT is(msm.upsert_from('Asset', 'stg_asset'), 2::bigint, 'Asset from a temporary table');
SELECT is((SELECT asset_type FROM public.ms_markets__asset WHERE unique_identifier = 'FROM-B' AND uid IS NOT NULL),
          'crypto', 'the model default gave the uid, the last row won');
SELECT is(msm.compile_upsert_from('Asset', 'stg_asset') - 'statement' - 'limits',
          jsonb_build_object('operation', 'upsert', 'version', 'compiled-sql.v1', 'dialect', 'postgresql',
                             'scope', jsonb_build_object('tables', jsonb_build_array(jsonb_build_object(
                                 'access', 'write', 'meta_table_uid', (SELECT meta_table_uid::text FROM msm.runtime_table('Asset')))))),
          'the envelope: an upsert writing the Asset MetaTable');
SELECT is(msm.compile_upsert_from('Asset', 'stg_asset')->'statement'->'parameters', '{}'::jsonb, 'no parameters');
SELECT matches(msm.compile_upsert_from('Asset', 'stg_asset')->'statement'->>'sql',
               '^INSERT INTO "public"."ms_markets__asset" \("uid", "unique_identifier", "asset_type"\) SELECT pg_catalog.gen_random_uuid\(\), .* FROM "pg_temp_[0-9]+"."stg_asset" AS "s" .*ORDER BY .*"s".ctid DESC\) AS "r" ON CONFLICT \("unique_identifier"\) DO UPDATE SET "asset_type" = EXCLUDED."asset_type"$',
               'the statement: model default, DISTINCT ON the keys, last by ctid, the SET list');
TRUNCATE stg_asset;
INSERT INTO stg_asset VALUES ('FROM-C', 'x');
SELECT ok(msm.compile_upsert_from('Asset', 'stg_asset') IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM public.ms_markets__asset WHERE unique_identifier = 'FROM-C'), 'compiling runs nothing');

-- ---------------------------------------------------------------------
-- the caller's rights; this database only
-- ---------------------------------------------------------------------
CREATE ROLE msm_from_writer NOLOGIN;
GRANT SELECT, INSERT, UPDATE ON public.my_project_markets__fromkey TO msm_from_writer;
CREATE TABLE public.stg_secret (k integer, v text);
INSERT INTO public.stg_secret VALUES (30, 'secret');
CREATE TABLE public.stg_open (k integer, v text);
INSERT INTO public.stg_open VALUES (31, 'open');
GRANT SELECT ON public.stg_open TO msm_from_writer;
SELECT msm.stop_engine() IS NOT NULL AS stopped \gset
SET LOCAL ROLE msm_from_writer;
SELECT ok(msm.start_engine(models => ARRAY['FromKey']) IS NOT NULL, 'the writer role attaches');
SELECT throws_ok($$ SELECT msm.upsert_from('FromKey', 'public.stg_secret') $$, '42501',
                 'permission denied for table stg_secret', 'a source the caller may not read is refused');
SELECT is(msm.upsert_from('FromKey', 'public.stg_open'), 1::bigint, 'a source the caller may read');
SET LOCAL msm.execution = platform;
SELECT throws_ok($$ SELECT msm.upsert_from('FromKey', 'public.stg_open') $$, '0A000',
                 'msm.upsert_from runs in this database only', 'platform execution is refused');
RESET msm.execution;
RESET ROLE;
SELECT is((SELECT count(*) FROM public.my_project_markets__fromkey WHERE k IN (30, 31)), 1::bigint,
          'only the readable source was written');

SELECT * FROM finish();
ROLLBACK;
