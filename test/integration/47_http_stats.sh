#!/usr/bin/env bash
# Statistics of TS Manager mode (doc/tsmanager.md, "Statistics") against the
# stand-in: msm.http_stats, msm.http_worker_stats and msm.lookup_cache_stats
# move as requests are made (a miss then a hit, single-flight joins, a retry
# after an injected 503, an error status, timeouts, a cancelled request, a
# worker restart), msm.http_stats_reset() zeroes them, msm.lookup_cache_flush()
# empties the cache, a token echoed by TS Manager shows nowhere, and only
# superusers reset or flush.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../tsmanager/standin.sh"

tap_plan 49
SECRET=tok-SECRET-stats-6f1d2c
standin_start --token "$SECRET" || { echo "Bail out! stand-in did not start"; exit 1; }
# a bug must fail the test, not hang it
export PGOPTIONS="-c statement_timeout=60s"

msm_psql -c "ALTER DATABASE postgres SET msm.endpoint = '$STANDIN_URL'" \
         -c "ALTER DATABASE postgres SET msm.access_token = '$SECRET'" \
         -c "ALTER DATABASE postgres SET msm.log_events = off" >/dev/null
q() { msm_psql -c "$1" 2>&1; }
# one column of msm.http_stats for an endpoint
ep() { q "SELECT $2 FROM msm.http_stats WHERE endpoint = '$1'"; }
cache() { q "SELECT $1 FROM msm.lookup_cache_stats"; }
reset_all() { q "SELECT msm.http_stats_reset() IS NOT NULL" >/dev/null; standin_reset; standin_fault '[]'; }
flt=/api/v1/meta-tables/filter/
# requests logged for exactly this method and path
count_exact() {
    standin_requests | python3 -c 'import sys,json; print(sum(1 for l in sys.stdin if json.loads(l)["method"] == sys.argv[1] and json.loads(l)["path"].split("?")[0] == sys.argv[2]))' "$1" "$2"
}

q "CREATE EXTENSION msm" >/dev/null
tap_is "$(q "SELECT string_agg(endpoint, ',' ORDER BY endpoint) FROM msm.http_stats")" \
    "execute,finalize,meta_tables_filter,other,register,reserve,time_index_filter,token" \
    "msm.http_stats has one row per endpoint"
tap_is "$(q "SELECT worker_pid IS NOT NULL AND worker_starts >= 1 AND slots_max = 64 FROM msm.http_worker_stats")" "t" \
    "msm.http_worker_stats: the worker runs, has started, 64 slots"

# --- a migration moves the counters of several endpoints ----------------------
q "SELECT msm.http_stats_reset()" >/dev/null
tap_is "$(q "SELECT (msm.migrate_upgrade())->>'ok'")" "true" "migrate_upgrade through TS Manager"
tap_is "$(ep reserve requests) $(ep finalize requests) $(ep time_index_filter requests)" \
    "$(($(count_exact POST /api/v1/meta-tables/) + $(count_exact POST /api/v1/time-index-meta-tables/))) $(count_exact POST /api/v1/meta-tables/finalize-managed/) $(count_exact POST /api/v1/time-index-meta-tables/filter/)" \
    "reservations, finalizations and lookups counted as the stand-in saw them"
tap_is "$(ep finalize "status_2xx = requests AND errors = 0 AND bytes_sent > 0 AND bytes_received > 0")" "t" \
    "finalize: every attempt 2xx, bytes both ways"
tap_ok "invalidations counted (each reservation and finalization empties the cache)" \
    test "$(cache invalidations)" -ge 2

# --- reset zeroes -------------------------------------------------------------
before=$(q "SELECT stats_reset FROM msm.lookup_cache_stats")
reset_all
tap_is "$(q "SELECT sum(requests + retries + errors + bytes_sent + bytes_received)::bigint, bool_and(last_error IS NULL), bool_and(status_codes = '{}'), max(max_time_ms) FROM msm.http_stats")" \
    "0|t|t|0" "msm.http_stats_reset() zeroes every endpoint"
tap_is "$(q "SELECT hits + misses + single_flight_joins + bypassed + fetch_failures + invalidations, stats_reset > '$before' FROM msm.lookup_cache_stats")" \
    "0|t" "and the lookup cache counters, with a new stats_reset"

# --- a miss, then a hit -------------------------------------------------------
q "SELECT msm.lookup_cache_flush()" >/dev/null
reset_all
tap_is "$(q "SELECT jsonb_array_length(msm.start_engine(models => ARRAY['Asset'])->'meta_tables')")" "1" "a session attaches Asset"
n=$(standin_count POST $flt)
tap_is "$(cache misses) $(cache hits) $(ep meta_tables_filter requests)" "1 0 $n" \
    "a cold lookup: one miss, the requests the stand-in saw ($n)"
tap_is "$(ep meta_tables_filter "status_2xx = requests AND status_codes->>'200' = requests::text AND errors = 0")" "t" \
    "status 200 counted by class and by code"
tap_is "$(ep meta_tables_filter "bytes_sent > 0 AND bytes_received > 0 AND mean_time_ms > 0 AND max_time_ms >= mean_time_ms AND total_time_ms >= max_time_ms")" "t" \
    "bytes and latency (total, mean, max)"
tap_is "$(ep meta_tables_filter "(SELECT sum(v::bigint) FROM jsonb_each_text(latency_buckets) AS b(k, v)) = requests")" "t" \
    "every request falls in one latency bucket"
tap_is "$(cache "entries >= 1 AND entries_max = 64 AND ttl_s = 60")" "t" "the answer is a cache entry"
tap_is "$(q "SELECT jsonb_array_length(msm.start_engine(models => ARRAY['Asset'])->'meta_tables')")" "1" "a second session attaches"
tap_is "$(cache hits) $(cache misses) $(standin_count POST $flt) $(ep meta_tables_filter requests)" "1 1 $n $n" \
    "the second session: a hit, no request"

# --- flush --------------------------------------------------------------------
entries=$(cache entries)
tap_is "$(q "SELECT msm.lookup_cache_flush()")" "$entries" "msm.lookup_cache_flush() returns the entries it dropped ($entries)"
tap_is "$(cache entries)" "0" "the cache is empty"
q "SELECT msm.start_engine(models => ARRAY['Asset']) IS NOT NULL" >/dev/null
tap_is "$(standin_count POST $flt) $(cache misses)" "$((n + 1)) 2" "the next start_engine asks TS Manager again"
tap_is "$(q "SELECT msm.lookup_cache_flush(), msm.lookup_cache_flush()")" "1|0" "a second flush finds nothing"

# --- single-flight: many concurrent cold sessions ----------------------------
reset_all
standin_fault '{"match": {"path_prefix": "'$flt'"}, "action": {"delay_ms": 600}, "times": -1}'
pids=()
for i in $(seq 1 12); do
    (q "SELECT jsonb_array_length(msm.start_engine(models => ARRAY['Asset'])->'meta_tables')" > "$MSM_WORKDIR/sf.$i" 2>&1) &
    pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
standin_fault '[]'
tap_is "$(cat "$MSM_WORKDIR"/sf.* | sort | uniq -c | awk '{print $1, $2}')" "12 1" "12 concurrent cold sessions attach"
r=$(standin_count POST $flt)
tap_is "$(cache misses) $(ep meta_tables_filter requests)" "$r $r" "one miss per request the stand-in saw ($r)"
tap_ok "single-flight joins counted ($(cache single_flight_joins))" test "$(cache single_flight_joins)" -ge 1
tap_is "$(cache "hits + misses")" "12" "each session's lookup is a hit or a miss"

# --- a retry after an injected 503 whose body echoes the token ------------------
q "SELECT msm.lookup_cache_flush()" >/dev/null
reset_all
standin_fault '{"match": {"path_prefix": "'$flt'"}, "action": {"status": 503, "message": "overloaded, token '$SECRET'"}, "times": 1}'
tap_is "$(q "SELECT jsonb_array_length(msm.start_engine(models => ARRAY['Asset'])->'meta_tables')")" "1" \
    "start_engine succeeds after one 503"
tap_is "$(ep meta_tables_filter "requests || ' ' || retries || ' ' || status_5xx || ' ' || (status_codes->>'503') || ' ' || errors")" \
    "2 1 1 1 1" "two attempts, one retry, one 503, one error"
tap_is "$(ep meta_tables_filter "last_error || ' ' || (last_error_at > now() - interval '1 minute')")" "HTTP 503 true" \
    "the last error is msm's classification, with its time"

# --- an error status (no retry) -------------------------------------------------
q "SELECT msm.lookup_cache_flush()" >/dev/null
standin_fault '{"match": {"path_prefix": "'$flt'"}, "action": {"status": 400, "message": "bad filter for '$SECRET'"}, "times": 1}'
out=$(q "SELECT msm.start_engine(models => ARRAY['Asset'])")
tap_ok "start_engine fails on a 400" grep -q "TS Manager rejected" <<<"$out"
tap_is "$(ep meta_tables_filter "status_4xx || ' ' || (status_codes->>'400') || ' ' || last_error")" "1 1 HTTP 400" \
    "the 400 counted; the last error is HTTP 400"
tap_is "$(cache fetch_failures)" "1" "the failed lookup counts as a fetch failure"

# --- timeouts: the transfer's and the call's --------------------------------------
q "SELECT msm.lookup_cache_flush()" >/dev/null
reset_all
standin_fault '{"match": {"path_prefix": "'$flt'"}, "action": {"stall": true}, "times": -1}'
out=$(msm_psql -c "SET msm.http_max_retries = 0" -c "SET msm.http_timeout_ms = 300" \
               -c "SELECT msm.start_engine(models => ARRAY['Asset'])" 2>&1)
tap_ok "a stalled lookup fails after the transfer timeout" grep -q "could not reach TS Manager" <<<"$out"
tap_is "$(ep meta_tables_filter "timeouts || ' ' || transport_errors || ' ' || errors || ' ' || last_error")" \
    "1 0 1 transfer timed out (curl error 28)" "a transfer timeout counts as a timeout"
q "SELECT msm.lookup_cache_flush()" >/dev/null
out=$(q "SELECT msm.start_engine(models => ARRAY['Asset'], timeout_ms => 400)")
tap_ok "start_engine(timeout_ms => 400) times out" grep -q "timed out" <<<"$out"
tap_is "$(ep meta_tables_filter "timeouts || ' ' || last_error")" "2 no answer within the time limit of the call" \
    "the call's time limit counts as a timeout too"

# --- slots in use, and a cancelled request ---------------------------------------
q "SELECT msm.lookup_cache_flush()" >/dev/null
(PGAPPNAME=stats_waiter msm_psql -c "SET msm.http_timeout_ms = 60000" \
     -c "SELECT msm.start_engine(models => ARRAY['Asset'])" > "$MSM_WORKDIR/waiter.out" 2>&1) &
wpid=$!
tap_ok "a stalled request holds a running slot" \
    msm_wait_for 20 sh -c "[ \"\$(psql -X -A -t -c 'SELECT slots_in_use >= 1 AND slots_running >= 1 FROM msm.http_worker_stats')\" = t ]"
q "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = 'stats_waiter'" >/dev/null
wait "$wpid"
tap_ok "the waiting session was cancelled" grep -q "canceling statement due to user request" "$MSM_WORKDIR/waiter.out"
standin_fault '[]'
tap_is "$(ep meta_tables_filter "cancelled")" "1" "the abandoned request counts as cancelled"
tap_ok "the slot is freed" \
    msm_wait_for 20 sh -c "[ \"\$(psql -X -A -t -c 'SELECT slots_in_use FROM msm.http_worker_stats')\" = 0 ]"

# --- the worker restarts: counted, counters kept ----------------------------------
before=$(q "SELECT sum(requests) FROM msm.http_stats")
restarts=$(q "SELECT worker_restarts FROM msm.http_worker_stats")
old=$(q "SELECT worker_pid FROM msm.http_worker_stats")
q "SELECT pg_terminate_backend($old)" >/dev/null
tap_ok "a new worker starts" \
    msm_wait_for 20 sh -c "p=\$(psql -X -A -t -c 'SELECT worker_pid FROM msm.http_worker_stats'); [ -n \"\$p\" ] && [ \"\$p\" != $old ]"
tap_is "$(q "SELECT worker_restarts - $restarts FROM msm.http_worker_stats") $(q "SELECT sum(requests) FROM msm.http_stats")" \
    "1 $before" "the restart is counted; the request counters survive it"

# --- nothing secret -----------------------------------------------------------------
tap_is "$(q "SELECT count(*) FROM msm.http_stats s WHERE s::text LIKE '%$SECRET%'")$(q "SELECT count(*) FROM msm.http_worker_stats s WHERE s::text LIKE '%$SECRET%'")$(q "SELECT count(*) FROM msm.lookup_cache_stats s WHERE s::text LIKE '%$SECRET%'")" \
    "000" "the token TS Manager echoed appears in no statistics view"
tap_ok "the echoed 503 body (retried) never reaches the server log" \
    sh -c "! grep -q 'overloaded, token' '$MSM_PGLOG'"
tap_ok "the token is nowhere in the server log (TS Manager's messages are redacted)" \
    sh -c "! grep -q '$SECRET' '$MSM_PGLOG'"

# --- privileges -----------------------------------------------------------------------
q "CREATE ROLE stats_nobody LOGIN; CREATE ROLE stats_reader LOGIN IN ROLE pg_read_all_stats" >/dev/null
as() { psql -X -q -A -t -U "$1" -c "$2" 2>&1; }
tap_ok "a plain role cannot read msm.http_stats" grep -q "permission denied" <<<"$(as stats_nobody "SELECT count(*) FROM msm.http_stats")"
tap_ok "a plain role cannot reset" grep -q "permission denied for function http_stats_reset" <<<"$(as stats_nobody "SELECT msm.http_stats_reset()")"
tap_ok "a plain role cannot flush" grep -q "permission denied for function lookup_cache_flush" <<<"$(as stats_nobody "SELECT msm.lookup_cache_flush()")"
tap_is "$(as stats_reader "SELECT count(*) FROM msm.http_stats")|$(as stats_reader "SELECT count(*) FROM msm.http_worker_stats")|$(as stats_reader "SELECT count(*) FROM msm.lookup_cache_stats")" \
    "8|1|1" "a pg_read_all_stats member reads the three views"
tap_ok "but cannot reset" grep -q "permission denied" <<<"$(as stats_reader "SELECT msm.http_stats_reset()")"
tap_ok "nor flush" grep -q "permission denied" <<<"$(as stats_reader "SELECT msm.lookup_cache_flush()")"

tap_done
