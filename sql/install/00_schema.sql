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
