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
