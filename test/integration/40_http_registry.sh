#!/usr/bin/env bash
# TS Manager over HTTP (doc/tsmanager.md, "Wire calls") against the stand-in:
# migration, attachment with exact filter bodies and call counts, the shared
# lookup cache and its
# single-flight, platform execution, project models, a second namespace.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../tsmanager/standin.sh"

tap_plan 38
standin_start || { echo "Bail out! stand-in did not start"; exit 1; }

# settings per database: not written to the server log (ALTER SYSTEM +
# reload would make PostgreSQL log "parameter changed to")
msm_psql -c "ALTER DATABASE postgres SET msm.endpoint = '$STANDIN_URL'" \
         -c "ALTER DATABASE postgres SET msm.access_token = '$STANDIN_TOKEN'" \
         -c "ALTER DATABASE postgres SET msm.log_events = off" >/dev/null
q() { msm_psql -c "$1" 2>&1; }
# requests logged for exactly this method and path
count_exact() {
    standin_requests | python3 -c 'import sys,json; print(sum(1 for l in sys.stdin if json.loads(l)["method"] == sys.argv[1] and json.loads(l)["path"].split("?")[0] == sys.argv[2]))' "$1" "$2"
}

tap_is "$(q "CREATE EXTENSION msm; SELECT msm.registry_backend()")" "ts_manager" "msm.endpoint selects the TS Manager backend"

# --- migration through TS Manager -----------------------------------------
out=$(q "SELECT (d->>'ok') || ' ' || (d->>'finalized_count') || ' ' || (d->>'revision') FROM msm.migrate_upgrade() d")
tap_is "$out" "true 56 0015" "migrate_upgrade registers and finalizes 56 MetaTables on TS Manager (55 models and the root, at upstream's head 0015)"
tap_is "$(standin_rows | standin_json 'sum(1 for r in d if r.get("provisioning_status") == "active")')" "56" \
    "TS Manager holds 56 active rows"
tap_is "$(standin_count POST /api/v1/meta-tables/finalize-managed/)" "1" "one finalize-managed call"
tap_is "$(standin_count POST /api/v1/time-index-meta-tables/filter/)" "1" "one time-index filter call for the models"
tap_is "$(count_exact POST /api/v1/meta-tables/) $(count_exact POST /api/v1/time-index-meta-tables/)" "2 1" \
    "reservations: the registry root, then one collection create per resource type"
tap_is "$(q "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'ms\_markets\_\_%'")" "57" \
    "the revision DDL is committed (TS Manager saw the tables: 56 and the chain's interpolatedpricests)"
uid_asset=$(standin_rows | standin_json '[r["uid"] for r in d if r["physical_table_name"] == "ms_markets__asset"][0]')
tap_is "$(q "SELECT meta_table_uid FROM msm.catalog WHERE table_name = 'ms_markets__asset'")" "$uid_asset" \
    "the catalog carries TS Manager's uid"
standin_reset
out=$(q "SELECT (d->'meta_table_uids'->>'ms_markets__asset') FROM msm.migrate_upgrade() d")
tap_is "$out" "$uid_asset" "rerun returns the same uids"
tap_is "$(count_exact POST /api/v1/meta-tables/) $(count_exact POST /api/v1/time-index-meta-tables/)" "0 0" \
    "rerun reserves nothing (lookups only)"

# --- attachment: one lookup per resource type, exact bodies ---------------
standin_reset
tap_is "$(q "SELECT jsonb_array_length(msm.start_engine()->'meta_tables')")" "55" "start_engine() attaches 55 models over HTTP"
tap_is "$(standin_count POST /api/v1/meta-tables/filter/) $(standin_count POST /api/v1/time-index-meta-tables/filter/)" "1 1" \
    "exactly 2 filter calls, one per resource type"
body=$(standin_requests | python3 -c 'import sys,json; print(json.dumps([json.loads(l)["body"] for l in sys.stdin if "/api/v1/meta-tables/filter/" in l][0], sort_keys=True))')
tap_is "$(echo "$body" | python3 -c 'import sys,json; b=json.load(sys.stdin); print(len(b["physical_table_name__in"]), b["management_mode"], b["limit"], b["offset"], sorted(b))')" \
    "40 platform_managed 5000 0 ['limit', 'management_mode', 'offset', 'physical_table_name__in']" \
    "meta-tables filter body: 40 names, management_mode, limit max(5000,n), offset 0"
body=$(standin_requests | python3 -c 'import sys,json; print(json.dumps([json.loads(l)["body"] for l in sys.stdin if "/api/v1/time-index-meta-tables/filter/" in l][0], sort_keys=True))')
tap_is "$(echo "$body" | python3 -c 'import sys,json; b=json.load(sys.stdin); print(len(b["physical_table_name__in"]), sorted(b))')" \
    "15 ['limit', 'offset', 'physical_table_name__in']" "time-index filter body: 15 names, no management_mode"
tap_is "$(standin_requests | python3 -c 'import sys,json; print(all(json.loads(l)["auth"]["valid"] for l in sys.stdin))')" "True" \
    "every call carried a valid bearer token"

standin_reset
tap_is "$(q "SELECT jsonb_array_length(msm.start_engine()->'meta_tables')")" "55" "a second session attaches"
tap_is "$(standin_count POST /api/v1/)" "0" "a second session within the TTL makes no call (shared cache)"
tap_is "$(q "SET msm.lookup_cache_ttl_s = 0; SELECT jsonb_array_length(msm.start_engine(models => ARRAY['Asset'])->'meta_tables')") $(standin_count POST /api/v1/meta-tables/filter/)" \
    "1 1" "msm.lookup_cache_ttl_s = 0 bypasses the cache"

# --- transaction scope (doc/runtime.md, "Runtime scope"): a later transaction
# reuses the session's resolution with no call, until the lookup cache TTL
standin_reset
out=$(msm_psql -c "SET msm.runtime_scope = transaction" -c "SET msm.lookup_cache_ttl_s = 2" \
               -c "SELECT msm.start_engine(models => ARRAY['IndexType'])->>'cached'" \
               -c "SELECT msm.start_engine(models => ARRAY['IndexType'])->>'cached'" \
               -c "DO \$\$ BEGIN PERFORM pg_catalog.pg_sleep(2.5); END \$\$" \
               -c "SELECT msm.start_engine(models => ARRAY['IndexType'])->>'cached'" 2>&1)
set -- $out
tap_is "$1 $2" "false true" "transaction scope: the next transaction re-attaches from the session"
tap_is "$3 $(standin_count POST /api/v1/meta-tables/filter/)" "false 2" \
    "a resolution from TS Manager is reused no longer than msm.lookup_cache_ttl_s: then looked up again"

# --- attach storm: 32 cold sessions, single-flight ------------------------
q "SELECT msm.migrate_upgrade()" >/dev/null      # finalization invalidates the cache
standin_reset
standin_fault '[{"match": {"path_prefix": "/api/v1/meta-tables/filter/"}, "action": {"delay_ms": 400}, "times": -1},
                {"match": {"path_prefix": "/api/v1/time-index-meta-tables/filter/"}, "action": {"delay_ms": 400}, "times": -1}]'
pids=()
for i in $(seq 1 32); do
    (msm_psql -c "SELECT jsonb_array_length(msm.start_engine()->'meta_tables')" > "$MSM_WORKDIR/storm.$i" 2>&1) &
    pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
tap_is "$(cat "$MSM_WORKDIR"/storm.* | sort | uniq -c | awk '{print $1, $2}')" "32 55" "32 concurrent cold sessions all attach"
n=$(standin_count POST /api/v1/)
tap_ok "32 concurrent cold sessions cause at most 2 requests (saw $n)" test "$n" -le 2
standin_reset

# --- row operations: local and platform execution -------------------------
out=$(q "SELECT msm.start_engine(models => ARRAY['Asset']) IS NOT NULL; SELECT unique_identifier FROM msm.upsert_asset('example-asset-btc', 'Crypto')" | tail -1)
tap_is "$out" "example-asset-btc" "upsert_asset with local execution"
tap_is "$(standin_count POST /api/v1/meta-tables/execute-operation/)" "0" "local execution does not call TS Manager"
out=$(q "SET msm.execution = platform; SELECT msm.start_engine(models => ARRAY['Asset']) IS NOT NULL; SELECT asset_type FROM msm.upsert_asset('example-asset-eth', 'Crypto Coin')" | tail -1)
tap_is "$out" "crypto_coin" "upsert_asset with platform execution returns the stored row"
tap_is "$(standin_count POST /api/v1/meta-tables/execute-operation/)" "1" "platform execution posts one compiled-sql.v1 envelope"
env=$(standin_requests | python3 -c 'import sys,json; b=[json.loads(l)["body"] for l in sys.stdin if "execute-operation" in l][0]; print(b["version"], b["operation"], b["statement"]["paramstyle"], b["scope"]["tables"][0]["access"], b["scope"]["tables"][0]["meta_table_uid"])')
tap_is "$env" "compiled-sql.v1 upsert pyformat write $uid_asset" "the envelope carries version, operation, paramstyle and the bound MetaTable"
tap_is "$(q "SELECT asset_type FROM public.ms_markets__asset WHERE unique_identifier = 'example-asset-eth'")" "crypto_coin" \
    "TS Manager ran the statement in this database"

# --- project model and a second namespace ---------------------------------
q "CREATE TABLE public.my_project_markets__myassetdetails (
       asset_uid uuid PRIMARY KEY REFERENCES public.ms_markets__asset (uid) ON DELETE CASCADE,
       risk_bucket text NOT NULL);
   COMMENT ON TABLE public.my_project_markets__myassetdetails IS 'One row of project risk details per asset for the risk desk.';
   COMMENT ON COLUMN public.my_project_markets__myassetdetails.asset_uid IS 'The asset these details describe.';
   COMMENT ON COLUMN public.my_project_markets__myassetdetails.risk_bucket IS 'Risk bucket assigned by the desk.';
   SELECT msm.declare_model('public.my_project_markets__myassetdetails'::regclass, 'MyAssetDetails',
          'com.my_company.markets', 'my_project_markets', upsert_keys => ARRAY['asset_uid'])" >/dev/null
out=$(q "SELECT (d->>'finalized_count') FROM msm.migrate_upgrade() d")
tap_is "$out" "57" "a declared project table is registered on TS Manager by the next migration"
out=$(q "SELECT string_agg(x, ',') FROM jsonb_array_elements_text(msm.start_engine(models => ARRAY['MyAssetDetails'])->'meta_table_models') x")
tap_is "$out" "Asset,MyAssetDetails" "start_engine(models => ARRAY['MyAssetDetails']) attaches Asset first"
out=$(q "SELECT d->>'finalized_count' FROM msm.migrate_upgrade(namespace => 'mainsequence.examples') d")
tap_is "$out" "56" "a second deployment namespace registers its own 56 MetaTables"

# --- wire contract details ------------------------------------------------------
# one page is read, as the SDK's filter_by_body: `next` is never followed
# (the request's limit covers every name)
standin_config '{"page_size": 10}' >/dev/null
standin_reset
out=$(q "SET msm.lookup_cache_ttl_s = 0; SELECT jsonb_array_length(msm.start_engine()->'meta_tables')")
tap_is "$(grep -c 'markets tables have no active platform_managed' <<<"$out") $(standin_count POST /api/v1/meta-tables/filter/)" "1 1" \
    "a paginated filter answer: one page read, next not followed (30 of 40 missing)"
standin_config '{"paginate": false, "page_size": null}' >/dev/null

# a reservation whose answer is lost: the retry gets 409 and msm looks the rows up again
standin_reset
standin_fault '[{"match": {"method": "POST", "path": "/api/v1/meta-tables/"}, "action": {"status": 502, "after": true}}]'
q "CREATE TABLE public.my_project_markets__riskscore (asset_uid uuid PRIMARY KEY REFERENCES public.ms_markets__asset (uid), score float8);
   COMMENT ON TABLE public.my_project_markets__riskscore IS 'One project risk score per asset computed nightly by the desk.';
   COMMENT ON COLUMN public.my_project_markets__riskscore.asset_uid IS 'The asset the score belongs to.';
   COMMENT ON COLUMN public.my_project_markets__riskscore.score IS 'Risk score between zero and one.';
   SELECT msm.declare_model('public.my_project_markets__riskscore'::regclass, 'RiskScore', 'com.my_company.markets',
          'my_project_markets', upsert_keys => ARRAY['asset_uid'])" >/dev/null
out=$(q "SELECT (d->'meta_table_uids'->>'my_project_markets__riskscore') IS NOT NULL FROM msm.migrate_upgrade() d")
tap_is "$out" "t" "a reservation whose answer was lost is recovered (409, then lookup)"
tap_is "$(count_exact POST /api/v1/meta-tables/) $(standin_requests | python3 -c 'import sys,json; print(sum(1 for l in sys.stdin if json.loads(l)["path"] == "/api/v1/meta-tables/" and json.loads(l)["status"] == 409))')" \
    "2 1" "the retried reservation got 409"

# finalize-managed answers 409 when a table is missing: the run fails with physical_table_missing
q "CREATE TABLE public.my_project_markets__ghost (id int PRIMARY KEY);
   COMMENT ON TABLE public.my_project_markets__ghost IS 'A project table that is dropped before the migration runs.';
   COMMENT ON COLUMN public.my_project_markets__ghost.id IS 'Primary key of the ghost table rows.';
   SELECT msm.declare_model('public.my_project_markets__ghost'::regclass, 'Ghost', 'com.my_company.markets',
          'my_project_markets', upsert_keys => ARRAY['id']);
   DROP TABLE public.my_project_markets__ghost" >/dev/null
standin_reset
out=$(q "SELECT msm.migrate_upgrade()")
tap_ok "a declared table that does not exist: the migration fails before reserving it (no contract to send)" \
    bash -c 'grep -q "project tables to reserve do not exist" <<<"$1" && grep -q "my_project_markets__ghost" <<<"$1"' _ "$out"
tap_is "$(standin_requests | python3 -c 'import sys,json; print([json.loads(l)["status"] for l in sys.stdin if "finalize-managed" in l or json.loads(l)["path"] == "/api/v1/meta-tables/"])')" "[]" \
    "nothing was reserved or finalized"
q "SELECT msm.undeclare_model('public.my_project_markets__ghost'::regclass)" >/dev/null 2>&1 || \
    q "DELETE FROM msm.declared_model WHERE table_name = 'my_project_markets__ghost'" >/dev/null

# external_registered tables go through /meta-tables/register/
q "CREATE TABLE public.app_markets__appledger (uid uuid PRIMARY KEY, asset_uid uuid REFERENCES public.ms_markets__asset (uid));
   COMMENT ON TABLE public.app_markets__appledger IS 'Application ledger rows owned by the application itself.';
   COMMENT ON COLUMN public.app_markets__appledger.uid IS 'Primary key of the ledger row.';
   COMMENT ON COLUMN public.app_markets__appledger.asset_uid IS 'The asset the ledger row concerns.';
   SELECT msm.declare_model('public.app_markets__appledger'::regclass, 'AppLedger', 'com.app.markets',
          'app_markets', upsert_keys => ARRAY['uid'])" >/dev/null
standin_reset
out=$(q "SELECT jsonb_array_length(msm.register_external(ARRAY['AppLedger'], target_meta_tables => jsonb_build_object('Asset', '$uid_asset'))->'registered')")
tap_is "$out $(count_exact POST /api/v1/meta-tables/register/)" "1 1" "register_external posts one registration"
tap_is "$(standin_rows | standin_json '[r["management_mode"] + "/" + r["provisioning_status"] for r in d if r["physical_table_name"] == "app_markets__appledger"][0]')" \
    "external_registered/active" "TS Manager holds the external_registered row"

tap_done
