-- Upsert keys compared as their types compare them (doc/rows.md, "Functions"): repeated keys of
-- upsert_many under the type's own equality (numeric scale, bpchar padding, nondeterministic
-- collations), and upserts that give only keys (insert or leave the row alone: DO NOTHING).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS msm;
SET msm.log_events = off;
SELECT msm.migrate_upgrade() IS NOT NULL AS migrated \gset
BEGIN;
SELECT plan(22);

CREATE COLLATION public.msm_test_ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

-- one project model per key type: key k, value v (with a default)
CREATE FUNCTION pg_temp.key_model(model text, keytype text) RETURNS void LANGUAGE plpgsql AS $f$
DECLARE
    tbl text := 'my_project_markets__' || lower(model);
BEGIN
    EXECUTE format('CREATE TABLE public.%I (k %s PRIMARY KEY, v text NOT NULL DEFAULT %L)', tbl, keytype, 'default');
    EXECUTE format('COMMENT ON TABLE public.%I IS %L', tbl, 'Test rows keyed by one ' || keytype || ' column, for the batch key rules.');
    EXECUTE format('COMMENT ON COLUMN public.%I.k IS %L', tbl, 'The upsert key.');
    EXECUTE format('COMMENT ON COLUMN public.%I.v IS %L', tbl, 'The value the last row of a key gives.');
    PERFORM msm.declare_model(format('public.%I', tbl)::regclass, model, 'com.my_company.markets',
                              'my_project_markets', upsert_keys => ARRAY['k']);
END
$f$;
SELECT pg_temp.key_model('NumKey', 'numeric');
SELECT pg_temp.key_model('CharKey', 'character(3)');
SELECT pg_temp.key_model('CiKey', 'text COLLATE public.msm_test_ci');
SELECT pg_temp.key_model('TrigKey', 'text');
SELECT ok((msm.migrate_upgrade())->>'ok' = 'true', 'the test models are migrated');

-- UPDATE triggers must not fire for an upsert that gives only keys
CREATE TABLE public.trig_log (op text, k text);
GRANT INSERT ON public.trig_log TO PUBLIC;
CREATE FUNCTION public.trig_log_fn() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $f$
BEGIN
    INSERT INTO public.trig_log VALUES (TG_OP || ' ' || TG_LEVEL, CASE WHEN TG_LEVEL = 'ROW' THEN NEW.k END);
    RETURN CASE WHEN TG_LEVEL = 'ROW' THEN NEW END;
END
$f$;
CREATE TRIGGER trig_row BEFORE UPDATE ON public.my_project_markets__trigkey
    FOR EACH ROW EXECUTE FUNCTION public.trig_log_fn();
CREATE TRIGGER trig_stmt BEFORE UPDATE ON public.my_project_markets__trigkey
    FOR EACH STATEMENT EXECUTE FUNCTION public.trig_log_fn();

SELECT ok(msm.start_engine(models => ARRAY['NumKey', 'CharKey', 'CiKey', 'TrigKey']) IS NOT NULL, 'engine started');

-- ---------------------------------------------------------------------
-- repeated keys under the type's equality: one row, the last one wins
-- ---------------------------------------------------------------------
SELECT is(msm.upsert_many('NumKey', '[{"k": 1.0, "v": "first"}, {"k": 2, "v": "two"}, {"k": 1.00, "v": "last"}]'),
          2::bigint, 'numeric 1.0 and 1.00 are one key in a batch');
SELECT is((SELECT v FROM public.my_project_markets__numkey WHERE k = 1), 'last', 'and the last row of the key wins');
SELECT is(msm.upsert_many('NumKey', '[{"k": 1.000, "v": "again"}, {"k": 1, "v": "final"}]'), 1::bigint,
          'against a stored row: one update');
SELECT is((SELECT string_agg(k::text || '=' || v, ',' ORDER BY k) FROM public.my_project_markets__numkey),
          '1.00=final,2=two', 'numeric: two rows, the stored key keeps the spelling it was inserted with');

SELECT is(msm.upsert_many('CharKey', '[{"k": "a", "v": "first"}, {"k": "a ", "v": "last"}, {"k": "b", "v": "b"}]'),
          2::bigint, 'bpchar ''a'' and ''a '' are one key in a batch');
SELECT is((SELECT v FROM public.my_project_markets__charkey WHERE k = 'a'), 'last', 'bpchar: the last row wins');

SELECT is(msm.upsert_many('CiKey', '[{"k": "Apple", "v": "first"}, {"k": "pear", "v": "pear"}, {"k": "APPLE", "v": "last"}]'),
          2::bigint, 'a nondeterministic collation: Apple and APPLE are one key in a batch');
SELECT is((SELECT v FROM public.my_project_markets__cikey WHERE k = 'apple'), 'last',
          'nondeterministic collation: the last row wins');
SELECT is((SELECT count(*)::int FROM public.my_project_markets__cikey), 2, 'and two rows are stored');

-- many rows, keys in random order, repeated: each key once, the last value
SELECT is(msm.upsert_many('NumKey', (SELECT jsonb_agg(jsonb_build_object('k', ((g * 7919) % 300)::numeric / 10 * 1.00, 'v', 'g' || g))
                                       FROM generate_series(1, 1200) g)), 300::bigint,
          'a shuffled batch with repeated keys writes each key once');
SELECT is((SELECT v FROM public.my_project_markets__numkey WHERE k = 0), 'g1200', 'the last row of each key wins (k = 0)');

-- ---------------------------------------------------------------------
-- only keys given: insert, or leave the existing row alone
-- ---------------------------------------------------------------------
DELETE FROM public.trig_log;
SELECT is(msm.upsert('TrigKey', '{"k": "x"}'), '{"k": "x", "v": "default"}'::jsonb, 'a key-only upsert inserts');
UPDATE public.my_project_markets__trigkey SET v = 'kept' WHERE k = 'x';
DELETE FROM public.trig_log;
SELECT is(msm.upsert('TrigKey', '{"k": "x"}'), '{"k": "x", "v": "kept"}'::jsonb,
          'a key-only upsert of an existing row returns the stored row unchanged');
SELECT is(msm.upsert_many('TrigKey', '[{"k": "x"}, {"k": "y"}]'), 1::bigint,
          'a key-only batch inserts the new keys and leaves the existing rows alone');
SELECT is((SELECT count(*)::int FROM public.trig_log), 0, 'no UPDATE trigger fired (row or statement level)');
SELECT ok(msm.compile_upsert('TrigKey', '{"k": "x"}')->'statement'->>'sql' LIKE '%ON CONFLICT ("k") DO NOTHING%',
          'the compiled-sql.v1 envelope of a key-only upsert does nothing on conflict');

-- a role with INSERT (and SELECT for the returned row) but no UPDATE
CREATE ROLE msm_insert_only NOLOGIN;
GRANT SELECT, INSERT ON public.my_project_markets__trigkey TO msm_insert_only;
SELECT msm.stop_engine() IS NOT NULL AS stopped \gset
SET LOCAL ROLE msm_insert_only;
SELECT ok(msm.start_engine(models => ARRAY['TrigKey']) IS NOT NULL, 'the insert-only role attaches');
SELECT is(msm.upsert('TrigKey', '{"k": "x"}') ->> 'v', 'kept', 'upsert of an existing key needs no UPDATE privilege');
SELECT is(msm.upsert_many('TrigKey', '[{"k": "x"}, {"k": "z"}, {"k": "y"}]'), 1::bigint,
          'upsert_many of key-only rows needs no UPDATE privilege');
RESET ROLE;
SELECT is((SELECT string_agg(k || '=' || v, ',' ORDER BY k) FROM public.my_project_markets__trigkey),
          'x=kept,y=default,z=default', 'the key-only upserts left the existing rows alone');

SELECT * FROM finish();
ROLLBACK;
