-- msm upgrade script 0.1.0 -> 0.2.0 (work in progress: 0.2.0 is not released).
--
-- sql/released/msm--0.1.0.sql is frozen.  A fresh CREATE EXTENSION msm runs
-- it and then this script (PostgreSQL follows the update chain when there is
-- no msm--0.2.0.sql), so a fresh install and an upgraded 0.1.0 database get
-- the same objects by construction.  Everything that changes in 0.2.0 is
-- written here, once; doc/operations.md ("Versions and upgrades") describes
-- the policy.

\echo Use "ALTER EXTENSION msm UPDATE TO '0.2.0'" to load this file. \quit

COMMENT ON FUNCTION msm.physical_table_name(text, text, text) IS
    'Physical table name (doc/naming.md, "Physical table names"): slugs of storage_app, identifier and the optional deployment namespace joined with "__", shortened with an MD5 marker to at most 63 characters.';
COMMENT ON FUNCTION msm.bounded_identifier(text[]) IS
    'Constraint/index name (doc/naming.md, "Constraint and index names"): parts slugged piece by piece (pieces split on "__") and joined with "__"; over 63 characters, the first 52 are kept and an MD5 marker is appended.';
COMMENT ON FUNCTION msm.metatable_identifier(text, text) IS
    'Logical MetaTable identifier (doc/naming.md, "Logical identifiers"): the bare base in the default namespace mainsequence.markets (also used when namespace is NULL or empty), otherwise namespace.base unless base is already qualified with it.';
