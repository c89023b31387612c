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
