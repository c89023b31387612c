-- msm.upsert_from (doc/rows.md, "Upserts from a staging table"): keys compare as the unique
-- index compares the stored values, after the column's typmod (numeric(10,2), varchar(3)) as
-- the INSERT applies it; an error of the model table's trigger is not taken for a repeated
-- key of the source; a table with inheritance children has no one physical order.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS msm;
SET msm.log_events = off;
SELECT msm.migrate_upgrade() IS NOT NULL AS migrated \gset
BEGIN;
SELECT plan(13);

CREATE TABLE public.my_project_markets__typmodkey (
    price numeric(10,2) NOT NULL,
    code varchar(3) NOT NULL,
    v text,
    PRIMARY KEY (price, code));
COMMENT ON TABLE public.my_project_markets__typmodkey IS 'Test rows keyed by a numeric(10,2) and a varchar(3).';
COMMENT ON COLUMN public.my_project_markets__typmodkey.price IS 'A key with a scale.';
COMMENT ON COLUMN public.my_project_markets__typmodkey.code IS 'A key of at most three characters.';
COMMENT ON COLUMN public.my_project_markets__typmodkey.v IS 'The value the last row of a key gives.';
SELECT msm.declare_model('public.my_project_markets__typmodkey'::regclass, 'TypmodKey', 'com.my_company.markets',
                         'my_project_markets', upsert_keys => ARRAY['price', 'code']) IS NOT NULL AS declared \gset
SELECT ok((msm.migrate_upgrade())->>'ok' = 'true', 'the test model is migrated');
SELECT ok(msm.start_engine(models => ARRAY['TypmodKey']) IS NOT NULL, 'engine started');

-- ---------------------------------------------------------------------
-- keys after the column's typmod
-- ---------------------------------------------------------------------
CREATE TABLE public.stg_wide (price numeric, code text, v text);
INSERT INTO public.stg_wide VALUES (1.231, 'ab', 'first'), (1.234, 'ab', 'last'), (2, 'cd', 'two');
SELECT is(msm.upsert_from('TypmodKey', 'public.stg_wide'), 2::bigint,
          '1.231 and 1.234 are one numeric(10,2) key: two rows written');
SELECT is((SELECT string_agg(price || '/' || code || '=' || v, ',' ORDER BY price)
             FROM public.my_project_markets__typmodkey),
          '1.23/ab=last,2.00/cd=two', 'the last row of the key wins, as with upsert_many');
SELECT is(msm.upsert_many('TypmodKey', '[{"price": 1.226, "code": "ab", "v": "many-first"},
                                         {"price": 1.234, "code": "ab", "v": "many-last"}]'),
          1::bigint, 'upsert_many: the same two spellings are one key');
SELECT is((SELECT v FROM public.my_project_markets__typmodkey WHERE price = 1.23), 'many-last',
          'upsert_many keeps the last row too');
INSERT INTO public.stg_wide VALUES (3, 'abcd', 'too long');
SELECT throws_ok($$ SELECT msm.upsert_from('TypmodKey', 'public.stg_wide') $$, '22001',
                 'value too long for type character varying(3)',
                 'a key too long for varchar(3) is an error, as INSERT assigns it, not truncated');
CREATE VIEW public.stg_wide_view AS SELECT * FROM public.stg_wide WHERE code <> 'abcd';
SELECT throws_ok($$ SELECT msm.upsert_from('TypmodKey', 'public.stg_wide_view') $$, '21000',
                 'source public.stg_wide_view repeats a key of model TypmodKey',
                 'a view: 1.231 and 1.234 are a repeated key');

-- ---------------------------------------------------------------------
-- an error of the model table's trigger is its own
-- ---------------------------------------------------------------------
CREATE TABLE public.stg_one (price numeric(10,2), code varchar(3), v text);
INSERT INTO public.stg_one VALUES (9, 'zz', 'nine');
CREATE VIEW public.stg_one_view AS SELECT * FROM public.stg_one;
CREATE FUNCTION public.typmodkey_check() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $f$
BEGIN
    PERFORM (SELECT x FROM (VALUES (1), (2)) AS t(x));
    RETURN NEW;
END
$f$;
CREATE TRIGGER typmodkey_check BEFORE INSERT ON public.my_project_markets__typmodkey
    FOR EACH ROW EXECUTE FUNCTION public.typmodkey_check();
SELECT throws_ok($$ SELECT msm.upsert_from('TypmodKey', 'public.stg_one_view') $$, '21000',
                 'more than one row returned by a subquery used as an expression',
                 'a view without repeated keys: the trigger''s cardinality error is not reported as a repeated key');
DROP TRIGGER typmodkey_check ON public.my_project_markets__typmodkey;

-- ---------------------------------------------------------------------
-- a table with inheritance children: no one physical order
-- ---------------------------------------------------------------------
CREATE TABLE public.stg_parent (price numeric(10,2), code varchar(3), v text);
INSERT INTO public.stg_parent VALUES (20, 'in', 'parent');
SELECT is(msm.upsert_from('TypmodKey', 'public.stg_parent'), 1::bigint, 'a table before it has children');
CREATE TABLE public.stg_child () INHERITS (public.stg_parent);
INSERT INTO public.stg_child VALUES (20, 'in', 'child');
SELECT throws_ok($$ SELECT msm.upsert_from('TypmodKey', 'public.stg_parent') $$, '21000',
                 'source public.stg_parent repeats a key of model TypmodKey',
                 'a key in the parent and in a child (rows of two tables, no one physical order) is a repeated key');
DELETE FROM ONLY public.stg_parent;
SELECT is(msm.upsert_from('TypmodKey', 'public.stg_parent'), 1::bigint, 'the rows of its children are read');
SELECT is((SELECT v FROM public.my_project_markets__typmodkey WHERE price = 20), 'child', 'the child''s row is written');

SELECT * FROM finish();
ROLLBACK;
