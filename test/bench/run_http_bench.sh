#!/usr/bin/env bash
# test/bench/run_http_bench.sh: start_engine() over HTTP (TS Manager
# stand-in on 127.0.0.1) cold vs cached, and an attach storm of 64 sessions
# (request count, p50/p99 latency), on one throwaway cluster.
#
#   bash test/bench/run_http_bench.sh [--no-build] [--sessions N]
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
. test/lib.sh
. test/bench/lib.sh

SESSIONS=64
bench_init "[--sessions N]" --sessions SESSIONS -- "$@"

http_bench_body() {
    set -uo pipefail
    . test/tsmanager/standin.sh
    standin_start || exit 1
    msm_psql -c "ALTER DATABASE postgres SET msm.endpoint = '$STANDIN_URL'" \
             -c "ALTER DATABASE postgres SET msm.access_token = '$STANDIN_TOKEN'" \
             -c "ALTER DATABASE postgres SET msm.log_events = off" \
             -c "ALTER SYSTEM SET max_connections = 200" >/dev/null
    msm_pg_ctl restart >/dev/null 2>&1 || { echo "restart failed" >&2; exit 1; }
    echo "cluster restarted" >&2
    msm_psql -c "CREATE EXTENSION msm" -c "SELECT msm.migrate_upgrade()" >/dev/null || exit 1

    echo "migrated" >&2
    local cold cached warm
    # cold: every attach misses the cache (TTL 0) and makes 2 HTTP lookups
    cold=$(bench_attach_ms -c "SET msm.lookup_cache_ttl_s = 0")
    # warm shared cache: a new attach without HTTP (catalog checks only)
    warm=$(bench_attach_ms)
    # cached session runtime
    cached=$(bench_cached_us)

    echo "cold $cold ms, warm $warm ms, cached $cached us" >&2
    # storm: SESSIONS sessions attach at once on a cold shared cache
    msm_psql -c "SELECT msm.migrate_upgrade()" >/dev/null    # finalization empties the cache
    standin_reset
    local dir i p pids=()
    dir=$(mktemp -d)
    for i in $(seq 1 "$SESSIONS"); do
        (msm_psql -c "\\timing on" -c "SELECT jsonb_array_length(msm.start_engine()->'meta_tables')" \
            | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' > "$dir/$i") &
        pids+=($!)
    done
    # wait for the sessions only (the stand-in is a background job too)
    for p in "${pids[@]}"; do wait "$p"; done
    local n p50 p99 reqs
    n=$(cat "$dir"/* | grep -c .)
    p50=$(cat "$dir"/* | sort -n | awk -v n="$n" 'NR == int(n * 0.50 + 0.5) { print }')
    p99=$(cat "$dir"/* | sort -n | awk -v n="$n" 'NR == (int(n * 0.99 + 0.5) < 1 ? 1 : int(n * 0.99 + 0.5)) { print }')
    reqs=$(standin_count POST /api/v1/)
    rm -rf "$dir"

    printf '| start_engine() over HTTP, 39 models | per call / result |\n|---|---|\n'
    printf '| cold (2 filter requests, cache bypassed) | %s ms |\n' "$cold"
    printf '| new attach, warm shared cache (no request) | %s ms |\n' "$warm"
    printf '| cached session runtime | %s us |\n' "$cached"
    printf '| storm: %s sessions at once, cold cache | %s requests to TS Manager; p50 %s ms, p99 %s ms (%s sessions answered) |\n' \
        "$SESSIONS" "$reqs" "$p50" "$p99" "$n"
    standin_stop
}

bench_run http-bench http_bench_body
