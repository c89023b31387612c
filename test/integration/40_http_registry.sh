#!/usr/bin/env bash
# TS Manager over HTTP (SPEC 9) against the stand-in: migration, attachment
# with exact filter bodies and call counts, the shared lookup cache and its
# single-flight, platform execution, project models, a second namespace.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../tsmanager/standin.sh"

tap_plan 29
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
tap_is "$out" "true 40 0001_markets_base" "migrate_upgrade registers and finalizes 40 MetaTables on TS Manager"
tap_is "$(standin_rows | standin_json 'sum(1 for r in d if r.get("provisioning_status") == "active")')" "40" \
    "TS Manager holds 40 active rows"
tap_is "$(standin_count POST /api/v1/meta-tables/finalize-managed/)" "1" "one finalize-managed call"
tap_is "$(standin_count POST /api/v1/time-index-meta-tables/filter/)" "1" "one time-index filter call for the models"
tap_is "$(count_exact POST /api/v1/meta-tables/) $(count_exact POST /api/v1/time-index-meta-tables/)" "2 1" \
    "reservations: the registry root, then one collection create per resource type"
tap_is "$(q "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'ms\_markets\_\_%'")" "40" \
    "the revision DDL is committed (TS Manager saw the tables)"
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
tap_is "$(q "SELECT jsonb_array_length(msm.start_engine()->'meta_tables')")" "39" "start_engine() attaches 39 models over HTTP"
tap_is "$(standin_count POST /api/v1/meta-tables/filter/) $(standin_count POST /api/v1/time-index-meta-tables/filter/)" "1 1" \
    "exactly 2 filter calls, one per resource type"
body=$(standin_requests | python3 -c 'import sys,json; print(json.dumps([json.loads(l)["body"] for l in sys.stdin if "/api/v1/meta-tables/filter/" in l][0], sort_keys=True))')
tap_is "$(echo "$body" | python3 -c 'import sys,json; b=json.load(sys.stdin); print(len(b["physical_table_name__in"]), b["management_mode"], b["limit"], b["offset"], sorted(b))')" \
    "31 platform_managed 5000 0 ['limit', 'management_mode', 'offset', 'physical_table_name__in']" \
    "meta-tables filter body: 31 names, management_mode, limit max(5000,n), offset 0"
body=$(standin_requests | python3 -c 'import sys,json; print(json.dumps([json.loads(l)["body"] for l in sys.stdin if "/api/v1/time-index-meta-tables/filter/" in l][0], sort_keys=True))')
tap_is "$(echo "$body" | python3 -c 'import sys,json; b=json.load(sys.stdin); print(len(b["physical_table_name__in"]), sorted(b))')" \
    "8 ['limit', 'offset', 'physical_table_name__in']" "time-index filter body: 8 names, no management_mode"
tap_is "$(standin_requests | python3 -c 'import sys,json; print(all(json.loads(l)["auth"]["valid"] for l in sys.stdin))')" "True" \
    "every call carried a valid bearer token"

standin_reset
tap_is "$(q "SELECT jsonb_array_length(msm.start_engine()->'meta_tables')")" "39" "a second session attaches"
tap_is "$(standin_count POST /api/v1/)" "0" "a second session within the TTL makes no call (shared cache)"
tap_is "$(q "SET msm.lookup_cache_ttl_s = 0; SELECT jsonb_array_length(msm.start_engine(models => ARRAY['Asset'])->'meta_tables')") $(standin_count POST /api/v1/meta-tables/filter/)" \
    "1 1" "msm.lookup_cache_ttl_s = 0 bypasses the cache"

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
tap_is "$(cat "$MSM_WORKDIR"/storm.* | sort | uniq -c | awk '{print $1, $2}')" "32 39" "32 concurrent cold sessions all attach"
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
tap_is "$out" "41" "a declared project table is registered on TS Manager by the next migration"
out=$(q "SELECT string_agg(x, ',') FROM jsonb_array_elements_text(msm.start_engine(models => ARRAY['MyAssetDetails'])->'meta_table_models') x")
tap_is "$out" "Asset,MyAssetDetails" "start_engine(models => ARRAY['MyAssetDetails']) attaches Asset first"
out=$(q "SELECT d->>'finalized_count' FROM msm.migrate_upgrade(namespace => 'mainsequence.examples') d")
tap_is "$out" "40" "a second deployment namespace registers its own 40 MetaTables"

tap_done
