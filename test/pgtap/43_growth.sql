-- Attachment of many models and the DBA views keep their answers where
-- their cost became linear (doc/benchmarks.md, "Growth with the number of
-- models"): the FK order of a large closure (heap Kahn sort, hashed closure
-- and table lookups, registry rows bound by hash), a missing registration
-- among many, msm.model_edges (one msm._fk_edges call) and
-- msm.catalog_status (one size per table), and plans of the DBA views that
-- stay under jit_above_cost.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS msm;
BEGIN;
SELECT plan(14);

SET LOCAL msm.validate_descriptions = off;
SELECT lives_ok($$ SELECT msm.migrate_upgrade() $$, 'built-ins migrated');

-- 18 declared models in pairs: T02, T04, ... reference Asset; T01 references
-- T02, T03 references T04, and so on
DO $$
DECLARE
    t text;
BEGIN
    FOR i IN REVERSE 18..1 LOOP
        t := msm.physical_table_name('growth_app', 'T' || lpad(i::text, 2, '0'));
        IF i % 2 = 0 THEN
            EXECUTE format('CREATE TABLE public.%I (asset_uid uuid PRIMARY KEY REFERENCES public.ms_markets__asset (uid))', t);
        ELSE
            EXECUTE format('CREATE TABLE public.%I (id int PRIMARY KEY, pair_uid uuid REFERENCES public.%I (asset_uid))',
                           t, msm.physical_table_name('growth_app', 'T' || lpad((i + 1)::text, 2, '0')));
        END IF;
    END LOOP;
    FOR i IN 1..18 LOOP
        PERFORM msm.declare_model(format('public.%I', msm.physical_table_name('growth_app', 'T' || lpad(i::text, 2, '0')))::regclass,
                                  base_identifier => 'T' || lpad(i::text, 2, '0'), metatable_namespace => 'com.growth',
                                  storage_app => 'growth_app',
                                  upsert_keys => CASE WHEN i % 2 = 0 THEN ARRAY['asset_uid'] ELSE ARRAY['id'] END);
    END LOOP;
END $$;
SELECT lives_ok($$ SELECT msm.migrate_upgrade() $$, 'the 18 declared models registered');

CREATE FUNCTION pg_temp.attached(sel text[]) RETURNS jsonb LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM msm.stop_engine();
    RETURN msm.start_engine(models => sel)->'meta_table_models';
END $f$;
CREATE FUNCTION pg_temp.names(idx int[]) RETURNS text[] LANGUAGE sql AS $f$
    SELECT array_agg('T' || lpad(i::text, 2, '0') ORDER BY o) FROM unnest(idx) WITH ORDINALITY u(i, o)
$f$;

-- targets first; among the ready ones, the lowest caller position
SELECT is(pg_temp.attached(pg_temp.names(ARRAY(SELECT generate_series(1, 18)))),
          to_jsonb(ARRAY['Asset'] || pg_temp.names(ARRAY[2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 12, 11, 14, 13, 16, 15, 18, 17])),
          '18 models in declaration order: each pair target first, pairs in caller order');
SELECT is(pg_temp.attached(pg_temp.names(ARRAY(SELECT generate_series(18, 1, -1)))),
          to_jsonb(ARRAY['Asset'] || pg_temp.names(ARRAY(SELECT generate_series(18, 1, -1)))),
          '18 models in reverse order: the caller order, every target already first');
SELECT is(pg_temp.attached(pg_temp.names(ARRAY[1, 3, 5, 7, 9, 11, 13, 15, 17])),
          to_jsonb(ARRAY['Asset'] || pg_temp.names(ARRAY[2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 12, 11, 14, 13, 16, 15, 18, 17])),
          '9 requested models expand along their keys to 18: each found target right before its first referrer');
SELECT is(pg_temp.attached(pg_temp.names(ARRAY[17, 2, 5]) || ARRAY['Asset']),
          to_jsonb(ARRAY['Asset'] || pg_temp.names(ARRAY[2, 18, 17, 6, 5])),
          'a built-in first, then requested (T02) before discovered (T18, T06) targets, each before its referrer');

-- a missing registration among many is named (rows bound by table name)
SAVEPOINT inactive;
UPDATE msm.meta_table SET provisioning_status = 'failed'
 WHERE physical_table_name = msm.physical_table_name('growth_app', 'T07');
CREATE FUNCTION pg_temp.error_of(q text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE
    m text;
    d text;
BEGIN
    EXECUTE q;
    RETURN NULL;
EXCEPTION WHEN others THEN
    GET STACKED DIAGNOSTICS m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL;
    RETURN m || ' / ' || d;
END $f$;
SELECT is(pg_temp.error_of(format($$ SELECT pg_temp.attached(%L) $$, pg_temp.names(ARRAY(SELECT generate_series(1, 18))))),
          '1 markets table has no active platform_managed MetaTable registration / '
          || format('Missing registrations: %s (model T07, not active).', msm.physical_table_name('growth_app', 'T07')),
          'one inactive registration among 19 models is an error naming it');
ROLLBACK TO SAVEPOINT inactive;
SELECT is(jsonb_array_length(pg_temp.attached(pg_temp.names(ARRAY(SELECT generate_series(1, 18))))), 19,
          'with the registration active again the 19 models attach');

-- msm.model_edges: every key, target model and columns
SELECT set_eq($$ SELECT model_name, target_model, target_table::text, columns, target_columns, on_delete
                   FROM msm.model_edges WHERE namespace = '' AND model_name LIKE 'T__' $$,
              $$ SELECT 'T' || lpad(i::text, 2, '0') AS m,
                        CASE WHEN i % 2 = 0 THEN 'Asset' ELSE 'T' || lpad((i + 1)::text, 2, '0') END AS tm,
                        CASE WHEN i % 2 = 0 THEN 'ms_markets__asset'
                             ELSE msm.physical_table_name('growth_app', 'T' || lpad((i + 1)::text, 2, '0')) END AS tt,
                        CASE WHEN i % 2 = 0 THEN ARRAY['asset_uid'] ELSE ARRAY['pair_uid'] END AS c,
                        CASE WHEN i % 2 = 0 THEN ARRAY['uid'] ELSE ARRAY['asset_uid'] END AS tc,
                        'NO ACTION' AS d
                   FROM generate_series(1, 18) i $$,
              'model_edges: one row per foreign key, with its target model');
SELECT is((SELECT count(*) FROM msm.model_edges e JOIN pg_catalog.pg_constraint c
                ON c.conname = e.constraint_name AND c.conrelid = to_regclass('public.' || e.table_name)
              WHERE e.namespace = '' AND c.contype = 'f'),
          (SELECT count(*) FROM pg_catalog.pg_constraint c
             JOIN msm.models_of() m ON c.conrelid = to_regclass(format('%I.%I', m.physical_schema, m.table_name))
            WHERE c.contype = 'f'),
          'model_edges: every foreign key of every model table, once');

-- msm.catalog_status: the size of each table, computed once per row
SELECT set_eq($$ SELECT table_name, table_exists, total_bytes, total_size FROM msm.catalog_status
                  WHERE table_name LIKE 'growth_app__%' $$,
              $$ SELECT c.table_name, true AS e, pg_total_relation_size(format('public.%I', c.table_name)) AS b,
                        pg_size_pretty(pg_total_relation_size(format('public.%I', c.table_name))) AS s
                   FROM msm.catalog c WHERE c.table_name LIKE 'growth_app__%' $$,
              'catalog_status: total_bytes and total_size of every table');

-- the DBA views are not planned as millions of rows (JIT compilation)
CREATE FUNCTION pg_temp.cost(q text) RETURNS float8 LANGUAGE plpgsql AS $f$
DECLARE
    j json;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || q INTO j;
    RETURN (j->0->'Plan'->>'Total Cost')::float8;
END $f$;
SELECT cmp_ok(pg_temp.cost('SELECT * FROM msm.' || v), '<', current_setting('jit_above_cost')::float8,
              v || ' is planned under jit_above_cost')
  FROM unnest(ARRAY['model_edges', 'model_status', 'catalog_status']) v;

SELECT * FROM finish();
ROLLBACK;
