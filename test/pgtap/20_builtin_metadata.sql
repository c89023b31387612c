-- pgTAP: the built-in model metadata (msm.builtin_model, builtin_column,
-- builtin_index, builtin_fk, builtin_check) is complete and consistent with
-- builtin_models.md and the description rules of doc/models.md, "Descriptions".
--
-- Every assertion selects the offending rows, so a failure lists them.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS msm;

SELECT plan(47);

-- position_gaps(TABLE): the query selecting the models whose rows in TABLE
-- (msm.builtin_column, msm.builtin_index) are not numbered 1..n (none at all
-- included)
CREATE FUNCTION pg_temp.position_gaps(tbl regclass) RETURNS text LANGUAGE sql AS $f$
    SELECT format($q$ SELECT m.model_name, count(t.position) AS n, max(t.position) AS max_position
                        FROM msm.builtin_model m
                        LEFT JOIN %s t USING (model_name)
                       GROUP BY m.model_name
                      HAVING count(t.position) = 0 OR max(t.position) <> count(t.position) OR min(t.position) <> 1 $q$,
                  tbl)
$f$;

-- ---------------------------------------------------------------------------
-- Models
-- ---------------------------------------------------------------------------
SELECT results_eq(
    $$ SELECT position, model_name FROM msm.builtin_model ORDER BY position $$,
    $$ SELECT (o - 1)::integer, n
         FROM unnest(ARRAY[
           'AlembicVersion',
           'AssetType', 'Asset', 'IndexType', 'Index', 'IndexDatasetAvailability',
           'IndexFormulaDefinition', 'IndexFormulaInput', 'Issuer',
           'CurrencySpotAssetDetails', 'BondAssetDetails', 'FutureAssetDetails',
           'Calendar', 'CalendarDate', 'CalendarSession', 'CalendarEvent',
           'SignalMetadata', 'Portfolio', 'PortfolioGroup', 'PortfolioGroupMembership',
           'AccountAllocationModel', 'AccountGroup', 'Account', 'AccountHoldingsSet',
           'VirtualFund', 'VirtualFundHoldingsSet', 'AssetCategory',
           'AssetCategoryMembership', 'OpenFigiAssetDetails', 'AccountTargetAllocation',
           'PositionSet', 'OrderManager', 'AssetSnapshotsTS', 'IndexValuesTS',
           'AccountHoldingsTS', 'VirtualFundHoldingsTS', 'TargetPositionsTS', 'OrdersTS',
           'OrderEventsTS', 'TradesTS', 'RebalanceStrategyMetadata', 'PortfolioMetadata',
           'PortfolioWeightsTS', 'SignalWeightsTS', 'PortfoliosTS', 'ExternalPricesTS',
           'IndexConventionDetails', 'Curve', 'CurveBuildingDetails',
           'AssetCurrentPricingDetails', 'PricingMarketDataSet',
           'PricingMarketDataSetBinding', 'PricingMarketDataSetCurveBinding',
           'DiscountCurvesTS', 'IndexFixingsTS', 'AssetPricingDetailsTS']::text[]) WITH ORDINALITY AS u(n, o)
        ORDER BY o $$,
    'the registry root is at position 0 and the 55 built-ins at 1..55 in upstream''s registry order (upstream_models.tsv)'
);

SELECT results_eq(
    $$ SELECT model_name, class_name, base_identifier, kind, storage_app,
              upsert_keys, time_index_column, revision
         FROM msm.builtin_model WHERE position = 0 $$,
    $$ VALUES ('AlembicVersion', 'MarketsAlembicVersion', 'alembic_version', 'meta_table',
               'ms_markets', '{version_num}'::text[], NULL::text, '0001') $$,
    'registry root row (AlembicVersion)'
);

SELECT results_eq(
    $$ SELECT kind, count(*)::integer, array_agg(position ORDER BY position) FILTER (WHERE position > 31)
         FROM msm.builtin_model WHERE position > 0
        GROUP BY kind ORDER BY kind $$,
    $$ VALUES ('meta_table', 40, '{40,41,46,47,48,49,50,51,52}'::integer[]),
              ('time_index', 15, '{32,33,34,35,36,37,38,39,42,43,44,45,53,54,55}') $$,
    '40 meta_table models (1..31, then 40, 41, 46..52) and 15 time_index models (32..39, 42..45, 53..55)'
);

SELECT is_empty(
    $$ SELECT position, model_name, class_name, base_identifier, storage_app, revision
         FROM msm.builtin_model
        WHERE position > 0
          AND (class_name IS DISTINCT FROM CASE WHEN kind = 'time_index'
                                                THEN regexp_replace(model_name, 'TS$', '') || 'Storage'
                                                ELSE model_name || 'Table' END
               OR NOT alias_names <@ ARRAY[model_name || 'Table']
               OR base_identifier IS DISTINCT FROM model_name
               OR storage_app IS DISTINCT FROM 'ms_markets'
               OR revision IS NULL
               OR revision NOT IN (SELECT r.revision FROM msm.revision r WHERE NOT r.superseded)
               OR (kind = 'time_index') IS DISTINCT FROM (model_name LIKE '%TS')) $$,
    'built-ins: class_name = model_name || Table (time index: <name without TS>Storage, the 0.1.0 name <name>Table an alias), base_identifier = model_name, app ms_markets, a revision of the chain, TS suffix iff time_index'
);

-- ---------------------------------------------------------------------------
-- Descriptions (doc/models.md, "Descriptions")
-- ---------------------------------------------------------------------------
SELECT is_empty(
    $$ SELECT model_name, description
         FROM msm.builtin_model
        WHERE description IS DISTINCT FROM btrim(description, E' \t\r\n')
           OR coalesce(array_length(regexp_split_to_array(btrim(description), '\s+'), 1), 0) < 8 $$,
    'every table description has at least 8 words and no surrounding whitespace'
);

SELECT is_empty(
    $$ SELECT m.model_name, m.description, g.col AS grain_column_not_named
         FROM msm.builtin_model m
         LEFT JOIN LATERAL unnest(m.upsert_keys) AS g(col) ON true
        WHERE m.kind = 'time_index'
          AND (m.description NOT LIKE '%keyed by ' || m.time_index_column || '%'
               OR position(g.col IN substring(m.description FROM 'keyed by .*')) = 0) $$,
    'every time-index description says "keyed by" followed by its grain columns'
);

SELECT is_empty(
    $$ SELECT model_name, column_name, description
         FROM msm.builtin_column
        WHERE description IS DISTINCT FROM btrim(description, E' \t\r\n')
           OR coalesce(array_length(regexp_split_to_array(btrim(description), '\s+'), 1), 0) < 5 $$,
    'every column description has at least 5 words and no surrounding whitespace'
);

SELECT is_empty(
    $$ SELECT description, array_agg(model_name) AS models
         FROM msm.builtin_model GROUP BY description HAVING count(*) > 1 $$,
    'table descriptions are specific: no two models share one'
);

-- ---------------------------------------------------------------------------
-- Columns
-- ---------------------------------------------------------------------------
SELECT is_empty(pg_temp.position_gaps('msm.builtin_column'), 'every model has columns numbered 1..n without gaps');

SELECT is_empty(
    $$ SELECT model_name, column_name, data_type
         FROM msm.builtin_column
        WHERE data_type !~ '^(uuid|text|json|jsonb|boolean|timestamptz|date|float8|smallint|integer|bigint|varchar|varchar\([1-9][0-9]*\)|numeric\(38,18\))$'
           OR to_regtype(data_type) IS NULL $$,
    'every column data type is a valid DDL type from the allowed set'
);

SELECT is_empty(
    $$ SELECT model_name, column_name, default_expr
         FROM msm.builtin_column
        WHERE default_expr IS NOT NULL AND default_expr <> btrim(default_expr) OR default_expr = '' $$,
    'default expressions are non-empty and trimmed'
);

-- the expected defaults: test/data/builtin_column_defaults.tsv (COPY text
-- format: model, column, type, not null, default expression; read relative
-- to the repository top, where the pgTAP files run)
CREATE TEMP TABLE expected_default (
    line serial, model_name text, column_name text, data_type text, not_null boolean, default_expr text);
\copy expected_default (model_name, column_name, data_type, not_null, default_expr) FROM 'test/data/builtin_column_defaults.tsv'
SELECT results_eq(
    $$ SELECT model_name, column_name, data_type, not_null, default_expr
         FROM msm.builtin_column
        WHERE default_expr IS NOT NULL AND column_name <> 'uid'
        ORDER BY model_name, position $$,
    $$ SELECT model_name, column_name, data_type, not_null, default_expr FROM expected_default ORDER BY line $$,
    'the model defaults of upstream''s client (upstream_models.tsv), and no others'
);

-- ---------------------------------------------------------------------------
-- Keys and indexes
-- ---------------------------------------------------------------------------
SELECT is_empty(pg_temp.position_gaps('msm.builtin_index'), 'every model has indexes numbered 1..n without gaps');

SELECT is_empty(
    $$ SELECT m.model_name, m.kind, i.position, i.index_kind
         FROM msm.builtin_model m
         LEFT JOIN msm.builtin_index i ON i.model_name = m.model_name AND i.position = 1
        WHERE (m.kind = 'meta_table') <> (i.index_kind IS NOT DISTINCT FROM 'pk')
       UNION ALL
       SELECT model_name, NULL, position, index_kind
         FROM msm.builtin_index
        WHERE index_kind = 'pk' AND position <> 1 $$,
    'every meta_table model has its primary key at index position 1; time-index models and other positions have none'
);

SELECT is_empty(
    $$ SELECT i.model_name, i.columns, c.column_name, c.position, c.data_type, c.not_null, c.default_expr
         FROM msm.builtin_index i
         LEFT JOIN msm.builtin_column c ON c.model_name = i.model_name AND c.position = 1
        WHERE i.index_kind = 'pk'
          AND NOT (i.columns = ARRAY[c.column_name] AND c.not_null
                   AND ((c.column_name = 'uid' AND c.data_type = 'uuid' AND c.default_expr = 'gen_random_uuid()')
                     OR (c.column_name IN ('asset_uid', 'index_uid', 'curve_uid') AND c.data_type = 'uuid' AND c.default_expr IS NULL)
                     OR (c.column_name = 'version_num' AND c.data_type = 'varchar(32)' AND c.default_expr IS NULL))) $$,
    'primary keys are the first column: uid uuid default gen_random_uuid(), or asset_uid, index_uid or curve_uid uuid, or version_num'
);

SELECT results_eq(
    $$ SELECT model_name FROM msm.builtin_index
        WHERE index_kind = 'pk' AND columns = '{asset_uid}' ORDER BY model_name $$,
    $$ VALUES ('AssetCurrentPricingDetails'), ('BondAssetDetails'), ('CurrencySpotAssetDetails'),
              ('FutureAssetDetails'), ('OpenFigiAssetDetails') $$,
    'the detail tables are exactly the ones keyed by asset_uid'
);

SELECT is_empty(
    $$ SELECT i.model_name
         FROM msm.builtin_index i
        WHERE i.index_kind = 'pk' AND i.columns = '{asset_uid}'
          AND NOT EXISTS (SELECT 1 FROM msm.builtin_fk f
                           WHERE f.model_name = i.model_name AND f.columns = '{asset_uid}'
                             AND f.target_model = 'Asset' AND f.target_columns = '{uid}'
                             AND f.on_delete = 'CASCADE') $$,
    'every detail table asset_uid primary key is also an FK to Asset.uid ON DELETE CASCADE'
);

SELECT is_empty(
    $$ SELECT model_name, column_name FROM msm.builtin_column WHERE column_name = 'uid'
       EXCEPT
       SELECT model_name, 'uid' FROM msm.builtin_index WHERE index_kind = 'pk' AND columns = '{uid}' $$,
    'a uid column exists only as the primary key of a domain table'
);

SELECT is_empty(
    $$ SELECT m.model_name, m.upsert_keys
         FROM msm.builtin_model m
        WHERE NOT EXISTS (SELECT 1 FROM msm.builtin_index i
                           WHERE i.model_name = m.model_name
                             AND i.index_kind IN ('pk', 'unique')
                             AND i.predicate IS NULL
                             AND i.columns = m.upsert_keys) $$,
    'every model has a primary key or unique index whose columns equal its upsert keys'
);

SELECT is_empty(
    $$ SELECT i.model_name, i.position, i.columns, u.col AS missing_column
         FROM msm.builtin_index i, unnest(i.columns) AS u(col)
        WHERE NOT EXISTS (SELECT 1 FROM msm.builtin_column c
                           WHERE c.model_name = i.model_name AND c.column_name = u.col) $$,
    'every index column exists in its model'
);

SELECT is_empty(
    $$ SELECT model_name, columns, array_agg(position) AS positions
         FROM msm.builtin_index GROUP BY model_name, columns, predicate HAVING count(*) > 1 $$,
    'no model has two indexes over the same column list and predicate'
);

SELECT is_empty(
    $$ SELECT i.model_name, i.columns, c.column_name
         FROM msm.builtin_index i
         JOIN msm.builtin_column c ON c.model_name = i.model_name AND c.column_name = ANY (i.columns)
        WHERE i.index_kind = 'pk' AND NOT c.not_null $$,
    'primary key columns are NOT NULL'
);

-- ---------------------------------------------------------------------------
-- Time-index models
-- ---------------------------------------------------------------------------
SELECT is_empty(
    $$ SELECT m.model_name, m.time_index_column, m.upsert_keys,
              array_agg(i.columns) FILTER (WHERE i.index_kind = 'unique') AS unique_indexes
         FROM msm.builtin_model m
         LEFT JOIN msm.builtin_index i USING (model_name)
        WHERE m.kind = 'time_index'
        GROUP BY m.model_name, m.time_index_column, m.upsert_keys
       HAVING m.upsert_keys[1] IS DISTINCT FROM m.time_index_column
           OR count(*) FILTER (WHERE i.index_kind = 'unique' AND i.columns = m.upsert_keys
                                 AND i.columns[1] = m.time_index_column) <> 1
           OR count(*) FILTER (WHERE i.index_kind = 'pk') <> 0 $$,
    'time-index models: no pk, one grain unique index = upsert keys, first column = time index column'
);

SELECT is_empty(
    $$ SELECT m.model_name, g.col, c.data_type, c.not_null
         FROM msm.builtin_model m
         CROSS JOIN LATERAL unnest(m.upsert_keys) AS g(col)
         LEFT JOIN msm.builtin_column c ON c.model_name = m.model_name AND c.column_name = g.col
        WHERE m.kind = 'time_index' AND c.not_null IS DISTINCT FROM true $$,
    'time-index models: every grain column exists and is NOT NULL'
);

SELECT is_empty(
    $$ SELECT m.model_name, m.time_index_column, c.position, c.data_type, c.not_null
         FROM msm.builtin_model m
         LEFT JOIN msm.builtin_column c ON c.model_name = m.model_name AND c.column_name = m.time_index_column
        WHERE m.kind = 'time_index'
          AND (c.data_type IS DISTINCT FROM 'timestamptz' OR c.position IS DISTINCT FROM 1) $$,
    'time-index models: the time index column is timestamptz and the first column'
);

SELECT results_eq(
    $$ SELECT model_name, time_index_column FROM msm.builtin_model
        WHERE kind = 'time_index' ORDER BY position $$,
    $$ VALUES ('AssetSnapshotsTS', 'time_index'), ('IndexValuesTS', 'time_index'),
              ('AccountHoldingsTS', 'time_index'), ('VirtualFundHoldingsTS', 'time_index'),
              ('TargetPositionsTS', 'time_index'), ('OrdersTS', 'order_time'),
              ('OrderEventsTS', 'event_time'), ('TradesTS', 'trade_time'),
              ('PortfolioWeightsTS', 'time_index'), ('SignalWeightsTS', 'time_index'),
              ('PortfoliosTS', 'time_index'), ('ExternalPricesTS', 'time_index'),
              ('DiscountCurvesTS', 'time_index'), ('IndexFixingsTS', 'time_index'),
              ('AssetPricingDetailsTS', 'time_index') $$,
    'time index columns of the time-index models'
);

-- ---------------------------------------------------------------------------
-- Foreign keys
-- ---------------------------------------------------------------------------
SELECT is_empty(
    $$ SELECT f.model_name, f.position, 'source' AS side, u.col
         FROM msm.builtin_fk f, unnest(f.columns) AS u(col)
        WHERE NOT EXISTS (SELECT 1 FROM msm.builtin_column c
                           WHERE c.model_name = f.model_name AND c.column_name = u.col)
       UNION ALL
       SELECT f.model_name, f.position, 'target', u.col
         FROM msm.builtin_fk f, unnest(f.target_columns) AS u(col)
        WHERE NOT EXISTS (SELECT 1 FROM msm.builtin_column c
                           WHERE c.model_name = f.target_model AND c.column_name = u.col) $$,
    'every FK column and FK target column exists'
);

SELECT is_empty(
    $$ SELECT f.model_name, f.position, f.target_model, f.target_columns
         FROM msm.builtin_fk f
        WHERE NOT EXISTS (SELECT 1 FROM msm.builtin_index i
                           WHERE i.model_name = f.target_model
                             AND i.index_kind IN ('pk', 'unique')
                             AND i.predicate IS NULL AND i.columns = f.target_columns) $$,
    'every FK target column set is the primary key or a unique index of the target model'
);

-- upstream types some identifier columns of its time-index tables VARCHAR
-- (no length) while their targets are VARCHAR(255): exactly these
SELECT results_eq(
    $$ SELECT f.model_name, f.position, s.column_name, s.data_type, f.target_model, t.column_name, t.data_type
         FROM msm.builtin_fk f
         CROSS JOIN LATERAL unnest(f.columns, f.target_columns) AS u(src, tgt)
         JOIN msm.builtin_column s ON s.model_name = f.model_name AND s.column_name = u.src
         JOIN msm.builtin_column t ON t.model_name = f.target_model AND t.column_name = u.tgt
        WHERE s.data_type <> t.data_type ORDER BY 1, 2 $$,
    $$ VALUES ('OrdersTS', 1, 'account_identifier', 'varchar', 'Account', 'unique_identifier', 'varchar(255)'),
              ('OrdersTS', 2, 'asset_identifier', 'varchar', 'Asset', 'unique_identifier', 'varchar(255)'),
              ('OrdersTS', 3, 'order_manager_identifier', 'varchar', 'OrderManager', 'unique_identifier', 'varchar(255)'),
              ('PortfolioWeightsTS', 1, 'asset_identifier', 'varchar', 'Asset', 'unique_identifier', 'varchar(255)'),
              ('PortfolioWeightsTS', 2, 'portfolio_identifier', 'varchar', 'Portfolio', 'unique_identifier', 'varchar(255)'),
              ('SignalWeightsTS', 1, 'asset_identifier', 'varchar', 'Asset', 'unique_identifier', 'varchar(255)'),
              ('TradesTS', 1, 'account_identifier', 'varchar', 'Account', 'unique_identifier', 'varchar(255)'),
              ('TradesTS', 2, 'asset_identifier', 'varchar', 'Asset', 'unique_identifier', 'varchar(255)'),
              ('TradesTS', 3, 'commission_asset_identifier', 'varchar', 'Asset', 'unique_identifier', 'varchar(255)'),
              ('TradesTS', 4, 'settlement_asset_identifier', 'varchar', 'Asset', 'unique_identifier', 'varchar(255)') $$,
    'every FK column has the type of its target column, except the unbounded varchar identifiers upstream types so'
);

SELECT is_empty(
    $$ SELECT f.model_name, f.position, f.columns, c.not_null
         FROM msm.builtin_fk f
         JOIN msm.builtin_column c ON c.model_name = f.model_name AND c.column_name = f.columns[1]
        WHERE f.on_delete = 'SET NULL' AND c.not_null $$,
    'ON DELETE SET NULL is only used on nullable columns'
);

-- the expected FKs: test/data/builtin_fks.tsv (COPY text format: model,
-- columns, target model, target columns, on delete)
CREATE TEMP TABLE expected_fk (
    line serial, model_name text, columns text[], target_model text, target_columns text[], on_delete text);
\copy expected_fk (model_name, columns, target_model, target_columns, on_delete) FROM 'test/data/builtin_fks.tsv'
SELECT results_eq(
    $$ SELECT model_name, columns, target_model, target_columns, on_delete
         FROM msm.builtin_fk
        WHERE target_columns <> '{uid}' OR on_delete = 'SET NULL'
        ORDER BY model_name, position $$,
    $$ SELECT model_name, columns, target_model, target_columns, on_delete FROM expected_fk ORDER BY line $$,
    'FKs to business keys (unique_identifier, signal_uid) and the two SET NULL FKs'
);

-- ---------------------------------------------------------------------------
-- Per-model inventory (columns, indexes, FKs, checks) of upstream's head
-- (test/integration/25_schema_evolution.sh compares the schema object by
-- object with upstream's own)
-- ---------------------------------------------------------------------------
SELECT results_eq(
    $$ SELECT m.model_name,
              (SELECT count(*) FROM msm.builtin_column c WHERE c.model_name = m.model_name)::integer,
              (SELECT count(*) FROM msm.builtin_index i WHERE i.model_name = m.model_name)::integer,
              (SELECT count(*) FROM msm.builtin_fk f WHERE f.model_name = m.model_name)::integer,
              (SELECT count(*) FROM msm.builtin_check k WHERE k.model_name = m.model_name)::integer
         FROM msm.builtin_model m ORDER BY m.position $$,
    $$ VALUES
        ('AlembicVersion', 1, 1, 0, 0),
        ('AssetType', 5, 3, 0, 0),
        ('Asset', 3, 3, 0, 0),
        ('IndexType', 5, 3, 0, 0),
        ('Index', 9, 4, 0, 2),
        ('IndexDatasetAvailability', 11, 4, 1, 1),
        ('IndexFormulaDefinition', 12, 7, 1, 5),
        ('IndexFormulaInput', 6, 7, 3, 1),
        ('Issuer', 4, 3, 0, 0),
        ('CurrencySpotAssetDetails', 3, 4, 3, 0),
        ('BondAssetDetails', 6, 5, 3, 0),
        ('FutureAssetDetails', 13, 5, 4, 0),
        ('Calendar', 10, 4, 0, 0),
        ('CalendarDate', 9, 4, 1, 0),
        ('CalendarSession', 9, 4, 1, 0),
        ('CalendarEvent', 10, 5, 1, 0),
        ('SignalMetadata', 3, 2, 0, 0),
        ('Portfolio', 9, 5, 3, 0),
        ('PortfolioGroup', 5, 3, 0, 0),
        ('PortfolioGroupMembership', 3, 4, 2, 0),
        ('AccountAllocationModel', 4, 2, 0, 0),
        ('AccountGroup', 4, 2, 0, 0),
        ('Account', 8, 5, 1, 0),
        ('AccountHoldingsSet', 4, 4, 1, 0),
        ('VirtualFund', 4, 4, 2, 0),
        ('VirtualFundHoldingsSet', 4, 4, 2, 0),
        ('AssetCategory', 5, 3, 0, 0),
        ('AssetCategoryMembership', 3, 3, 2, 0),
        ('OpenFigiAssetDetails', 16, 4, 1, 0),
        ('AccountTargetAllocation', 8, 5, 2, 0),
        ('PositionSet', 5, 4, 1, 0),
        ('OrderManager', 8, 4, 1, 0),
        ('AssetSnapshotsTS', 6, 1, 1, 0),
        ('IndexValuesTS', 7, 4, 2, 0),
        ('AccountHoldingsTS', 9, 1, 3, 1),
        ('VirtualFundHoldingsTS', 10, 1, 4, 1),
        ('TargetPositionsTS', 10, 4, 3, 3),
        ('OrdersTS', 18, 1, 3, 0),
        ('OrderEventsTS', 4, 1, 0, 0),
        ('TradesTS', 14, 1, 4, 0),
        ('RebalanceStrategyMetadata', 4, 2, 0, 0),
        ('PortfolioMetadata', 3, 2, 0, 0),
        ('PortfolioWeightsTS', 9, 1, 2, 0),
        ('SignalWeightsTS', 4, 1, 2, 0),
        ('PortfoliosTS', 6, 1, 1, 0),
        ('ExternalPricesTS', 11, 1, 1, 0),
        ('IndexConventionDetails', 6, 3, 1, 0),
        ('Curve', 11, 7, 0, 0),
        ('CurveBuildingDetails', 14, 4, 1, 0),
        ('AssetCurrentPricingDetails', 8, 3, 1, 0),
        ('PricingMarketDataSet', 6, 3, 0, 0),
        ('PricingMarketDataSetBinding', 7, 4, 1, 0),
        ('PricingMarketDataSetCurveBinding', 12, 7, 2, 0),
        ('DiscountCurvesTS', 5, 1, 1, 0),
        ('IndexFixingsTS', 3, 1, 1, 0),
        ('AssetPricingDetailsTS', 8, 1, 1, 0)
    $$,
    'per-model counts of columns, indexes, foreign keys and checks'
);

-- ---------------------------------------------------------------------------
-- Spot checks of builtin_models.md facts
-- ---------------------------------------------------------------------------
SELECT results_eq(
    $$ SELECT data_type, not_null, default_expr FROM msm.builtin_column
        WHERE model_name = 'Calendar' AND column_name = 'timezone' $$,
    $$ VALUES ('varchar(64)', true, '''UTC''') $$,
    'Calendar.timezone is varchar(64) NOT NULL DEFAULT ''UTC'''
);

SELECT results_eq(
    $$ SELECT position, data_type, not_null FROM msm.builtin_column
        WHERE model_name = 'FutureAssetDetails' AND column_name = 'contract_size' $$,
    $$ VALUES (9, 'numeric(38,18)', true) $$,
    'FutureAssetDetails.contract_size is column 9, numeric(38,18) NOT NULL'
);

SELECT results_eq(
    $$ SELECT index_kind, columns FROM msm.builtin_index
        WHERE model_name = 'AccountHoldingsSet' ORDER BY position $$,
    $$ VALUES ('pk', '{uid}'::text[]), ('unique', '{account_uid,time_index}'),
              ('index', '{account_uid}'), ('index', '{time_index}') $$,
    'AccountHoldingsSet: pk(uid), unique(account_uid, time_index), ix(account_uid), ix(time_index)'
);

SELECT results_eq(
    $$ SELECT index_kind, columns FROM msm.builtin_index
        WHERE model_name = 'IndexValuesTS' ORDER BY position $$,
    $$ VALUES ('unique', '{time_index,index_identifier}'::text[]),
              ('index', '{definition_uid}'), ('index', '{index_identifier,time_index}'),
              ('index', '{observation_status}') $$,
    'IndexValuesTS: grain unique index then its three extra indexes'
);

SELECT results_eq(
    $$ SELECT column_name, data_type, not_null FROM msm.builtin_column
        WHERE model_name = 'OpenFigiAssetDetails' ORDER BY position $$,
    $$ VALUES ('asset_uid', 'uuid', true),
              ('figi', 'varchar(12)', false), ('composite', 'varchar(12)', false),
              ('share_class', 'varchar(12)', false), ('isin', 'varchar(12)', false),
              ('ticker', 'varchar(50)', false), ('name', 'varchar(255)', false),
              ('exchange_code', 'varchar(50)', false),
              ('security_type', 'varchar(50)', false), ('security_type_2', 'varchar(50)', false),
              ('security_market_sector', 'varchar(50)', false),
              ('security_description', 'varchar(255)', false),
              ('unique_id', 'varchar(255)', false), ('unique_id_fut_opt', 'varchar(255)', false),
              ('metadata', 'text', false), ('raw_payload', 'json', false) $$,
    'OpenFigiAssetDetails columns, types and nullability in order'
);

SELECT results_eq(
    $$ SELECT check_name FROM msm.builtin_check
        WHERE model_name = 'TargetPositionsTS' ORDER BY check_name $$,
    $$ VALUES ('ck_target_positions_single_exposure'), ('ck_target_positions_target_reference'),
              ('ck_target_positions_target_type') $$,
    'TargetPositionsTS has upstream''s checks single_exposure, target_reference and target_type'
);

SELECT results_eq(
    $$ SELECT model_name, expression FROM msm.builtin_check
        WHERE check_name LIKE '%direction' ORDER BY model_name $$,
    $$ VALUES ('AccountHoldingsTS', '(direction = ANY (ARRAY[1, ''-1''::integer]))'),
              ('VirtualFundHoldingsTS', '(direction = ANY (ARRAY[1, ''-1''::integer]))') $$,
    'the holdings time-index models check direction IN (1, -1)'
);

SELECT results_eq(
    $$ SELECT column_name, not_null FROM msm.builtin_column
        WHERE (model_name, column_name) IN (('AccountGroup', 'group_name'),
                                            ('CalendarEvent', 'event_date'),
                                            ('Asset', 'asset_type'),
                                            ('IndexFormulaInput', 'meta_table_uid'))
        ORDER BY column_name $$,
    $$ VALUES ('asset_type', false), ('event_date', false), ('group_name', false),
              ('meta_table_uid', true) $$,
    'nullability as listed where it is easy to get wrong'
);

-- ---------------------------------------------------------------------------
-- The metadata compiles to working DDL: build every model in a scratch
-- schema (columns, defaults, keys, indexes, checks, then FKs) and exercise
-- the checks and defaults.
-- ---------------------------------------------------------------------------
SELECT lives_ok(
    $ddl$
    DO $do$
    DECLARE
        r    record;
        cols text;
    BEGIN
        CREATE SCHEMA msm_ddl_check;
        FOR r IN SELECT model_name FROM msm.builtin_model ORDER BY position LOOP
            SELECT string_agg(format('%I %s%s%s', c.column_name, c.data_type,
                                     CASE WHEN c.not_null THEN ' NOT NULL' ELSE '' END,
                                     CASE WHEN c.default_expr IS NOT NULL
                                          THEN ' DEFAULT ' || c.default_expr ELSE '' END),
                              ', ' ORDER BY c.position)
              INTO cols
              FROM msm.builtin_column c WHERE c.model_name = r.model_name;
            EXECUTE format('CREATE TABLE msm_ddl_check.%I (%s)', r.model_name, cols);
        END LOOP;
        FOR r IN SELECT i.*, (SELECT string_agg(quote_ident(u.col), ', ' ORDER BY u.o)
                                FROM unnest(i.columns) WITH ORDINALITY AS u(col, o)) AS collist
                   FROM msm.builtin_index i ORDER BY model_name, position LOOP
            IF r.index_kind = 'pk' THEN
                EXECUTE format('ALTER TABLE msm_ddl_check.%I ADD PRIMARY KEY (%s)',
                               r.model_name, r.collist);
            ELSE
                EXECUTE format('CREATE %s INDEX ON msm_ddl_check.%I (%s)',
                               CASE WHEN r.index_kind = 'unique' THEN 'UNIQUE' ELSE '' END,
                               r.model_name, r.collist);
            END IF;
        END LOOP;
        FOR r IN SELECT * FROM msm.builtin_check ORDER BY model_name, check_name LOOP
            EXECUTE format('ALTER TABLE msm_ddl_check.%I ADD CONSTRAINT %I CHECK (%s)',
                           r.model_name, r.check_name, r.expression);
        END LOOP;
        FOR r IN SELECT f.*,
                        (SELECT string_agg(quote_ident(u.col), ', ' ORDER BY u.o)
                           FROM unnest(f.columns) WITH ORDINALITY AS u(col, o)) AS src,
                        (SELECT string_agg(quote_ident(u.col), ', ' ORDER BY u.o)
                           FROM unnest(f.target_columns) WITH ORDINALITY AS u(col, o)) AS tgt
                   FROM msm.builtin_fk f ORDER BY model_name, position LOOP
            EXECUTE format('ALTER TABLE msm_ddl_check.%I ADD FOREIGN KEY (%s) REFERENCES msm_ddl_check.%I (%s) ON DELETE %s',
                           r.model_name, r.src, r.target_model, r.tgt, r.on_delete);
        END LOOP;
    END
    $do$
    $ddl$,
    'the metadata builds valid tables, indexes, checks and foreign keys'
);

SELECT lives_ok(
    $$
    INSERT INTO msm_ddl_check."Asset" (unique_identifier) VALUES ('AAPL');
    INSERT INTO msm_ddl_check."Account" (unique_identifier, account_name) VALUES ('acc-1', 'Account 1');
    INSERT INTO msm_ddl_check."AccountAllocationModel" (allocation_model_name) VALUES ('equal_weight');
    INSERT INTO msm_ddl_check."AccountTargetAllocation" (unique_identifier, account_uid, account_allocation_model_uid)
        SELECT 'ata-1', a.uid, m.uid FROM msm_ddl_check."Account" a, msm_ddl_check."AccountAllocationModel" m;
    INSERT INTO msm_ddl_check."PositionSet" (account_target_allocation_uid, position_set_time)
        SELECT uid, '2024-01-02 00:00+00' FROM msm_ddl_check."AccountTargetAllocation";
    INSERT INTO msm_ddl_check."TargetPositionsTS"
        (time_index, position_set_uid, target_type, target_uid, asset_uid, weight_notional_exposure)
        SELECT '2024-01-02 00:00+00', p.uid, 'asset', a.uid, a.uid, 0.5
          FROM msm_ddl_check."PositionSet" p, msm_ddl_check."Asset" a;
    INSERT INTO msm_ddl_check."Calendar" (unique_identifier, display_name, calendar_type, valid_from, valid_to)
        VALUES ('XNYS', 'New York Stock Exchange', 'exchange', '2024-01-01', '2024-12-31');
    $$,
    'a valid chain Account -> AccountTargetAllocation -> PositionSet -> TargetPositionsTS inserts'
);

SELECT results_eq(
    $$ SELECT timezone::text, uid IS NOT NULL FROM msm_ddl_check."Calendar" $$,
    $$ VALUES ('UTC', true) $$,
    'defaults fill Calendar.timezone with UTC and uid with a fresh uuid'
);

SELECT throws_ok(
    $$ INSERT INTO msm_ddl_check."TargetPositionsTS"
           (time_index, position_set_uid, target_type, target_uid, asset_uid, portfolio_uid, weight_notional_exposure)
       SELECT '2024-01-03 00:00+00', p.uid, 'asset', gen_random_uuid(), a.uid, NULL, 0.5
         FROM msm_ddl_check."PositionSet" p, msm_ddl_check."Asset" a $$,
    '23514',
    'new row for relation "TargetPositionsTS" violates check constraint "ck_target_positions_target_reference"',
    'TargetPositionsTS rejects a target_uid that is not the asset_uid of an asset target'
);

SELECT throws_ok(
    $$ INSERT INTO msm_ddl_check."TargetPositionsTS"
           (time_index, position_set_uid, target_type, target_uid, asset_uid,
            weight_notional_exposure, single_asset_quantity)
       SELECT '2024-01-03 00:00+00', p.uid, 'asset', a.uid, a.uid, 0.5, 10
         FROM msm_ddl_check."PositionSet" p, msm_ddl_check."Asset" a $$,
    '23514',
    'new row for relation "TargetPositionsTS" violates check constraint "ck_target_positions_single_exposure"',
    'TargetPositionsTS rejects two exposure columns set at once'
);

SELECT throws_ok(
    $$ INSERT INTO msm_ddl_check."AccountHoldingsTS"
           (time_index, account_uid, asset_identifier, holdings_set_uid, direction)
       VALUES ('2024-01-02 00:00+00', gen_random_uuid(), 'AAPL', gen_random_uuid(), 0) $$,
    '23514',
    'new row for relation "AccountHoldingsTS" violates check constraint "ck_account_holdings_direction"',
    'AccountHoldingsTS rejects a direction other than 1 or -1'
);

SELECT throws_ok(
    $$ DELETE FROM msm_ddl_check."Asset" WHERE unique_identifier = 'AAPL' $$,
    '23503',
    NULL,
    'an asset referenced by a target position cannot be deleted (ON DELETE RESTRICT)'
);

SELECT * FROM finish();
ROLLBACK;
