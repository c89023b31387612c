-- msm install script, part 00: the extension's own catalog tables.
--
-- The install script is assembled by the Makefile from sql/install/*.sql in
-- name order.  Every object lives in schema msm, which the extension owns.

\echo Use "CREATE EXTENSION msm" to load this file. \quit

REVOKE ALL ON SCHEMA msm FROM PUBLIC;
GRANT USAGE ON SCHEMA msm TO PUBLIC;

-- ---------------------------------------------------------------------------
-- Installation facts (one row).  data_source_uid identifies this database as
-- a DataSource on the platform when msm.data_source_uid is not set.
-- ---------------------------------------------------------------------------
CREATE TABLE msm.installation (
    singleton        boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    data_source_uid  uuid NOT NULL DEFAULT gen_random_uuid(),
    installed_at     timestamptz NOT NULL DEFAULT now()
);
INSERT INTO msm.installation DEFAULT VALUES;
COMMENT ON TABLE msm.installation IS
    'One row of installation facts: the embedded DataSource uid of this database and when msm was installed.';

-- ---------------------------------------------------------------------------
-- Migration revisions shipped with the extension.  A revision creates the
-- built-in tables whose builtin_model.revision names it.  ALTER EXTENSION
-- UPDATE scripts add rows here; msm.migrate_upgrade() applies them in order.
-- ---------------------------------------------------------------------------
CREATE TABLE msm.revision (
    revision          text PRIMARY KEY CHECK (revision ~ '^[0-9]{4}_[a-z0-9_]+$' AND length(revision) <= 32),
    position          integer NOT NULL UNIQUE CHECK (position > 0),
    down_revision     text REFERENCES msm.revision (revision),
    extension_version text NOT NULL,
    description       text NOT NULL
);
COMMENT ON TABLE msm.revision IS
    'Migration revisions shipped with the extension, applied in position order per deployment namespace.';

-- ---------------------------------------------------------------------------
-- Built-in model templates, independent of the deployment namespace.
-- position 1..39 is the fixed built-in order; position 0 is the registry
-- root (the version table, Alembic version table analog).
-- ---------------------------------------------------------------------------
CREATE TABLE msm.builtin_model (
    position          integer PRIMARY KEY CHECK (position BETWEEN 0 AND 999),
    model_name        text NOT NULL UNIQUE,
    class_name        text NOT NULL UNIQUE,
    base_identifier   text NOT NULL UNIQUE,
    kind              text NOT NULL CHECK (kind IN ('meta_table', 'time_index')),
    storage_app       text NOT NULL DEFAULT 'ms_markets',
    description       text NOT NULL,
    upsert_keys       text[] NOT NULL,
    time_index_column text,
    revision          text NOT NULL REFERENCES msm.revision (revision),
    CHECK ((kind = 'time_index') = (time_index_column IS NOT NULL))
);
COMMENT ON TABLE msm.builtin_model IS
    'Built-in markets model templates in their fixed order (position 0 is the registry root version table).';

CREATE TABLE msm.builtin_column (
    model_name   text NOT NULL REFERENCES msm.builtin_model (model_name),
    position     integer NOT NULL,
    column_name  text NOT NULL,
    data_type    text NOT NULL,          -- as written in DDL: uuid, varchar(64), timestamptz, numeric(38,18)
    not_null     boolean NOT NULL,
    default_expr text,                   -- SQL expression: DDL DEFAULT and value the row API fills
    description  text NOT NULL,
    PRIMARY KEY (model_name, position),
    UNIQUE (model_name, column_name)
);
COMMENT ON TABLE msm.builtin_column IS
    'Columns of the built-in models with their types, nullability, defaults and descriptions.';

CREATE TABLE msm.builtin_index (
    model_name  text NOT NULL REFERENCES msm.builtin_model (model_name),
    position    integer NOT NULL,
    index_kind  text NOT NULL CHECK (index_kind IN ('pk', 'unique', 'index')),
    columns     text[] NOT NULL CHECK (cardinality(columns) > 0),
    predicate   text,                -- partial index WHERE clause (own columns only)
    PRIMARY KEY (model_name, position),
    CHECK (predicate IS NULL OR index_kind <> 'pk')
);
COMMENT ON TABLE msm.builtin_index IS
    'Primary keys, unique indexes and plain indexes of the built-in models.';

CREATE TABLE msm.builtin_fk (
    model_name     text NOT NULL REFERENCES msm.builtin_model (model_name),
    position       integer NOT NULL,
    columns        text[] NOT NULL,
    target_model   text NOT NULL REFERENCES msm.builtin_model (model_name),
    target_columns text[] NOT NULL,
    on_delete      text NOT NULL CHECK (on_delete IN ('CASCADE', 'RESTRICT', 'SET NULL', 'NO ACTION')),
    PRIMARY KEY (model_name, position),
    CHECK (cardinality(columns) = cardinality(target_columns))
);
COMMENT ON TABLE msm.builtin_fk IS
    'Foreign keys between built-in models, with their ON DELETE action.';

CREATE TABLE msm.builtin_check (
    model_name  text NOT NULL REFERENCES msm.builtin_model (model_name),
    check_name  text NOT NULL,
    expression  text NOT NULL,
    PRIMARY KEY (model_name, check_name)
);
COMMENT ON TABLE msm.builtin_check IS
    'Check constraints of the built-in models (expressions over the model''s own columns).';

-- ---------------------------------------------------------------------------
-- Deployments: one row per deployment namespace ('' = none) that has been
-- migrated, with the physical schema its tables live in.
-- ---------------------------------------------------------------------------
CREATE TABLE msm.deployment (
    namespace        text PRIMARY KEY,
    physical_schema  name NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE msm.deployment IS
    'Deployment namespaces known to this database (empty string = no namespace) and their physical schema.';

-- ---------------------------------------------------------------------------
-- Project (extension) models declared with msm.declare_model().
-- ---------------------------------------------------------------------------
CREATE TABLE msm.declared_model (
    namespace           text NOT NULL,           -- deployment namespace, '' = none
    model_name          text NOT NULL,
    class_name          text NOT NULL,
    base_identifier     text NOT NULL,
    metatable_namespace text NOT NULL,
    identifier          text NOT NULL,           -- logical identifier in this deployment
    storage_app         text NOT NULL,
    kind                text NOT NULL CHECK (kind IN ('meta_table', 'time_index')),
    physical_schema     name NOT NULL,
    table_name          name NOT NULL,
    upsert_keys         text[] NOT NULL,
    time_index_column   text,
    declared_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    declared_by         name NOT NULL DEFAULT current_user,
    PRIMARY KEY (namespace, identifier),
    UNIQUE (namespace, table_name)
);
COMMENT ON TABLE msm.declared_model IS
    'Project extension models declared with msm.declare_model(), per deployment namespace.';

-- ---------------------------------------------------------------------------
-- Embedded registry: the MetaTable rows this database keeps when no
-- TS Manager endpoint is configured.  Columns follow the platform's wire
-- contract (SPEC 9).
-- ---------------------------------------------------------------------------
CREATE TABLE msm.meta_table (
    uid                            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    resource_type                  text NOT NULL CHECK (resource_type IN ('meta_table', 'time_index')),
    data_source_uid                uuid NOT NULL,
    identifier                     text NOT NULL,
    namespace                      text,
    description                    text,
    labels                         jsonb NOT NULL DEFAULT '[]',
    management_mode                text NOT NULL CHECK (management_mode IN ('platform_managed', 'external_registered')),
    provisioning_status            text NOT NULL CHECK (provisioning_status IN ('reserved', 'active', 'failed')),
    is_alembic_managed             boolean NOT NULL DEFAULT false,
    migration_package              text,
    migration_namespace            text,
    migration_provider_key         text,
    alembic_version_meta_table_uid uuid,
    alembic_revision               text,
    physical_schema                name NOT NULL,
    physical_table_name            name NOT NULL,
    table_contract                 jsonb,
    time_index_name                text,
    cadence                        text,
    partition_strategy             text,
    schema_management              text,
    created_at                     timestamptz NOT NULL DEFAULT now(),
    updated_at                     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (data_source_uid, physical_schema, physical_table_name)
);
COMMENT ON TABLE msm.meta_table IS
    'Embedded MetaTable registry: one row per registered physical table, as TS Manager would keep it.';

-- ---------------------------------------------------------------------------
-- Catalog projection (SPEC 10.1): written only by the migration hook.
-- ---------------------------------------------------------------------------
CREATE TABLE msm.catalog (
    uid                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    namespace          text NOT NULL,
    table_name         text NOT NULL UNIQUE,
    model_name         text NOT NULL,
    description        text NOT NULL,
    meta_table_uid     uuid NOT NULL,
    extension_version  text NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE msm.catalog IS
    'Inventory of registered markets models written after each successful migration; never used for runtime binding.';

-- Tables hold admin state: nobody but the owner may touch them directly.
REVOKE ALL ON ALL TABLES IN SCHEMA msm FROM PUBLIC;
GRANT SELECT ON msm.catalog, msm.builtin_model, msm.builtin_column, msm.builtin_index,
    msm.builtin_fk, msm.builtin_check, msm.revision, msm.deployment, msm.declared_model,
    msm.meta_table, msm.installation TO PUBLIC;

-- pg_dump support for configuration-like tables
SELECT pg_catalog.pg_extension_config_dump('msm.deployment', '');
SELECT pg_catalog.pg_extension_config_dump('msm.declared_model', '');
SELECT pg_catalog.pg_extension_config_dump('msm.meta_table', '');
SELECT pg_catalog.pg_extension_config_dump('msm.catalog', '');
SELECT pg_catalog.pg_extension_config_dump('msm.installation', '');

INSERT INTO msm.revision (revision, position, down_revision, extension_version, description)
VALUES ('0001_markets_base', 1, NULL, '0.1.0',
        'Registry root and the 39 built-in markets tables with keys, indexes, checks and descriptions');
-- msm install script, part 10: naming rules (SPEC 3), implemented in C
-- (src/names.c).  The rules are a compatibility boundary: the names they
-- produce never change once released.  All three functions are pure, so
-- they are IMMUTABLE and PARALLEL SAFE, and executable by PUBLIC.
--
-- They are deliberately not STRICT: a NULL required argument raises
-- "... is required" instead of silently returning NULL, and a NULL namespace
-- means "none" / "default".

CREATE FUNCTION msm.physical_table_name(
    storage_app text,
    identifier  text,
    namespace   text DEFAULT NULL
) RETURNS text
    LANGUAGE C IMMUTABLE PARALLEL SAFE
    AS 'MODULE_PATHNAME', 'msm_physical_table_name_sql';
COMMENT ON FUNCTION msm.physical_table_name(text, text, text) IS
    'Physical table name (SPEC 3.1): slugs of storage_app, identifier and the optional deployment namespace joined with "__", shortened with an MD5 marker to at most 63 characters.';

CREATE FUNCTION msm.bounded_identifier(VARIADIC parts text[])
    RETURNS text
    LANGUAGE C IMMUTABLE PARALLEL SAFE
    AS 'MODULE_PATHNAME', 'msm_bounded_identifier_sql';
COMMENT ON FUNCTION msm.bounded_identifier(text[]) IS
    'Constraint/index name (SPEC 3.2): parts slugged piece by piece (pieces split on "__") and joined with "__"; over 63 characters, the first 52 are kept and an MD5 marker is appended.';

CREATE FUNCTION msm.metatable_identifier(
    base      text,
    namespace text DEFAULT NULL
) RETURNS text
    LANGUAGE C IMMUTABLE PARALLEL SAFE
    AS 'MODULE_PATHNAME', 'msm_metatable_identifier_sql';
COMMENT ON FUNCTION msm.metatable_identifier(text, text) IS
    'Logical MetaTable identifier (SPEC 3.3): the bare base in the default namespace mainsequence.markets (also used when namespace is NULL or empty), otherwise namespace.base unless base is already qualified with it.';
-- msm install script, part 20: the built-in markets models.
--
-- Describes the registry root (position 0) and the 39 built-in models of
-- builtin_models.md (positions 1..39, in their fixed built-in order): their
-- columns, keys, indexes, foreign keys, checks and descriptions.  The
-- migration revisions instantiate the DDL from these rows per deployment
-- namespace; the row API reads defaults and upsert keys from them.
--
-- Conventions of the rows below:
--   * data_type is written as in DDL; default_expr is SQL expression text
--     (the literal 'UTC' is stored with its quotes);
--   * builtin_index position 1 is the primary key of every model that has
--     one (time-index models have none: their grain is a unique index whose
--     first column is the time index column);
--   * check expressions use only the model's own, unqualified columns.

-- ---------------------------------------------------------------------------
-- Models
-- ---------------------------------------------------------------------------
INSERT INTO msm.builtin_model
    (position, model_name, class_name, base_identifier, kind, storage_app,
     description, upsert_keys, time_index_column, revision)
VALUES
(0, 'AlembicVersion', 'AlembicVersionTable', 'alembic_version', 'meta_table', 'ms_markets',
 'Registry root of a deployment namespace: a single row holding the msm migration revision currently applied to its markets tables, the analog of the Alembic version table.',
 '{version_num}', NULL, '0001_markets_base'),
(1, 'AssetType', 'AssetTypeTable', 'AssetType', 'meta_table', 'ms_markets',
 'One row per asset type code (for example equity, bond, currency_spot, future): the vocabulary of asset classes with display names and metadata; Asset.asset_type is free text and is not enforced against it.',
 '{asset_type}', NULL, '0001_markets_base'),
(2, 'Asset', 'AssetTable', 'Asset', 'meta_table', 'ms_markets',
 'One row per tradable or reference instrument identified by its platform-wide unique_identifier; the hub that asset details, holdings, orders, trades, snapshots and index formulas reference.',
 '{unique_identifier}', NULL, '0001_markets_base'),
(3, 'AssetCategory', 'AssetCategoryTable', 'AssetCategory', 'meta_table', 'ms_markets',
 'One row per named asset category, a curated universe or basket such as a sector list or an investable universe; its member assets are listed in AssetCategoryMembership.',
 '{unique_identifier}', NULL, '0001_markets_base'),
(4, 'AssetCategoryMembership', 'AssetCategoryMembershipTable', 'AssetCategoryMembership', 'meta_table', 'ms_markets',
 'One row per (asset category, asset) pair recording that the asset belongs to the category; deleting the category or the asset removes the membership.',
 '{category_uid,asset_uid}', NULL, '0001_markets_base'),
(5, 'Issuer', 'IssuerTable', 'Issuer', 'meta_table', 'ms_markets',
 'One row per issuing entity (sovereign, agency or corporation) identified by unique_identifier; bond details reference their issuer here, and an issuer with bonds cannot be deleted.',
 '{unique_identifier}', NULL, '0001_markets_base'),
(6, 'CurrencySpotAssetDetails', 'CurrencySpotAssetDetailsTable', 'CurrencySpotAssetDetails', 'meta_table', 'ms_markets',
 'One row per currency-pair spot asset, extending Asset with its base and quote currency assets; at most one spot asset exists per (base currency, quote currency) pair.',
 '{asset_uid}', NULL, '0001_markets_base'),
(7, 'BondAssetDetails', 'BondAssetDetailsTable', 'BondAssetDetails', 'meta_table', 'ms_markets',
 'One row per bond asset, extending Asset with its issuer, currency of denomination, issue and maturity dates and lifecycle status; used for fixed-income reference data and maturity screens.',
 '{asset_uid}', NULL, '0001_markets_base'),
(8, 'FutureAssetDetails', 'FutureAssetDetailsTable', 'FutureAssetDetails', 'meta_table', 'ms_markets',
 'One row per futures contract asset, extending Asset with its underlying index, quote and contract units, settlement and margin assets, settlement terms, contract size and expiry and settlement instants.',
 '{asset_uid}', NULL, '0001_markets_base'),
(9, 'OpenFigiAssetDetails', 'OpenFigiAssetDetailsTable', 'OpenFigiAssetDetails', 'meta_table', 'ms_markets',
 'One row per asset mapped through OpenFIGI, extending Asset with its FIGI identifiers, ISIN, ticker, exchange code, security type and market sector plus the raw mapping payload.',
 '{asset_uid}', NULL, '0001_markets_base'),
(10, 'IndexType', 'IndexTypeTable', 'IndexType', 'meta_table', 'ms_markets',
 'One row per index type code (for example equity_index, interest_rate, volatility): the vocabulary of index families with display names and metadata; Index.index_type is free text and is not enforced against it.',
 '{index_type}', NULL, '0001_markets_base'),
(11, 'Index', 'IndexTable', 'Index', 'meta_table', 'ms_markets',
 'One row per published or computed index (benchmark, reference rate or custom series) identified by unique_identifier, with its calculation method and value format; its values are stored in IndexValuesTS.',
 '{unique_identifier}', NULL, '0001_markets_base'),
(12, 'IndexDatasetAvailability', 'IndexDatasetAvailabilityTable', 'IndexDatasetAvailability', 'meta_table', 'ms_markets',
 'One row per (index, source MetaTable) pair tracking how far the dataset behind an index is populated: cadence, population state, row count, covered time range and the last reconciliation error.',
 '{index_uid,meta_table_uid}', NULL, '0001_markets_base'),
(13, 'IndexFormulaDefinition', 'IndexFormulaDefinitionTable', 'IndexFormulaDefinition', 'meta_table', 'ms_markets',
 'One row per version of the formula that computes an index: the expression, its validity window, input alignment and missing-data policies and a content hash; at most one version per index is active.',
 '{index_uid,version}', NULL, '0001_markets_base'),
(14, 'IndexFormulaInput', 'IndexFormulaInputTable', 'IndexFormulaInput', 'meta_table', 'ms_markets',
 'One row per input series of an index formula version: exactly one of an asset or a component index, the MetaTable that supplies its data and the observable (column) read from it.',
 '{uid}', NULL, '0001_markets_base'),
(15, 'Calendar', 'CalendarTable', 'Calendar', 'meta_table', 'ms_markets',
 'One row per trading, settlement or holiday calendar identified by unique_identifier, with its type, IANA time zone, external source and the range of local dates it covers.',
 '{unique_identifier}', NULL, '0001_markets_base'),
(16, 'CalendarDate', 'CalendarDateTable', 'CalendarDate', 'meta_table', 'ms_markets',
 'One row per (calendar, local date) classifying the day as business day, holiday, weekend or early close, with the holiday name; used for business-day arithmetic and schedule generation.',
 '{calendar_uid,local_date}', NULL, '0001_markets_base'),
(17, 'CalendarSession', 'CalendarSessionTable', 'CalendarSession', 'meta_table', 'ms_markets',
 'One row per (calendar, local date, session label): the opening and closing instants of one trading session on that day, its time zone and whether it is the primary session.',
 '{calendar_uid,local_date,session_label}', NULL, '0001_markets_base'),
(18, 'CalendarEvent', 'CalendarEventTable', 'CalendarEvent', 'meta_table', 'ms_markets',
 'One row per dated event on a calendar (for example an index rebalance, a contract expiry or an announced closure), optionally about a target object; unique over calendar, date, type, label and target.',
 '{calendar_uid,event_date,event_type,event_label,target_type,target_identifier}', NULL, '0001_markets_base'),
(19, 'SignalMetadata', 'SignalMetadataTable', 'SignalMetadata', 'meta_table', 'ms_markets',
 'One row per trading signal identified by its signal_uid string, with a free-text description; portfolios reference the signal that drives their weights, which keeps it from being deleted.',
 '{signal_uid}', NULL, '0001_markets_base'),
(20, 'Portfolio', 'PortfolioTable', 'Portfolio', 'meta_table', 'ms_markets',
 'One row per portfolio strategy identified by unique_identifier: its rebalancing calendar, published index, driving signal and the DataNode tables holding its weights, signal weights and backtest results.',
 '{unique_identifier}', NULL, '0001_markets_base'),
(21, 'PortfolioGroup', 'PortfolioGroupTable', 'PortfolioGroup', 'meta_table', 'ms_markets',
 'One row per named group of portfolios, such as a product line or a client mandate, used for reporting; its member portfolios are listed in PortfolioGroupMembership.',
 '{unique_identifier}', NULL, '0001_markets_base'),
(22, 'PortfolioGroupMembership', 'PortfolioGroupMembershipTable', 'PortfolioGroupMembership', 'meta_table', 'ms_markets',
 'One row per (portfolio group, portfolio) pair recording that the portfolio belongs to the group; deleting the group or the portfolio removes the membership.',
 '{portfolio_group_uid,portfolio_uid}', NULL, '0001_markets_base'),
(23, 'AccountAllocationModel', 'AccountAllocationModelTable', 'AccountAllocationModel', 'meta_table', 'ms_markets',
 'One row per named allocation model, the method that turns an account target allocation into target positions (for example equal weight or risk parity); a model in use cannot be deleted.',
 '{allocation_model_name}', NULL, '0001_markets_base'),
(24, 'AccountGroup', 'AccountGroupTable', 'AccountGroup', 'meta_table', 'ms_markets',
 'One row per named group of accounts used to organise accounts for reporting and permissions; deleting a group leaves its accounts ungrouped rather than deleting them.',
 '{group_name}', NULL, '0001_markets_base'),
(25, 'Account', 'AccountTable', 'Account', 'meta_table', 'ms_markets',
 'One row per trading account (paper or live) identified by unique_identifier, with its display name, activity flag, optional account group and the DataNode that stores its holdings.',
 '{unique_identifier}', NULL, '0001_markets_base'),
(26, 'AccountTargetAllocation', 'AccountTargetAllocationTable', 'AccountTargetAllocation', 'meta_table', 'ms_markets',
 'One row per target allocation assigned to an account, identified by unique_identifier: the allocation model that computes its positions, whether it is active and where it came from.',
 '{unique_identifier}', NULL, '0001_markets_base'),
(27, 'AccountHoldingsSet', 'AccountHoldingsSetTable', 'AccountHoldingsSet', 'meta_table', 'ms_markets',
 'One row per holdings snapshot of an account at a point in time (account_uid, time_index); the individual positions of the snapshot are AccountHoldingsTS rows pointing to it.',
 '{account_uid,time_index}', NULL, '0001_markets_base'),
(28, 'PositionSet', 'PositionSetTable', 'PositionSet', 'meta_table', 'ms_markets',
 'One row per set of target positions produced for an account target allocation at position_set_time; the positions themselves are TargetPositionsTS rows pointing to it.',
 '{account_target_allocation_uid,position_set_time}', NULL, '0001_markets_base'),
(29, 'VirtualFund', 'VirtualFundTable', 'VirtualFund', 'meta_table', 'ms_markets',
 'One row per virtual fund identified by unique_identifier: a sleeve of an account that tracks one target portfolio, so that one account can hold several portfolios side by side.',
 '{unique_identifier}', NULL, '0001_markets_base'),
(30, 'VirtualFundHoldingsSet', 'VirtualFundHoldingsSetTable', 'VirtualFundHoldingsSet', 'meta_table', 'ms_markets',
 'One row per (virtual fund, source account holdings set) pair: the share of an account holdings snapshot allocated to a virtual fund, stamped with the snapshot time; positions are VirtualFundHoldingsTS rows.',
 '{virtual_fund_uid,source_account_holdings_set_uid}', NULL, '0001_markets_base'),
(31, 'OrderManager', 'OrderManagerTable', 'OrderManager', 'meta_table', 'ms_markets',
 'One row per order-management run identified by unique_identifier that rebalances an account toward its targets at target_time, recording when orders were received, when execution ended and the run status.',
 '{unique_identifier}', NULL, '0001_markets_base'),
(32, 'AssetSnapshotsTS', 'AssetSnapshotsTSTable', 'AssetSnapshotsTS', 'time_index', 'ms_markets',
 'Point-in-time asset reference snapshots keyed by time_index and asset_identifier: the name, ticker, exchange code and ticker group an asset carried as of each time, for point-in-time correct lookups.',
 '{time_index,asset_identifier}', 'time_index', '0001_markets_base'),
(33, 'IndexValuesTS', 'IndexValuesTSTable', 'IndexValuesTS', 'time_index', 'ms_markets',
 'Index value observations keyed by time_index and index_identifier: the value of each index at each time, with the formula version that produced it, an observation status and the source as-of time.',
 '{time_index,index_identifier}', 'time_index', '0001_markets_base'),
(34, 'AccountHoldingsTS', 'AccountHoldingsTSTable', 'AccountHoldingsTS', 'time_index', 'ms_markets',
 'Account position rows keyed by time_index, account_uid and asset_identifier: the quantity and direction an account held in each asset as of one holdings snapshot (AccountHoldingsSet).',
 '{time_index,account_uid,asset_identifier}', 'time_index', '0001_markets_base'),
(35, 'VirtualFundHoldingsTS', 'VirtualFundHoldingsTSTable', 'VirtualFundHoldingsTS', 'time_index', 'ms_markets',
 'Virtual fund position rows keyed by time_index, virtual_fund_uid and asset_identifier: the quantity of each asset allocated to a virtual fund from an account holdings snapshot, with the allocation strategy used.',
 '{time_index,virtual_fund_uid,asset_identifier}', 'time_index', '0001_markets_base'),
(36, 'TargetPositionsTS', 'TargetPositionsTSTable', 'TargetPositionsTS', 'time_index', 'ms_markets',
 'Target position rows keyed by time_index, position_set_uid, target_type and target_uid: the desired exposure to one asset or one portfolio within a position set, given as a weight, a constant notional or an asset quantity.',
 '{time_index,position_set_uid,target_type,target_uid}', 'time_index', '0001_markets_base'),
(37, 'OrdersTS', 'OrdersTSTable', 'OrdersTS', 'time_index', 'ms_markets',
 'Order records keyed by order_time, order_identifier, account_identifier and asset_identifier: each order sent for an account and asset, with its type, side, quantities, prices, status and venue metadata.',
 '{order_time,order_identifier,account_identifier,asset_identifier}', 'order_time', '0001_markets_base'),
(38, 'OrderEventsTS', 'OrderEventsTSTable', 'OrderEventsTS', 'time_index', 'ms_markets',
 'Order lifecycle events keyed by event_time and order_identifier: each status change reported for an order (accepted, partially filled, cancelled and so on) with the venue event metadata.',
 '{event_time,order_identifier}', 'event_time', '0001_markets_base'),
(39, 'TradesTS', 'TradesTSTable', 'TradesTS', 'time_index', 'ms_markets',
 'Trade executions (fills) keyed by trade_time, trade_identifier, account_identifier and asset_identifier: quantity, price, side, commission and settlement cost of each fill booked to an account.',
 '{trade_time,trade_identifier,account_identifier,asset_identifier}', 'trade_time', '0001_markets_base');

-- ---------------------------------------------------------------------------
-- Columns
-- ---------------------------------------------------------------------------
INSERT INTO msm.builtin_column
    (model_name, position, column_name, data_type, not_null, default_expr, description)
VALUES
-- 0 AlembicVersion
('AlembicVersion', 1, 'version_num', 'varchar(32)', true, NULL,
 'Identifier of the migration revision currently applied, for example 0001_markets_base.'),

-- 1 AssetType
('AssetType', 1, 'uid', 'uuid', true, 'gen_random_uuid()',
 'Surrogate primary key of the asset type, a random UUID assigned on insert.'),
('AssetType', 2, 'asset_type', 'varchar(64)', true, NULL,
 'Normalized asset type code (lowercase, underscores), unique, for example currency_spot.'),
('AssetType', 3, 'display_name', 'varchar(255)', false, NULL,
 'Human-readable name of the asset type for user interfaces; null when not set.'),
('AssetType', 4, 'description', 'text', false, NULL,
 'Free-text explanation of which instruments belong to this asset type.'),
('AssetType', 5, 'metadata_json', 'json', false, NULL,
 'Free-form JSON attributes of the asset type; null when there are none.'),

-- 2 Asset
('Asset', 1, 'uid', 'uuid', true, 'gen_random_uuid()',
 'Surrogate primary key of the asset, a random UUID kept stable across upserts.'),
('Asset', 2, 'unique_identifier', 'varchar(255)', true, NULL,
 'Platform-wide unique business identifier of the asset (1 to 255 characters), the upsert key.'),
('Asset', 3, 'asset_type', 'varchar(64)', false, NULL,
 'Normalized asset type code as free text (not a foreign key to AssetType); null when unclassified.'),

-- 3 AssetCategory
('AssetCategory', 1, 'uid', 'uuid', true, 'gen_random_uuid()',
 'Surrogate primary key of the asset category, a random UUID assigned on insert.'),
('AssetCategory', 2, 'unique_identifier', 'varchar(255)', true, NULL,
 'Unique business identifier of the category, used as its upsert key.'),
('AssetCategory', 3, 'display_name', 'varchar(255)', true, NULL,
 'Human-readable name of the category shown in user interfaces and reports.'),
('AssetCategory', 4, 'description', 'text', false, NULL,
 'Free-text explanation of the category and how its members are chosen.'),
('AssetCategory', 5, 'metadata_json', 'json', false, NULL,
 'Free-form JSON attributes of the category; null when there are none.'),

-- 4 AssetCategoryMembership
('AssetCategoryMembership', 1, 'uid', 'uuid', true, 'gen_random_uuid()',
 'Surrogate primary key of the membership row, a random UUID assigned on insert.'),
('AssetCategoryMembership', 2, 'category_uid', 'uuid', true, NULL,
 'AssetCategory.uid of the category the asset belongs to; deleting the category deletes the row.'),
('AssetCategoryMembership', 3, 'asset_uid', 'uuid', true, NULL,
 'Asset.uid of the member asset; deleting the asset deletes the membership row.'),

-- 5 Issuer
('Issuer', 1, 'uid', 'uuid', true, 'gen_random_uuid()',
 'Surrogate primary key of the issuer, a random UUID assigned on insert.'),
('Issuer', 2, 'unique_identifier', 'varchar(255)', true, NULL,
 'Unique business identifier of the issuer (for example an LEI), the upsert key.'),
('Issuer', 3, 'display_name', 'varchar(255)', true, NULL,
 'Legal or display name of the issuing entity shown in reports.'),
('Issuer', 4, 'metadata_json', 'json', false, NULL,
 'Free-form JSON attributes of the issuer such as country or sector; null when none.'),

-- 6 CurrencySpotAssetDetails
('CurrencySpotAssetDetails', 1, 'asset_uid', 'uuid', true, NULL,
 'Asset.uid of the currency-pair spot asset described; primary key, deleted with the asset.'),
('CurrencySpotAssetDetails', 2, 'base_currency_uid', 'uuid', true, NULL,
 'Asset.uid of the base (priced) currency of the pair; that asset cannot be deleted while referenced.'),
('CurrencySpotAssetDetails', 3, 'quote_currency_uid', 'uuid', true, NULL,
 'Asset.uid of the quote (pricing) currency of the pair; that asset cannot be deleted while referenced.'),

-- 7 BondAssetDetails
('BondAssetDetails', 1, 'asset_uid', 'uuid', true, NULL,
 'Asset.uid of the bond asset described; primary key, deleted with the asset.'),
('BondAssetDetails', 2, 'issuer_uid', 'uuid', true, NULL,
 'Issuer.uid of the entity that issued the bond; the issuer cannot be deleted while referenced.'),
('BondAssetDetails', 3, 'currency_asset_uid', 'uuid', true, NULL,
 'Asset.uid of the currency asset the bond is denominated and pays in.'),
('BondAssetDetails', 4, 'issue_date', 'date', true, NULL,
 'Calendar date on which the bond was issued.'),
('BondAssetDetails', 5, 'maturity_date', 'date', false, NULL,
 'Calendar date on which the principal is repaid; null for perpetual bonds.'),
('BondAssetDetails', 6, 'status', 'varchar(32)', true, NULL,
 'Lifecycle status code of the bond, for example active, matured or defaulted.'),

-- 8 FutureAssetDetails
('FutureAssetDetails', 1, 'asset_uid', 'uuid', true, NULL,
 'Asset.uid of the futures contract asset described; primary key, deleted with the asset.'),
('FutureAssetDetails', 2, 'kind', 'varchar(32)', true, NULL,
 'Kind of futures contract, for example dated (expiring) or perpetual.'),
('FutureAssetDetails', 3, 'underlying_index_uid', 'uuid', true, NULL,
 'Index.uid of the index the contract tracks; the index cannot be deleted while referenced.'),
('FutureAssetDetails', 4, 'quote_unit', 'varchar(64)', true, NULL,
 'Unit in which the contract price is quoted, for example USD or index points.'),
('FutureAssetDetails', 5, 'settlement_asset', 'uuid', true, NULL,
 'Asset.uid of the asset in which profit and loss is settled.'),
('FutureAssetDetails', 6, 'margin_asset', 'uuid', true, NULL,
 'Asset.uid of the asset posted as margin collateral for the contract.'),
('FutureAssetDetails', 7, 'settlement_model', 'varchar(32)', true, NULL,
 'Contract settlement model code, for example linear or inverse payoff.'),
('FutureAssetDetails', 8, 'settlement_method', 'varchar(32)', true, NULL,
 'How the contract settles at expiry, for example cash or physical delivery.'),
('FutureAssetDetails', 9, 'contract_size', 'numeric(38,18)', true, NULL,
 'Quantity of contract_unit that one contract represents (the multiplier).'),
('FutureAssetDetails', 10, 'contract_unit', 'varchar(64)', true, NULL,
 'Unit of the contract size, for example barrels, BTC or index points.'),
('FutureAssetDetails', 11, 'expires_at', 'timestamptz', false, NULL,
 'Instant at which trading in the contract stops; null for perpetual contracts.'),
('FutureAssetDetails', 12, 'settles_at', 'timestamptz', false, NULL,
 'Instant of final settlement of the contract; null for perpetual contracts.'),
('FutureAssetDetails', 13, 'metadata', 'json', false, NULL,
 'Free-form JSON contract specification attributes; null when there are none.'),

-- 9 OpenFigiAssetDetails
('OpenFigiAssetDetails', 1, 'asset_uid', 'uuid', true, NULL,
 'Asset.uid of the asset mapped through OpenFIGI; primary key, deleted with the asset.'),
('OpenFigiAssetDetails', 2, 'figi', 'varchar(12)', false, NULL,
 'Financial Instrument Global Identifier (12 characters) of the listing.'),
('OpenFigiAssetDetails', 3, 'composite', 'varchar(12)', false, NULL,
 'Composite FIGI grouping the listings of the instrument across exchanges of one country.'),
('OpenFigiAssetDetails', 4, 'share_class', 'varchar(12)', false, NULL,
 'Share class FIGI grouping all listings of the same share class globally.'),
('OpenFigiAssetDetails', 5, 'isin', 'varchar(12)', false, NULL,
 'International Securities Identification Number (12 characters); null when unknown.'),
('OpenFigiAssetDetails', 6, 'ticker', 'varchar(50)', false, NULL,
 'Exchange ticker symbol reported by OpenFIGI for the listing.'),
('OpenFigiAssetDetails', 7, 'exchange_code', 'varchar(50)', false, NULL,
 'OpenFIGI exchange code of the listing venue, for example US or LN.'),
('OpenFigiAssetDetails', 8, 'security_type', 'varchar(50)', false, NULL,
 'OpenFIGI security type, for example Common Stock or ETP.'),
('OpenFigiAssetDetails', 9, 'security_type_2', 'varchar(50)', false, NULL,
 'OpenFIGI secondary security type, a broader class such as Common Stock or Future.'),
('OpenFigiAssetDetails', 10, 'security_market_sector', 'varchar(50)', false, NULL,
 'OpenFIGI market sector, for example Equity, Govt, Corp or Curncy.'),
('OpenFigiAssetDetails', 11, 'name', 'varchar(255)', false, NULL,
 'Instrument name as reported by OpenFIGI for the listing.'),
('OpenFigiAssetDetails', 12, 'security_description', 'varchar(255)', false, NULL,
 'OpenFIGI security description, usually a ticker-style summary of the instrument.'),
('OpenFigiAssetDetails', 13, 'unique_id', 'varchar(255)', false, NULL,
 'Legacy Bloomberg unique identifier of the security reported by OpenFIGI.'),
('OpenFigiAssetDetails', 14, 'unique_id_fut_opt', 'varchar(255)', false, NULL,
 'Legacy Bloomberg unique identifier for futures and options; null for other securities.'),
('OpenFigiAssetDetails', 15, 'metadata', 'text', false, NULL,
 'Additional descriptive text returned by OpenFIGI; null when none was returned.'),
('OpenFigiAssetDetails', 16, 'raw_payload', 'json', false, NULL,
 'Complete OpenFIGI mapping response for the asset as returned by the API.'),

-- 10 IndexType
('IndexType', 1, 'uid', 'uuid', true, 'gen_random_uuid()',
 'Surrogate primary key of the index type, a random UUID assigned on insert.'),
('IndexType', 2, 'index_type', 'varchar(64)', true, NULL,
 'Unique index type code, for example equity_index or interest_rate.'),
('IndexType', 3, 'display_name', 'varchar(255)', false, NULL,
 'Human-readable name of the index type for user interfaces; null when not set.'),
('IndexType', 4, 'description', 'text', false, NULL,
 'Free-text explanation of which indexes belong to this type.'),
('IndexType', 5, 'metadata_json', 'json', false, NULL,
 'Free-form JSON attributes of the index type; null when there are none.'),

-- 11 Index
('Index', 1, 'uid', 'uuid', true, 'gen_random_uuid()',
 'Surrogate primary key of the index, a random UUID assigned on insert.'),
('Index', 2, 'unique_identifier', 'varchar(255)', true, NULL,
 'Unique business identifier of the index, the upsert key and the IndexValuesTS key.'),
('Index', 3, 'index_type', 'varchar(64)', true, NULL,
 'Index type code as free text (not a foreign key to IndexType).'),
('Index', 4, 'display_name', 'varchar(255)', true, NULL,
 'Human-readable name of the index shown in user interfaces and reports.'),
('Index', 5, 'calculation_method', 'varchar(16)', true, NULL,
 'How values are produced: formula (computed from IndexFormulaDefinition) or custom (loaded externally).'),
('Index', 6, 'value_format', 'varchar(16)', true, NULL,
 'How values are read and displayed: decimal (plain number) or percent.'),
('Index', 7, 'value_suffix', 'varchar(32)', false, NULL,
 'Optional unit suffix appended when displaying values, for example bp or pts.'),
('Index', 8, 'description', 'text', false, NULL,
 'Free-text explanation of what the index measures and how.'),
('Index', 9, 'metadata_json', 'json', false, NULL,
 'Free-form JSON attributes of the index; null when there are none.'),

-- 12 IndexDatasetAvailability
('IndexDatasetAvailability', 1, 'uid', 'uuid', true, 'gen_random_uuid()',
 'Surrogate primary key of the availability row, a random UUID assigned on insert.'),
('IndexDatasetAvailability', 2, 'index_uid', 'uuid', true, NULL,
 'Index.uid of the index whose dataset is tracked; deleting the index deletes the row.'),
('IndexDatasetAvailability', 3, 'meta_table_uid', 'varchar(255)', true, NULL,
 'Uid of the MetaTable holding the dataset, stored as text (not a foreign key).'),
('IndexDatasetAvailability', 4, 'cadence', 'varchar(32)', true, NULL,
 'Observation frequency of the dataset, for example daily or 1m.'),
('IndexDatasetAvailability', 5, 'population_state', 'varchar(32)', true, NULL,
 'Population state of the dataset, for example empty, partial, complete or error.'),
('IndexDatasetAvailability', 6, 'row_count', 'integer', false, NULL,
 'Number of rows found in the dataset at the last reconciliation; null when unknown.'),
('IndexDatasetAvailability', 7, 'earliest_time_index', 'timestamptz', false, NULL,
 'Earliest time index present in the dataset; null when the dataset is empty.'),
('IndexDatasetAvailability', 8, 'latest_time_index', 'timestamptz', false, NULL,
 'Latest time index present in the dataset; null when the dataset is empty.'),
('IndexDatasetAvailability', 9, 'reconciled_at', 'timestamptz', true, 'now()',
 'Instant of the last reconciliation of this row against the dataset.'),
('IndexDatasetAvailability', 10, 'error_code', 'varchar(128)', false, NULL,
 'Machine-readable code of the last reconciliation error; null when it succeeded.'),
('IndexDatasetAvailability', 11, 'error_message', 'varchar(1024)', false, NULL,
 'Human-readable message of the last reconciliation error; null when it succeeded.'),

-- 13 IndexFormulaDefinition
('IndexFormulaDefinition', 1, 'uid', 'uuid', true, 'gen_random_uuid()',
 'Surrogate primary key of the formula version, a random UUID assigned on insert.'),
('IndexFormulaDefinition', 2, 'index_uid', 'uuid', true, NULL,
 'Index.uid of the index the formula computes; deleting the index deletes its formulas.'),
('IndexFormulaDefinition', 3, 'version', 'integer', true, NULL,
 'Version number of the formula within its index, a positive integer.'),
('IndexFormulaDefinition', 4, 'status', 'varchar(32)', true, '''draft''',
 'Lifecycle status of the version: draft, active or retired; at most one active per index.'),
('IndexFormulaDefinition', 5, 'valid_from', 'timestamptz', true, NULL,
 'First instant from which this formula version applies to index values.'),
('IndexFormulaDefinition', 6, 'valid_to', 'timestamptz', false, NULL,
 'Instant at which this version stops applying, after valid_from; null means open-ended.'),
('IndexFormulaDefinition', 7, 'formula', 'text', true, NULL,
 'Formula expression combining the inputs listed in IndexFormulaInput into one value.'),
('IndexFormulaDefinition', 8, 'alignment_policy', 'varchar(16)', true, '''exact''',
 'How input observations are aligned in time: exact timestamps or asof (latest earlier value).'),
('IndexFormulaDefinition', 9, 'alignment_parameters_json', 'json', false, NULL,
 'JSON parameters of the alignment policy, such as an asof tolerance; null when none.'),
('IndexFormulaDefinition', 10, 'missing_data_policy', 'varchar(16)', true, '''drop''',
 'What happens when an input is missing: drop the observation or fail the computation.'),
('IndexFormulaDefinition', 11, 'definition_hash', 'varchar(64)', true, NULL,
 'Hex digest of the normalized definition, unique per index to detect duplicate versions.'),
('IndexFormulaDefinition', 12, 'metadata_json', 'json', false, NULL,
 'Free-form JSON attributes of the formula version; null when there are none.'),

-- 14 IndexFormulaInput
('IndexFormulaInput', 1, 'uid', 'uuid', true, 'gen_random_uuid()',
 'Surrogate primary key of the formula input, a random UUID and the upsert key.'),
('IndexFormulaInput', 2, 'definition_uid', 'uuid', true, NULL,
 'IndexFormulaDefinition.uid of the formula version using this input; deleted with it.'),
('IndexFormulaInput', 3, 'asset_uid', 'uuid', false, NULL,
 'Asset.uid when the input is an asset series; null when it is a component index.'),
('IndexFormulaInput', 4, 'component_index_uid', 'uuid', false, NULL,
 'Index.uid when the input is another index; null when it is an asset series.'),
('IndexFormulaInput', 5, 'meta_table_uid', 'uuid', true, NULL,
 'Uid of the MetaTable supplying the input data (a registry uid, not a foreign key).'),
('IndexFormulaInput', 6, 'observable', 'varchar(255)', true, NULL,
 'Name of the column or field read from the MetaTable, for example close.'),

-- 15 Calendar
('Calendar', 1, 'uid', 'uuid', true, 'gen_random_uuid()',
 'Surrogate primary key of the calendar, a random UUID assigned on insert.'),
('Calendar', 2, 'unique_identifier', 'varchar(255)', true, NULL,
 'Unique business identifier of the calendar, for example XNYS, the upsert key.'),
('Calendar', 3, 'display_name', 'varchar(255)', true, NULL,
 'Human-readable name of the calendar shown in user interfaces and reports.'),
('Calendar', 4, 'calendar_type', 'varchar(64)', true, NULL,
 'Kind of calendar, for example exchange, settlement or holiday.'),
('Calendar', 5, 'timezone', 'varchar(64)', true, '''UTC''',
 'IANA time zone name in which local dates of the calendar are expressed.'),
('Calendar', 6, 'source', 'varchar(128)', false, NULL,
 'External provider the calendar was loaded from; null when maintained by hand.'),
('Calendar', 7, 'source_identifier', 'varchar(255)', false, NULL,
 'Identifier of the calendar at the external source; null when maintained by hand.'),
('Calendar', 8, 'valid_from', 'date', true, NULL,
 'First local date covered by the calendar data.'),
('Calendar', 9, 'valid_to', 'date', true, NULL,
 'Last local date covered by the calendar data.'),
('Calendar', 10, 'metadata_json', 'json', false, NULL,
 'Free-form JSON attributes of the calendar; null when there are none.'),

-- 16 CalendarDate
('CalendarDate', 1, 'uid', 'uuid', true, 'gen_random_uuid()',
 'Surrogate primary key of the calendar date row, a random UUID assigned on insert.'),
('CalendarDate', 2, 'calendar_uid', 'uuid', true, NULL,
 'Calendar.uid of the calendar the day belongs to; deleted with the calendar.'),
('CalendarDate', 3, 'local_date', 'date', true, NULL,
 'Local calendar date in the time zone of the calendar.'),
('CalendarDate', 4, 'is_business_day', 'boolean', true, 'false',
 'True when the day is a business (trading or settlement) day.'),
('CalendarDate', 5, 'is_holiday', 'boolean', true, 'false',
 'True when the day is a holiday on this calendar.'),
('CalendarDate', 6, 'is_weekend', 'boolean', true, 'false',
 'True when the day falls on the weekend of this calendar.'),
('CalendarDate', 7, 'is_early_close', 'boolean', true, 'false',
 'True when the venue closes earlier than usual that day.'),
('CalendarDate', 8, 'holiday_name', 'varchar(255)', false, NULL,
 'Name of the holiday observed that day; null when it is not a holiday.'),
('CalendarDate', 9, 'metadata_json', 'json', false, NULL,
 'Free-form JSON attributes of the day; null when there are none.'),

-- 17 CalendarSession
('CalendarSession', 1, 'uid', 'uuid', true, 'gen_random_uuid()',
 'Surrogate primary key of the session row, a random UUID assigned on insert.'),
('CalendarSession', 2, 'calendar_uid', 'uuid', true, NULL,
 'Calendar.uid of the calendar the session belongs to; deleted with the calendar.'),
('CalendarSession', 3, 'local_date', 'date', true, NULL,
 'Local trading date the session belongs to, in the calendar time zone.'),
('CalendarSession', 4, 'session_label', 'varchar(64)', true, NULL,
 'Label of the session within the day, for example regular, pre or post.'),
('CalendarSession', 5, 'opens_at', 'timestamptz', false, NULL,
 'Instant the session opens; null when the session has no defined open.'),
('CalendarSession', 6, 'closes_at', 'timestamptz', false, NULL,
 'Instant the session closes; null when the session has no defined close.'),
('CalendarSession', 7, 'timezone', 'varchar(64)', true, '''UTC''',
 'IANA time zone name in which the session times are quoted.'),
('CalendarSession', 8, 'is_primary', 'boolean', true, 'true',
 'True for the main trading session of the day.'),
('CalendarSession', 9, 'metadata_json', 'json', false, NULL,
 'Free-form JSON attributes of the session; null when there are none.'),

-- 18 CalendarEvent
('CalendarEvent', 1, 'uid', 'uuid', true, 'gen_random_uuid()',
 'Surrogate primary key of the event row, a random UUID assigned on insert.'),
('CalendarEvent', 2, 'calendar_uid', 'uuid', true, NULL,
 'Calendar.uid of the calendar the event is recorded on; deleted with the calendar.'),
('CalendarEvent', 3, 'event_date', 'date', false, NULL,
 'Local date of the event; null when only an exact instant is known.'),
('CalendarEvent', 4, 'event_time', 'timestamptz', false, NULL,
 'Exact instant of the event; null for all-day events.'),
('CalendarEvent', 5, 'event_type', 'varchar(64)', true, NULL,
 'Type code of the event, for example rebalance, expiry or closure.'),
('CalendarEvent', 6, 'event_label', 'varchar(255)', true, '''''',
 'Free label distinguishing events of one type on one date; empty string when none.'),
('CalendarEvent', 7, 'target_type', 'varchar(64)', true, '''''',
 'Kind of object the event is about, for example asset or index; empty when none.'),
('CalendarEvent', 8, 'target_uid', 'uuid', false, NULL,
 'Uid of the object the event is about (not a foreign key); null when none.'),
('CalendarEvent', 9, 'target_identifier', 'varchar(255)', true, '''''',
 'Business identifier of the object the event is about; empty string when none.'),
('CalendarEvent', 10, 'metadata_json', 'json', false, NULL,
 'Free-form JSON attributes of the event; null when there are none.'),

-- 19 SignalMetadata
('SignalMetadata', 1, 'uid', 'uuid', true, 'gen_random_uuid()',
 'Surrogate primary key of the signal row, a random UUID assigned on insert.'),
('SignalMetadata', 2, 'signal_uid', 'varchar(255)', true, NULL,
 'Unique string identifier of the signal, referenced by Portfolio.signal_uid.'),
('SignalMetadata', 3, 'signal_description', 'text', false, NULL,
 'Free-text explanation of what the signal measures and how it is built.'),

-- 20 Portfolio
('Portfolio', 1, 'uid', 'uuid', true, 'gen_random_uuid()',
 'Surrogate primary key of the portfolio, a random UUID assigned on insert.'),
('Portfolio', 2, 'unique_identifier', 'varchar(255)', true, NULL,
 'Unique business identifier of the portfolio, the upsert key.'),
('Portfolio', 3, 'calendar_uid', 'uuid', true, NULL,
 'Calendar.uid of the calendar that schedules rebalances; the calendar cannot be deleted while used.'),
('Portfolio', 4, 'published_index_uid', 'uuid', false, NULL,
 'Index.uid of the index publishing the portfolio value; set to null when that index is deleted.'),
('Portfolio', 5, 'portfolio_weights_data_node_uid', 'uuid', false, NULL,
 'Uid of the DataNode table holding the portfolio weights; null when not produced.'),
('Portfolio', 6, 'signal_weights_data_node_uid', 'uuid', false, NULL,
 'Uid of the DataNode table holding the raw signal weights; null when not produced.'),
('Portfolio', 7, 'signal_uid', 'varchar(255)', false, NULL,
 'SignalMetadata.signal_uid of the signal driving the portfolio; null when none.'),
('Portfolio', 8, 'portfolio_data_node_uid', 'uuid', false, NULL,
 'Uid of the DataNode table holding the portfolio backtest or live values; null when none.'),
('Portfolio', 9, 'backtest_table_price_column_name', 'varchar(20)', true, '''close''',
 'Price column of the price tables used to value the backtest, close by default.'),

-- 21 PortfolioGroup
('PortfolioGroup', 1, 'uid', 'uuid', true, 'gen_random_uuid()',
 'Surrogate primary key of the portfolio group, a random UUID assigned on insert.'),
('PortfolioGroup', 2, 'unique_identifier', 'varchar(255)', true, NULL,
 'Unique business identifier of the portfolio group, the upsert key.'),
('PortfolioGroup', 3, 'display_name', 'varchar(255)', true, NULL,
 'Human-readable name of the group shown in user interfaces and reports.'),
('PortfolioGroup', 4, 'description', 'text', false, NULL,
 'Free-text explanation of the purpose of the group.'),
('PortfolioGroup', 5, 'metadata_json', 'json', false, NULL,
 'Free-form JSON attributes of the group; null when there are none.'),

-- 22 PortfolioGroupMembership
('PortfolioGroupMembership', 1, 'uid', 'uuid', true, 'gen_random_uuid()',
 'Surrogate primary key of the membership row, a random UUID assigned on insert.'),
('PortfolioGroupMembership', 2, 'portfolio_group_uid', 'uuid', true, NULL,
 'PortfolioGroup.uid of the group; deleting the group deletes the membership.'),
('PortfolioGroupMembership', 3, 'portfolio_uid', 'uuid', true, NULL,
 'Portfolio.uid of the member portfolio; deleting the portfolio deletes the membership.'),

-- 23 AccountAllocationModel
('AccountAllocationModel', 1, 'uid', 'uuid', true, 'gen_random_uuid()',
 'Surrogate primary key of the allocation model, a random UUID assigned on insert.'),
('AccountAllocationModel', 2, 'allocation_model_name', 'varchar(100)', true, NULL,
 'Unique name of the allocation model, the upsert key.'),
('AccountAllocationModel', 3, 'allocation_model_description', 'text', false, NULL,
 'Free-text explanation of how the model turns targets into positions.'),
('AccountAllocationModel', 4, 'metadata_json', 'json', false, NULL,
 'Free-form JSON parameters of the allocation model; null when there are none.'),

-- 24 AccountGroup
('AccountGroup', 1, 'uid', 'uuid', true, 'gen_random_uuid()',
 'Surrogate primary key of the account group, a random UUID assigned on insert.'),
('AccountGroup', 2, 'group_name', 'varchar(100)', false, NULL,
 'Unique name of the account group, the upsert key; rows with null never conflict.'),
('AccountGroup', 3, 'group_description', 'text', false, NULL,
 'Free-text explanation of the purpose of the group.'),
('AccountGroup', 4, 'metadata_json', 'json', false, NULL,
 'Free-form JSON attributes of the group; null when there are none.'),

-- 25 Account
('Account', 1, 'uid', 'uuid', true, 'gen_random_uuid()',
 'Surrogate primary key of the account, a random UUID assigned on insert.'),
('Account', 2, 'unique_identifier', 'varchar(255)', true, NULL,
 'Unique business identifier of the account, the upsert key and the orders and trades key.'),
('Account', 3, 'account_name', 'varchar(255)', true, NULL,
 'Human-readable name of the account shown in user interfaces and reports.'),
('Account', 4, 'is_paper', 'boolean', true, 'true',
 'True for a paper (simulated) account, false for a live broker account.'),
('Account', 5, 'account_is_active', 'boolean', true, 'false',
 'True when the account is enabled for trading and rebalancing.'),
('Account', 6, 'account_group_uid', 'uuid', false, NULL,
 'AccountGroup.uid of the group of the account; set to null when the group is deleted.'),
('Account', 7, 'holdings_data_node_uid', 'uuid', false, NULL,
 'Uid of the DataNode table that stores the account holdings; null when none.'),
('Account', 8, 'metadata_json', 'json', false, NULL,
 'Free-form JSON attributes of the account such as broker details; null when none.'),

-- 26 AccountTargetAllocation
('AccountTargetAllocation', 1, 'uid', 'uuid', true, 'gen_random_uuid()',
 'Surrogate primary key of the target allocation, a random UUID assigned on insert.'),
('AccountTargetAllocation', 2, 'unique_identifier', 'varchar(255)', true, NULL,
 'Unique business identifier of the target allocation, the upsert key.'),
('AccountTargetAllocation', 3, 'account_uid', 'uuid', true, NULL,
 'Account.uid of the account the allocation applies to; deleted with the account.'),
('AccountTargetAllocation', 4, 'account_allocation_model_uid', 'uuid', true, NULL,
 'AccountAllocationModel.uid of the model computing positions; it cannot be deleted while used.'),
('AccountTargetAllocation', 5, 'display_name', 'varchar(255)', false, NULL,
 'Human-readable name of the target allocation; null when not set.'),
('AccountTargetAllocation', 6, 'is_active', 'boolean', true, 'true',
 'True when this allocation is currently used to rebalance the account.'),
('AccountTargetAllocation', 7, 'source', 'varchar(255)', false, NULL,
 'Origin of the allocation, for example a user or an upstream system; null when unknown.'),
('AccountTargetAllocation', 8, 'metadata_json', 'json', false, NULL,
 'Free-form JSON attributes of the allocation; null when there are none.'),

-- 27 AccountHoldingsSet
('AccountHoldingsSet', 1, 'uid', 'uuid', true, 'gen_random_uuid()',
 'Surrogate primary key of the holdings snapshot, a random UUID assigned on insert.'),
('AccountHoldingsSet', 2, 'account_uid', 'uuid', true, NULL,
 'Account.uid of the account whose holdings were captured; deleted with the account.'),
('AccountHoldingsSet', 3, 'time_index', 'timestamptz', true, NULL,
 'Instant as of which the account holdings were captured.'),
('AccountHoldingsSet', 4, 'source_data_node_uid', 'uuid', false, NULL,
 'Uid of the DataNode that produced the snapshot; null when loaded by hand.'),

-- 28 PositionSet
('PositionSet', 1, 'uid', 'uuid', true, 'gen_random_uuid()',
 'Surrogate primary key of the position set, a random UUID assigned on insert.'),
('PositionSet', 2, 'account_target_allocation_uid', 'uuid', true, NULL,
 'AccountTargetAllocation.uid that produced the positions; deleted with the allocation.'),
('PositionSet', 3, 'position_set_time', 'timestamptz', true, NULL,
 'Instant for which the target positions of the set were computed.'),
('PositionSet', 4, 'source', 'varchar(255)', false, NULL,
 'Origin of the position set, for example a job or a user; null when unknown.'),
('PositionSet', 5, 'metadata_json', 'json', false, NULL,
 'Free-form JSON attributes of the position set; null when there are none.'),

-- 29 VirtualFund
('VirtualFund', 1, 'uid', 'uuid', true, 'gen_random_uuid()',
 'Surrogate primary key of the virtual fund, a random UUID assigned on insert.'),
('VirtualFund', 2, 'unique_identifier', 'varchar(255)', true, NULL,
 'Unique business identifier of the virtual fund, the upsert key.'),
('VirtualFund', 3, 'account_uid', 'uuid', true, NULL,
 'Account.uid of the account holding the fund assets; deleted with the account.'),
('VirtualFund', 4, 'target_portfolio_uid', 'uuid', true, NULL,
 'Portfolio.uid of the portfolio the fund tracks; it cannot be deleted while tracked.'),

-- 30 VirtualFundHoldingsSet
('VirtualFundHoldingsSet', 1, 'uid', 'uuid', true, 'gen_random_uuid()',
 'Surrogate primary key of the virtual fund holdings set, a random UUID assigned on insert.'),
('VirtualFundHoldingsSet', 2, 'virtual_fund_uid', 'uuid', true, NULL,
 'VirtualFund.uid of the fund receiving the allocation; deleted with the fund.'),
('VirtualFundHoldingsSet', 3, 'source_account_holdings_set_uid', 'uuid', true, NULL,
 'AccountHoldingsSet.uid of the account snapshot being split; it cannot be deleted while used.'),
('VirtualFundHoldingsSet', 4, 'time_index', 'timestamptz', true, NULL,
 'Instant of the allocated holdings, the time of the source account snapshot.'),

-- 31 OrderManager
('OrderManager', 1, 'uid', 'uuid', true, 'gen_random_uuid()',
 'Surrogate primary key of the order-management run, a random UUID assigned on insert.'),
('OrderManager', 2, 'unique_identifier', 'varchar(255)', true, NULL,
 'Unique business identifier of the run, the upsert key and OrdersTS reference.'),
('OrderManager', 3, 'target_account_uid', 'uuid', true, NULL,
 'Account.uid of the account being rebalanced; deleted with the account.'),
('OrderManager', 4, 'target_time', 'timestamptz', true, NULL,
 'Instant for which the run computes and sends the rebalancing orders.'),
('OrderManager', 5, 'order_received_time', 'timestamptz', false, NULL,
 'Instant the orders of the run were received by the venue; null until then.'),
('OrderManager', 6, 'execution_end', 'timestamptz', false, NULL,
 'Instant order execution of the run finished; null while still executing.'),
('OrderManager', 7, 'status', 'varchar(64)', false, NULL,
 'Current status code of the run, for example pending, executing or done.'),
('OrderManager', 8, 'metadata_json', 'json', false, NULL,
 'Free-form JSON attributes of the run; null when there are none.'),

-- 32 AssetSnapshotsTS
('AssetSnapshotsTS', 1, 'time_index', 'timestamptz', true, NULL,
 'Instant as of which the snapshot attributes are valid; first grain column.'),
('AssetSnapshotsTS', 2, 'asset_identifier', 'varchar(255)', true, NULL,
 'Asset.unique_identifier of the asset described; the asset cannot be deleted while referenced.'),
('AssetSnapshotsTS', 3, 'name', 'varchar', false, NULL,
 'Name of the asset as of time_index; null when unknown.'),
('AssetSnapshotsTS', 4, 'ticker', 'varchar', false, NULL,
 'Ticker symbol of the asset as of time_index; null when unknown.'),
('AssetSnapshotsTS', 5, 'exchange_code', 'varchar', false, NULL,
 'Exchange code of the listing as of time_index; null when unknown.'),
('AssetSnapshotsTS', 6, 'asset_ticker_group_id', 'varchar', false, NULL,
 'Identifier grouping listings of the same instrument across venues; null when ungrouped.'),

-- 33 IndexValuesTS
('IndexValuesTS', 1, 'time_index', 'timestamptz', true, NULL,
 'Instant of the index observation; first grain column.'),
('IndexValuesTS', 2, 'index_identifier', 'varchar(255)', true, NULL,
 'Index.unique_identifier of the observed index; the index cannot be deleted while referenced.'),
('IndexValuesTS', 3, 'value', 'float8', true, NULL,
 'Index value at time_index, in the value format of the index.'),
('IndexValuesTS', 4, 'definition_uid', 'uuid', false, NULL,
 'IndexFormulaDefinition.uid of the formula version that computed the value; null for external values.'),
('IndexValuesTS', 5, 'observation_status', 'varchar(32)', false, NULL,
 'Quality status of the observation, for example final, preliminary or estimated.'),
('IndexValuesTS', 6, 'source_as_of', 'timestamptz', false, NULL,
 'Instant the source data behind the value was current; null when unknown.'),
('IndexValuesTS', 7, 'metadata_json', 'json', false, NULL,
 'Free-form JSON attributes of the observation; null when there are none.'),

-- 34 AccountHoldingsTS
('AccountHoldingsTS', 1, 'time_index', 'timestamptz', true, NULL,
 'Instant of the holdings snapshot the position belongs to; first grain column.'),
('AccountHoldingsTS', 2, 'account_uid', 'uuid', true, NULL,
 'Account.uid of the account holding the position; the account cannot be deleted while referenced.'),
('AccountHoldingsTS', 3, 'asset_identifier', 'varchar(255)', true, NULL,
 'Asset.unique_identifier of the held asset; the asset cannot be deleted while referenced.'),
('AccountHoldingsTS', 4, 'holdings_set_uid', 'uuid', true, NULL,
 'AccountHoldingsSet.uid of the snapshot containing this position; deleted with the snapshot.'),
('AccountHoldingsTS', 5, 'is_trade_snapshot', 'boolean', false, NULL,
 'True when the snapshot was taken right after a trade rather than on schedule.'),
('AccountHoldingsTS', 6, 'quantity', 'float8', false, NULL,
 'Absolute quantity held, in units of the asset; sign is given by direction.'),
('AccountHoldingsTS', 7, 'direction', 'smallint', true, '1',
 'Position side: 1 for long, -1 for short.'),
('AccountHoldingsTS', 8, 'target_trade_time', 'timestamptz', false, NULL,
 'Instant of the trade this snapshot reflects; null for scheduled snapshots.'),
('AccountHoldingsTS', 9, 'extra_details', 'jsonb', false, NULL,
 'Free-form JSONB position details such as cost basis; null when none.'),

-- 35 VirtualFundHoldingsTS
('VirtualFundHoldingsTS', 1, 'time_index', 'timestamptz', true, NULL,
 'Instant of the allocated holdings snapshot; first grain column.'),
('VirtualFundHoldingsTS', 2, 'virtual_fund_uid', 'uuid', true, NULL,
 'VirtualFund.uid of the fund the quantity is allocated to; deleted with the fund.'),
('VirtualFundHoldingsTS', 3, 'asset_identifier', 'varchar(255)', true, NULL,
 'Asset.unique_identifier of the allocated asset; the asset cannot be deleted while referenced.'),
('VirtualFundHoldingsTS', 4, 'virtual_fund_holdings_set_uid', 'uuid', true, NULL,
 'VirtualFundHoldingsSet.uid of the allocation this row belongs to; deleted with it.'),
('VirtualFundHoldingsTS', 5, 'source_account_holdings_set_uid', 'uuid', true, NULL,
 'AccountHoldingsSet.uid of the account snapshot the quantity comes from.'),
('VirtualFundHoldingsTS', 6, 'allocated_quantity', 'float8', true, NULL,
 'Absolute quantity of the asset allocated to the fund, in asset units.'),
('VirtualFundHoldingsTS', 7, 'allocation_strategy', 'varchar(64)', true, '''explicit''',
 'How the quantity was allocated to the fund, explicit by default.'),
('VirtualFundHoldingsTS', 8, 'direction', 'smallint', true, '1',
 'Position side of the allocated quantity: 1 for long, -1 for short.'),
('VirtualFundHoldingsTS', 9, 'target_trade_time', 'timestamptz', false, NULL,
 'Instant of the trade this allocation reflects; null for scheduled snapshots.'),
('VirtualFundHoldingsTS', 10, 'extra_details', 'jsonb', false, NULL,
 'Free-form JSONB details of the allocation; null when there are none.'),

-- 36 TargetPositionsTS
('TargetPositionsTS', 1, 'time_index', 'timestamptz', true, NULL,
 'Instant for which the target position applies; first grain column.'),
('TargetPositionsTS', 2, 'position_set_uid', 'uuid', true, NULL,
 'PositionSet.uid of the set containing this position; deleted with the set.'),
('TargetPositionsTS', 3, 'target_type', 'varchar(32)', true, NULL,
 'What the position targets: asset (asset_uid set) or portfolio (portfolio_uid set).'),
('TargetPositionsTS', 4, 'target_uid', 'uuid', true, NULL,
 'Uid of the targeted asset or portfolio, equal to asset_uid or portfolio_uid.'),
('TargetPositionsTS', 5, 'asset_uid', 'uuid', false, NULL,
 'Asset.uid when target_type is asset; null for portfolio targets.'),
('TargetPositionsTS', 6, 'portfolio_uid', 'uuid', false, NULL,
 'Portfolio.uid when target_type is portfolio; null for asset targets.'),
('TargetPositionsTS', 7, 'weight_notional_exposure', 'float8', false, NULL,
 'Target exposure as a fraction of account notional; null when another form is used.'),
('TargetPositionsTS', 8, 'constant_notional_exposure', 'float8', false, NULL,
 'Target exposure as a fixed notional amount; null when another form is used.'),
('TargetPositionsTS', 9, 'single_asset_quantity', 'float8', false, NULL,
 'Target exposure as a quantity of asset units; null when another form is used.'),
('TargetPositionsTS', 10, 'metadata_json', 'jsonb', false, NULL,
 'Free-form JSONB attributes of the target position; null when none.'),

-- 37 OrdersTS
('OrdersTS', 1, 'order_time', 'timestamptz', true, NULL,
 'Instant the order was created or sent; first grain column.'),
('OrdersTS', 2, 'order_identifier', 'varchar', true, NULL,
 'Identifier of the order assigned by the platform, unique per account and asset.'),
('OrdersTS', 3, 'account_identifier', 'varchar(255)', true, NULL,
 'Account.unique_identifier of the ordering account; it cannot be deleted while referenced.'),
('OrdersTS', 4, 'order_manager_identifier', 'varchar(255)', false, NULL,
 'OrderManager.unique_identifier of the run that sent the order; null for manual orders.'),
('OrdersTS', 5, 'asset_identifier', 'varchar(255)', true, NULL,
 'Asset.unique_identifier of the ordered asset; it cannot be deleted while referenced.'),
('OrdersTS', 6, 'order_remote_id', 'varchar', false, NULL,
 'Identifier the venue or broker assigned to the order; null until acknowledged.'),
('OrdersTS', 7, 'client_order_id', 'varchar', false, NULL,
 'Client order id sent to the venue for idempotent submission; null when unused.'),
('OrdersTS', 8, 'order_type', 'varchar', false, NULL,
 'Order type, for example market, limit or stop.'),
('OrdersTS', 9, 'status', 'varchar', false, NULL,
 'Latest known status of the order, for example new, filled or cancelled.'),
('OrdersTS', 10, 'time_in_force', 'varchar', false, NULL,
 'Time-in-force instruction of the order, for example day, gtc or ioc.'),
('OrdersTS', 11, 'comments', 'varchar', false, NULL,
 'Free-text comments attached to the order; null when none.'),
('OrdersTS', 12, 'order_side', 'bigint', false, NULL,
 'Side of the order: 1 for buy, -1 for sell.'),
('OrdersTS', 13, 'quantity', 'float8', false, NULL,
 'Ordered quantity in units of the asset.'),
('OrdersTS', 14, 'filled_quantity', 'float8', false, NULL,
 'Quantity filled so far in units of the asset; null before any fill.'),
('OrdersTS', 15, 'filled_price', 'float8', false, NULL,
 'Average fill price in quote currency units; null before any fill.'),
('OrdersTS', 16, 'limit_price', 'float8', false, NULL,
 'Limit price of the order in quote currency units; null for market orders.'),
('OrdersTS', 17, 'expires_time', 'timestamptz', false, NULL,
 'Instant the order expires at the venue; null when it does not expire.'),
('OrdersTS', 18, 'venue_metadata', 'jsonb', false, NULL,
 'Venue-specific JSONB order details returned by the broker; null when none.'),

-- 38 OrderEventsTS
('OrderEventsTS', 1, 'event_time', 'timestamptz', true, NULL,
 'Instant the order event happened at the venue; first grain column.'),
('OrderEventsTS', 2, 'order_identifier', 'varchar', true, NULL,
 'Identifier of the order the event belongs to, as in OrdersTS (not a foreign key).'),
('OrderEventsTS', 3, 'order_status', 'varchar', false, NULL,
 'Order status after the event, for example partially_filled or cancelled.'),
('OrderEventsTS', 4, 'event_metadata', 'jsonb', false, NULL,
 'Venue-specific JSONB payload of the event; null when there is none.'),

-- 39 TradesTS
('TradesTS', 1, 'trade_time', 'timestamptz', true, NULL,
 'Instant the trade was executed at the venue; first grain column.'),
('TradesTS', 2, 'trade_identifier', 'varchar', true, NULL,
 'Identifier of the fill, unique per account and asset at trade_time.'),
('TradesTS', 3, 'account_identifier', 'varchar(255)', true, NULL,
 'Account.unique_identifier of the account the fill is booked to.'),
('TradesTS', 4, 'asset_identifier', 'varchar(255)', true, NULL,
 'Asset.unique_identifier of the traded asset; it cannot be deleted while referenced.'),
('TradesTS', 5, 'commission_asset_identifier', 'varchar(255)', false, NULL,
 'Asset.unique_identifier of the asset the commission is paid in; null when no commission.'),
('TradesTS', 6, 'settlement_asset_identifier', 'varchar(255)', false, NULL,
 'Asset.unique_identifier of the asset the trade settles in; null when unknown.'),
('TradesTS', 7, 'order_identifier', 'varchar', false, NULL,
 'Identifier of the order that produced the fill, as in OrdersTS; null when unknown.'),
('TradesTS', 8, 'comments', 'varchar', false, NULL,
 'Free-text comments attached to the trade; null when none.'),
('TradesTS', 9, 'trade_side', 'bigint', false, NULL,
 'Side of the trade: 1 for buy, -1 for sell.'),
('TradesTS', 10, 'quantity', 'float8', false, NULL,
 'Executed quantity in units of the traded asset.'),
('TradesTS', 11, 'price', 'float8', false, NULL,
 'Execution price in units of the settlement asset.'),
('TradesTS', 12, 'commission', 'float8', false, NULL,
 'Commission charged for the fill, in units of the commission asset.'),
('TradesTS', 13, 'settlement_cost', 'float8', false, NULL,
 'Total amount settled for the fill, in units of the settlement asset.'),
('TradesTS', 14, 'venue_metadata', 'jsonb', false, NULL,
 'Venue-specific JSONB trade details returned by the broker; null when none.');

-- ---------------------------------------------------------------------------
-- Indexes: 'pk' first (not on time-index models), then unique, then plain.
-- ---------------------------------------------------------------------------
INSERT INTO msm.builtin_index (model_name, position, index_kind, columns)
VALUES
('AlembicVersion', 1, 'pk', '{version_num}'),

('AssetType', 1, 'pk', '{uid}'),
('AssetType', 2, 'unique', '{asset_type}'),
('AssetType', 3, 'index', '{display_name}'),

('Asset', 1, 'pk', '{uid}'),
('Asset', 2, 'unique', '{unique_identifier}'),
('Asset', 3, 'index', '{asset_type}'),

('AssetCategory', 1, 'pk', '{uid}'),
('AssetCategory', 2, 'unique', '{unique_identifier}'),
('AssetCategory', 3, 'index', '{display_name}'),

('AssetCategoryMembership', 1, 'pk', '{uid}'),
('AssetCategoryMembership', 2, 'unique', '{category_uid,asset_uid}'),
('AssetCategoryMembership', 3, 'index', '{asset_uid}'),

('Issuer', 1, 'pk', '{uid}'),
('Issuer', 2, 'unique', '{unique_identifier}'),
('Issuer', 3, 'index', '{display_name}'),

('CurrencySpotAssetDetails', 1, 'pk', '{asset_uid}'),
('CurrencySpotAssetDetails', 2, 'unique', '{base_currency_uid,quote_currency_uid}'),
('CurrencySpotAssetDetails', 3, 'index', '{base_currency_uid}'),
('CurrencySpotAssetDetails', 4, 'index', '{quote_currency_uid}'),

('BondAssetDetails', 1, 'pk', '{asset_uid}'),
('BondAssetDetails', 2, 'index', '{issuer_uid}'),
('BondAssetDetails', 3, 'index', '{currency_asset_uid}'),
('BondAssetDetails', 4, 'index', '{status}'),
('BondAssetDetails', 5, 'index', '{maturity_date}'),

('FutureAssetDetails', 1, 'pk', '{asset_uid}'),
('FutureAssetDetails', 2, 'index', '{underlying_index_uid}'),
('FutureAssetDetails', 3, 'index', '{settlement_asset}'),
('FutureAssetDetails', 4, 'index', '{margin_asset}'),
('FutureAssetDetails', 5, 'index', '{expires_at}'),

('OpenFigiAssetDetails', 1, 'pk', '{asset_uid}'),
('OpenFigiAssetDetails', 2, 'index', '{figi}'),
('OpenFigiAssetDetails', 3, 'index', '{ticker}'),
('OpenFigiAssetDetails', 4, 'index', '{isin}'),

('IndexType', 1, 'pk', '{uid}'),
('IndexType', 2, 'unique', '{index_type}'),
('IndexType', 3, 'index', '{display_name}'),

('Index', 1, 'pk', '{uid}'),
('Index', 2, 'unique', '{unique_identifier}'),
('Index', 3, 'index', '{display_name}'),
('Index', 4, 'index', '{index_type}'),

('IndexDatasetAvailability', 1, 'pk', '{uid}'),
('IndexDatasetAvailability', 2, 'unique', '{index_uid,meta_table_uid}'),
('IndexDatasetAvailability', 3, 'index', '{index_uid,population_state,cadence}'),
('IndexDatasetAvailability', 4, 'index', '{population_state,cadence,index_uid}'),

-- The partial unique index UQ(index_uid) WHERE status = 'active' of
-- builtin_models.md is not representable in msm.builtin_index (no predicate
-- column); see the partial unique indexes note at the end of this file.
('IndexFormulaDefinition', 1, 'pk', '{uid}'),
('IndexFormulaDefinition', 2, 'unique', '{index_uid,version}'),
('IndexFormulaDefinition', 3, 'unique', '{index_uid,definition_hash}'),
('IndexFormulaDefinition', 4, 'index', '{index_uid}'),
('IndexFormulaDefinition', 5, 'index', '{status}'),
('IndexFormulaDefinition', 6, 'index', '{valid_from}'),

-- Same for the two partial unique indexes of IndexFormulaInput.
('IndexFormulaInput', 1, 'pk', '{uid}'),
('IndexFormulaInput', 2, 'index', '{definition_uid}'),
('IndexFormulaInput', 3, 'index', '{asset_uid}'),
('IndexFormulaInput', 4, 'index', '{component_index_uid}'),
('IndexFormulaInput', 5, 'index', '{meta_table_uid}'),

('Calendar', 1, 'pk', '{uid}'),
('Calendar', 2, 'unique', '{unique_identifier}'),
('Calendar', 3, 'index', '{calendar_type}'),
('Calendar', 4, 'index', '{source,source_identifier}'),

('CalendarDate', 1, 'pk', '{uid}'),
('CalendarDate', 2, 'unique', '{calendar_uid,local_date}'),
('CalendarDate', 3, 'index', '{local_date}'),
('CalendarDate', 4, 'index', '{calendar_uid,is_business_day}'),

('CalendarSession', 1, 'pk', '{uid}'),
('CalendarSession', 2, 'unique', '{calendar_uid,local_date,session_label}'),
('CalendarSession', 3, 'index', '{local_date}'),
('CalendarSession', 4, 'index', '{calendar_uid,is_primary}'),

('CalendarEvent', 1, 'pk', '{uid}'),
('CalendarEvent', 2, 'unique', '{calendar_uid,event_date,event_type,event_label,target_type,target_identifier}'),
('CalendarEvent', 3, 'index', '{calendar_uid,event_date}'),
('CalendarEvent', 4, 'index', '{event_type}'),
('CalendarEvent', 5, 'index', '{target_type,target_uid}'),

('SignalMetadata', 1, 'pk', '{uid}'),
('SignalMetadata', 2, 'unique', '{signal_uid}'),

('Portfolio', 1, 'pk', '{uid}'),
('Portfolio', 2, 'unique', '{unique_identifier}'),
('Portfolio', 3, 'index', '{calendar_uid}'),
('Portfolio', 4, 'index', '{published_index_uid}'),
('Portfolio', 5, 'index', '{signal_uid}'),

('PortfolioGroup', 1, 'pk', '{uid}'),
('PortfolioGroup', 2, 'unique', '{unique_identifier}'),
('PortfolioGroup', 3, 'index', '{display_name}'),

('PortfolioGroupMembership', 1, 'pk', '{uid}'),
('PortfolioGroupMembership', 2, 'unique', '{portfolio_group_uid,portfolio_uid}'),
('PortfolioGroupMembership', 3, 'index', '{portfolio_group_uid}'),
('PortfolioGroupMembership', 4, 'index', '{portfolio_uid}'),

('AccountAllocationModel', 1, 'pk', '{uid}'),
('AccountAllocationModel', 2, 'unique', '{allocation_model_name}'),

('AccountGroup', 1, 'pk', '{uid}'),
('AccountGroup', 2, 'unique', '{group_name}'),

('Account', 1, 'pk', '{uid}'),
('Account', 2, 'unique', '{unique_identifier}'),
('Account', 3, 'index', '{account_name}'),
('Account', 4, 'index', '{account_is_active}'),
('Account', 5, 'index', '{account_group_uid}'),

('AccountTargetAllocation', 1, 'pk', '{uid}'),
('AccountTargetAllocation', 2, 'unique', '{unique_identifier}'),
('AccountTargetAllocation', 3, 'index', '{account_uid}'),
('AccountTargetAllocation', 4, 'index', '{account_allocation_model_uid}'),
('AccountTargetAllocation', 5, 'index', '{is_active}'),

('AccountHoldingsSet', 1, 'pk', '{uid}'),
('AccountHoldingsSet', 2, 'unique', '{account_uid,time_index}'),
('AccountHoldingsSet', 3, 'index', '{account_uid}'),
('AccountHoldingsSet', 4, 'index', '{time_index}'),

('PositionSet', 1, 'pk', '{uid}'),
('PositionSet', 2, 'unique', '{account_target_allocation_uid,position_set_time}'),
('PositionSet', 3, 'index', '{account_target_allocation_uid}'),
('PositionSet', 4, 'index', '{position_set_time}'),

('VirtualFund', 1, 'pk', '{uid}'),
('VirtualFund', 2, 'unique', '{unique_identifier}'),
('VirtualFund', 3, 'index', '{account_uid}'),
('VirtualFund', 4, 'index', '{target_portfolio_uid}'),

('VirtualFundHoldingsSet', 1, 'pk', '{uid}'),
('VirtualFundHoldingsSet', 2, 'unique', '{virtual_fund_uid,source_account_holdings_set_uid}'),
('VirtualFundHoldingsSet', 3, 'index', '{virtual_fund_uid}'),
('VirtualFundHoldingsSet', 4, 'index', '{source_account_holdings_set_uid}'),

('OrderManager', 1, 'pk', '{uid}'),
('OrderManager', 2, 'unique', '{unique_identifier}'),
('OrderManager', 3, 'index', '{target_account_uid}'),
('OrderManager', 4, 'index', '{status}'),

('AssetSnapshotsTS', 1, 'unique', '{time_index,asset_identifier}'),

('IndexValuesTS', 1, 'unique', '{time_index,index_identifier}'),
('IndexValuesTS', 2, 'index', '{index_identifier,time_index}'),
('IndexValuesTS', 3, 'index', '{definition_uid}'),
('IndexValuesTS', 4, 'index', '{observation_status}'),

('AccountHoldingsTS', 1, 'unique', '{time_index,account_uid,asset_identifier}'),

('VirtualFundHoldingsTS', 1, 'unique', '{time_index,virtual_fund_uid,asset_identifier}'),

('TargetPositionsTS', 1, 'unique', '{time_index,position_set_uid,target_type,target_uid}'),

('OrdersTS', 1, 'unique', '{order_time,order_identifier,account_identifier,asset_identifier}'),

('OrderEventsTS', 1, 'unique', '{event_time,order_identifier}'),

('TradesTS', 1, 'unique', '{trade_time,trade_identifier,account_identifier,asset_identifier}');

-- ---------------------------------------------------------------------------
-- Foreign keys, per model in column order.
-- ---------------------------------------------------------------------------
INSERT INTO msm.builtin_fk (model_name, position, columns, target_model, target_columns, on_delete)
VALUES
('AssetCategoryMembership', 1, '{category_uid}', 'AssetCategory', '{uid}', 'CASCADE'),
('AssetCategoryMembership', 2, '{asset_uid}', 'Asset', '{uid}', 'CASCADE'),

('CurrencySpotAssetDetails', 1, '{asset_uid}', 'Asset', '{uid}', 'CASCADE'),
('CurrencySpotAssetDetails', 2, '{base_currency_uid}', 'Asset', '{uid}', 'RESTRICT'),
('CurrencySpotAssetDetails', 3, '{quote_currency_uid}', 'Asset', '{uid}', 'RESTRICT'),

('BondAssetDetails', 1, '{asset_uid}', 'Asset', '{uid}', 'CASCADE'),
('BondAssetDetails', 2, '{issuer_uid}', 'Issuer', '{uid}', 'RESTRICT'),
('BondAssetDetails', 3, '{currency_asset_uid}', 'Asset', '{uid}', 'RESTRICT'),

('FutureAssetDetails', 1, '{asset_uid}', 'Asset', '{uid}', 'CASCADE'),
('FutureAssetDetails', 2, '{underlying_index_uid}', 'Index', '{uid}', 'RESTRICT'),
('FutureAssetDetails', 3, '{settlement_asset}', 'Asset', '{uid}', 'RESTRICT'),
('FutureAssetDetails', 4, '{margin_asset}', 'Asset', '{uid}', 'RESTRICT'),

('OpenFigiAssetDetails', 1, '{asset_uid}', 'Asset', '{uid}', 'CASCADE'),

('IndexDatasetAvailability', 1, '{index_uid}', 'Index', '{uid}', 'CASCADE'),

('IndexFormulaDefinition', 1, '{index_uid}', 'Index', '{uid}', 'CASCADE'),

('IndexFormulaInput', 1, '{definition_uid}', 'IndexFormulaDefinition', '{uid}', 'CASCADE'),
('IndexFormulaInput', 2, '{asset_uid}', 'Asset', '{uid}', 'RESTRICT'),
('IndexFormulaInput', 3, '{component_index_uid}', 'Index', '{uid}', 'RESTRICT'),

('CalendarDate', 1, '{calendar_uid}', 'Calendar', '{uid}', 'CASCADE'),

('CalendarSession', 1, '{calendar_uid}', 'Calendar', '{uid}', 'CASCADE'),

('CalendarEvent', 1, '{calendar_uid}', 'Calendar', '{uid}', 'CASCADE'),

('Portfolio', 1, '{calendar_uid}', 'Calendar', '{uid}', 'RESTRICT'),
('Portfolio', 2, '{published_index_uid}', 'Index', '{uid}', 'SET NULL'),
('Portfolio', 3, '{signal_uid}', 'SignalMetadata', '{signal_uid}', 'RESTRICT'),

('PortfolioGroupMembership', 1, '{portfolio_group_uid}', 'PortfolioGroup', '{uid}', 'CASCADE'),
('PortfolioGroupMembership', 2, '{portfolio_uid}', 'Portfolio', '{uid}', 'CASCADE'),

('Account', 1, '{account_group_uid}', 'AccountGroup', '{uid}', 'SET NULL'),

('AccountTargetAllocation', 1, '{account_uid}', 'Account', '{uid}', 'CASCADE'),
('AccountTargetAllocation', 2, '{account_allocation_model_uid}', 'AccountAllocationModel', '{uid}', 'RESTRICT'),

('AccountHoldingsSet', 1, '{account_uid}', 'Account', '{uid}', 'CASCADE'),

('PositionSet', 1, '{account_target_allocation_uid}', 'AccountTargetAllocation', '{uid}', 'CASCADE'),

('VirtualFund', 1, '{account_uid}', 'Account', '{uid}', 'CASCADE'),
('VirtualFund', 2, '{target_portfolio_uid}', 'Portfolio', '{uid}', 'RESTRICT'),

('VirtualFundHoldingsSet', 1, '{virtual_fund_uid}', 'VirtualFund', '{uid}', 'CASCADE'),
('VirtualFundHoldingsSet', 2, '{source_account_holdings_set_uid}', 'AccountHoldingsSet', '{uid}', 'RESTRICT'),

('OrderManager', 1, '{target_account_uid}', 'Account', '{uid}', 'CASCADE'),

('AssetSnapshotsTS', 1, '{asset_identifier}', 'Asset', '{unique_identifier}', 'RESTRICT'),

('IndexValuesTS', 1, '{index_identifier}', 'Index', '{unique_identifier}', 'RESTRICT'),
('IndexValuesTS', 2, '{definition_uid}', 'IndexFormulaDefinition', '{uid}', 'RESTRICT'),

('AccountHoldingsTS', 1, '{account_uid}', 'Account', '{uid}', 'RESTRICT'),
('AccountHoldingsTS', 2, '{asset_identifier}', 'Asset', '{unique_identifier}', 'RESTRICT'),
('AccountHoldingsTS', 3, '{holdings_set_uid}', 'AccountHoldingsSet', '{uid}', 'CASCADE'),

('VirtualFundHoldingsTS', 1, '{virtual_fund_uid}', 'VirtualFund', '{uid}', 'CASCADE'),
('VirtualFundHoldingsTS', 2, '{asset_identifier}', 'Asset', '{unique_identifier}', 'RESTRICT'),
('VirtualFundHoldingsTS', 3, '{virtual_fund_holdings_set_uid}', 'VirtualFundHoldingsSet', '{uid}', 'CASCADE'),
('VirtualFundHoldingsTS', 4, '{source_account_holdings_set_uid}', 'AccountHoldingsSet', '{uid}', 'RESTRICT'),

('TargetPositionsTS', 1, '{position_set_uid}', 'PositionSet', '{uid}', 'CASCADE'),
('TargetPositionsTS', 2, '{asset_uid}', 'Asset', '{uid}', 'RESTRICT'),
('TargetPositionsTS', 3, '{portfolio_uid}', 'Portfolio', '{uid}', 'RESTRICT'),

('OrdersTS', 1, '{account_identifier}', 'Account', '{unique_identifier}', 'RESTRICT'),
('OrdersTS', 2, '{order_manager_identifier}', 'OrderManager', '{unique_identifier}', 'RESTRICT'),
('OrdersTS', 3, '{asset_identifier}', 'Asset', '{unique_identifier}', 'RESTRICT'),

('TradesTS', 1, '{account_identifier}', 'Account', '{unique_identifier}', 'RESTRICT'),
('TradesTS', 2, '{asset_identifier}', 'Asset', '{unique_identifier}', 'RESTRICT'),
('TradesTS', 3, '{commission_asset_identifier}', 'Asset', '{unique_identifier}', 'RESTRICT'),
('TradesTS', 4, '{settlement_asset_identifier}', 'Asset', '{unique_identifier}', 'RESTRICT');

-- ---------------------------------------------------------------------------
-- Check constraints (expressions over the model's own, unqualified columns).
-- ---------------------------------------------------------------------------
INSERT INTO msm.builtin_check (model_name, check_name, expression)
VALUES
('Index', 'calculation_method', 'calculation_method IN (''formula'', ''custom'')'),
('Index', 'value_format', 'value_format IN (''decimal'', ''percent'')'),

('IndexFormulaDefinition', 'version', 'version > 0'),
('IndexFormulaDefinition', 'status', 'status IN (''draft'', ''active'', ''retired'')'),
('IndexFormulaDefinition', 'valid_to', 'valid_to IS NULL OR valid_to > valid_from'),
('IndexFormulaDefinition', 'alignment_policy', 'alignment_policy IN (''exact'', ''asof'')'),
('IndexFormulaDefinition', 'missing_data_policy', 'missing_data_policy IN (''drop'', ''fail'')'),

('IndexFormulaInput', 'one_source', 'num_nonnulls(asset_uid, component_index_uid) = 1'),

('AccountHoldingsTS', 'direction', 'direction IN (1, -1)'),

('VirtualFundHoldingsTS', 'direction', 'direction IN (1, -1)'),

('TargetPositionsTS', 'target_type', 'target_type IN (''asset'', ''portfolio'')'),
('TargetPositionsTS', 'target_uid_side',
 '(target_type = ''asset'' AND asset_uid IS NOT NULL AND target_uid = asset_uid AND portfolio_uid IS NULL)'
 ' OR (target_type = ''portfolio'' AND portfolio_uid IS NOT NULL AND target_uid = portfolio_uid AND asset_uid IS NULL)'),
('TargetPositionsTS', 'one_exposure',
 'num_nonnulls(weight_notional_exposure, constant_notional_exposure, single_asset_quantity) = 1');

-- Partial unique indexes (a predicate over the model's own columns).
INSERT INTO msm.builtin_index (model_name, position, index_kind, columns, predicate) VALUES
('IndexFormulaDefinition', 7, 'unique', '{index_uid}', 'status = ''active'''),
('IndexFormulaInput', 6, 'unique', '{definition_uid,asset_uid,observable}', 'asset_uid IS NOT NULL'),
('IndexFormulaInput', 7, 'unique', '{definition_uid,component_index_uid,observable}', 'component_index_uid IS NOT NULL');
-- msm install script, part 30: deployments, the model inventory, table
-- contracts and project model declaration.

ALTER TABLE msm.catalog ALTER COLUMN namespace DROP NOT NULL;
COMMENT ON COLUMN msm.catalog.namespace IS
    'Deployment namespace of the model, NULL when no deployment namespace is in effect.';

CREATE FUNCTION msm.resolve_namespace(namespace text DEFAULT NULL)
RETURNS text
LANGUAGE C STABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'msm_resolve_namespace_sql';
COMMENT ON FUNCTION msm.resolve_namespace(text) IS
    'Effective deployment namespace: the argument, else msm.auto_register_namespace, else the empty string (none).';

CREATE FUNCTION msm._physical_schema_setting()
RETURNS text
LANGUAGE C STABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'msm_physical_schema_sql';

CREATE FUNCTION msm.data_source_uid()
RETURNS uuid
LANGUAGE C STABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'msm_data_source_uid_sql';
COMMENT ON FUNCTION msm.data_source_uid() IS
    'DataSource uid of this database: msm.data_source_uid, else the uid generated at install.';

CREATE FUNCTION msm.registry_backend()
RETURNS text
LANGUAGE C STABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'msm_registry_backend_sql';
COMMENT ON FUNCTION msm.registry_backend() IS
    'Registry backend in use: embedded (msm.endpoint empty) or ts_manager.';

-- Physical schema of a deployment: recorded at its first migration,
-- otherwise the msm.physical_schema setting.
CREATE FUNCTION msm._deployment_schema(p_namespace text)
RETURNS name
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce((SELECT d.physical_schema FROM msm.deployment d WHERE d.namespace = p_namespace),
                    msm._physical_schema_setting()::name)
$$;

-- ---------------------------------------------------------------------------
-- msm.models_of(namespace): every model of a deployment namespace, built-in
-- (with the root at position 0) then declared, with its physical identity.
-- ---------------------------------------------------------------------------
CREATE TYPE msm.model AS (
    namespace           text,
    position            integer,
    model_name          text,
    class_name          text,
    identifier          text,
    base_identifier     text,
    metatable_namespace text,
    storage_app         text,
    kind                text,
    physical_schema     name,
    table_name          name,
    upsert_keys         text[],
    time_index_column   text,
    is_builtin          boolean,
    is_root             boolean,
    revision            text,
    description         text
);
COMMENT ON TYPE msm.model IS 'One markets model of a deployment namespace (see msm.models_of).';

CREATE FUNCTION msm.models_of(namespace text DEFAULT NULL)
RETURNS SETOF msm.model
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ns      text := msm.resolve_namespace(namespace);
    mt_ns   text := coalesce(nullif(ns, ''), 'mainsequence.markets');
    sch     name := msm._deployment_schema(ns);
BEGIN
    RETURN QUERY
    SELECT ns, b.position, b.model_name, b.class_name,
           msm.metatable_identifier(b.base_identifier, mt_ns),
           b.base_identifier, mt_ns, b.storage_app, b.kind, sch,
           msm.physical_table_name(b.storage_app, b.base_identifier, nullif(ns, ''))::name,
           b.upsert_keys, b.time_index_column, true, b.position = 0, b.revision, b.description
      FROM msm.builtin_model b
    UNION ALL
    SELECT d.namespace,
           (1000 + row_number() OVER (ORDER BY d.declared_at, d.table_name))::integer,
           d.model_name, d.class_name, d.identifier, d.base_identifier,
           d.metatable_namespace, d.storage_app, d.kind, d.physical_schema, d.table_name,
           d.upsert_keys, d.time_index_column, false, false, NULL::text,
           pg_catalog.obj_description(pg_catalog.to_regclass(pg_catalog.format('%I.%I', d.physical_schema, d.table_name)), 'pg_class')
      FROM msm.declared_model d
     WHERE d.namespace = ns
     ORDER BY 2;
END
$$;
COMMENT ON FUNCTION msm.models_of(text) IS
    'Every model of a deployment namespace with its identifier, physical table and kind, built-ins first.';

-- Match one selector (model name, class name, identifier, last identifier
-- segment or physical table name) against the models of a namespace.
CREATE FUNCTION msm._match_model(p_namespace text, p_selector text)
RETURNS SETOF msm.model
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT m.*
      FROM msm.models_of(p_namespace) m
     WHERE p_selector IN (m.model_name, m.class_name, m.identifier,
                          pg_catalog.regexp_replace(m.identifier, '^.*\.', ''), m.table_name)
$$;

-- ---------------------------------------------------------------------------
-- Table contract (relational-table.v1) derived from the PostgreSQL catalog.
-- ---------------------------------------------------------------------------
CREATE FUNCTION msm._data_type_token(p_type oid)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE p_type
        WHEN 'pg_catalog.text'::regtype THEN 'string'
        WHEN 'pg_catalog.varchar'::regtype THEN 'string'
        WHEN 'pg_catalog.bpchar'::regtype THEN 'string'
        WHEN 'pg_catalog.uuid'::regtype THEN 'uuid'
        WHEN 'pg_catalog.json'::regtype THEN 'json'
        WHEN 'pg_catalog.jsonb'::regtype THEN 'jsonb'
        WHEN 'pg_catalog.bool'::regtype THEN 'bool'
        WHEN 'pg_catalog.int2'::regtype THEN 'int16'
        WHEN 'pg_catalog.int4'::regtype THEN 'int32'
        WHEN 'pg_catalog.int8'::regtype THEN 'int64'
        WHEN 'pg_catalog.float4'::regtype THEN 'float32'
        WHEN 'pg_catalog.float8'::regtype THEN 'float64'
        WHEN 'pg_catalog.numeric'::regtype THEN 'numeric'
        WHEN 'pg_catalog.date'::regtype THEN 'date'
        WHEN 'pg_catalog.timestamptz'::regtype THEN 'timestamp with time zone'
        WHEN 'pg_catalog.timestamp'::regtype THEN 'timestamp'
        ELSE pg_catalog.format_type(p_type, NULL)
    END
$$;

CREATE FUNCTION msm.table_contract(rel regclass)
RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH idx AS (
        SELECT i.indisprimary, i.indisunique, i.indnkeyatts,
               (SELECT array_agg(a.attname ORDER BY k.ord)
                  FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) AS cols,
               c.relname AS index_name, i.indpred IS NULL AND i.indexprs IS NULL AS plain
          FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         WHERE i.indrelid = rel
    )
    SELECT jsonb_build_object(
        'version', 'relational-table.v1',
        'physical', jsonb_build_object('schema', n.nspname, 'table_name', c.relname),
        'description', obj_description(c.oid, 'pg_class'),
        'columns', (
            SELECT coalesce(jsonb_agg(jsonb_build_object(
                       'name', a.attname,
                       'data_type', msm._data_type_token(a.atttypid),
                       'backend_type', format_type(a.atttypid, a.atttypmod),
                       'nullable', NOT a.attnotnull,
                       'primary_key', EXISTS (SELECT 1 FROM idx WHERE idx.indisprimary AND a.attname = ANY (idx.cols)),
                       'unique', EXISTS (SELECT 1 FROM idx WHERE idx.indisunique AND idx.plain AND idx.cols = ARRAY[a.attname]),
                       'server_default', pg_get_expr(d.adbin, d.adrelid),
                       'description', col_description(c.oid, a.attnum))
                     ORDER BY a.attnum), '[]'::jsonb)
              FROM pg_attribute a
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
        'constraints', (
            SELECT coalesce(jsonb_agg(x.doc ORDER BY x.doc->>'name'), '[]'::jsonb)
              FROM (
                SELECT jsonb_strip_nulls(jsonb_build_object(
                           'name', con.conname,
                           'type', CASE con.contype WHEN 'p' THEN 'primary_key' WHEN 'f' THEN 'foreign_key'
                                                    WHEN 'c' THEN 'check' WHEN 'u' THEN 'unique' ELSE con.contype::text END,
                           'columns', (SELECT jsonb_agg(a.attname ORDER BY k.ord)
                                         FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                                         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum),
                           'referenced_schema', CASE WHEN con.contype = 'f' THEN (SELECT rn.nspname FROM pg_class rc JOIN pg_namespace rn ON rn.oid = rc.relnamespace WHERE rc.oid = con.confrelid) END,
                           'referenced_table', CASE WHEN con.contype = 'f' THEN (SELECT rc.relname FROM pg_class rc WHERE rc.oid = con.confrelid) END,
                           'referenced_columns', (SELECT jsonb_agg(a.attname ORDER BY k.ord)
                                         FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                                         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum),
                           'on_delete', CASE WHEN con.contype = 'f' THEN CASE con.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'r' THEN 'RESTRICT'
                                                  WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' ELSE 'NO ACTION' END END,
                           'definition', pg_get_constraintdef(con.oid))) AS doc
                  FROM pg_constraint con
                 WHERE con.conrelid = c.oid AND con.contype IN ('p', 'f', 'c', 'u')
                UNION ALL
                SELECT jsonb_build_object('name', idx.index_name,
                                          'type', CASE WHEN idx.indisunique THEN 'unique_index' ELSE 'index' END,
                                          'columns', to_jsonb(idx.cols))
                  FROM idx
                 WHERE NOT idx.indisprimary
                   AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid IS NOT NULL
                                      AND con.conrelid = c.oid AND con.conname = idx.index_name)
              ) x)
    )
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = rel
$$;
COMMENT ON FUNCTION msm.table_contract(regclass) IS
    'The relational-table.v1 contract of a table (columns, types, keys, constraints, descriptions) from the catalog.';

-- ---------------------------------------------------------------------------
-- Project models
-- ---------------------------------------------------------------------------
CREATE FUNCTION msm.declare_model(
    tbl                 regclass,
    base_identifier     text,
    metatable_namespace text DEFAULT NULL,
    storage_app         text DEFAULT NULL,
    kind                text DEFAULT 'meta_table',
    upsert_keys         text[] DEFAULT NULL,
    namespace           text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ns          text;
    base        text := btrim(base_identifier);
    mt_ns       text := nullif(btrim(metatable_namespace), '');
    app         text := btrim(storage_app);
    rel_schema  name;
    rel_name    name;
    expected    text;
    ident       text;
    mname       text;
    keys        text[];
    grain       record;
    taken       record;
    bad         text;
BEGIN
    IF tbl IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = 'table is required',
            HINT = 'Pass the project table as a regclass, e.g. ''my_project_markets__myassetdetails''::regclass.';
    END IF;
    IF base IS NULL OR base = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'base_identifier is required',
            HINT = 'Pass the model''s base identifier, e.g. base_identifier => ''MyAssetDetails''.';
    END IF;
    IF length(base) > 255 THEN
        RAISE EXCEPTION USING ERRCODE = 'name_too_long',
            MESSAGE = 'base_identifier is too long',
            DETAIL = format('It has %s characters; at most 255 are allowed.', length(base)),
            HINT = 'Use a shorter base identifier.';
    END IF;
    IF app IS NULL OR app = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'storage_app is required',
            HINT = 'Pass the project''s storage app, e.g. storage_app => ''my_project_markets''.';
    END IF;
    IF kind IS NULL OR kind NOT IN ('meta_table', 'time_index') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('invalid model kind %s', coalesce(quote_literal(kind), 'NULL')),
            HINT = 'Use kind => ''meta_table'' or kind => ''time_index''.';
    END IF;
    IF mt_ns IS NULL AND position('.' IN base) = 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'metatable_namespace is required',
            DETAIL = format('Base identifier %s is not qualified.', quote_literal(base)),
            HINT = 'Pass the logical namespace of the model, e.g. metatable_namespace => ''com.my_company.markets''.';
    END IF;

    ns := msm.resolve_namespace(namespace);
    SELECT n.nspname, c.relname INTO rel_schema, rel_name
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = tbl AND c.relkind IN ('r', 'p');
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'wrong_object_type',
            MESSAGE = format('%s is not a table', tbl),
            HINT = 'Declare an ordinary or partitioned table.';
    END IF;

    -- the naming rule
    expected := msm.physical_table_name(app, base, nullif(ns, ''));
    IF rel_name <> expected THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_name',
            MESSAGE = format('table %I does not follow the msm naming rule', rel_name),
            DETAIL = format('storage_app %s, base identifier %s and deployment namespace %s give the physical name %s.',
                            quote_literal(app), quote_literal(base),
                            coalesce(quote_literal(nullif(ns, '')), 'none'), quote_ident(expected)),
            HINT = format('Rename the table: ALTER TABLE %s RENAME TO %I;', tbl, expected);
    END IF;

    -- the logical identifier; a qualified base is kept as is
    IF position('.' IN base) > 0 THEN
        ident := base;
        mt_ns := coalesce(mt_ns, regexp_replace(base, '\.[^.]*$', ''));
    ELSIF ns <> '' THEN
        ident := msm.metatable_identifier(base, ns);
    ELSE
        ident := msm.metatable_identifier(base, mt_ns);
    END IF;
    mname := regexp_replace(base, '^.*\.', '');

    SELECT m.model_name, m.table_name, m.is_builtin INTO taken
      FROM msm.models_of(ns) m
     WHERE m.identifier = ident AND m.table_name <> rel_name
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'duplicate_object',
            MESSAGE = format('identifier %s is already taken in deployment namespace %s', quote_literal(ident),
                             coalesce(quote_literal(nullif(ns, '')), 'none')),
            DETAIL = format('Model %s (table %I) uses it.', taken.model_name, taken.table_name),
            HINT = 'Choose another base identifier or metatable namespace.';
    END IF;
    SELECT m.model_name, m.table_name INTO taken
      FROM msm.models_of(ns) m
     WHERE m.is_builtin AND m.table_name = rel_name;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'duplicate_object',
            MESSAGE = format('table %I is the built-in model %s', rel_name, taken.model_name),
            HINT = 'Project models need their own storage app.';
    END IF;

    -- upsert keys must be exactly the columns of a unique index
    IF upsert_keys IS NOT NULL THEN
        IF cardinality(upsert_keys) = 0 OR array_position(upsert_keys, NULL) IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
                MESSAGE = 'upsert_keys must be a non-empty array of column names',
                HINT = 'Pass the columns of a unique index, e.g. upsert_keys => ARRAY[''asset_uid''].';
        END IF;
        SELECT string_agg(quote_ident(k), ', ') INTO bad
          FROM unnest(upsert_keys) k
         WHERE NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = tbl AND a.attname = k
                             AND a.attnum > 0 AND NOT a.attisdropped);
        IF bad IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'undefined_column',
                MESSAGE = format('upsert key column(s) %s do not exist in table %s', bad, tbl),
                HINT = 'Use column names of the declared table.';
        END IF;
        keys := upsert_keys;
    END IF;

    IF kind = 'time_index' THEN
        -- the grain: a plain unique index whose first column is temporal
        SELECT i.indexrelid::regclass AS index_name, cols.names, cols.types, cols.notnull
          INTO grain
          FROM pg_index i
          CROSS JOIN LATERAL (
              SELECT array_agg(a.attname::text ORDER BY k.ord) AS names,
                     array_agg(a.atttypid ORDER BY k.ord) AS types,
                     bool_and(a.attnotnull) AS notnull
                FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) cols
         WHERE i.indrelid = tbl AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
           AND (keys IS NULL OR (cols.names @> keys AND cols.names <@ keys AND cardinality(cols.names) = cardinality(keys)))
         ORDER BY (cols.types[1] IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype)) DESC, i.indexrelid
         LIMIT 1;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_table_definition',
                MESSAGE = format('time-index table %s has no unique grain index', tbl),
                DETAIL = CASE WHEN keys IS NULL THEN 'No non-partial unique index exists on the table.'
                              ELSE format('No unique index has exactly the columns %s.', array_to_string(keys, ', ')) END,
                HINT = 'Create a unique index whose first column is the not-null time index, e.g. (time_index, asset_uid).';
        END IF;
        IF grain.types[1] NOT IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype) THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_table_definition',
                MESSAGE = format('first column of the grain index of %s is not temporal', tbl),
                DETAIL = format('Grain index %s starts with %I of type %s.', grain.index_name, grain.names[1],
                                format_type(grain.types[1], NULL)),
                HINT = 'The time index column (timestamptz, timestamp or date) must come first in the grain index.';
        END IF;
        IF NOT grain.notnull THEN
            SELECT string_agg(quote_ident(a.attname), ', ') INTO bad
              FROM pg_attribute a WHERE a.attrelid = tbl AND a.attname = ANY (grain.names) AND NOT a.attnotnull;
            RAISE EXCEPTION USING ERRCODE = 'invalid_table_definition',
                MESSAGE = format('grain columns of time-index table %s must be not null', tbl),
                DETAIL = format('Nullable grain column(s): %s.', bad),
                HINT = format('ALTER TABLE %s ALTER COLUMN ... SET NOT NULL for each of them.', tbl);
        END IF;
        keys := grain.names;
    ELSE
        IF keys IS NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
                MESSAGE = 'upsert_keys is required for a meta_table model',
                HINT = 'Pass the columns of a unique index, e.g. upsert_keys => ARRAY[''asset_uid''].';
        END IF;
        PERFORM 1
          FROM pg_index i
         WHERE i.indrelid = tbl AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
           AND (SELECT array_agg(a.attname::text ORDER BY a.attname)
                  FROM unnest(i.indkey::int2[]) k(attnum)
                  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum)
               = (SELECT array_agg(k ORDER BY k) FROM unnest(keys) k)
           AND cardinality(i.indkey::int2[]) = cardinality(keys);
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_table_definition',
                MESSAGE = format('upsert keys (%s) of %s do not match a unique index', array_to_string(keys, ', '), tbl),
                DETAIL = 'Upsert keys must be exactly the columns of a non-partial unique index or the primary key.',
                HINT = format('CREATE UNIQUE INDEX ON %s (%s);', tbl, array_to_string(keys, ', '));
        END IF;
    END IF;

    INSERT INTO msm.declared_model AS d (namespace, model_name, class_name, base_identifier,
            metatable_namespace, identifier, storage_app, kind, physical_schema, table_name,
            upsert_keys, time_index_column)
    VALUES (ns, mname, mname || 'Table', base,
            CASE WHEN ns <> '' AND position('.' IN base) = 0 THEN ns ELSE mt_ns END, ident, app, kind,
            rel_schema, rel_name, keys, CASE WHEN kind = 'time_index' THEN keys[1] END)
    ON CONFLICT ON CONSTRAINT declared_model_namespace_table_name_key DO UPDATE
       SET model_name = EXCLUDED.model_name, class_name = EXCLUDED.class_name,
           base_identifier = EXCLUDED.base_identifier, metatable_namespace = EXCLUDED.metatable_namespace,
           identifier = EXCLUDED.identifier, storage_app = EXCLUDED.storage_app, kind = EXCLUDED.kind,
           physical_schema = EXCLUDED.physical_schema, upsert_keys = EXCLUDED.upsert_keys,
           time_index_column = EXCLUDED.time_index_column;

    RETURN jsonb_build_object(
        'model', mname, 'identifier', ident, 'table_name', rel_name, 'physical_schema', rel_schema,
        'kind', kind, 'upsert_keys', to_jsonb(keys), 'namespace', nullif(ns, ''),
        'time_index', CASE WHEN kind = 'time_index' THEN keys[1] END);
END
$$;
COMMENT ON FUNCTION msm.declare_model(regclass, text, text, text, text, text[], text) IS
    'Declare a project table as a markets model of a deployment namespace; it is registered by the next msm.migrate_upgrade().';

CREATE FUNCTION msm.undeclare_model(tbl regclass, namespace text DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF tbl IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed', MESSAGE = 'table is required';
    END IF;
    DELETE FROM msm.declared_model d
     WHERE d.namespace = msm.resolve_namespace(undeclare_model.namespace)
       AND (d.physical_schema, d.table_name) = (SELECT n.nspname, c.relname FROM pg_class c
                                                 JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = tbl);
    RETURN FOUND;
END
$$;
COMMENT ON FUNCTION msm.undeclare_model(regclass, text) IS
    'Remove a project model declaration (its registry and catalog rows stay until an admin removes them).';
-- msm install script, part 40: the admin migration flow (SPEC 5).

-- Registry entry points (C, registry.c): dispatch to the embedded or the
-- TS Manager backend.  Internal; not for PUBLIC.
CREATE FUNCTION msm._registry_lookup(kind text, names text[], management_mode text DEFAULT NULL)
RETURNS jsonb LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'msm_registry_lookup_sql';
CREATE FUNCTION msm._registry_reserve(kind text, rows jsonb)
RETURNS jsonb LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'msm_registry_reserve_sql';
CREATE FUNCTION msm._registry_finalize(request jsonb)
RETURNS jsonb LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'msm_registry_finalize_sql';
CREATE FUNCTION msm._registry_register(request jsonb)
RETURNS jsonb LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'msm_registry_register_sql';

-- ---------------------------------------------------------------------------
-- DDL of one revision for one deployment namespace, in execution order:
-- tables (columns, primary key, checks), descriptions and indexes first,
-- then foreign keys (their targets and unique indexes exist by then).
-- ---------------------------------------------------------------------------
CREATE FUNCTION msm.revision_ddl(revision text, namespace text DEFAULT NULL)
RETURNS SETOF text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ns  text := msm.resolve_namespace(namespace);
    m   record;
    c   record;
    i   record;
    f   record;
    body text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM msm.revision r WHERE r.revision = revision_ddl.revision) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('unknown revision %s', coalesce(quote_literal(revision), 'NULL')),
            HINT = 'SELECT revision FROM msm.revision ORDER BY position; lists the shipped revisions.';
    END IF;

    FOR m IN
        SELECT mo.* FROM msm.models_of(ns) mo
         WHERE mo.is_builtin AND mo.revision = revision_ddl.revision
         ORDER BY mo.position
    LOOP
        SELECT string_agg(format('%I %s%s%s', bc.column_name, bc.data_type,
                                 CASE WHEN bc.not_null THEN ' NOT NULL' ELSE '' END,
                                 CASE WHEN bc.default_expr IS NOT NULL THEN ' DEFAULT ' || bc.default_expr ELSE '' END),
                          ', ' ORDER BY bc.position)
          INTO body
          FROM msm.builtin_column bc WHERE bc.model_name = m.model_name;
        FOR i IN SELECT bi.columns FROM msm.builtin_index bi
                  WHERE bi.model_name = m.model_name AND bi.index_kind = 'pk'
        LOOP
            body := body || format(', CONSTRAINT %I PRIMARY KEY (%s)',
                                   msm.bounded_identifier('pk', m.table_name),
                                   (SELECT string_agg(quote_ident(x), ', ') FROM unnest(i.columns) x));
        END LOOP;
        FOR c IN SELECT bk.check_name, bk.expression FROM msm.builtin_check bk
                  WHERE bk.model_name = m.model_name ORDER BY bk.check_name
        LOOP
            body := body || format(', CONSTRAINT %I CHECK (%s)',
                                   msm.bounded_identifier('ck', m.table_name, c.check_name), c.expression);
        END LOOP;
        RETURN NEXT format('CREATE TABLE %I.%I (%s)', m.physical_schema, m.table_name, body);
        RETURN NEXT format('COMMENT ON TABLE %I.%I IS %L', m.physical_schema, m.table_name, m.description);
        FOR c IN SELECT bc.column_name, bc.description FROM msm.builtin_column bc
                  WHERE bc.model_name = m.model_name ORDER BY bc.position
        LOOP
            RETURN NEXT format('COMMENT ON COLUMN %I.%I.%I IS %L', m.physical_schema, m.table_name,
                               c.column_name, c.description);
        END LOOP;
        FOR i IN SELECT bi.index_kind, bi.columns, bi.predicate FROM msm.builtin_index bi
                  WHERE bi.model_name = m.model_name AND bi.index_kind <> 'pk' ORDER BY bi.position
        LOOP
            RETURN NEXT format('CREATE %sINDEX %I ON %I.%I (%s)%s',
                               CASE WHEN i.index_kind = 'unique' THEN 'UNIQUE ' ELSE '' END,
                               msm.bounded_identifier(VARIADIC ARRAY[CASE WHEN i.index_kind = 'unique' THEN 'uix' ELSE 'ix' END,
                                                                      m.table_name::text] || i.columns),
                               m.physical_schema, m.table_name,
                               (SELECT string_agg(quote_ident(x), ', ') FROM unnest(i.columns) x),
                               CASE WHEN i.predicate IS NOT NULL THEN ' WHERE (' || i.predicate || ')' ELSE '' END);
        END LOOP;
    END LOOP;

    FOR f IN
        SELECT mo.physical_schema, mo.table_name, fk.columns, tg.physical_schema AS target_schema,
               tg.table_name AS target_table, fk.target_columns, fk.on_delete
          FROM msm.models_of(ns) mo
          JOIN msm.builtin_fk fk ON fk.model_name = mo.model_name
          JOIN msm.models_of(ns) tg ON tg.is_builtin AND tg.model_name = fk.target_model
         WHERE mo.is_builtin AND mo.revision = revision_ddl.revision
         ORDER BY mo.position, fk.position
    LOOP
        RETURN NEXT format('ALTER TABLE %I.%I ADD CONSTRAINT %I FOREIGN KEY (%s) REFERENCES %I.%I (%s) ON DELETE %s',
                           f.physical_schema, f.table_name,
                           msm.bounded_identifier(VARIADIC ARRAY['fk', f.table_name::text] || f.columns
                                                  || ARRAY[f.target_table::text] || f.target_columns),
                           (SELECT string_agg(quote_ident(x), ', ') FROM unnest(f.columns) x),
                           f.target_schema, f.target_table,
                           (SELECT string_agg(quote_ident(x), ', ') FROM unnest(f.target_columns) x),
                           f.on_delete);
    END LOOP;
END
$$;
COMMENT ON FUNCTION msm.revision_ddl(text, text) IS
    'The DDL statements a revision applies in a deployment namespace, in order (for review; migrate_upgrade runs them).';

-- Applied revision of a deployment namespace (NULL when not migrated).
CREATE FUNCTION msm.migrate_current(namespace text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    root record;
    v    text;
BEGIN
    SELECT * INTO root FROM msm.models_of(namespace) m WHERE m.is_root;
    IF to_regclass(format('%I.%I', root.physical_schema, root.table_name)) IS NULL THEN
        RETURN NULL;
    END IF;
    EXECUTE format('SELECT max(version_num) FROM %I.%I', root.physical_schema, root.table_name) INTO v;
    RETURN v;
END
$$;
COMMENT ON FUNCTION msm.migrate_current(text) IS
    'The migration revision applied to a deployment namespace, or NULL when it was never migrated.';

-- One registry row per name of a lookup answer, or an error.
CREATE FUNCTION msm._rows_by_name(p_rows jsonb, p_names text[])
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    result jsonb := '{}';
    r      jsonb;
    name   text;
BEGIN
    FOR r IN SELECT x FROM jsonb_array_elements(p_rows) x LOOP
        name := r->>'physical_table_name';
        IF name IS NULL OR NOT name = ANY (p_names) THEN
            RAISE EXCEPTION USING ERRCODE = 'data_exception',
                MESSAGE = format('registry returned an unexpected physical_table_name %s', coalesce(quote_literal(name), 'NULL')),
                HINT = 'The registry answered for a table that was not asked for; check the registry service.';
        END IF;
        IF result ? name THEN
            RAISE EXCEPTION USING ERRCODE = 'cardinality_violation',
                MESSAGE = format('multiple registered rows for physical table %s', quote_literal(name)),
                DETAIL = format('MetaTable uids %s and %s.', result->name->>'uid', r->>'uid'),
                HINT = 'An admin must remove the duplicate MetaTable registration.';
        END IF;
        result := result || jsonb_build_object(name, r);
    END LOOP;
    RETURN result;
END
$$;

-- Table contract of a built-in model from its definition, for reservations
-- made before the table exists (TS Manager receives the contract up front).
CREATE FUNCTION msm._builtin_contract(m msm.model)
RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT jsonb_build_object(
        'version', 'relational-table.v1',
        'physical', jsonb_build_object('schema', m.physical_schema, 'table_name', m.table_name),
        'description', m.description,
        'columns', (
            SELECT coalesce(jsonb_agg(jsonb_build_object(
                       'name', c.column_name,
                       'data_type', msm._data_type_token(c.data_type::regtype),
                       'backend_type', c.data_type,
                       'nullable', NOT c.not_null,
                       'primary_key', EXISTS (SELECT 1 FROM msm.builtin_index i WHERE i.model_name = c.model_name
                                                 AND i.index_kind = 'pk' AND c.column_name = ANY (i.columns)),
                       'unique', EXISTS (SELECT 1 FROM msm.builtin_index i WHERE i.model_name = c.model_name
                                            AND i.index_kind IN ('pk', 'unique') AND i.predicate IS NULL
                                            AND i.columns = ARRAY[c.column_name]),
                       'server_default', c.default_expr,
                       'description', c.description) ORDER BY c.position), '[]'::jsonb)
              FROM msm.builtin_column c WHERE c.model_name = m.model_name),
        'constraints', (
            SELECT coalesce(jsonb_agg(x ORDER BY x->>'name'), '[]'::jsonb) FROM (
                SELECT jsonb_build_object('name', msm.bounded_identifier(VARIADIC ARRAY['fk', m.table_name::text] || f.columns
                                                                          || ARRAY[t.table_name::text] || f.target_columns),
                                          'type', 'foreign_key', 'columns', to_jsonb(f.columns),
                                          'referenced_schema', t.physical_schema, 'referenced_table', t.table_name,
                                          'referenced_columns', to_jsonb(f.target_columns), 'on_delete', f.on_delete) AS x
                  FROM msm.builtin_fk f
                  JOIN msm.models_of(nullif(m.namespace, '')) t ON t.is_builtin AND t.model_name = f.target_model
                 WHERE f.model_name = m.model_name
                UNION ALL
                SELECT jsonb_build_object('name', CASE i.index_kind WHEN 'pk' THEN msm.bounded_identifier('pk', m.table_name)
                                                  ELSE msm.bounded_identifier(VARIADIC ARRAY[CASE WHEN i.index_kind = 'unique' THEN 'uix' ELSE 'ix' END,
                                                                                           m.table_name::text] || i.columns) END,
                                          'type', CASE i.index_kind WHEN 'pk' THEN 'primary_key' WHEN 'unique' THEN 'unique_index' ELSE 'index' END,
                                          'columns', to_jsonb(i.columns))
                  FROM msm.builtin_index i WHERE i.model_name = m.model_name
                UNION ALL
                SELECT jsonb_build_object('name', msm.bounded_identifier('ck', m.table_name, k.check_name),
                                          'type', 'check', 'definition', 'CHECK (' || k.expression || ')')
                  FROM msm.builtin_check k WHERE k.model_name = m.model_name) s)
    )
$$;

-- Reservation row of one model (SPEC 9, reserve).
CREATE FUNCTION msm._reservation_row(m msm.model, p_data_source uuid, p_root_uid uuid, p_namespace text)
RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT jsonb_strip_nulls(jsonb_build_object(
        'data_source_uid', p_data_source,
        'identifier', m.table_name,
        'namespace', m.metatable_namespace,
        'description', m.description,
        'labels', '[]'::jsonb,
        'management_mode', 'platform_managed',
        'provisioning_status', 'reserved',
        'is_alembic_managed', true,
        'migration_package', 'msm',
        'migration_namespace', coalesce(nullif(p_namespace, ''), 'mainsequence.markets'),
        'migration_provider_key', 'migrations:migration',
        'alembic_version_meta_table_uid', p_root_uid,
        'physical_schema', m.physical_schema,
        'physical_table_name', m.table_name,
        'table_contract', coalesce(msm.table_contract(to_regclass(format('%I.%I', m.physical_schema, m.table_name))),
                                   CASE WHEN m.is_builtin THEN msm._builtin_contract(m) END))
        || CASE WHEN m.kind = 'time_index'
                THEN jsonb_build_object('time_index_name', m.time_index_column,
                                        'cadence', 'irregular', 'partition_strategy', 'none')
                ELSE '{}'::jsonb END)
$$;

CREATE FUNCTION msm._autonomous_exec(statements text[])
RETURNS integer LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'msm_autonomous_exec';

-- ---------------------------------------------------------------------------
-- msm.migrate_upgrade(target, namespace)
-- ---------------------------------------------------------------------------
CREATE FUNCTION msm.migrate_upgrade(target text DEFAULT 'head', namespace text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ns           text;
    sch          name;
    ds_uid       uuid;
    target_rev   text;
    target_pos   integer;
    current_rev  text;
    current_pos  integer := 0;
    root         msm.model;
    root_rows    jsonb;
    root_uid     uuid;
    kinds        text[] := ARRAY['meta_table', 'time_index'];
    k            text;
    names        text[];
    found_rows   jsonb;
    missing      jsonb;
    created      jsonb;
    uids         jsonb := '{}';
    rev          record;
    stmt         text;
    fin          jsonb;
    failures     text;
    m            record;
    http_mode    boolean := msm.registry_backend() = 'ts_manager';
    ddl          text[] := ARRAY[]::text[];
BEGIN
    IF target IS NULL OR btrim(target) = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = 'target revision is required',
            HINT = 'Use target => ''head'' or a revision listed in msm.revision.';
    END IF;
    IF target = 'head' THEN
        SELECT r.revision, r.position INTO target_rev, target_pos
          FROM msm.revision r ORDER BY r.position DESC LIMIT 1;
    ELSE
        SELECT r.revision, r.position INTO target_rev, target_pos
          FROM msm.revision r WHERE r.revision = target;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
                MESSAGE = format('unknown migration target %s', quote_literal(left(target, 100))),
                DETAIL = format('Known revisions: %s.', (SELECT string_agg(r.revision, ', ' ORDER BY r.position) FROM msm.revision r)),
                HINT = 'Use target => ''head'' or one of the known revisions.';
        END IF;
    END IF;

    -- 1. deployment namespace, serialized per namespace
    ns := msm.resolve_namespace(namespace);
    PERFORM pg_advisory_xact_lock(hashtext('msm.migrate_upgrade'), hashtext(ns));
    sch := msm._deployment_schema(ns);
    IF to_regnamespace(quote_ident(sch)) IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_schema_name',
            MESSAGE = format('physical schema %I does not exist', sch),
            HINT = format('CREATE SCHEMA %I; or SET msm.physical_schema to an existing schema.', sch);
    END IF;
    INSERT INTO msm.deployment (namespace, physical_schema) VALUES (ns, sch)
    ON CONFLICT DO NOTHING;
    ds_uid := msm.data_source_uid();

    -- 2. registry root: reuse a compatible row, else reserve one
    SELECT * INTO root FROM msm.models_of(ns) mo WHERE mo.is_root;
    root_rows := msm._rows_by_name(msm._registry_lookup('meta_table', ARRAY[root.table_name::text], 'platform_managed'),
                                   ARRAY[root.table_name::text]);
    IF root_rows ? root.table_name AND root_rows->root.table_name->>'provisioning_status' IN ('active', 'reserved') THEN
        root_uid := (root_rows->root.table_name->>'uid')::uuid;
    ELSE
        created := msm._registry_reserve('meta_table',
                       jsonb_build_array(msm._reservation_row(root, ds_uid, NULL, ns)));
        root_uid := (created->0->>'uid')::uuid;
    END IF;
    uids := jsonb_build_object(root.table_name, root_uid);

    -- 3. reserve the provider's models: one lookup and at most one reserve per resource type
    FOREACH k IN ARRAY kinds LOOP
        SELECT array_agg(mm.table_name::text ORDER BY mm.position) INTO names
          FROM msm.models_of(ns) mm WHERE NOT mm.is_root AND mm.kind = k;
        CONTINUE WHEN names IS NULL;
        found_rows := msm._rows_by_name(
            msm._registry_lookup(k, names, CASE WHEN k = 'meta_table' THEN 'platform_managed' END), names);
        SELECT coalesce(jsonb_agg(msm._reservation_row(mm, ds_uid, root_uid, ns) ORDER BY mm.position), '[]')
          INTO missing
          FROM msm.models_of(ns) mm
         WHERE NOT mm.is_root AND mm.kind = k
           AND NOT coalesce(found_rows->mm.table_name->>'provisioning_status' IN ('active', 'reserved'), false);
        IF jsonb_array_length(missing) > 0 THEN
            created := msm._registry_reserve(k, missing);
            found_rows := found_rows || msm._rows_by_name(created, names);
        END IF;
        SELECT uids || coalesce(jsonb_object_agg(key, value->'uid'), '{}') INTO uids
          FROM jsonb_each(found_rows);
    END LOOP;

    -- 4. apply the pending revisions in order
    current_rev := msm.migrate_current(ns);
    IF current_rev IS NOT NULL THEN
        SELECT r.position INTO current_pos FROM msm.revision r WHERE r.revision = current_rev;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
                MESSAGE = format('applied revision %s is unknown to this extension version', quote_literal(current_rev)),
                HINT = 'Update the extension: ALTER EXTENSION msm UPDATE;';
        END IF;
        IF current_pos > target_pos THEN
            RAISE EXCEPTION USING ERRCODE = 'feature_not_supported',
                MESSAGE = format('cannot migrate down from %s to %s', current_rev, target_rev),
                HINT = 'Downgrades are not supported; use target => ''head''.';
        END IF;
    END IF;
    FOR rev IN SELECT r.revision FROM msm.revision r
                WHERE r.position > current_pos AND r.position <= target_pos ORDER BY r.position
    LOOP
        SELECT string_agg(format('%I.%I', mo.physical_schema, mo.table_name), ', ' ORDER BY mo.position)
          INTO failures
          FROM msm.models_of(ns) mo
         WHERE mo.is_builtin AND mo.revision = rev.revision
           AND to_regclass(format('%I.%I', mo.physical_schema, mo.table_name)) IS NOT NULL;
        IF failures IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'duplicate_table',
                MESSAGE = format('revision %s cannot create tables that already exist', rev.revision),
                DETAIL = format('Existing table(s): %s.', failures),
                HINT = 'Rename or drop the conflicting tables, or migrate another deployment namespace; nothing was changed.';
        END IF;
        IF http_mode THEN
            ddl := ddl || ARRAY(SELECT s FROM msm.revision_ddl(rev.revision, ns) s)
                       || format('DELETE FROM %I.%I', root.physical_schema, root.table_name)
                       || format('INSERT INTO %I.%I (version_num) VALUES (%L)', root.physical_schema,
                                 root.table_name, rev.revision);
        ELSE
            FOR stmt IN SELECT s FROM msm.revision_ddl(rev.revision, ns) s LOOP
                EXECUTE stmt;
            END LOOP;
            EXECUTE format('DELETE FROM %I.%I', root.physical_schema, root.table_name);
            EXECUTE format('INSERT INTO %I.%I (version_num) VALUES ($1)', root.physical_schema, root.table_name)
              USING rev.revision;
        END IF;
        current_rev := rev.revision;
    END LOOP;
    -- TS Manager verifies physical tables through its own connection when it
    -- finalizes: commit the revision DDL first, in a transaction of its own
    IF http_mode AND cardinality(ddl) > 0 THEN
        PERFORM msm._autonomous_exec(ddl);
    END IF;

    -- 5. finalize: reserved rows become active when their table exists
    fin := msm._registry_finalize(jsonb_build_object(
        'meta_table_uids', (SELECT jsonb_agg(value) FROM jsonb_each(uids)),
        'migration_package', 'msm',
        'migration_namespace', coalesce(nullif(ns, ''), 'mainsequence.markets'),
        'migration_provider_key', 'migrations:migration',
        'alembic_version_meta_table_uid', root_uid,
        'alembic_revision', current_rev));
    IF coalesce((fin->>'failed_count')::integer, 0) > 0 OR NOT coalesce((fin->>'ok')::boolean, false) THEN
        SELECT string_agg(format('%s: %s', t->>'physical_table_name', coalesce(t->>'error', 'failed')), '; ')
          INTO failures
          FROM jsonb_array_elements(fin->'tables') t
         WHERE t->>'error' IS NOT NULL OR NOT coalesce((t->>'physical_table_exists')::boolean, false);
        RAISE EXCEPTION USING ERRCODE = 'undefined_table',
            MESSAGE = format('migration finalization failed for %s table(s)', fin->>'failed_count'),
            DETAIL = failures,
            HINT = 'Create the missing tables (project models are created by the project itself), then run msm.migrate_upgrade() again.';
    END IF;

    -- 6. provider hook: the catalog projection
    FOR m IN SELECT * FROM msm.models_of(ns) mo ORDER BY mo.position LOOP
        INSERT INTO msm.catalog AS c (namespace, table_name, model_name, description, meta_table_uid, extension_version)
        VALUES (nullif(ns, ''), m.table_name, m.model_name,
                coalesce(m.description, ''), (uids->>m.table_name)::uuid,
                (SELECT e.extversion FROM pg_extension e WHERE e.extname = 'msm'))
        ON CONFLICT (table_name) DO UPDATE
           SET namespace = EXCLUDED.namespace, model_name = EXCLUDED.model_name,
               description = EXCLUDED.description, meta_table_uid = EXCLUDED.meta_table_uid,
               extension_version = EXCLUDED.extension_version, updated_at = now()
         WHERE (c.namespace, c.model_name, c.description, c.meta_table_uid, c.extension_version)
               IS DISTINCT FROM (EXCLUDED.namespace, EXCLUDED.model_name, EXCLUDED.description,
                                 EXCLUDED.meta_table_uid, EXCLUDED.extension_version);
    END LOOP;

    -- 7. summary
    RETURN jsonb_build_object(
        'ok', true,
        'revision', current_rev,
        'namespace', nullif(ns, ''),
        'meta_table_uids', uids,
        'finalized_count', (fin->>'finalized_count')::integer,
        'active_count', (fin->>'active_count')::integer,
        'reserved_count', (fin->>'reserved_count')::integer,
        'failed_count', (fin->>'failed_count')::integer);
END
$$;
COMMENT ON FUNCTION msm.migrate_upgrade(text, text) IS
    'Admin migration flow: registry root, reservations, pending revisions, finalization and catalog, in one transaction.';

-- ---------------------------------------------------------------------------
-- msm.register_external(models, namespace, target_meta_tables)
-- ---------------------------------------------------------------------------
CREATE FUNCTION msm.register_external(models text[] DEFAULT NULL, namespace text DEFAULT NULL,
                                      target_meta_tables jsonb DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ns         text := msm.resolve_namespace(namespace);
    ds_uid     uuid := msm.data_source_uid();
    sel        text;
    targets    jsonb := coalesce(target_meta_tables, '{}');
    key        text;
    val        jsonb;
    pending    jsonb := '[]';          -- models still to register
    done       jsonb := '{}';          -- model_name -> uid
    progress   boolean;
    is_blocked boolean;
    m          record;
    rel        regclass;
    contract   jsonb;
    fk         jsonb;
    tmodel     record;
    tuid       text;
    blocked    text;
    row        jsonb;
    result     jsonb := '[]';
BEGIN
    IF jsonb_typeof(targets) <> 'object' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'target_meta_tables must be a JSON object keyed by model',
            HINT = 'Pass e.g. ''{"Asset": "<meta_table_uid>"}''.';
    END IF;
    FOR key, val IN SELECT * FROM jsonb_each(targets) LOOP
        IF NOT EXISTS (SELECT 1 FROM msm.models_of(ns) mo WHERE mo.model_name = key) THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
                MESSAGE = format('target_meta_tables key %s is not a model', quote_literal(key)),
                DETAIL = CASE WHEN EXISTS (SELECT 1 FROM msm.models_of(ns) mo WHERE mo.table_name = key)
                              THEN 'Targets are keyed by model name, never by table name.' END,
                HINT = 'Key target MetaTable uids by model name, e.g. {"Asset": "<uid>"}.';
        END IF;
        IF jsonb_typeof(val) <> 'string' OR (val->>0) !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
                MESSAGE = format('target_meta_tables value for %s is not a uuid', quote_literal(key)),
                HINT = 'Values are MetaTable uids as strings.';
        END IF;
    END LOOP;

    IF models IS NULL THEN
        SELECT coalesce(jsonb_agg(mo.model_name ORDER BY mo.position), '[]') INTO pending
          FROM msm.models_of(ns) mo WHERE NOT mo.is_builtin;
    ELSE
        FOREACH sel IN ARRAY models LOOP
            IF sel IS NULL OR btrim(sel) = '' THEN
                RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value', MESSAGE = 'model selector must not be empty';
            END IF;
            SELECT * INTO m FROM msm._match_model(ns, sel) LIMIT 1;
            IF NOT FOUND THEN
                RAISE EXCEPTION USING ERRCODE = 'undefined_object',
                    MESSAGE = format('unknown markets MetaTable model "%s"', left(sel, 200)),
                    HINT = 'SELECT model_name FROM msm.models_of() lists the models of this namespace.';
            END IF;
            IF NOT pending ? m.model_name THEN
                pending := pending || to_jsonb(m.model_name);
            END IF;
        END LOOP;
    END IF;

    -- register in dependency order: a model goes when every FK target is known
    LOOP
        EXIT WHEN jsonb_array_length(pending) = 0;
        progress := false;
        blocked := NULL;
        FOR m IN SELECT mo.* FROM msm.models_of(ns) mo
                  WHERE pending ? mo.model_name ORDER BY mo.position
        LOOP
            rel := to_regclass(format('%I.%I', m.physical_schema, m.table_name));
            IF rel IS NULL THEN
                RAISE EXCEPTION USING ERRCODE = 'undefined_table',
                    MESSAGE = format('table %I.%I of model %s does not exist', m.physical_schema, m.table_name, m.model_name),
                    HINT = 'register_external registers tables that already exist; create the table first.';
            END IF;
            contract := msm.table_contract(rel);
            is_blocked := false;
            FOR fk IN SELECT x FROM jsonb_array_elements(contract->'constraints') x WHERE x->>'type' = 'foreign_key' LOOP
                SELECT * INTO tmodel FROM msm.models_of(ns) mo
                 WHERE mo.physical_schema = fk->>'referenced_schema' AND mo.table_name = fk->>'referenced_table';
                IF NOT FOUND THEN
                    RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
                        MESSAGE = format('foreign key %s of %I targets %I, which is no model of this namespace',
                                         fk->>'name', m.table_name, fk->>'referenced_table'),
                        HINT = 'Foreign keys of markets tables must point at markets models.';
                END IF;
                tuid := coalesce(targets->>tmodel.model_name, done->>tmodel.model_name);
                IF tuid IS NULL AND NOT pending ? tmodel.model_name THEN
                    row := msm._rows_by_name(msm._registry_lookup(tmodel.kind, ARRAY[tmodel.table_name::text]),
                                             ARRAY[tmodel.table_name::text]);
                    tuid := row->tmodel.table_name->>'uid';
                    IF tuid IS NULL THEN
                        RAISE EXCEPTION USING ERRCODE = 'undefined_object',
                            MESSAGE = format('foreign key target model %s of %s is not registered', tmodel.model_name, m.model_name),
                            HINT = format('Pass its uid keyed by model: target_meta_tables => ''{"%s": "<uid>"}''', tmodel.model_name);
                    END IF;
                END IF;
                IF tuid IS NULL THEN
                    blocked := concat_ws(', ', blocked, format('%s -> %s', m.model_name, tmodel.model_name));
                    is_blocked := true;
                    EXIT;
                END IF;
                contract := jsonb_set(contract, '{constraints}',
                    (SELECT jsonb_agg(CASE WHEN c = fk THEN c || jsonb_build_object('referenced_model', tmodel.model_name,
                                                                                     'referenced_meta_table_uid', tuid)
                                           ELSE c END)
                       FROM jsonb_array_elements(contract->'constraints') c));
            END LOOP;
            CONTINUE WHEN is_blocked;
            row := msm._registry_register(jsonb_build_object(
                'data_source_uid', ds_uid, 'physical_schema', m.physical_schema,
                'physical_table_name', m.table_name, 'table_contract', contract,
                'identifier', m.table_name, 'namespace', m.metatable_namespace,
                'description', coalesce(m.description, ''),
                'management_mode', 'external_registered', 'schema_management', 'external'));
            done := done || jsonb_build_object(m.model_name, row->>'uid');
            pending := pending - m.model_name::text;
            progress := true;
            result := result || jsonb_build_object('model', m.model_name, 'table_name', m.table_name,
                                                   'meta_table_uid', row->>'uid');
        END LOOP;
        IF NOT progress THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_object_definition',
                MESSAGE = 'foreign keys between the selected models form a cycle',
                DETAIL = blocked,
                HINT = 'Register one side first or pass its uid in target_meta_tables.';
        END IF;
    END LOOP;

    RETURN jsonb_build_object('ok', true, 'namespace', nullif(ns, ''), 'management_mode', 'external_registered',
                              'registered', result);
END
$$;
COMMENT ON FUNCTION msm.register_external(text[], text, jsonb) IS
    'Admin flow for external_registered mode: register existing application-owned tables with their table contract.';
-- msm install script, part 50: DBA views and diagnostics (SPEC 10.2, 10.3).

-- Every model of every known deployment with its physical and registration
-- status (registration as seen by the catalog projection and, in embedded
-- mode, the registry itself).
CREATE VIEW msm.model_status AS
SELECT m.namespace,
       m.position,
       m.model_name,
       m.identifier,
       m.kind,
       m.is_builtin,
       m.physical_schema,
       m.table_name,
       to_regclass(format('%I.%I', m.physical_schema, m.table_name)) IS NOT NULL AS table_exists,
       c.meta_table_uid,
       r.provisioning_status,
       r.management_mode,
       c.updated_at AS cataloged_at
  FROM msm.deployment d
 CROSS JOIN LATERAL msm.models_of(d.namespace) m
  LEFT JOIN msm.catalog c ON c.table_name = m.table_name
  LEFT JOIN msm.meta_table r ON r.physical_schema = m.physical_schema
                            AND r.physical_table_name = m.table_name
                            AND r.data_source_uid = msm.data_source_uid();
COMMENT ON VIEW msm.model_status IS
    'Models of every migrated deployment namespace with table existence, MetaTable uid and provisioning status.';

-- Foreign-key edges between model tables, from the PostgreSQL catalog.
CREATE VIEW msm.model_edges AS
SELECT m.namespace,
       m.model_name,
       m.table_name,
       con.conname AS constraint_name,
       (SELECT array_agg(a.attname::text ORDER BY k.ord)
          FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
       t.model_name AS target_model,
       t.table_name AS target_table,
       (SELECT array_agg(a.attname::text ORDER BY k.ord)
          FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS target_columns,
       CASE con.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'r' THEN 'RESTRICT' WHEN 'n' THEN 'SET NULL'
                            WHEN 'd' THEN 'SET DEFAULT' ELSE 'NO ACTION' END AS on_delete
  FROM msm.deployment d
 CROSS JOIN LATERAL msm.models_of(d.namespace) m
  JOIN pg_catalog.pg_constraint con
    ON con.contype = 'f'
   AND con.conrelid = to_regclass(format('%I.%I', m.physical_schema, m.table_name))
  LEFT JOIN LATERAL (
        SELECT mt.model_name, mt.table_name
          FROM msm.models_of(d.namespace) mt
         WHERE to_regclass(format('%I.%I', mt.physical_schema, mt.table_name)) = con.confrelid) t ON true;
COMMENT ON VIEW msm.model_edges IS
    'Foreign-key edges between markets model tables (target_model is NULL when the target is no model).';

-- Catalog rows beside the live table.
CREATE VIEW msm.catalog_status AS
SELECT c.namespace,
       c.table_name,
       c.model_name,
       c.meta_table_uid,
       c.extension_version,
       rel IS NOT NULL AS table_exists,
       CASE WHEN rel IS NOT NULL THEN (SELECT greatest(cl.reltuples, 0)::bigint FROM pg_catalog.pg_class cl WHERE cl.oid = rel) END AS estimated_rows,
       CASE WHEN rel IS NOT NULL THEN pg_catalog.pg_total_relation_size(rel) END AS total_bytes,
       CASE WHEN rel IS NOT NULL THEN pg_catalog.pg_size_pretty(pg_catalog.pg_total_relation_size(rel)) END AS total_size,
       rel IS NOT NULL AND pg_catalog.obj_description(rel, 'pg_class') IS NOT DISTINCT FROM c.description AS description_in_sync,
       c.updated_at
  FROM msm.catalog c
  LEFT JOIN msm.deployment d ON d.namespace = coalesce(c.namespace, '')
 CROSS JOIN LATERAL (SELECT to_regclass(format('%I.%I', coalesce(d.physical_schema, 'public'), c.table_name)) AS rel) x;
COMMENT ON VIEW msm.catalog_status IS
    'Catalog projection beside the live tables: existence, estimated rows, size and whether the description is in sync.';

-- ---------------------------------------------------------------------------
-- msm.diagnose(namespace): one row per finding.
-- ---------------------------------------------------------------------------
CREATE FUNCTION msm.diagnose(namespace text DEFAULT NULL)
RETURNS TABLE (severity text, table_name text, "check" text, detail text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ns   text := msm.resolve_namespace(namespace);
    ds   uuid := msm.data_source_uid();
BEGIN
    -- model tables that do not exist
    RETURN QUERY
    SELECT 'error', m.table_name::text, 'table_missing',
           format('model %s has no table %I.%I', m.model_name, m.physical_schema, m.table_name)
      FROM msm.models_of(ns) m
     WHERE to_regclass(format('%I.%I', m.physical_schema, m.table_name)) IS NULL
     ORDER BY m.position;

    -- undescribed tables and columns
    RETURN QUERY
    SELECT 'error', m.table_name::text, 'table_description_missing',
           format('table %I.%I has no description (COMMENT ON TABLE)', m.physical_schema, m.table_name)
      FROM msm.models_of(ns) m
      CROSS JOIN LATERAL (SELECT to_regclass(format('%I.%I', m.physical_schema, m.table_name)) AS rel) x
     WHERE x.rel IS NOT NULL AND coalesce(btrim(obj_description(x.rel, 'pg_class')), '') = ''
     ORDER BY m.position;
    RETURN QUERY
    SELECT 'error', m.table_name::text, 'column_description_missing',
           format('column %I of %I.%I has no description (COMMENT ON COLUMN)', a.attname, m.physical_schema, m.table_name)
      FROM msm.models_of(ns) m
      CROSS JOIN LATERAL (SELECT to_regclass(format('%I.%I', m.physical_schema, m.table_name)) AS rel) x
      JOIN pg_attribute a ON a.attrelid = x.rel AND a.attnum > 0 AND NOT a.attisdropped
     WHERE coalesce(btrim(col_description(x.rel, a.attnum)), '') = ''
     ORDER BY m.position, a.attnum;

    -- catalog rows without a table or without a registry row
    RETURN QUERY
    SELECT 'warning', c.table_name, 'catalog_table_missing',
           format('catalog row of model %s has no table', c.model_name)
      FROM msm.catalog_status c
     WHERE coalesce(c.namespace, '') = ns AND NOT c.table_exists
     ORDER BY c.table_name;
    IF msm.registry_backend() = 'embedded' THEN
        RETURN QUERY
        SELECT 'warning', c.table_name, 'catalog_registry_row_missing',
               format('catalog row of model %s points at MetaTable %s, which the registry does not hold',
                      c.model_name, c.meta_table_uid)
          FROM msm.catalog c
         WHERE coalesce(c.namespace, '') = ns
           AND NOT EXISTS (SELECT 1 FROM msm.meta_table r WHERE r.uid = c.meta_table_uid)
         ORDER BY c.table_name;

        -- registry rows that are not active
        RETURN QUERY
        SELECT 'warning', r.physical_table_name::text, 'registry_row_not_active',
               format('MetaTable %s is %s', r.uid, r.provisioning_status)
          FROM msm.models_of(ns) m
          JOIN msm.meta_table r ON r.data_source_uid = ds AND r.physical_schema = m.physical_schema
                               AND r.physical_table_name = m.table_name
         WHERE r.provisioning_status <> 'active'
         ORDER BY m.position;

        -- live columns that differ from the registered contract
        RETURN QUERY
        WITH reg AS (
            SELECT r.physical_table_name::text AS tname, r.table_contract AS contract,
                   msm.table_contract(to_regclass(format('%I.%I', r.physical_schema, r.physical_table_name))) AS live
              FROM msm.models_of(ns) m
              JOIN msm.meta_table r ON r.data_source_uid = ds AND r.physical_schema = m.physical_schema
                                   AND r.physical_table_name = m.table_name
             WHERE r.table_contract IS NOT NULL
               AND to_regclass(format('%I.%I', r.physical_schema, r.physical_table_name)) IS NOT NULL
        ), regcols AS (
            SELECT reg.tname, c->>'name' AS col, c->>'backend_type' AS typ, (c->>'nullable')::boolean AS nullable
              FROM reg, jsonb_array_elements(reg.contract->'columns') c
        ), livecols AS (
            SELECT reg.tname, c->>'name' AS col, c->>'backend_type' AS typ, (c->>'nullable')::boolean AS nullable
              FROM reg, jsonb_array_elements(reg.live->'columns') c
        )
        SELECT 'warning', coalesce(r.tname, l.tname), 'column_drift',
               CASE WHEN l.col IS NULL THEN format('registered column %I is missing from the table', r.col)
                    WHEN r.col IS NULL THEN format('column %I is not in the registered contract', l.col)
                    ELSE format('column %I is %s%s in the table but %s%s in the registered contract', l.col,
                                l.typ, CASE WHEN l.nullable THEN ' NULL' ELSE ' NOT NULL' END,
                                r.typ, CASE WHEN r.nullable THEN ' NULL' ELSE ' NOT NULL' END) END
          FROM regcols r FULL JOIN livecols l ON l.tname = r.tname AND l.col = r.col
         WHERE r.col IS NULL OR l.col IS NULL OR r.typ IS DISTINCT FROM l.typ OR r.nullable IS DISTINCT FROM l.nullable
         ORDER BY 2, 4;
    END IF;
END
$$;
COMMENT ON FUNCTION msm.diagnose(text) IS
    'Findings for a deployment namespace: missing tables, missing descriptions, stale catalog rows, inactive registry rows, column drift.';
-- msm install script, part 55: runtime attachment (SPEC 6).

CREATE FUNCTION msm.start_engine(management_mode text DEFAULT 'platform_managed',
                                 models text[] DEFAULT NULL,
                                 namespace text DEFAULT NULL,
                                 timeout_ms integer DEFAULT NULL)
RETURNS jsonb
LANGUAGE C VOLATILE PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'msm_start_engine';
COMMENT ON FUNCTION msm.start_engine(text, text[], text, integer) IS
    'Attach the session to the markets tables: verify them, resolve their MetaTable uids (one lookup per resource type) and cache the runtime.';

CREATE FUNCTION msm.stop_engine()
RETURNS boolean
LANGUAGE C VOLATILE PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'msm_stop_engine';
COMMENT ON FUNCTION msm.stop_engine() IS
    'Drop the session''s markets runtime (for poolers and tests); true when one was dropped.';

CREATE FUNCTION msm.runtime()
RETURNS jsonb
LANGUAGE C VOLATILE PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'msm_runtime_sql';
COMMENT ON FUNCTION msm.runtime() IS
    'The session''s runtime document (as returned by start_engine), or NULL.';

CREATE TYPE msm.runtime_handle AS (
    model                 text,
    identifier            text,
    physical_schema       text,
    table_name            text,
    relation              regclass,
    meta_table_uid        uuid,
    data_source_uid       uuid,
    kind                  text,
    namespace             text,
    max_rows              integer,
    statement_timeout_ms  integer,
    timeout_ms            integer,
    management_mode       text,
    upsert_keys           text[]
);
COMMENT ON TYPE msm.runtime_handle IS 'One bound table of the session''s markets runtime.';

CREATE FUNCTION msm.runtime_table(selector text)
RETURNS msm.runtime_handle
LANGUAGE C VOLATILE PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'msm_runtime_table_sql';
COMMENT ON FUNCTION msm.runtime_table(text) IS
    'Handle of one table of the session runtime, by model name, class name, identifier or physical table name.';

CREATE FUNCTION msm.runtime_tables()
RETURNS SETOF msm.runtime_handle
LANGUAGE C VOLATILE PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'msm_runtime_tables_sql';
COMMENT ON FUNCTION msm.runtime_tables() IS
    'Handles of every table of the session runtime, in resolved order.';
-- msm install script, part 60: the row API (SPEC 7) and compiled-sql.v1
-- (SPEC 7.1).
--
-- Row functions need a started runtime (msm.start_engine) holding their
-- model.  They are C functions that run with the CALLER's rights (no
-- SECURITY DEFINER): the privileges on the model tables decide what a role
-- may read or write.  They are therefore granted to PUBLIC.  Statements are
-- planned once per session and model; every identifier is quoted and every
-- value is a parameter.

CREATE TYPE msm.asset_row AS (
    uid                uuid,
    unique_identifier  text,
    asset_type         text
);
COMMENT ON TYPE msm.asset_row IS 'One Asset row as returned by msm.upsert_asset().';

CREATE FUNCTION msm.upsert_asset(unique_identifier text, asset_type text DEFAULT NULL)
RETURNS msm.asset_row
LANGUAGE C VOLATILE PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'msm_upsert_asset';
COMMENT ON FUNCTION msm.upsert_asset(text, text) IS
    'Insert or update the Asset with this unique_identifier (1 to 255 characters) and return it; an existing row keeps its uid. asset_type is normalized (trimmed, lowercased, whitespace runs to _, at most 64 characters); NULL leaves the stored asset_type unchanged (a new row gets NULL).';

CREATE FUNCTION msm.upsert(model text, "row" jsonb)
RETURNS jsonb
LANGUAGE C VOLATILE PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'msm_row_upsert';
COMMENT ON FUNCTION msm.upsert(text, jsonb) IS
    'Insert or update one row of a runtime model, matched on its upsert keys, and return the stored row. Omitted columns get the model default on insert and are left unchanged on update.';

CREATE FUNCTION msm.upsert_many(model text, "rows" jsonb)
RETURNS bigint
LANGUAGE C VOLATILE PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'msm_row_upsert_many';
COMMENT ON FUNCTION msm.upsert_many(text, jsonb) IS
    'Insert or update a JSON array of rows (all giving the same keys) of a runtime model in one statement; a key repeated in the batch keeps its last row. Returns the number of rows written.';

CREATE FUNCTION msm.get(model text, key jsonb)
RETURNS jsonb
LANGUAGE C VOLATILE PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'msm_row_get';
COMMENT ON FUNCTION msm.get(text, jsonb) IS
    'The row of a runtime model with these upsert key values, or NULL.';

CREATE FUNCTION msm.delete(model text, key jsonb)
RETURNS boolean
LANGUAGE C VOLATILE PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'msm_row_delete';
COMMENT ON FUNCTION msm.delete(text, jsonb) IS
    'Delete the row of a runtime model with these upsert key values; true when a row was deleted.';

CREATE FUNCTION msm.compile_upsert(model text, "row" jsonb)
RETURNS jsonb
LANGUAGE C VOLATILE PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'msm_compile_upsert_sql';
COMMENT ON FUNCTION msm.compile_upsert(text, jsonb) IS
    'The compiled-sql.v1 envelope of msm.upsert(model, row), validated but not run.';

CREATE FUNCTION msm.compile_get(model text, key jsonb)
RETURNS jsonb
LANGUAGE C VOLATILE PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'msm_compile_get_sql';
COMMENT ON FUNCTION msm.compile_get(text, jsonb) IS
    'The compiled-sql.v1 envelope (operation select) of msm.get(model, key), validated but not run.';

CREATE FUNCTION msm.compile_delete(model text, key jsonb)
RETURNS jsonb
LANGUAGE C VOLATILE PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'msm_compile_delete_sql';
COMMENT ON FUNCTION msm.compile_delete(text, jsonb) IS
    'The compiled-sql.v1 envelope (operation delete) of msm.delete(model, key), validated but not run.';

GRANT EXECUTE ON FUNCTION msm.upsert_asset(text, text), msm.upsert(text, jsonb),
    msm.upsert_many(text, jsonb), msm.get(text, jsonb), msm.delete(text, jsonb),
    msm.compile_upsert(text, jsonb), msm.compile_get(text, jsonb),
    msm.compile_delete(text, jsonb) TO PUBLIC;
-- msm install script, part 70: HTTP mode transport (SPEC 9).
--
-- TS Manager calls go through the msm http worker (src/http_worker.c),
-- which needs msm in shared_preload_libraries.  msm._http_probe is a
-- superuser-only debugging entry point of that transport, used by the
-- integration tests; the TS Manager registry backend calls the same C API.

CREATE FUNCTION msm._http_probe(
    method text,
    url text,
    request_body text DEFAULT NULL,
    timeout_ms integer DEFAULT NULL)
RETURNS TABLE(status integer, body text, retry_after integer,
              transport_error boolean, error text)
LANGUAGE C VOLATILE PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'msm_http_probe_sql';
COMMENT ON FUNCTION msm._http_probe(text, text, text, integer) IS
    'Debugging probe of the HTTP transport (superuser only): one request through the msm http worker; only http/https, no redirects followed, response size capped, status 0 and transport_error on network failures; timeout_ms bounds the wait (NULL: msm.http_timeout_ms only). Sends msm.access_token only to URLs under msm.endpoint.';
REVOKE EXECUTE ON FUNCTION msm._http_probe(text, text, text, integer) FROM PUBLIC;
-- msm install script, part 90: privileges (SPEC 12).
--
-- Functions are created EXECUTE-able by PUBLIC; take that back from the
-- admin and internal ones.  Admins get them with an explicit GRANT.

REVOKE EXECUTE ON FUNCTION msm.migrate_upgrade(text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION msm.migrate_current(text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION msm.register_external(text[], text, jsonb) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION msm.declare_model(regclass, text, text, text, text, text[], text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION msm.undeclare_model(regclass, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION msm.revision_ddl(text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION msm._registry_lookup(text, text[], text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION msm._registry_reserve(text, jsonb) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION msm._registry_finalize(jsonb) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION msm._registry_register(jsonb) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION msm._reservation_row(msm.model, uuid, uuid, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION msm._rows_by_name(jsonb, text[]) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION msm._builtin_contract(msm.model) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION msm._autonomous_exec(text[]) FROM PUBLIC;
