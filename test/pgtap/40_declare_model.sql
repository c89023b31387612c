-- Project models (doc/models.md, "Project models"): declare, migrate, catalog; every refusal.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS msm;
BEGIN;
SELECT plan(24);

SELECT lives_ok($$ SELECT msm.migrate_upgrade() $$, 'built-ins migrated');

\i test/fixtures/my_asset_details.sql

SELECT is(msm.declare_model('public.my_project_markets__myassetdetails'::regclass,
            base_identifier => 'MyAssetDetails', metatable_namespace => 'com.my_company.markets',
            storage_app => 'my_project_markets', kind => 'meta_table', upsert_keys => ARRAY['asset_uid'])->>'identifier',
          'com.my_company.markets.MyAssetDetails', 'declare_model returns the qualified identifier');
SELECT is((SELECT count(*)::int FROM msm.models_of() WHERE model_name = 'MyAssetDetails'), 1,
          'declared model joins the namespace''s models');
SELECT is((SELECT count(*)::int FROM msm.meta_table WHERE physical_table_name = 'my_project_markets__myassetdetails'), 0,
          'declaring does not register');

CREATE TEMP TABLE r AS SELECT msm.migrate_upgrade() AS doc;
SELECT ok((SELECT doc->'meta_table_uids' ? 'my_project_markets__myassetdetails' FROM r),
          'next migration registers the declared table');
SELECT is((SELECT provisioning_status FROM msm.meta_table WHERE physical_table_name = 'my_project_markets__myassetdetails'),
          'active', 'declared table row is active');
SELECT is((SELECT model_name || ':' || description FROM msm.catalog WHERE table_name = 'my_project_markets__myassetdetails'),
          'MyAssetDetails:One row of project risk details per asset, used by the risk desk to bucket exposures.',
          'declared model appears in the catalog with its description');
SELECT is((SELECT namespace FROM msm.meta_table WHERE physical_table_name = 'my_project_markets__myassetdetails'),
          'com.my_company.markets', 'registry row carries the metatable namespace');

-- refusals
-- declare_sql(MORE, tbl =>, base =>, ns =>, app =>): the text of a
-- msm.declare_model call, for throws_ok, with MORE (named arguments) after
-- the four positional ones; they default to the NoKeys model of
-- my_project_markets__nokeys (NULLs are passed as NULL)
CREATE FUNCTION pg_temp.declare_sql(more text, tbl text DEFAULT 'public.my_project_markets__nokeys',
                                    base text DEFAULT 'NoKeys', ns text DEFAULT 'com.my_company.markets',
                                    app text DEFAULT 'my_project_markets')
    RETURNS text LANGUAGE sql AS
$f$ SELECT format('SELECT msm.declare_model(%L::regclass, %L, %L, %L%s)', tbl, base, ns, app, ', ' || more) $f$;
CREATE TABLE public.my_project_markets__wrongname (id uuid PRIMARY KEY);
SELECT throws_ok(pg_temp.declare_sql($$upsert_keys => ARRAY['id']$$, 'public.my_project_markets__wrongname', 'MyOther'),
                 '42602', 'table my_project_markets__wrongname does not follow the msm naming rule',
                 'a table whose name breaks the naming rule is refused');
SELECT throws_like(pg_temp.declare_sql($$upsert_keys => ARRAY['id']$$, 'public.my_project_markets__wrongname', 'MyOther'),
                   '%naming rule%', 'refusal message');
CREATE TABLE public.other_app__myassetdetails (asset_uid uuid PRIMARY KEY);
SELECT throws_ok(pg_temp.declare_sql($$upsert_keys => ARRAY['asset_uid']$$, 'public.other_app__myassetdetails',
                                     'MyAssetDetails', app => 'other_app'),
                 '42710', NULL, 'an identifier already taken in the namespace is refused');
CREATE TABLE public.my_project_markets__nokeys (id uuid PRIMARY KEY, code text);
SELECT throws_ok(pg_temp.declare_sql($$upsert_keys => ARRAY['code']$$), '42P16',
                 'upsert keys (code) of public.my_project_markets__nokeys do not match a unique index',
                 'upsert keys must match a unique index');
SELECT throws_ok(pg_temp.declare_sql($$upsert_keys => ARRAY['nope']$$), '42703', NULL, 'unknown upsert key column');
SELECT throws_ok(pg_temp.declare_sql(NULL), '22023', 'upsert_keys is required for a meta_table model',
                 'meta_table needs upsert keys');
SELECT throws_ok(pg_temp.declare_sql($$kind => 'bogus', upsert_keys => ARRAY['id']$$), '22023', NULL, 'bad kind');
SELECT throws_ok(pg_temp.declare_sql(NULL, tbl => NULL), '22004', 'table is required', 'NULL table');
SELECT throws_ok(pg_temp.declare_sql(NULL, base => '   '), '22023', 'base_identifier is required',
                 'blank base identifier');
SELECT throws_ok(pg_temp.declare_sql($$upsert_keys => ARRAY['id']$$, ns => NULL), '22023',
                 'metatable_namespace is required', 'unqualified base needs a metatable namespace');

-- time-index rules
CREATE TABLE public.my_project_markets__riskts (
    time_index timestamptz, asset_uid uuid NOT NULL, value float8);
CREATE UNIQUE INDEX ON public.my_project_markets__riskts (time_index, asset_uid);
SELECT throws_ok($$ SELECT msm.declare_model('public.my_project_markets__riskts'::regclass, 'RiskTS',
                     'com.my_company.markets', 'my_project_markets', kind => 'time_index') $$,
                 '42P16', 'grain columns of time-index table public.my_project_markets__riskts must be not null',
                 'nullable time index is refused');
ALTER TABLE public.my_project_markets__riskts ALTER COLUMN time_index SET NOT NULL;
CREATE TABLE public.my_project_markets__badts (asset_uid uuid NOT NULL, time_index timestamptz NOT NULL);
CREATE UNIQUE INDEX ON public.my_project_markets__badts (asset_uid, time_index);
SELECT throws_ok($$ SELECT msm.declare_model('public.my_project_markets__badts'::regclass, 'BadTS',
                     'com.my_company.markets', 'my_project_markets', kind => 'time_index') $$,
                 '42P16', 'first column of the grain index of public.my_project_markets__badts is not temporal',
                 'grain index must start with the time index');
SELECT is(msm.declare_model('public.my_project_markets__riskts'::regclass, 'RiskTS',
            'com.my_company.markets', 'my_project_markets', kind => 'time_index')->>'time_index',
          'time_index', 'a valid time-index table is declared with its time index');
SELECT is((SELECT upsert_keys FROM msm.declared_model WHERE table_name = 'my_project_markets__riskts'),
          ARRAY['time_index', 'asset_uid'], 'time-index upsert keys are the grain');

-- a declared table that is missing at migration cannot be reserved (the
-- reservation carries its contract): the run fails, changes nothing
DROP TABLE public.my_project_markets__riskts;
SELECT throws_ok($$ SELECT msm.migrate_upgrade() $$, '42P01', 'project tables to reserve do not exist',
                 'missing declared table fails before its reservation');

-- namespaced declaration follows the namespaced physical name
CREATE TABLE public.my_project_markets__myassetdetails__mainsequence_examples (asset_uid uuid PRIMARY KEY);
SELECT is(msm.declare_model('public.my_project_markets__myassetdetails__mainsequence_examples'::regclass,
            'MyAssetDetails', 'com.my_company.markets', 'my_project_markets',
            upsert_keys => ARRAY['asset_uid'], namespace => 'mainsequence.examples')->>'identifier',
          'mainsequence.examples.MyAssetDetails', 'deployment namespace replaces the metatable namespace');

SELECT * FROM finish();
ROLLBACK;
