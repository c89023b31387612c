# shellcheck shell=bash
# test/bench/lib.sh: what the benchmark scripts (test/bench/run_*.sh) share.
# Sourced after test/lib.sh, from the repository top.
#
#   bench_init USAGE OPTION VAR ... -- "$@"
#       parse the command line: --no-build (skip make clean/all/install)
#       and each OPTION N, which sets VAR (every VAR is exported, so that the
#       body run by bench_run sees it, default or not); anything else prints "usage: SCRIPT [--no-build]
#       USAGE" and exits 2.  Then installs missing packages (the suite's and
#       valgrind) and builds and
#       installs msm (unless --no-build).
#   bench_run LABEL BODY
#       run the shell function BODY against a throwaway cluster
#       (msm_with_cluster; server log test/.work/logs/LABEL-server.log),
#       with test/lib.sh and this file sourced.
#   bench_ms PSQL_ARGS...
#       msm_psql PSQL_ARGS (include -c "\timing on" before the timed
#       statements) and print the "Time:" of each timed statement, in ms.
#   bench_median
#       the median (the lower middle one) of the numbers on stdin, one a line.
#   bench_attach_ms [PSQL_ARGS...]
#       per call time (ms, 2 decimals) of stop_engine() + start_engine() of
#       every model, over 50 calls in one statement, after PSQL_ARGS (e.g.
#       -c "SET ...").
#   bench_cached_us
#       per call time (us, 2 decimals) of a cached start_engine(), over
#       100000 calls in one statement.
#   bench_peak_mb PSQL_ARGS... -- SQL
#       peak private memory growth (MB) and time (ms) of SQL, after PSQL_ARGS
#       in the same session (below).

bench_init() {
    local usage=$1 script=$0; shift
    local -A var=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do var[$1]=$2; export "${2?}"; shift 2; done
    shift
    BUILD=1
    while [ $# -gt 0 ]; do
        if [ "$1" = --no-build ]; then
            BUILD=0; shift
        elif [ -n "${var[$1]:-}" ] && [ $# -ge 2 ]; then
            printf -v "${var[$1]}" '%s' "$2"; shift 2
        else
            echo "usage: $script [--no-build] $usage" >&2; exit 2
        fi
    done
    # the benchmarks count instructions with callgrind besides the suite's packages
    MSM_PACKAGES+=(valgrind)
    msm_ensure_packages || exit 1
    if [ "$BUILD" = 1 ]; then msm_build_install || exit 1; fi
}

bench_run() {
    local label=$1 body=$2
    MSM_CLUSTER_LABEL=$label msm_with_cluster \
        bash -c "$(declare -f "$body"); . test/lib.sh; . test/bench/lib.sh; $body"
}

bench_ms() {
    msm_psql "$@" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p'
}

bench_median() {
    local values n
    values=$(sort -n)
    n=$(printf '%s\n' "$values" | grep -c .)
    printf '%s\n' "$values" | sed -n "$(( (n + 1) / 2 ))p"
}

bench_attach_ms() {
    local ms
    ms=$(bench_ms "$@" -c "SELECT msm.start_engine()" -c "SELECT msm.stop_engine()" -c "\\timing on" \
        -c "SELECT count(*) FROM (SELECT msm.stop_engine() AS s, msm.start_engine() AS e FROM generate_series(1, 50)) x")
    awk -v t="$ms" 'BEGIN { printf "%.2f", t / 50 }'
}

bench_cached_us() {
    local ms
    ms=$(bench_ms -c "SELECT msm.start_engine()" -c "\\timing on" \
        -c "SELECT count(msm.start_engine()) FROM generate_series(1, 100000)")
    awk -v t="$ms" 'BEGIN { printf "%.2f", t * 1000 / 100000 }'
}

# bench_peak_mb PSQL_ARGS... -- SQL
#   run PSQL_ARGS (setup: -c ... / -f ...) in one session, then SQL there
#   while a poller samples the backend's private memory (RssAnon in
#   /proc/PID/status, every 2 ms); prints "PEAK_MB MS": the peak growth of
#   RssAnon over its value just before SQL (MB, 1 decimal; shared buffers are
#   not private memory and are not counted) and SQL's time (ms).
bench_peak_mb() {
    local args=() sql d
    while [ $# -gt 0 ] && [ "$1" != -- ]; do args+=("$1"); shift; done
    shift; sql=$1
    d=$(mktemp -d); chmod 777 "$d"
    msm_psql "${args[@]}" -c "\\o $d/pid" -c "SELECT pg_catalog.pg_backend_pid()" -c "\\o" \
        -c "\\! bash -c '. test/bench/lib.sh; _bench_rss_poll $d' &" \
        -c "\\! bash -c 'while [ ! -s $d/base ]; do sleep 0.01; done'" \
        -c "\\timing on" -c "$sql" -c "\\timing off" -c "\\! touch $d/stop" \
        -c "\\! bash -c 'while [ ! -s $d/peak ]; do sleep 0.01; done'" >"$d/out" ||
        { cat "$d/out" >&2; touch "$d/stop"; msm_wait_for 10 test -s "$d/peak"; rm -rf "$d"; return 1; }
    awk -v b="$(cat "$d/base")" -v p="$(cat "$d/peak")" -v t="$(sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' "$d/out" | tail -1)" \
        'BEGIN { printf "%.1f %s\n", (p - b) / 1024, t }'
    rm -rf "$d"
}

# the poller of bench_peak_mb: DIR/pid holds the backend's pid; writes
# DIR/base (RssAnon kB now), then samples until DIR/stop and writes DIR/peak
_bench_rss_poll() {
    local d=$1 pid kb peak
    pid=$(tr -dc 0-9 <"$d/pid")
    _rss() { sed -n 's/^RssAnon:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/status"; }
    peak=$(_rss); echo "$peak" >"$d/base.tmp"; mv "$d/base.tmp" "$d/base"
    while [ ! -e "$d/stop" ]; do
        kb=$(_rss); [ -n "$kb" ] && [ "$kb" -gt "$peak" ] && peak=$kb
        sleep 0.002
    done
    echo "$peak" >"$d/peak.tmp"; mv "$d/peak.tmp" "$d/peak"
}
