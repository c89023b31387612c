#!/usr/bin/env bash
# HTTP mode transport (doc/tsmanager.md, "HTTP worker"): the msm http worker
# (src/http_worker.c) and the backend API (src/http_client.c), driven through
# msm._http_probe
# against a tiny stdlib HTTP server (lib/echo_server.py): round trips,
# keep-alive reuse, cancel and timeouts, Retry-After, size cap, protocols,
# redirects, worker crash / SIGTERM / restart, concurrency, hot standby,
# and the error without shared_preload_libraries.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)

tap_plan 49

SRV_DIR=$(mktemp -d)
chmod 755 "$SRV_DIR"
python3 "$HERE/lib/echo_server.py" "$SRV_DIR/port" "$SRV_DIR/requests.log" &
SRV_PID=$!
trap 'kill "$SRV_PID" 2>/dev/null; rm -rf "$SRV_DIR"' EXIT
for _ in $(seq 200); do [ -s "$SRV_DIR/port" ] && break; sleep 0.05; done
PORT=$(cat "$SRV_DIR/port" 2>/dev/null)
BASE="http://127.0.0.1:$PORT"
# a bug must fail the test, not hang it
export PGOPTIONS="-c statement_timeout=30s"

now_ms() { date +%s%3N; }
q() { msm_psql -c "$@" 2>&1; }
worker_pid() { msm_psql -c "SELECT pid FROM pg_stat_activity WHERE backend_type = 'msm http worker'" 2>/dev/null; }
# wait_worker [OLD_PID]: print the pid of a running worker other than OLD_PID
wait_worker() {
    local p
    for _ in $(seq 150); do
        p=$(worker_pid)
        if [ -n "$p" ] && [ "$p" != "${1:-}" ]; then echo "$p"; return 0; fi
        sleep 0.1
    done
    return 1
}
# wait_waiting APP: until the session APP waits for the worker
wait_waiting() {
    for _ in $(seq 200); do
        [ "$(msm_psql -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = '$1' AND wait_event_type = 'Extension'" 2>/dev/null)" = 1 ] && return 0
        sleep 0.05
    done
    return 1
}
echo_count() { grep -c '"path": "/echo"' "$SRV_DIR/requests.log" 2>/dev/null || true; }

tap_ok "echo server listens on 127.0.0.1" test -n "$PORT"
tap_ok "CREATE EXTENSION msm" msm_psql -c "CREATE EXTENSION msm"
W1=$(wait_worker)
tap_ok "msm http worker runs (pg_stat_activity backend_type)" test -n "$W1"
tap_is "$(q "SELECT datid IS NULL FROM pg_stat_activity WHERE backend_type = 'msm http worker'")" t \
    "the worker is connected to no database"

# --- round trips -------------------------------------------------------------
tap_is "$(q "SELECT status, body::jsonb->>'method', body::jsonb->>'accept', transport_error, error IS NULL FROM msm._http_probe('GET', '$BASE/echo')")" \
    "200|GET|application/json|f|t" "GET round trip: status, body, Accept header"
tap_is "$(q "SELECT status, body::jsonb->>'method', body::jsonb->>'body', body::jsonb->>'content_type' FROM msm._http_probe('POST', '$BASE/echo', '{\"a\": [1, \"é\"]}')")" \
    '200|POST|{"a": [1, "é"]}|application/json' "POST round trip: request body and Content-Type"
tap_is "$(q "SELECT string_agg(p.body::jsonb->>'method' || ':' || (p.body::jsonb->>'body'), ',' ORDER BY o) FROM unnest(ARRAY['put', 'PATCH', 'DELETE']) WITH ORDINALITY m(m, o), msm._http_probe(m, '$BASE/echo', 'x') p")" \
    "PUT:x,PATCH:x,DELETE:x" "PUT, PATCH and DELETE carry their method and body"
tap_is "$(q "SELECT status, transport_error, body FROM msm._http_probe('GET', '$BASE/status/418')")" \
    '418|f|{"status": 418}' "a non-2xx status is an HTTP answer, not a transport error"
tap_is "$(q "SELECT length(body) FROM msm._http_probe('GET', '$BASE/big/1000000')")" 1000000 \
    "a 1 MB response arrives whole"
tap_is "$(q "SELECT status FROM msm._http_probe('GET', 'http://localhost:$PORT/echo')")" 200 \
    "a host name is resolved (libcurl's resolver thread)"

# --- keep-alive ----------------------------------------------------------------
p1=$(q "SELECT body::jsonb->>'client_port' FROM msm._http_probe('GET', '$BASE/echo')")
p2=$(q "SELECT body::jsonb->>'client_port' FROM msm._http_probe('GET', '$BASE/echo')")
p3=$(q "SELECT body::jsonb->>'client_port' FROM msm._http_probe('POST', '$BASE/echo', '{}')")
tap_is "$p2 $p3" "$p1 $p1" "keep-alive: consecutive requests of different sessions reuse one connection"

# --- Retry-After -----------------------------------------------------------------
tap_is "$(q "SELECT status, retry_after, transport_error FROM msm._http_probe('GET', '$BASE/retry-after/7')")" \
    "429|7|f" "Retry-After in seconds is parsed"
tap_is "$(q "SELECT status, retry_after BETWEEN 25 AND 31 FROM msm._http_probe('GET', '$BASE/retry-after-date/30')")" \
    "503|t" "Retry-After as an HTTP date becomes seconds from now"
tap_is "$(q "SELECT retry_after IS NULL FROM msm._http_probe('GET', '$BASE/echo')")" t \
    "no Retry-After header: NULL"

# --- bearer token ------------------------------------------------------------------
tap_is "$(q "SET msm.endpoint = '$BASE'" -c "SET msm.access_token = 'tok-SECRET-http-worker'" -c "SELECT body::jsonb->>'authorization' FROM msm._http_probe('GET', '$BASE/echo')")" \
    "Bearer tok-SECRET-http-worker" "the bearer token is sent to msm.endpoint"
tap_is "$(q "SET msm.endpoint = '$BASE/api'" -c "SET msm.access_token = 'tok-SECRET-http-worker'" -c "SELECT coalesce(body::jsonb->>'authorization', 'none') FROM msm._http_probe('GET', '$BASE/echo')")" \
    "none" "the probe sends no token outside msm.endpoint"

# --- size cap ------------------------------------------------------------------------
tap_is "$(q "SELECT status, transport_error, body IS NULL, error FROM msm._http_probe('GET', '$BASE/big/40000000')")" \
    "0|t|t|response too large: more than 33554432 bytes" "a response over 32 MB (Content-Length) is refused"
tap_is "$(q "SELECT status, transport_error, error FROM msm._http_probe('GET', '$BASE/big-chunked/40000000')")" \
    "0|t|response too large: more than 33554432 bytes" "a response over 32 MB (chunked) is refused"

# --- protocols and redirects -----------------------------------------------------------
out=$(q "SELECT * FROM msm._http_probe('GET', 'file:///etc/passwd')")
tap_ok "file:// is refused" grep -q "msm HTTP requests must use http or https" <<<"$out"
out=$(q "SELECT * FROM msm._http_probe('GET', 'ftp://127.0.0.1:$PORT/')")
tap_ok "ftp:// is refused" grep -q "msm HTTP requests must use http or https" <<<"$out"
before=$(echo_count)
tap_is "$(q "SELECT status, body::jsonb->>'redirect' FROM msm._http_probe('GET', '$BASE/redirect')")" \
    "302|true" "a cross-host redirect is returned as is"
tap_is "$(q "SELECT status, body::jsonb->>'redirect' FROM msm._http_probe('GET', '$BASE/redirect-same')")" \
    "302|true" "a same-host redirect is returned as is"
tap_is "$(echo_count)" "$before" "no redirect was followed (the server saw no /echo request)"

# --- transport errors and timeouts ----------------------------------------------------
dead=$(msm_free_port)
tap_ok "connection refused is a transport error" \
    grep -q "^0|t|Couldn't connect to server" <<<"$(q "SELECT status, transport_error, error FROM msm._http_probe('GET', 'http://127.0.0.1:$dead/')")"
tap_ok "msm.http_timeout_ms bounds the transfer (transport error)" \
    grep -q "^0|t|Timeout was reached" <<<"$(q "SET msm.http_timeout_ms = 400" -c "SELECT status, transport_error, error FROM msm._http_probe('GET', '$BASE/stall/30', NULL, 5000)")"
t0=$(now_ms)
out=$(q "SELECT * FROM msm._http_probe('GET', '$BASE/stall/30', NULL, 300)")
el=$(( $(now_ms) - t0 ))
tap_ok "the wait timeout raises an error" grep -q "ERROR:  TS Manager request timed out after 300 ms" <<<"$out"
tap_ok "the wait timeout fires on time (${el} ms, the stall is 30 s)" test "$el" -lt 3000

# --- cancel ------------------------------------------------------------------------------
( PGAPPNAME=stall_cancel q "SELECT * FROM msm._http_probe('GET', '$BASE/stall/30', NULL, 60000)" >"$SRV_DIR/cancel.out" ) &
bg=$!
wait_waiting stall_cancel
t0=$(now_ms)
msm_psql -c "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = 'stall_cancel'" >/dev/null
wait "$bg"
el=$(( $(now_ms) - t0 ))
tap_ok "pg_cancel_backend ends the wait with the usual error" \
    grep -q "canceling statement due to user request" "$SRV_DIR/cancel.out"
tap_ok "pg_cancel_backend ends the wait at once (${el} ms, the stall is 30 s)" test "$el" -lt 3000

# 70 abandoned requests (> 64 slots), then 70 answered ones: nothing leaks
out=$(q "DO \$\$DECLARE n int := 0; BEGIN FOR i IN 1..70 LOOP BEGIN PERFORM * FROM msm._http_probe('GET', '$BASE/stall/2', NULL, 30); EXCEPTION WHEN query_canceled THEN n := n + 1; END; END LOOP; RAISE NOTICE 'timeouts=%', n; END\$\$")
tap_ok "70 requests abandoned by their wait timeout" grep -q "timeouts=70" <<<"$out"
tap_is "$(q "SET statement_timeout = '10s'" -c "SELECT count(*) FROM generate_series(1, 70) g, LATERAL msm._http_probe('GET', '$BASE/echo', NULL, 5000) p WHERE p.status = 200")" \
    70 "abandoned slots are reclaimed: 70 more requests succeed"

# 66 sessions waiting (64 slots taken, 2 waiting for one), all terminated
# (FATAL: before_shmem_exit abandons the slots), then 70 answered requests.
# The stall outlasts the test, so only reclaimed slots can serve the 70; the
# waits allow for a loaded machine (66 backends may take seconds to start).
pids=()
for i in $(seq 66); do
    ( PGAPPNAME=stall_fatal q "SELECT * FROM msm._http_probe('GET', '$BASE/stall/60', NULL, 120000)" >/dev/null ) &
    pids+=($!)
done
n=0
for _ in $(seq 1200); do
    n=$(msm_psql -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'stall_fatal' AND wait_event_type = 'Extension'")
    [ "$n" = 66 ] && break
    sleep 0.05
done
tap_is "$n" 66 "66 sessions wait for the worker"
msm_psql -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'stall_fatal'" >/dev/null
wait "${pids[@]}"
for _ in $(seq 600); do
    [ "$(msm_psql -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'stall_fatal'")" = 0 ] && break
    sleep 0.05
done
tap_is "$(q "SET statement_timeout = '10s'" -c "SELECT count(*) FROM generate_series(1, 70) g, LATERAL msm._http_probe('GET', '$BASE/echo', NULL, 5000) p WHERE p.status = 200")" \
    70 "slots of terminated sessions are reclaimed: 70 more requests succeed"

# --- concurrency ----------------------------------------------------------------------------
t0=$(now_ms)
pids=()
for i in $(seq 20); do
    ( q "SELECT status FROM msm._http_probe('GET', '$BASE/delay/500')" >"$SRV_DIR/conc.$i" ) &
    pids+=($!)
done
wait "${pids[@]}"
el=$(( $(now_ms) - t0 ))
tap_is "$(cat "$SRV_DIR"/conc.* | grep -cx 200)" 20 "20 concurrent calls all complete" ||
    tap_diag "$(grep -vx 200 "$SRV_DIR"/conc.*)"
tap_ok "20 concurrent 500 ms calls run in parallel (${el} ms; one after another: 10 s)" test "$el" -lt 7000

# --- worker SIGTERM: pending request fails, worker restarts -----------------------------
( PGAPPNAME=stall_term q "SELECT status, transport_error, error FROM msm._http_probe('GET', '$BASE/stall/30', NULL, 20000)" >"$SRV_DIR/term.out" ) &
bg=$!
wait_waiting stall_term
W1=$(worker_pid)
t0=$(now_ms)
msm_psql -c "SELECT pg_terminate_backend($W1)" >/dev/null
wait "$bg"
el=$(( $(now_ms) - t0 ))
tap_is "$(cat "$SRV_DIR/term.out")" "0|t|msm http worker exited" \
    "worker SIGTERM: the pending request gets a transport error"
tap_ok "worker SIGTERM: no hang (${el} ms, the stall is 30 s)" test "$el" -lt 4000
W2=$(wait_worker "$W1")
tap_ok "the worker restarts after SIGTERM (pid $W1 -> ${W2:-none})" test -n "$W2"
tap_is "$(q "SELECT status FROM msm._http_probe('GET', '$BASE/echo')")" 200 "requests work after the restart"

# --- worker SIGKILL: crash restart of the server, then it works again ------------------
kill -9 "$W2"
ok=
for _ in $(seq 300); do
    if [ "$(msm_psql -c 'SELECT 1' 2>/dev/null)" = 1 ]; then ok=1; break; fi
    sleep 0.1
done
tap_ok "the server comes back after kill -9 of the worker" test -n "$ok"
W3=$(wait_worker "$W2")
tap_ok "a new worker runs after the crash restart" test -n "$W3"
tap_is "$(q "SELECT status, body::jsonb->>'method' FROM msm._http_probe('GET', '$BASE/echo', NULL, 10000)")" "200|GET" \
    "a new session's call succeeds after the crash restart"

# --- hot standby --------------------------------------------------------------------------
msm_make_replica standby >/dev/null 2>&1
sp=$(psql -X -A -t -p "${MSM_REPLICA_PORT:-0}" -c "SELECT pg_is_in_recovery()" 2>/dev/null)
rw=
for _ in $(seq 100); do
    rw=$(psql -X -A -t -p "${MSM_REPLICA_PORT:-0}" -c "SELECT pid FROM pg_stat_activity WHERE backend_type = 'msm http worker'" 2>/dev/null)
    [ -n "$rw" ] && break; sleep 0.1
done
tap_ok "hot standby: the worker runs there too (recovery=$sp)" test "$sp" = t -a -n "$rw"
tap_is "$(psql -X -A -t -p "${MSM_REPLICA_PORT:-0}" -c "SELECT status FROM msm._http_probe('GET', '$BASE/echo', NULL, 10000)" 2>&1)" 200 \
    "hot standby: requests work"
msm_as_owner "$MSM_PGBIN/pg_ctl" -D "$MSM_REPLICA_DATA" -m fast -w stop >/dev/null 2>&1

# --- logs --------------------------------------------------------------------------------
tap_ok "the access token never reaches the server log" sh -c "! grep -q 'tok-SECRET' '$MSM_PGLOG'"
tap_ok "every slot was released by its backend (no orphan sweep needed)" \
    sh -c "! grep -q 'msm http worker reclaimed' '$MSM_PGLOG'"
nfail=$(grep -c "msm http worker: .* failed:" "$MSM_PGLOG")
tap_ok "transfer failures are logged without spam ($nfail lines)" test "$nfail" -ge 1 -a "$nfail" -le 8

# --- without shared_preload_libraries ----------------------------------------------------
msm_psql -c "ALTER SYSTEM SET shared_preload_libraries = 'plpgsql'" >/dev/null
msm_pg_ctl restart >/dev/null
out=$(q "SELECT * FROM msm._http_probe('GET', '$BASE/echo')")
tap_ok "not preloaded: a clear error" grep -q "ERROR:  msm HTTP mode requires shared_preload_libraries = 'msm'" <<<"$out"
tap_ok "not preloaded: the hint says how to fix it" grep -q "HINT:  Add msm to shared_preload_libraries" <<<"$out"
msm_psql -c "ALTER SYSTEM RESET shared_preload_libraries" >/dev/null
msm_pg_ctl restart >/dev/null

tap_done
