-- Migrations on the embedded registry: physical schema facts, idempotence,
-- namespaces, registry rows and the catalog.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS msm;
BEGIN;
SELECT plan(35);

CREATE TEMP TABLE r1 AS SELECT msm.migrate_upgrade() AS doc;

SELECT is((SELECT (doc->>'ok')::boolean FROM r1), true, 'migrate_upgrade reports ok');
SELECT is((SELECT doc->>'revision' FROM r1), '0015', 'head revision applied (upstream''s head, 0015)');
SELECT is((SELECT count(*)::int FROM jsonb_object_keys((SELECT doc->'meta_table_uids' FROM r1))), 56,
          '56 MetaTable uids (55 models + registry root)');
SELECT is((SELECT (doc->>'finalized_count')::int FROM r1), 56, 'all 56 rows finalized');
SELECT is((SELECT count(*)::int FROM msm.meta_table WHERE provisioning_status = 'active'), 56,
          'registry rows are active');
SELECT is((SELECT count(*)::int FROM msm.meta_table WHERE resource_type = 'time_index'), 15,
          'fifteen TimeIndexMetaTables');
SELECT is((SELECT count(DISTINCT alembic_version_meta_table_uid)::int FROM msm.meta_table
            WHERE physical_table_name <> 'ms_markets__alembic_version'), 1,
          'every model row points at the registry root');
SELECT is((SELECT alembic_version_meta_table_uid FROM msm.meta_table WHERE physical_table_name = 'ms_markets__asset'),
          (SELECT uid FROM msm.meta_table WHERE physical_table_name = 'ms_markets__alembic_version'),
          'root uid is the version table''s MetaTable');
SELECT is((SELECT table_contract->>'version' FROM msm.meta_table WHERE physical_table_name = 'ms_markets__asset'),
          'relational-table.v1', 'registered table contract is relational-table.v1');
SELECT is((SELECT c->>'data_type' FROM msm.meta_table m, jsonb_array_elements(m.table_contract->'columns') c
            WHERE m.physical_table_name = 'ms_markets__calendarsession' AND c->>'name' = 'opens_at'),
          'timestamp with time zone', 'contract data_type token for timestamptz');

-- physical facts of the built-in DDL
SELECT has_table('public', 'ms_markets__asset', 'Asset table exists');
SELECT col_is_pk('public', 'ms_markets__asset', 'uid', 'Asset primary key is uid');
SELECT has_index('public', 'ms_markets__asset', 'uix__ms_markets__asset__unique_identifier',
                 'unique index name follows bounded_identifier');
SELECT index_is_unique('public', 'ms_markets__asset', 'uix__ms_markets__asset__unique_identifier',
                       'uix is unique');
SELECT has_index('public', 'ms_markets__asset', 'ix__ms_markets__asset__asset_type', 'plain index name');
SELECT matches((SELECT string_agg(conname, ',') FROM pg_constraint
                  WHERE conrelid = 'public.ms_markets__currencyspotassetdetails'::regclass
                    AND contype = 'f' AND confrelid = 'public.ms_markets__asset'::regclass
                    AND conkey = ARRAY[(SELECT attnum FROM pg_attribute WHERE attrelid = 'public.ms_markets__currencyspotassetdetails'::regclass AND attname = 'asset_uid')]),
               '^fk__ms_markets__currencyspotassetdetails__asset_uid_[0-9a-f]{10}$',
               'long FK names are cut to 52 chars plus an MD5 marker');
SELECT ok(EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = 'public.ms_markets__currencyspotassetdetails'::regclass
                     AND contype = 'f' AND length(conname) <= 63
                     AND conname = msm.bounded_identifier('fk', 'ms_markets__currencyspotassetdetails',
                                                          'asset_uid', 'ms_markets__asset', 'uid')
                     AND confdeltype = 'c'), 'detail FK to Asset is ON DELETE CASCADE with its bounded name');
SELECT is((SELECT confdeltype::text FROM pg_constraint
            WHERE conrelid = 'public.ms_markets__portfolio'::regclass AND contype = 'f'
              AND confrelid = 'public.ms_markets__signalmetadata'::regclass), 'r',
          'Portfolio.signal_uid -> SignalMetadata is RESTRICT');
SELECT is((SELECT confdeltype::text FROM pg_constraint
            WHERE conrelid = 'public.ms_markets__account'::regclass AND contype = 'f'), 'n',
          'Account.account_group_uid -> AccountGroup is SET NULL');
-- no server defaults, as upstream: the row API fills the model default
SELECT col_hasnt_default('public', 'ms_markets__calendar', 'timezone', 'Calendar.timezone has no server default (as upstream)');
SELECT is((SELECT default_expr FROM msm.builtin_column WHERE model_name = 'Calendar' AND column_name = 'timezone'),
          '''UTC''', 'Calendar.timezone defaults to UTC in the model (filled by the row API)');
SELECT col_type_is('public', 'ms_markets__futureassetdetails', 'contract_size', 'numeric(38,18)',
                   'FutureAssetDetails.contract_size is numeric(38,18)');
SELECT is((SELECT count(*)::int FROM pg_constraint WHERE conrelid = 'public.ms_markets__targetpositionsts'::regclass
            AND contype = 'c'), 3, 'TargetPositionsTS carries its three checks');
SELECT is((SELECT pg_get_indexdef(indexrelid) FROM pg_index
            WHERE indexrelid = 'public.uix__ms_markets__indexformuladefinition__index_uid'::regclass),
          'CREATE UNIQUE INDEX uix__ms_markets__indexformuladefinition__index_uid ON public.ms_markets__indexformuladefinition USING btree (index_uid) WHERE ((status)::text = ''active''::text)',
          'partial unique index carries its predicate');
SELECT hasnt_pk('public', 'ms_markets__ordersts', 'time-index tables have no primary key');

-- descriptions on the physical tables (built-in rules of doc/models.md, "Descriptions")
SELECT is_empty($$
    SELECT m.table_name FROM msm.models_of() m
     WHERE array_length(regexp_split_to_array(btrim(obj_description(format('%I.%I', m.physical_schema, m.table_name)::regclass, 'pg_class')), '\s+'), 1) < 8
        OR obj_description(format('%I.%I', m.physical_schema, m.table_name)::regclass, 'pg_class')
           <> btrim(obj_description(format('%I.%I', m.physical_schema, m.table_name)::regclass, 'pg_class'))
        OR (m.kind = 'time_index' AND obj_description(format('%I.%I', m.physical_schema, m.table_name)::regclass, 'pg_class') NOT LIKE '%keyed by%')
$$, 'every physical table description has >= 8 words, is trimmed, time-index ones say keyed by');
SELECT is_empty($$
    SELECT m.table_name, a.attname FROM msm.models_of() m
      JOIN pg_attribute a ON a.attrelid = format('%I.%I', m.physical_schema, m.table_name)::regclass
     WHERE a.attnum > 0 AND NOT a.attisdropped
       AND coalesce(array_length(regexp_split_to_array(btrim(col_description(a.attrelid, a.attnum)), '\s+'), 1), 0) < 5
$$, 'every physical column description has >= 5 words');

-- idempotence
CREATE TEMP TABLE r2 AS SELECT msm.migrate_upgrade() AS doc;
SELECT is((SELECT doc->'meta_table_uids' FROM r2), (SELECT doc->'meta_table_uids' FROM r1), 'rerun returns the same uids');
SELECT is((SELECT count(*)::int FROM msm.meta_table), 56, 'rerun reserves nothing new');

-- a namespace side by side
CREATE TEMP TABLE r3 AS SELECT msm.migrate_upgrade(namespace => 'mainsequence.examples') AS doc;
SELECT has_table('public', 'ms_markets__asset__mainsequence_examples', 'namespaced Asset table exists');
SELECT is((SELECT count(*)::int FROM msm.catalog WHERE namespace = 'mainsequence.examples'), 56,
          'namespaced catalog rows');
SELECT isnt((SELECT doc->'meta_table_uids'->>'ms_markets__asset__mainsequence_examples' FROM r3),
            (SELECT doc->'meta_table_uids'->>'ms_markets__asset' FROM r1), 'namespaces get their own uids');

-- matching registry rows to tables by physical identity (one set-based pass)
CREATE TEMP TABLE ident_rows AS SELECT '[
  {"uid": "00000000-0000-0000-0000-00000000000a", "physical_table_name": "t_a", "physical_schema": "public", "data_source_uid": "00000000-0000-0000-0000-0000000000d1"},
  {"uid": "00000000-0000-0000-0000-00000000000b", "physical_table_name": "t_b", "physical_schema": "other", "data_source_uid": "00000000-0000-0000-0000-0000000000d1"},
  {"uid": "00000000-0000-0000-0000-00000000000c", "physical_table_name": "t_c", "physical_schema": "public", "data_source_uid": "00000000-0000-0000-0000-0000000000d2"},
  {"uid": "00000000-0000-0000-0000-00000000000e", "physical_table_name": "t_e", "physical_schema": "public", "data_source_uid": "00000000-0000-0000-0000-0000000000D1"}
]'::jsonb AS r;
SELECT is(msm._rows_by_identity((SELECT r FROM ident_rows), '00000000-0000-0000-0000-0000000000d1', 'public',
                                ARRAY['t_a', 't_b', 't_c', 't_a'])->'t_a'->>'uid',
          '00000000-0000-0000-0000-00000000000a',
          'a row of this data source and schema is matched to its table (a name asked twice counts once)');
SELECT is((SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(msm._rows_by_identity((SELECT r FROM ident_rows),
              '00000000-0000-0000-0000-0000000000d1', 'public', ARRAY['t_a', 't_b', 't_c'])) k),
          ARRAY['t_a'],
          'rows of another schema, another data source or an unrequested table are not this database''s');
SELECT throws_ok($$SELECT msm._rows_by_identity((SELECT r FROM ident_rows) || '[{"uid": "00000000-0000-0000-0000-00000000000f", "physical_table_name": "t_a", "physical_schema": "public", "data_source_uid": "00000000-0000-0000-0000-0000000000d1"}]',
                     '00000000-0000-0000-0000-0000000000d1', 'public', ARRAY['t_a'])$$,
                 '21000', 'multiple registered rows for physical table ''t_a''',
                 'two registered rows for one table are an error');

SELECT * FROM finish();
ROLLBACK;
