#!/usr/bin/env bash
# The SDK's wire contract (doc/tsmanager.md, "Wire calls"), checked on the
# stand-in's request log: exact bodies of the migration lookups, the
# reservation of the registry root, of a MetaTable and of a time-index table,
# finalize-managed, the runtime lookups and the external registrations
# (a MetaTable and a time-index table).  The stand-in itself refuses extra
# or missing fields (test/tsmanager/contract.py).
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../tsmanager/standin.sh"

tap_plan 16
standin_start || { echo "Bail out! stand-in did not start"; exit 1; }
msm_psql -c "ALTER DATABASE postgres SET msm.endpoint = '$STANDIN_URL'" \
         -c "ALTER DATABASE postgres SET msm.access_token = '$STANDIN_TOKEN'" \
         -c "ALTER DATABASE postgres SET msm.log_events = off" >/dev/null
q() { msm_psql -c "$1" 2>&1; }
# py EXPR: evaluate EXPR with L = the request log (list of entries), R(path) =
# the bodies POSTed to path in order, and the variables passed as NAME=VALUE
py() {
    local expr=$1; shift
    standin_requests | python3 -c '
import json, sys
L = [json.loads(l) for l in sys.stdin]
def R(path): return [e["body"] for e in L if e["method"] == "POST" and e["path"].split("?")[0] == "/api/v1/" + path]
env = dict(a.split("=", 1) for a in sys.argv[2:])
print(eval(sys.argv[1], dict(env, L=L, R=R, json=json)))' "$expr" "$@"
}

q "CREATE EXTENSION msm" >/dev/null
DS=$(q "SELECT msm.data_source_uid()")
META=$(q "SELECT string_agg(table_name, ',' ORDER BY position) FROM msm.models_of() WHERE NOT is_root AND kind = 'meta_table'")
TI=$(q "SELECT string_agg(table_name, ',' ORDER BY position) FROM msm.models_of() WHERE kind = 'time_index'")

# --- migration ------------------------------------------------------------------
out=$(q "SELECT d->>'ok' FROM msm.migrate_upgrade() d")
tap_is "$out" "true" "migrate_upgrade runs against the strict stand-in"
ROOT=$(standin_rows | standin_json '[r["uid"] for r in d if r["physical_table_name"] == "ms_markets__alembic_version"][0]')
tap_is "$(py 'R("meta-tables/filter/")[0] == {"data_source__uid__in": [ds], "physical_schema__in": ["public"], "physical_table_name__in": ["ms_markets__alembic_version"], "limit": 1}' ds="$DS")" \
    "True" "root lookup: {data_source__uid__in, physical_schema__in, physical_table_name__in, limit}"
tap_is "$(py 'R("meta-tables/")[0] == [{"data_source_uid": ds, "identifier": "msm.alembic_version", "namespace": "mainsequence.markets",
    "description": "Alembic revision state table.", "labels": [], "management_mode": "platform_managed",
    "provisioning_status": "reserved", "is_alembic_managed": True, "migration_package": "msm",
    "migration_namespace": "mainsequence.markets", "migration_provider_key": "msm:mainsequence.markets",
    "alembic_version_meta_table_uid": None, "alembic_revision": None, "physical_schema": "public",
    "physical_table_name": "ms_markets__alembic_version", "protect_from_deletion": False,
    "table_contract": {"version": "relational-table.v1", "physical": {"schema": "public", "table_name": "ms_markets__alembic_version"},
        "columns": [{"name": "version_num", "data_type": "string", "backend_type": "VARCHAR", "nullable": False, "primary_key": True, "unique": False}],
        "constraints": [], "authoring": {"owner": "alembic", "schema": "public", "version_table": "ms_markets__alembic_version"}}}]' ds="$DS")" \
    "True" "root reservation: exactly the SDK's row (identifier msm.alembic_version, one-column contract, Alembic authoring)"
tap_is "$(py 'R("meta-tables/filter/")[1] == {"data_source__uid__in": [ds], "physical_schema__in": ["public"], "physical_table_name__in": meta.split(","), "limit": len(meta.split(","))} and R("time-index-meta-tables/filter/")[0] == {"data_source__uid__in": [ds], "physical_schema__in": ["public"], "physical_table_name__in": ti.split(","), "limit": len(ti.split(","))}' ds="$DS" meta="$META" ti="$TI")" \
    "True" "model lookups: one per resource type, by physical identity, names in model order, limit n"
tap_is "$(py '[(r["identifier"], r["alembic_version_meta_table_uid"], r["migration_provider_key"], r["protect_from_deletion"], r["alembic_revision"], sorted(r["table_contract"]), r["table_contract"]["constraints"], [c for c in r["table_contract"]["columns"] if c["name"] == "uid"][0]) for r in R("meta-tables/")[1] if r["physical_table_name"] == "ms_markets__asset"][0] == ("ms_markets__asset", root, "msm:mainsequence.markets", False, None, ["columns", "constraints", "physical", "version"], [], {"name": "uid", "data_type": "uuid", "backend_type": "UUID", "nullable": False, "primary_key": True, "unique": False, "server_default": "gen_random_uuid()", "description": [c for c in R("meta-tables/")[1] if c["physical_table_name"] == "ms_markets__asset"][0]["table_contract"]["columns"][0].get("description")})' root="$ROOT")" \
    "True" "MetaTable reservation row: identifier = table name, root uid, provider key, no description or table-level extras in the contract"
tap_is "$(py 'sorted({x for b in R("meta-tables/")[1:] + R("time-index-meta-tables/") for r in b for c in r["table_contract"]["columns"] for x in ("VARCHAR(32)", "TIMESTAMP WITH TIME ZONE", "UUID", "NUMERIC(38, 18)", "INTEGER/int64") if x in (c["backend_type"], c["backend_type"] + "/" + c["data_type"])})')" \
    "['INTEGER/int64', 'NUMERIC(38, 18)', 'TIMESTAMP WITH TIME ZONE', 'UUID', 'VARCHAR(32)']" "the spellings the SDK uses appear"
tap_is "$(py '[(sorted(r), r["partition_strategy"], r["time_index_name"], r["table_contract"]["table_kind"], r["table_contract"]["authoring"] == {"time_indexed": {"time_index_name": "time_index", "index_names": ["time_index", "asset_identifier"]}}, "constraints" in r["table_contract"]) for r in R("time-index-meta-tables/")[0] if r["physical_table_name"] == "ms_markets__assetsnapshotsts"][0]')" \
    "(['alembic_revision', 'alembic_version_meta_table_uid', 'data_source_uid', 'description', 'identifier', 'is_alembic_managed', 'labels', 'management_mode', 'migration_namespace', 'migration_package', 'migration_provider_key', 'namespace', 'partition_strategy', 'physical_schema', 'physical_table_name', 'protect_from_deletion', 'provisioning_status', 'table_contract', 'time_index_name'], 'backend_default', 'time_index', 'time_indexed', True, False)" \
    "time-index reservation row: no cadence, partition_strategy backend_default, time-indexed contract"
tap_is "$(py 'R("meta-tables/finalize-managed/") == [{"meta_table_uids": [root] + [json.loads(x) for x in []] + R("meta-tables/finalize-managed/")[0]["meta_table_uids"][1:], "migration_package": "msm", "migration_namespace": "mainsequence.markets", "migration_provider_key": "msm:mainsequence.markets", "alembic_version_meta_table_uid": root, "alembic_revision": "0015"}] and len(R("meta-tables/finalize-managed/")[0]["meta_table_uids"]) == 56' root="$ROOT")" \
    "True" "finalize: the root first, then 55 provider uids, the provider key and revision"
ORDERED=$(q "SELECT string_agg(c.meta_table_uid::text, ',' ORDER BY m.position) FROM msm.models_of() m JOIN msm.catalog c ON c.table_name = m.table_name WHERE NOT m.is_root")
tap_is "$(py '",".join(R("meta-tables/finalize-managed/")[0]["meta_table_uids"][1:]) == ordered' ordered="$ORDERED")" \
    "True" "finalize: the provider uids in built-in position order"

# --- the root is validated when reused -------------------------------------------
standin_reset
tap_is "$(q "SELECT d->'meta_table_uids'->>'ms_markets__alembic_version' FROM msm.migrate_upgrade() d") $(py 'len(R("meta-tables/"))')" "$ROOT 0" \
    "a rerun reuses the validated root and reserves nothing"
XROOT=$(q "SELECT msm.physical_table_name('ms_markets', 'alembic_version', 'tenant.x')")
standin_seed "[{\"data_source_uid\": \"$DS\", \"identifier\": \"tenant.x.msm.alembic_version\", \"namespace\": \"tenant.x\", \"management_mode\": \"platform_managed\", \"provisioning_status\": \"active\", \"is_alembic_managed\": true, \"migration_package\": \"msm\", \"migration_namespace\": \"tenant.x\", \"migration_provider_key\": \"migrations:migration\", \"physical_schema\": \"public\", \"physical_table_name\": \"$XROOT\"}]" >/dev/null
out=$(q "SELECT msm.migrate_upgrade(namespace => 'tenant.x')")
tap_ok "an incompatible root (another provider key) is refused, not reused" \
    bash -c 'grep -q "registry root MetaTable .* is incompatible" <<<"$1" && grep -q "migration_provider_key=migrations:migration" <<<"$1"' _ "$out"

# --- runtime lookups ------------------------------------------------------------
standin_reset
q "SET msm.lookup_cache_ttl_s = 0; SELECT msm.start_engine(models => ARRAY['Portfolio', 'Asset', 'AssetType', 'Asset', 'AssetSnapshotsTS'])" >/dev/null
tap_is "$(py '[(sorted(b), b["physical_table_name__in"] == sorted(set(b["physical_table_name__in"])), {"ms_markets__asset", "ms_markets__assettype", "ms_markets__portfolio"} <= set(b["physical_table_name__in"]), b.get("management_mode"), b["limit"], b["offset"]) for b in R("meta-tables/filter/")] + [R("time-index-meta-tables/filter/")]')" \
    "[(['limit', 'management_mode', 'offset', 'physical_table_name__in'], True, True, 'platform_managed', 5000, 0), [{'physical_table_name__in': ['ms_markets__assetsnapshotsts'], 'limit': 5000, 'offset': 0}]]" \
    "runtime lookups: names sorted and unique, limit max(5000, n), offset 0, management_mode for MetaTables only"

# --- external registration ----------------------------------------------------
q "CREATE TABLE public.app_markets__appledger (uid uuid PRIMARY KEY, asset_uid uuid REFERENCES public.ms_markets__asset (uid), amount numeric(20,4), n integer);
   COMMENT ON TABLE public.app_markets__appledger IS 'Application ledger rows owned by the application itself.';
   COMMENT ON COLUMN public.app_markets__appledger.uid IS 'Primary key of the ledger row.';
   COMMENT ON COLUMN public.app_markets__appledger.asset_uid IS 'The asset the ledger row concerns.';
   COMMENT ON COLUMN public.app_markets__appledger.amount IS 'Amount booked.';
   COMMENT ON COLUMN public.app_markets__appledger.n IS 'Line number.';
   SELECT msm.declare_model('public.app_markets__appledger'::regclass, 'AppLedger', 'com.app.markets',
          'app_markets', upsert_keys => ARRAY['uid']);
   CREATE TABLE public.app_markets__appticksts (time_index timestamptz NOT NULL, asset_identifier varchar(64) NOT NULL, price float8,
          PRIMARY KEY (time_index, asset_identifier));
   COMMENT ON TABLE public.app_markets__appticksts IS 'Application price ticks per asset over time.';
   COMMENT ON COLUMN public.app_markets__appticksts.time_index IS 'Time of the tick.';
   COMMENT ON COLUMN public.app_markets__appticksts.asset_identifier IS 'Asset the tick prices.';
   COMMENT ON COLUMN public.app_markets__appticksts.price IS 'Price of the tick.';
   SELECT msm.declare_model('public.app_markets__appticksts'::regclass, 'AppTicksTS', 'com.app.markets',
          'app_markets', kind => 'time_index', upsert_keys => ARRAY['time_index', 'asset_identifier'])" >/dev/null
standin_reset
out=$(q "SELECT jsonb_array_length(msm.register_external(ARRAY['AppLedger', 'AppTicksTS'])->'registered')")
tap_is "$out" "2" "register_external registers a MetaTable and a time-index table"
tap_is "$(py 'R("meta-tables/register/") == [{"data_source_uid": ds, "physical_schema": "public", "identifier": "app_markets__appledger", "namespace": "com.app.markets", "labels": [], "protect_from_deletion": False, "description": "Application ledger rows owned by the application itself.", "management_mode": "external_registered", "schema_management": {"mode": "external_registered"}, "introspect": True,
    "table_contract": {"version": "relational-table.v1", "physical": {"schema": "public", "table_name": "app_markets__appledger"}, "constraints": [], "columns": [
      {"name": "uid", "data_type": "uuid", "backend_type": "UUID", "nullable": False, "primary_key": True, "unique": False, "server_default": "gen_random_uuid()", "description": "Primary key of the ledger row."},
      {"name": "asset_uid", "data_type": "uuid", "backend_type": "UUID", "nullable": True, "primary_key": False, "unique": False, "description": "The asset the ledger row concerns."},
      {"name": "amount", "data_type": "numeric", "backend_type": "NUMERIC(20, 4)", "nullable": True, "primary_key": False, "unique": False, "description": "Amount booked."},
      {"name": "n", "data_type": "int64", "backend_type": "INTEGER", "nullable": True, "primary_key": False, "unique": False, "description": "Line number."}]}}]' ds="$DS")" \
    "True" "MetaTable registration: the SDK's request, schema_management an object, no top-level physical_table_name"
tap_is "$(py 'R("time-index-meta-tables/register/") == [{"data_source_uid": ds, "physical_schema": "public", "identifier": "app_markets__appticksts", "namespace": "com.app.markets", "labels": [], "protect_from_deletion": False, "description": "Application price ticks per asset over time.",
    "schema_management": {"mode": "backend_managed"}, "provisioning": {"create_table": True, "if_not_exists": True}, "time_index_name": "time_index", "partition_strategy": "backend_default",
    "table_contract": {"version": "relational-table.v1", "table_kind": "time_indexed", "authoring": {"time_indexed": {"time_index_name": "time_index", "index_names": ["time_index", "asset_identifier"]}},
      "physical": {"schema": "public", "table_name": "app_markets__appticksts"}, "columns": [
      {"name": "time_index", "data_type": "timestamp with time zone", "backend_type": "TIMESTAMP WITH TIME ZONE", "nullable": False, "primary_key": True, "unique": False, "description": "Time of the tick."},
      {"name": "asset_identifier", "data_type": "string", "backend_type": "VARCHAR(64)", "nullable": False, "primary_key": True, "unique": False, "description": "Asset the tick prices."},
      {"name": "price", "data_type": "float64", "backend_type": "DOUBLE PRECISION", "nullable": True, "primary_key": False, "unique": False, "description": "Price of the tick."}]}}]' ds="$DS")" \
    "True" "time-index registration: /time-index-meta-tables/register/ with the SDK's time-index request"
tap_is "$(py 'sum(1 for e in L if e["status"] == 400)')" "0" "the strict stand-in refused no request"
tap_done
