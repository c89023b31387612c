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
