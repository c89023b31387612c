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
