#!/usr/bin/env bash
# start_engine is read-only: it attaches on a hot standby (streaming replica
# built with pg_basebackup) and in READ ONLY transactions, writes nothing,
# and emits the structured LOG events of doc/runtime.md, "Log events" (no secrets).
set -uo pipefail
. "$(dirname "$0")/../lib.sh"

tap_plan 17

# (ALTER SYSTEM + reload would make PostgreSQL itself log "parameter changed
# to"; per-database settings are not logged)
msm_psql -c "ALTER DATABASE postgres SET msm.access_token = 'tok-SECRET-never-logged'" >/dev/null
tap_ok "primary: extension and migration" msm_psql -c "CREATE EXTENSION msm" -c "SELECT msm.migrate_upgrade()"
before=$(msm_psql -c "SELECT sum(n_tup_ins + n_tup_upd + n_tup_del) FROM pg_stat_user_tables WHERE schemaname = 'msm'")

# events on the primary: attachment events at LOG, the cached reuse not
# (doc/runtime.md, "Log events")
out=$(msm_psql -c "SET msm.log_events = on" -c "SELECT jsonb_array_length(msm.start_engine(models => ARRAY['TradesTS'])->'meta_tables')" -c "SELECT msm.start_engine(models => ARRAY['TradesTS'])->>'cached'")
tap_is "$(echo "$out" | tr '\n' ' ')" "4 true " "primary: attach then cached attach in one session"
msm_wait_for 5 grep -q "LOG:  msm: runtime created" "$MSM_PGLOG"
for ev in "starting attachment" "resolved models" "resolving registered schemas" "resolved registered schemas" "runtime created"; do
    tap_ok "LOG event: $ev" grep -q "LOG:  msm: $ev" "$MSM_PGLOG"
done
tap_ok "the reuse of a cached runtime writes no LOG line" sh -c "! grep -q 'msm: reusing cached runtime' '$MSM_PGLOG'"
msm_psql -c "SET log_min_messages = debug1" -c "SELECT msm.start_engine(models => ARRAY['TradesTS'])" \
         -c "SELECT msm.start_engine(models => ARRAY['TradesTS'])" >/dev/null
tap_ok "it is a debug1 event" grep -q "DEBUG:  msm: reusing cached runtime" "$MSM_PGLOG"
n=$(grep -c "msm: starting attachment" "$MSM_PGLOG")
msm_psql -c "SET msm.event_level = debug2" -c "SELECT msm.start_engine(models => ARRAY['OrdersTS'])" >/dev/null
out=$(psql -X -q -A -t -c "SET msm.event_level = notice" -c "SELECT msm.start_engine(models => ARRAY['OrdersTS']) IS NOT NULL" 2>&1 >/dev/null | head -1)
tap_is "$out" "NOTICE:  msm: starting attachment" "msm.event_level = notice shows the events to the client"
tap_is "$(grep -c "msm: starting attachment" "$MSM_PGLOG")" "$n" "msm.event_level = debug2 (and notice) keep them out of the server log"
tap_ok "events carry a JSON detail with counts" \
    grep -q 'DETAIL:  {"meta_table":3,"time_index":1,"event":"resolving registered schemas"}' "$MSM_PGLOG"
tap_ok "the access token never reaches the server log" sh -c "! grep -q 'tok-SECRET' '$MSM_PGLOG'"
after=$(msm_psql -c "SELECT pg_stat_force_next_flush()" -c "SELECT sum(n_tup_ins + n_tup_upd + n_tup_del) FROM pg_stat_user_tables WHERE schemaname = 'msm'" | tail -1)
tap_is "$after" "$before" "start_engine wrote no row in the extension's tables"

# a hot standby
msm_make_replica standby
replica_streaming() {
    [ "$(psql -X -A -t -p "$MSM_REPLICA_PORT" -c 'SELECT status FROM pg_stat_wal_receiver' 2>/dev/null)" = streaming ]
}
msm_wait_for 30 replica_streaming || tap_diag "the replica is not streaming yet"
tap_is "$(psql -X -A -t -p "$MSM_REPLICA_PORT" -c 'SELECT pg_is_in_recovery()')" t "replica is in recovery"
out=$(psql -X -A -t -v ON_ERROR_STOP=1 -p "$MSM_REPLICA_PORT" -c "SELECT string_agg(x, ',') FROM jsonb_array_elements_text(msm.start_engine(models => ARRAY['Account', 'OrdersTS'])->'meta_table_models') x" 2>&1)
tap_is "$out" "Asset,AccountGroup,Account,OrderManager,OrdersTS" "start_engine attaches on a hot standby"
out=$(psql -X -A -t -v ON_ERROR_STOP=1 -p "$MSM_REPLICA_PORT" -c "SELECT jsonb_array_length(msm.start_engine()->'meta_tables')" 2>&1)
tap_is "$out" "55" "all 55 built-ins attach on the standby"
tap_done
