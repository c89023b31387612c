-- start_engine reads only the requested models and their FK closure
-- (doc/runtime.md, "Selectors", "Dependency expansion and order"), and the
-- row API finds runtime models by any selector through the runtime's hash
-- (doc/rows.md, "Row API"), also after DDL on the table.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS msm;
BEGIN;
SELECT plan(31);

SET LOCAL msm.validate_descriptions = off;
SELECT lives_ok($$ SELECT msm.migrate_upgrade() $$, 'built-ins migrated');

-- Alpha -> Asset, Beta -> Alpha; a second "Alpha" (qualified base, declared
-- later); Gamma -> Beta and Asset (two keys, followed by constraint name)
CREATE TABLE public.closure_app__alpha (id int PRIMARY KEY, asset_uid uuid REFERENCES public.ms_markets__asset (uid));
CREATE TABLE public.closure_app__beta (id int PRIMARY KEY, alpha_id int REFERENCES public.closure_app__alpha (id), note text);
SELECT format('CREATE TABLE public.%I (id int PRIMARY KEY)', msm.physical_table_name('closure_app', 'com.closure.two.Alpha')) AS ddl \gset
:ddl;
CREATE TABLE public.closure_app__gamma (id int PRIMARY KEY, z_beta int REFERENCES public.closure_app__beta (id),
                                        a_asset uuid REFERENCES public.ms_markets__asset (uid));
DO $$
BEGIN
    PERFORM msm.declare_model(format('public.closure_app__%s', lower(b))::regclass, base_identifier => b,
                              metatable_namespace => 'com.closure.one', storage_app => 'closure_app',
                              upsert_keys => ARRAY['id'])
       FROM unnest(ARRAY['Alpha', 'Beta']) b;
    PERFORM msm.declare_model(format('public.%I', msm.physical_table_name('closure_app', 'com.closure.two.Alpha'))::regclass,
                              base_identifier => 'com.closure.two.Alpha', storage_app => 'closure_app',
                              upsert_keys => ARRAY['id']);
    PERFORM msm.declare_model('public.closure_app__gamma'::regclass, base_identifier => 'Gamma',
                              metatable_namespace => 'com.closure.one', storage_app => 'closure_app',
                              upsert_keys => ARRAY['id']);
END $$;
SELECT lives_ok($$ SELECT msm.migrate_upgrade() $$, 'declared models registered');

-- every selector form of Beta attaches the same closure
CREATE FUNCTION pg_temp.attached(sel text) RETURNS jsonb LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM msm.stop_engine();
    RETURN msm.start_engine(models => ARRAY[sel])->'meta_table_models';
END $f$;
SELECT is(pg_temp.attached(s), '["Asset", "Alpha", "Beta"]'::jsonb, 'Beta by ' || how || ' attaches Beta, Alpha and Asset')
  FROM (VALUES ('model name', 'Beta'),
               ('class name', (SELECT class_name FROM msm.models_of() WHERE table_name = 'closure_app__beta')),
               ('identifier', 'com.closure.one.Beta'),
               ('table name', 'closure_app__beta')) v(how, s);

-- an ambiguous selector names the first model of msm.models_of()
SELECT is(pg_temp.attached('Alpha'), '["Asset", "Alpha"]'::jsonb,
          'an ambiguous selector attaches one model (here the Alpha declared first, with its key to Asset)');
SELECT is((msm.runtime_table('Alpha')).table_name,
          (SELECT m.table_name::text FROM msm.models_of() m
            WHERE 'Alpha' IN (m.model_name, m.class_name, m.identifier, m.table_name) ORDER BY m.position LIMIT 1),
          'an ambiguous selector names the first model in msm.models_of() order');
SELECT is(pg_temp.attached('com.closure.two.Alpha'), '["Alpha"]'::jsonb,
          'the qualified identifier names the other Alpha (no foreign keys: alone)');

-- two foreign keys: targets first, the requested model last
SELECT is(pg_temp.attached('Gamma'), '["Asset", "Alpha", "Beta", "Gamma"]'::jsonb,
          'Gamma expands along both of its foreign keys');
SELECT is(msm.start_engine(models => ARRAY['Gamma'])->'cached', 'true'::jsonb, 'the same call is cached');

-- errors keep their wording
SELECT throws_ok($$ SELECT pg_temp.attached('NoSuchClosureModel') $$, '42704',
                 'unknown markets MetaTable model "NoSuchClosureModel"', 'an unknown selector is an error');
SELECT throws_ok($$ SELECT pg_temp.attached('closure_app__beta_extra') $$, '42704', NULL,
                 'a table name that is no model is an error');
DO $$
DECLARE t text := msm.physical_table_name('closure_app', repeat('LongName', 10));
BEGIN
    EXECUTE format('CREATE TABLE public.%I (id int PRIMARY KEY)', t);
    EXECUTE format('COMMENT ON TABLE public.%I IS %L', t, 'One row per long named closure test item, to test selector lengths.');
    EXECUTE format('COMMENT ON COLUMN public.%I.id IS %L', t, 'The identifier of the long named item.');
    PERFORM msm.declare_model(format('public.%I', t)::regclass, base_identifier => repeat('LongName', 10),
                              metatable_namespace => 'com.closure', storage_app => 'closure_app',
                              kind => 'meta_table', upsert_keys => ARRAY['id']);
END $$;
SELECT is(octet_length(msm.physical_table_name('closure_app', repeat('LongName', 10))), 63,
          'a declared table whose name has the full 63 bytes');
SELECT throws_ok(format('SELECT pg_temp.attached(%L)', msm.physical_table_name('closure_app', repeat('LongName', 10)) || 'zzz'),
                 '42704', NULL,
                 'a selector longer than a name is no table name, never its 63-byte truncation');
CREATE TABLE public.closure_plain (id int PRIMARY KEY);
SAVEPOINT plain;
ALTER TABLE public.closure_app__beta ADD COLUMN plain_id int REFERENCES public.closure_plain (id);
SELECT throws_ok($$ SELECT pg_temp.attached('Gamma') $$, '42P16',
                 'foreign key target public.closure_plain of model Beta is no markets model',
                 'a foreign key to a table that is no model is an error, found in the closure');
ROLLBACK TO SAVEPOINT plain;
SAVEPOINT cycle;
ALTER TABLE public.closure_app__alpha ADD COLUMN beta_id int REFERENCES public.closure_app__beta (id);
SELECT throws_ok($$ SELECT pg_temp.attached('Beta') $$, '42P16',
                 'foreign keys between markets models form a cycle: Alpha -> Beta -> Alpha',
                 'a cycle is reported from its first model in msm.models_of() order');
ROLLBACK TO SAVEPOINT cycle;

-- the row API by every selector form, through the runtime's hash
SELECT is(jsonb_array_length(pg_temp.attached('Gamma')), 4, 'Gamma attached again');
SELECT is(msm.upsert('Beta', '{"id": 1, "note": "n"}')->>'note', 'n', 'upsert by model name');
SELECT is(msm.get('closure_app__beta', '{"id": 1}')->>'note', 'n', 'get by table name');
SELECT is(msm.get('com.closure.one.Beta', '{"id": 1}')->>'note', 'n', 'get by identifier');
SELECT is(msm.get((SELECT class_name FROM msm.models_of() WHERE table_name = 'closure_app__beta'), '{"id": 1}')->>'note',
          'n', 'get by class name');
ALTER TABLE public.closure_app__beta ADD COLUMN extra text DEFAULT 'x';
SELECT is(msm.get('closure_app__beta', '{"id": 1}')->>'extra', 'x', 'after DDL the table name still finds the model, with the new column');
SELECT throws_ok($$ SELECT msm.get('com.closure.two.Alpha', '{"id": 1}') $$, '55000', NULL,
                 'a model outside the runtime is refused with the guidance');

-- result rows are to_jsonb's, built from the cached column output info
-- (every plain scalar kind) or by to_jsonb itself (a jsonb column)
CREATE DOMAIN pg_temp.short_text AS varchar(10);
CREATE TABLE public.closure_app__kinds (
    id int PRIMARY KEY, b boolean, i2 smallint, i8 bigint, f4 real, f8 double precision,
    n numeric(38,18), nn numeric, fnan double precision, finf double precision, d date, ts timestamp,
    tstz timestamptz, u uuid, t text, dom pg_temp.short_text, iv interval, c "char", nul text,
    bp char(6), vc varchar(20), nz numeric, i4 integer);
CREATE TABLE public.closure_app__mixed (id int PRIMARY KEY, doc jsonb, tags text[]);
SELECT bool_and(msm.declare_model(format('public.closure_app__%s', lower(b))::regclass, base_identifier => b,
       metatable_namespace => 'com.closure.one', storage_app => 'closure_app', upsert_keys => ARRAY['id']) IS NULL) IS NULL AS declared
  FROM unnest(ARRAY['Kinds', 'Mixed']) b \gset
SELECT msm.migrate_upgrade() IS NULL AS migrated \gset
SELECT msm.stop_engine() AND msm.start_engine(models => ARRAY['Kinds', 'Mixed']) IS NULL AS attached \gset
INSERT INTO public.closure_app__kinds VALUES
    (1, true, -3, 9223372036854775807, 1.5, 0.1, 12345678901234567890.123456789012345678, 1e-30,
     'NaN', '-Infinity', '2026-01-02', '2026-01-02 03:04:05.123456', '2026-01-02 03:04:05+02',
     '00000000-0000-4000-8000-00000000000a', 'café "q"', 'short', '1 day 2 hours', 'x', NULL,
     'ab', 'v "w"', 2.50, -2147483648),
    (2, false, 0, -9223372036854775808, 'NaN', 'Infinity', -0.000000000000000001, 'NaN',
     '-0', '1e308', '-infinity', 'infinity', 'epoch', NULL, '', '', '-1 sec', ' ', 'n',
     'abcdef', '', 'Infinity', 0),
    (3, NULL, NULL, NULL, NULL, NULL, 0, '-Infinity', NULL, NULL, NULL, NULL, NULL, NULL, NULL,
     NULL, NULL, NULL, NULL, NULL, NULL, 100.000, NULL);
INSERT INTO public.closure_app__mixed VALUES (1, '{"a": [1, 2.50, null]}', ARRAY['p', NULL]);
SELECT is(msm.get('Kinds', '{"id": 1}'), (SELECT to_jsonb(k) FROM public.closure_app__kinds k WHERE id = 1),
          'a row of every plain scalar kind is exactly to_jsonb of the row');
-- as text: jsonb equality would not see a numeric's scale (2.50 = 2.5)
SELECT is(array_agg(msm.get('Kinds', jsonb_build_object('id', id))::text ORDER BY id),
          array_agg(to_jsonb(k)::text ORDER BY id),
          'rows of extreme, special and null values have to_jsonb''s text (scales, NaN, infinities, padding)')
  FROM public.closure_app__kinds k;
SELECT is(msm.upsert('Kinds', (SELECT to_jsonb(k) FROM public.closure_app__kinds k WHERE id = 2))::text,
          (SELECT to_jsonb(k)::text FROM public.closure_app__kinds k WHERE id = 2),
          'the row an upsert returns has to_jsonb''s text too');
SELECT is(msm.get('Mixed', '{"id": 1}'), (SELECT to_jsonb(k) FROM public.closure_app__mixed k),
          'a row with jsonb and array columns is exactly to_jsonb of the row');

-- more than 8 requested declared models are read in one scan: same answer
CREATE FUNCTION pg_temp.attached_all(sels text[]) RETURNS jsonb LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM msm.stop_engine();
    RETURN msm.start_engine(models => sels)->'meta_table_models';
END $f$;
SELECT is(pg_temp.attached_all(ARRAY['Beta', 'Gamma', 'Alpha', 'closure_app__beta', 'com.closure.one.Gamma',
                                     'Kinds', 'Mixed', 'com.closure.two.Alpha', 'Beta']),
          pg_temp.attached_all(ARRAY['Beta', 'Gamma', 'Alpha', 'closure_app__beta', 'com.closure.one.Gamma',
                                     'Kinds', 'Mixed', 'com.closure.two.Alpha']),
          'nine declared selectors (one scan) resolve as eight (one query each)');
SELECT is(pg_temp.attached_all(ARRAY['Beta', 'Gamma', 'Alpha', 'closure_app__beta', 'com.closure.one.Gamma',
                                     'Kinds', 'Mixed', 'com.closure.two.Alpha', 'Beta']),
          '["Asset", "Alpha", "Beta", "Gamma", "Kinds", "Mixed", "Alpha"]'::jsonb,
          'targets first, then requested models by their first position');

-- the kept model queries follow a re-created extension
SELECT msm.stop_engine() IS NOT NULL AS stopped \gset
DROP EXTENSION msm CASCADE;  -- the hostile search path test (85) adds functions over msm types
CREATE EXTENSION msm;
SET LOCAL msm.validate_descriptions = off;
SELECT msm.migrate_upgrade() IS NULL AS migrated \gset
SELECT is(msm.start_engine(models => ARRAY['Asset'])->'meta_table_models', '["Asset"]'::jsonb,
          'start_engine reads the new extension''s tables after DROP and CREATE EXTENSION');

SELECT * FROM finish();
ROLLBACK;
