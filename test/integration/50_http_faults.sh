#!/usr/bin/env bash
# TS Manager faults (doc/tsmanager.md, "Failures and retries"): every fault
# gives a clear error or a successful retry, never a crash or a hang; cancel
# and timeout end a stalled call at once; TS Manager down; worker kill -9; no
# secret in logs or pg_settings.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../tsmanager/standin.sh"

tap_plan 38
standin_start --persist || { echo "Bail out! stand-in did not start"; exit 1; }
msm_psql -c "ALTER DATABASE postgres SET msm.endpoint = '$STANDIN_URL'" \
         -c "ALTER DATABASE postgres SET msm.access_token = '$STANDIN_TOKEN'" \
         -c "ALTER DATABASE postgres SET msm.log_events = off" \
         -c "ALTER DATABASE postgres SET msm.lookup_cache_ttl_s = 0" >/dev/null
msm_psql -c "CREATE EXTENSION msm" -c "SELECT msm.migrate_upgrade()" >/dev/null || { echo "Bail out! migration failed"; exit 1; }

FILTER=/api/v1/meta-tables/filter/
# attach Asset in a fresh session; prints the answer's model list or the error
attach() {
    msm_psql -c "SET msm.http_max_retries = ${RETRIES:-3}" \
             -c "SELECT string_agg(x, ',') FROM jsonb_array_elements_text(msm.start_engine(models => ARRAY['Asset']${EXTRA:-})->'meta_table_models') x" 2>&1
}
fault() { standin_reset; standin_fault "$1"; }
# filter_fault ACTION [TIMES]: a fresh stand-in whose next TIMES filter calls
# (default 1; -1: every one) get ACTION (a fault action, JSON)
filter_fault() { fault '[{"match": {"path_prefix": "'$FILTER'"}, "action": '"$1"', "times": '"${2:-1}"'}]'; }
# refused DESC ACTION TIMES GREP_ARGS...: with filter_fault ACTION TIMES, an
# attach fails with an error that `grep GREP_ARGS` finds; leaves the answer
# in $out and the number of filter calls in $n
refused() {
    local desc=$1 action=$2 times=$3; shift 3
    filter_fault "$action" "$times"
    out=$(attach); n=$(standin_count POST $FILTER)
    tap_ok "$desc" grep "$@" <<<"$out"
}
now_ms() { date +%s%3N; }

# --- retried faults -------------------------------------------------------
fault '[{"match": {"path_prefix": "'$FILTER'"}, "action": {"status": 429, "retry_after": 1}}]'
t0=$(now_ms); out=$(attach); t1=$(now_ms)
tap_is "$out" "Asset" "429 with Retry-After: retried, then attached"
tap_is "$(standin_count POST $FILTER)" "2" "429: one retry"
tap_ok "429: Retry-After honoured (waited $((t1 - t0)) ms)" test $((t1 - t0)) -ge 1000
fault '[{"match": {"path_prefix": "'$FILTER'"}, "action": {"status": 500}, "times": 2}]'
tap_is "$(attach) $(standin_count POST $FILTER)" "Asset 3" "500 twice: two retries with backoff, then attached"
fault '[{"match": {"path_prefix": "'$FILTER'"}, "action": {"status": 502, "shape": "error", "message": "bad gateway upstream"}},
        {"match": {"path_prefix": "'$FILTER'"}, "action": {"status": 504}}]'
tap_is "$(attach) $(standin_count POST $FILTER)" "Asset 3" "502 then 504: retried, then attached"
fault '[{"match": {"path_prefix": "'$FILTER'"}, "action": {"reset": true}}]'
tap_is "$(attach) $(standin_count POST $FILTER)" "Asset 2" "connection reset: retried, then attached"
fault '[{"match": {"path_prefix": "'$FILTER'"}, "action": {"truncate": true}}]'
tap_is "$(attach) $(standin_count POST $FILTER)" "Asset 2" "truncated body: retried, then attached"

# --- errors that end the call ----------------------------------------------
fault '[{"match": {"path_prefix": "'$FILTER'"}, "action": {"status": 503, "shape": "detail", "message": "maintenance window"}, "times": -1}]'
out=$(RETRIES=2 attach)
tap_ok "503 always: error with the platform's message after the retries" grep -q "TS Manager rejected the MetaTable lookup: maintenance window" <<<"$out"
tap_is "$(standin_count POST $FILTER)" "3" "503 always: msm.http_max_retries = 2 means 3 attempts"
for shape in detail error message non_field_errors errors; do
    fault '[{"match": {"path_prefix": "'$FILTER'"}, "action": {"status": 400, "shape": "'$shape'", "message": "bad filter '$shape'"}}]'
    out=$(attach); n=$(standin_count POST $FILTER)
    tap_ok "400 ($shape): message carried, no retry" bash -c 'grep -q "$1" <<<"$2" && [ "$3" = 1 ]' _ "bad filter $shape" "$out" "$n"
done
refused "403 with a text body: the raw text is the message" \
    '{"status": 403, "shape": "text", "message": "forbidden plain text"}' 1 -q "forbidden plain text"
refused "malformed JSON: clear error" '{"malformed": true}' -1 -q "malformed JSON"
refused "oversized body: refused with a clear error" '{"oversize_mb": 40}' -1 -qi "too large"
tap_is "$n" "1" "oversized body: not retried"
refused "duplicate rows: multiple registered rows" '{"duplicate_rows": true}' 1 \
    -q 'multiple registered rows for physical table "ms_markets__asset"'
refused "unexpected rows: unexpected physical_table_name" '{"unexpected_rows": "ms_markets__nope"}' 1 \
    -q 'unexpected physical_table_name "ms_markets__nope"'
filter_fault '{"missing_rows": true}'
out=$(attach)
tap_ok "missing rows: every missing table listed, with the migrate_upgrade hint" \
    bash -c 'grep -q "ms_markets__asset (model Asset)" <<<"$1" && grep -q "msm.migrate_upgrade()" <<<"$1"' _ "$out"
refused "redirect: not followed, clear error" \
    '{"redirect": "http://other-host.invalid/api/v1/meta-tables/filter/"}' 1 -q "redirect"
filter_fault '{"status": 401}'
out=$(attach); n=$(standin_count POST $FILTER)
tap_ok "401 with a static token: clear error, no retry" bash -c 'grep -q "msm.access_token" <<<"$1" && [ "$2" = 1 ]' _ "$out" "$n"

# --- platform execution: an operation is re-sent only when surely not run ----
EXEC=/api/v1/meta-tables/execute-operation/
plat() {
    msm_psql -c "SET msm.execution = platform" -c "SELECT msm.start_engine(models => ARRAY['Asset']) IS NOT NULL" \
             -c "SELECT asset_type FROM msm.upsert_asset('fault-asset', 'Crypto')" 2>&1 | tail -1
}
fault '[{"match": {"path_prefix": "'$EXEC'"}, "action": {"status": 500, "after": true}}]'
out=$(plat)
tap_ok "platform execution: an ambiguous 500 is not re-sent (no double apply)" \
    bash -c 'grep -q "HTTP 500 after 1 attempt" <<<"$1" && [ "$2" = 1 ]' _ "$out" "$(standin_count POST $EXEC)"
fault '[{"match": {"path_prefix": "'$EXEC'"}, "action": {"status": 503}}]'
tap_is "$(plat) $(standin_count POST $EXEC)" "crypto 2" "platform execution: 503 (not run) is re-sent and succeeds"

# --- runtime credentials: exchanged, renewed on 401 ------------------------
standin_reset
out=$(msm_psql -c "SET msm.access_token = ''" -c "SET msm.runtime_credential_id = '$STANDIN_CREDENTIAL_ID'" \
               -c "SET msm.runtime_credential_secret = '$STANDIN_CREDENTIAL_SECRET'" \
               -c "SELECT jsonb_array_length(msm.start_engine(models => ARRAY['Asset'])->'meta_tables')" 2>&1)
tap_is "$out $(standin_count POST /api/v1/runtime-credentials/token/)" "1 1" "runtime credentials are exchanged for a token"
fault '[{"match": {"path_prefix": "'$FILTER'"}, "action": {"expire_token": true}}]'
out=$(msm_psql -c "SET msm.access_token = ''" -c "SET msm.runtime_credential_id = '$STANDIN_CREDENTIAL_ID'" \
               -c "SET msm.runtime_credential_secret = '$STANDIN_CREDENTIAL_SECRET'" \
               -c "SELECT msm.start_engine(models => ARRAY['Asset']) IS NOT NULL" \
               -c "SELECT msm.stop_engine()" \
               -c "SELECT jsonb_array_length(msm.start_engine(models => ARRAY['Asset'])->'meta_tables')" 2>&1 | tail -1)
tap_is "$out" "1" "expired token: renewed once and retried once"
tap_is "$(standin_count POST /api/v1/runtime-credentials/token/)" "2" "expired token: one renewal"

# --- stalls: cancel and timeout_ms end the wait at once --------------------
fault '[{"match": {"path_prefix": "'$FILTER'"}, "action": {"stall": true}, "times": -1}]'
msm_psql -c "SET application_name = 'stalled'" -c "SET msm.http_timeout_ms = 60000" \
         -c "SELECT msm.start_engine(models => ARRAY['Asset'])" > "$MSM_WORKDIR/stalled.out" 2>&1 &
spid=$!
filter_called() { [ "$(standin_count POST $FILTER)" -ge 1 ]; }
msm_wait_for 5 filter_called
sleep 0.2
t0=$(now_ms)
msm_psql -c "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = 'stalled'" >/dev/null
wait "$spid"; t1=$(now_ms)
tap_ok "pg_cancel_backend ends a stalled call at once ($((t1 - t0)) ms; the stall never ends)" test $((t1 - t0)) -lt 3000
tap_ok "the cancelled call reports the cancel" grep -q "canceling statement due to user request" "$MSM_WORKDIR/stalled.out"
t0=$(now_ms); out=$(EXTRA=", timeout_ms => 700" attach); t1=$(now_ms)
tap_ok "timeout_ms bounds a stalled call (took $((t1 - t0)) ms for 700 ms)" test $((t1 - t0)) -lt 4000
tap_ok "timeout_ms: clear timeout error" grep -q "timed out" <<<"$out"

# --- TS Manager down ---------------------------------------------------------
standin_stop
t0=$(now_ms); out=$(RETRIES=1 attach); t1=$(now_ms)
tap_ok "TS Manager down: clear error" grep -q "could not reach TS Manager" <<<"$out"
tap_ok "TS Manager down: no hang ($((t1 - t0)) ms)" test $((t1 - t0)) -lt 10000
standin_restart || { echo "Bail out! stand-in restart failed"; exit 1; }
msm_psql -c "ALTER DATABASE postgres SET msm.endpoint = '$STANDIN_URL'" >/dev/null

# --- worker kill -9 --------------------------------------------------------------
wpid=$(msm_psql -c "SELECT pid FROM pg_stat_activity WHERE backend_type = 'msm http worker'")
tap_ok "the http worker runs (pid $wpid)" test -n "$wpid"
kill -9 "$wpid" 2>/dev/null
attached() { out=$(attach 2>&1); [ "$out" = "Asset" ]; }
ok=
msm_wait_for 60 attached && ok=1
tap_ok "after kill -9 of the worker, the server comes back and a call succeeds" test -n "$ok" || tap_diag "last answer: $out"

# --- secrets ---------------------------------------------------------------------
msm_psql -c "CREATE ROLE plain_user LOGIN" >/dev/null
out=$(psql -X -A -t -U plain_user -c "SELECT count(*) FROM pg_settings WHERE name LIKE 'msm.%' AND (setting LIKE '%$STANDIN_TOKEN%' OR name IN ('msm.access_token', 'msm.runtime_credential_secret'))" 2>&1)
tap_is "$out" "0" "pg_settings shows no token to a non-superuser"
tap_ok "the token never reaches the server log" sh -c "! grep -q -- '$STANDIN_TOKEN' '$MSM_PGLOG'"

tap_done
