# shellcheck shell=bash
# test/lib.sh: shared shell functions for the msm test harness.
#
# Source it from bash (it changes no shell options and starts nothing):
#     . "$(dirname "$0")/../lib.sh"        # from test/integration/*.sh
#
# Functions
#   msm_ensure_packages      install the Debian packages the project needs
#                            (apt-get update only when something is missing)
#   msm_build_install        make clean; make; make install (prints the full
#                            compiler output and fails when the build fails)
#   msm_with_cluster CMD...  start a throwaway PostgreSQL 15 cluster, run CMD
#                            against it, then stop and remove it (always)
#   msm_as_owner CMD...      run CMD as the OS user that owns the cluster
#   msm_pg_ctl ARGS...       pg_ctl for the cluster, e.g. `msm_pg_ctl restart`
#   msm_free_port            print a free TCP port on 127.0.0.1
#   msm_make_replica NAME [PORT]
#                            build a streaming replica of the cluster with
#                            pg_basebackup in $MSM_WORKDIR/NAME and start it
#   msm_pgbouncer_start NAME MODE [KEY=VALUE...]
#                            start Debian's pgbouncer in front of the cluster
#                            (as the cluster owner, in $MSM_WORKDIR/NAME, on
#                            127.0.0.1:$MSM_BOUNCER_PORT; pool_mode MODE,
#                            default_pool_size 2, server_reset_query DISCARD
#                            ALL, trust for every login role existing now;
#                            KEY=VALUE lines override) and wait until it
#                            answers; it is stopped with the cluster
#   msm_pgbouncer_stop NAME  stop it
#   msm_psql ARGS...         psql -X -q -A -t -v ON_ERROR_STOP=1 ARGS...
#   msm_wait_for SECONDS CMD...
#                            run CMD (in this shell, so it may set variables)
#                            every 0.1 s until it succeeds (status 0) or
#                            SECONDS have passed (status 1): wait for a
#                            condition instead of sleeping a fixed time
#   tap_plan, tap_ok, tap_is, tap_diag, tap_done
#                            tiny TAP emitters for test/integration/*.sh
#
# The throwaway cluster (msm_with_cluster)
#   * plain initdb in a fresh private directory /tmp/msm-pg.XXXXXX (not
#     pg_createcluster / pg_virtualenv, so nothing is written under /etc or
#     /var and a killed run cannot block the next one); postgresql.conf lives
#     in the data directory, so pg_basebackup copies make working replicas.
#   * owned by the OS user `postgres` when run as root (initdb refuses root;
#     every server-side command goes through `runuser -u postgres`), or by
#     the invoking user otherwise.
#   * shared_preload_libraries = 'msm', fsync = off, trust authentication
#     (local socket and 127.0.0.1, including replication), locale C.UTF-8,
#     encoding UTF8, unix socket in the private directory, TCP on 127.0.0.1
#     on a free port.  Extra postgresql.conf lines can be passed in the
#     environment variable MSM_PG_CONF (newline-separated).
#   * CMD runs in its own process group with stdin from /dev/null and with
#     this environment exported:
#       PGHOST        the socket directory (= MSM_WORKDIR)
#       PGPORT        the server's port (also MSM_PGPORT)
#       PGUSER        postgres (a superuser)
#       PGDATABASE    postgres
#       MSM_PGDATA    the data directory (postgresql.conf is in it)
#       MSM_PGLOG     the server log file (pg_ctl -l)
#       MSM_PGBIN     /usr/lib/postgresql/15/bin
#       MSM_PGOWNER   OS user owning the cluster (postgres when root)
#       MSM_WORKDIR   private scratch directory, owned by MSM_PGOWNER; put
#                     replicas and other clusters here: every cluster whose
#                     data directory is within 2 levels below it is stopped
#                     at cleanup too
#       MSM_REPO      the repository top directory
#       MSM_LIB       this file
#   * Cleanup (on normal exit, on failure, and on INT/TERM/HUP through traps
#     installed for the duration of the call): CMD's process group is
#     killed, every cluster under MSM_WORKDIR is stopped (fast, then
#     immediate, then SIGKILL), the server log is copied to
#     $MSM_LOGDIR/<label>-server.log (label = $MSM_CLUSTER_LABEL, default
#     "cluster"; MSM_LOGDIR defaults to test/.work/logs), and the directory
#     is removed.  Leftovers of runs that were SIGKILLed are swept the next
#     time (directories whose harness pid is gone).
#   * Return value: CMD's exit status; 1 if the cluster could not be started
#     (then MSM_CLUSTER_START_FAILED=1 and the server log tail is printed).
#
# Examples inside an integration test
#   msm_pg_ctl restart                                  # restart the server
#   grep 'some message' "$MSM_PGLOG"                    # read the server log
#   msm_make_replica standby; psql -p "$MSM_REPLICA_PORT" -c 'select 1'
#   msm_as_owner "$MSM_PGBIN/pg_ctl" -D "$MSM_WORKDIR/standby" promote

MSM_REPO=${MSM_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
MSM_LIB=${MSM_LIB:-$MSM_REPO/test/lib.sh}
MSM_PGBIN=${MSM_PGBIN:-/usr/lib/postgresql/15/bin}
MSM_WORK=${MSM_WORK:-$MSM_REPO/test/.work}
MSM_LOGDIR=${MSM_LOGDIR:-$MSM_WORK/logs}

MSM_PACKAGES=(
    postgresql-15 postgresql-server-dev-15 libcurl4-openssl-dev libcjson-dev zlib1g-dev
    postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl
    pgbouncer python3-psycopg2
    make gcc libc6-dev python3 curl jq
)

_msm_say() { printf '%s\n' "msm: $*" >&2; }

# Run as root: directly when we are root, through sudo otherwise.
_msm_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else _msm_say "need root for: $*"; return 1
    fi
}

# ---------------------------------------------------------------------------
# Packages
# ---------------------------------------------------------------------------
msm_ensure_packages() {
    local missing=() p st log rc=0 policy=/usr/sbin/policy-rc.d marker='# msm-harness temporary policy'
    for p in "${MSM_PACKAGES[@]}"; do
        st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null) || st=
        [ "${st:0:2}" = ii ] || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0

    mkdir -p "$MSM_WORK"
    log=$MSM_WORK/apt.log
    : >"$log"
    _msm_say "installing ${missing[*]} (log: $log)"
    # A fresh postgresql-15 creates and starts the stock cluster 15/main:
    # forbid service starts while installing so nothing is left running.
    if [ -f "$policy" ] && grep -qF "$marker" "$policy"; then _msm_root rm -f "$policy"; fi
    local own_policy=
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\n%s\nexit 101\n' "$marker" | _msm_root tee "$policy" >/dev/null &&
            _msm_root chmod 755 "$policy" && own_policy=1
    fi
    {
        _msm_root env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
        _msm_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
    } >>"$log" 2>&1 || rc=$?
    [ -n "$own_policy" ] && _msm_root rm -f "$policy"
    if [ $rc -ne 0 ]; then
        cat "$log" >&2
        _msm_say "apt-get failed (exit $rc) installing: ${missing[*]}"
        return 1
    fi
    # Should a service manager have started the stock cluster anyway, stop
    # it: it did not run before (postgresql-15 was missing).
    case " ${missing[*]} " in
        *" postgresql-15 "*)
            if command -v pg_lsclusters >/dev/null &&
               pg_lsclusters -h 2>/dev/null | awk '$1==15 && $2=="main" && $4=="online"' | grep -q .; then
                _msm_root pg_ctlcluster 15 main stop >>"$log" 2>&1 || true
            fi ;;
    esac
    return 0
}

# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------
msm_build_install() {
    local log=$MSM_WORK/build.log step
    mkdir -p "$MSM_WORK"
    : >"$log"
    for step in clean all install; do
        if [ "$step" = install ] && [ "$(id -u)" != 0 ]; then
            ( cd "$MSM_REPO" && _msm_root make PG_CONFIG="$MSM_PGBIN/pg_config" install ) >>"$log" 2>&1
        else
            ( cd "$MSM_REPO" && make PG_CONFIG="$MSM_PGBIN/pg_config" -j"$(nproc 2>/dev/null || echo 2)" "$step" ) >>"$log" 2>&1
        fi || {
            cat "$log" >&2
            _msm_say "BUILD FAILED at 'make $step' (output above, also in $log)"
            return 1
        }
    done
    _msm_say "built and installed msm ($(grep -c '^gcc' "$log") compiler calls, log: $log)"
}

# ---------------------------------------------------------------------------
# Cluster
# ---------------------------------------------------------------------------
_msm_owner() {
    if [ "$(id -u)" = 0 ]; then echo postgres; else id -un; fi
}

msm_as_owner() {
    local owner=${MSM_PGOWNER:-$(_msm_owner)}
    if [ "$(id -u)" = 0 ] && [ "$owner" != root ]; then
        ( cd / && runuser -u "$owner" -- "$@" )
    else
        "$@"
    fi
}

msm_pg_ctl() {
    msm_as_owner "$MSM_PGBIN/pg_ctl" -D "$MSM_PGDATA" -l "$MSM_PGLOG" -w -t 60 "$@"
}

msm_free_port() {
    python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

msm_psql() {
    psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"
}

msm_wait_for() {
    local deadline=$(( $(date +%s%N) + $1 * 1000000000 )); shift
    while :; do
        "$@" && return 0
        [ "$(date +%s%N)" -lt "$deadline" ] || return 1
        sleep 0.1
    done
}

# msm_make_replica NAME [PORT]: streaming replica of the running cluster in
# $MSM_WORKDIR/NAME, log $MSM_WORKDIR/NAME.log, started on PORT (default: a
# free port).  Sets MSM_REPLICA_DATA, MSM_REPLICA_LOG, MSM_REPLICA_PORT in
# the calling shell, so call it directly, not inside $(...) or tap_ok; or
# pick the port first:  p=$(msm_free_port); tap_ok "replica" msm_make_replica r1 "$p"
# It is stopped at cleanup like the main cluster.
msm_make_replica() {
    local name=$1 port=${2:-$(msm_free_port)}
    MSM_REPLICA_DATA=$MSM_WORKDIR/$name
    MSM_REPLICA_LOG=$MSM_WORKDIR/$name.log
    MSM_REPLICA_PORT=$port
    msm_as_owner "$MSM_PGBIN/pg_basebackup" -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" \
        -D "$MSM_REPLICA_DATA" -R -X stream -c fast -d "application_name=$name" || return 1
    msm_as_owner sh -c "echo 'port = $port' >> '$MSM_REPLICA_DATA/postgresql.conf'" || return 1
    msm_as_owner "$MSM_PGBIN/pg_ctl" -D "$MSM_REPLICA_DATA" -l "$MSM_REPLICA_LOG" -w -t 60 start >/dev/null || {
        tail -n 50 "$MSM_REPLICA_LOG" >&2; return 1; }
}

msm_pgbouncer_start() {
    local name=$1 mode=$2 dir=$MSM_WORKDIR/$1 kv port; shift 2
    port=$(msm_free_port)
    msm_as_owner mkdir -p "$dir" || return 1
    msm_psql -c "SELECT format('%I %L', rolname, '') FROM pg_catalog.pg_roles WHERE rolcanlogin" |
        sed 's/^\([^ ]*\) /"\1" /; s/'"'"'/"/g' | msm_as_owner tee "$dir/users.txt" >/dev/null
    {
        printf '[databases]\n* = host=127.0.0.1 port=%s\n\n[pgbouncer]\n' "$PGPORT"
        printf '%s\n' "listen_addr = 127.0.0.1" "listen_port = $port" "unix_socket_dir =" \
            "auth_type = trust" "auth_file = $dir/users.txt" "pool_mode = $mode" \
            "default_pool_size = 2" "max_client_conn = 500" "server_reset_query = DISCARD ALL" \
            "ignore_startup_parameters = extra_float_digits,options" \
            "logfile = $dir/pgbouncer.log" "pidfile = $dir/pgbouncer.pid" "admin_users = postgres"
        for kv in "$@"; do printf '%s = %s\n' "${kv%%=*}" "${kv#*=}"; done
    } | msm_as_owner tee "$dir/pgbouncer.ini" >/dev/null
    # not daemonized: it stays in the test's process group, which cleanup kills
    msm_as_owner /usr/sbin/pgbouncer "$dir/pgbouncer.ini" >>"$dir/stdout.log" 2>&1 &
    MSM_BOUNCER_PORT=$port
    export MSM_BOUNCER_PORT
    msm_wait_for 30 psql -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c 'SELECT 1' >/dev/null 2>&1 || {
        _msm_say "pgbouncer $name did not start"; tail -n 20 "$dir/pgbouncer.log" "$dir/stdout.log" >&2; return 1; }
}

msm_pgbouncer_stop() {
    local dir=$MSM_WORKDIR/$1 pid
    pid=$(cat "$dir/pgbouncer.pid" 2>/dev/null) || return 0
    kill "$pid" 2>/dev/null
    msm_wait_for 10 eval '! kill -0 "$pid" 2>/dev/null'
}

# Stop every cluster whose data directory is within 2 levels below $1.
_msm_stop_clusters_under() {
    local dir=$1 pidfile d pid
    [ -d "$dir" ] || return 0
    while IFS= read -r pidfile; do
        d=$(dirname "$pidfile")
        pid=$(head -n 1 "$pidfile" 2>/dev/null)
        msm_as_owner "$MSM_PGBIN/pg_ctl" -D "$d" -m fast -w -t 30 stop >/dev/null 2>&1 ||
            msm_as_owner "$MSM_PGBIN/pg_ctl" -D "$d" -m immediate -w -t 15 stop >/dev/null 2>&1 || true
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null &&
           grep -qaF "$d" "/proc/$pid/cmdline" 2>/dev/null; then
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done < <(find "$dir" -mindepth 2 -maxdepth 3 -name postmaster.pid 2>/dev/null)
}

# Remove throwaway clusters left by harness processes that no longer exist.
_msm_sweep_stale() {
    local d hp
    for d in /tmp/msm-pg.*; do
        [ -f "$d/harness.pid" ] || continue
        hp=$(cat "$d/harness.pid" 2>/dev/null)
        # gone, or a zombie nobody reaped yet
        if [ -n "$hp" ] && { [ ! -d "/proc/$hp" ] ||
                             [ "$(awk '{print $3}' "/proc/$hp/stat" 2>/dev/null)" = Z ]; }; then
            _msm_say "removing stale cluster directory $d (harness pid $hp is gone)"
            MSM_PGOWNER=$(stat -c %U "$d") _msm_stop_clusters_under "$d"
            rm -rf "$d"
        fi
    done
}

_MSM_CL_DIR=
_MSM_CL_JOB=
_MSM_CL_LABEL=

_msm_cluster_start() {
    local owner port d ok=
    _msm_sweep_stale
    owner=$(_msm_owner)
    id "$owner" >/dev/null 2>&1 || { _msm_say "OS user '$owner' does not exist (is postgresql-15 installed?)"; return 1; }
    [ -x "$MSM_PGBIN/initdb" ] || { _msm_say "$MSM_PGBIN/initdb not found (is postgresql-15 installed?)"; return 1; }
    d=$(mktemp -d /tmp/msm-pg.XXXXXX) || return 1
    _MSM_CL_DIR=$d
    echo "$BASHPID" >"$d/harness.pid"
    chmod 755 "$d"
    if [ "$owner" != "$(id -un)" ]; then chown "$owner": "$d" || return 1; fi
    export MSM_PGOWNER=$owner MSM_WORKDIR=$d MSM_PGDATA=$d/data MSM_PGLOG=$d/server.log MSM_PGBIN
    export MSM_REPO MSM_LIB
    if ! msm_as_owner "$MSM_PGBIN/initdb" -D "$MSM_PGDATA" -U postgres -A trust -E UTF8 \
            --locale=C.UTF-8 --no-sync >"$d/initdb.log" 2>&1; then
        cat "$d/initdb.log" >&2; _msm_say "initdb failed"; return 1
    fi
    msm_as_owner sh -c "cat >> '$MSM_PGDATA/postgresql.conf'" <<EOF

# --- msm test harness ---
shared_preload_libraries = 'msm'
listen_addresses = '127.0.0.1'
unix_socket_directories = '$d'
fsync = off
synchronous_commit = off
logging_collector = off
log_line_prefix = '%m [%p] %q%a '
max_wal_senders = 10
max_replication_slots = 10
wal_level = replica
${MSM_PG_CONF:-}
EOF
    for _ in 1 2 3; do
        port=$(msm_free_port) || return 1
        msm_as_owner sh -c "echo 'port = $port' >> '$MSM_PGDATA/postgresql.conf'"
        if msm_as_owner "$MSM_PGBIN/pg_ctl" -D "$MSM_PGDATA" -l "$MSM_PGLOG" -w -t 60 start >/dev/null 2>&1; then
            ok=1; break
        fi
        grep -qE 'could not bind|Address already in use|could not create any TCP/IP sockets' "$MSM_PGLOG" 2>/dev/null || break
    done
    if [ -z "$ok" ]; then
        _msm_say "the server did not start; last lines of its log (kept as $MSM_LOGDIR/${_MSM_CL_LABEL:-cluster}-server.log):"
        tail -n 40 "$MSM_PGLOG" >&2
        return 1
    fi
    export MSM_PGPORT=$port
}

_msm_cluster_stop() {
    local d=$_MSM_CL_DIR
    if [ -n "$_MSM_CL_JOB" ]; then
        if kill -TERM -- "-$_MSM_CL_JOB" 2>/dev/null; then
            sleep 0.2
            kill -KILL -- "-$_MSM_CL_JOB" 2>/dev/null
        fi
        _MSM_CL_JOB=
    fi
    [ -n "$d" ] || return 0
    _MSM_CL_DIR=
    _msm_stop_clusters_under "$d"
    if [ -f "$d/server.log" ]; then
        mkdir -p "$MSM_LOGDIR" && cp "$d/server.log" "$MSM_LOGDIR/${_MSM_CL_LABEL:-cluster}-server.log" 2>/dev/null
    fi
    rm -rf "$d"
    unset MSM_PGOWNER MSM_WORKDIR MSM_PGDATA MSM_PGLOG MSM_PGPORT
}

msm_with_cluster() {
    local saved rc=0
    MSM_CLUSTER_START_FAILED=
    _MSM_CL_LABEL=${MSM_CLUSTER_LABEL:-cluster}
    saved=$(trap -p EXIT INT TERM HUP)
    trap '_msm_cluster_stop' EXIT
    trap '_msm_say "interrupted (SIGINT): stopping the cluster"; _msm_cluster_stop; exit 130' INT
    trap '_msm_say "interrupted (SIGTERM): stopping the cluster"; _msm_cluster_stop; exit 143' TERM
    trap '_msm_say "interrupted (SIGHUP): stopping the cluster"; _msm_cluster_stop; exit 129' HUP
    if ! _msm_cluster_start; then
        MSM_CLUSTER_START_FAILED=1
        _msm_cluster_stop
        trap - EXIT INT TERM HUP; eval "$saved"
        return 1
    fi
    # CMD runs in its own process group (set -m) so that a signal to this
    # shell can end all of it; `wait` returns at once when a signal arrives.
    local had_m=; case $- in *m*) had_m=1 ;; esac
    set -m
    (
        trap - EXIT INT TERM HUP
        export PGHOST=$MSM_WORKDIR PGPORT=$MSM_PGPORT PGUSER=postgres PGDATABASE=postgres
        unset PGHOSTADDR PGSERVICE PGSERVICEFILE PGPASSWORD PGPASSFILE PGOPTIONS PGSSLMODE PGCLUSTER
        "$@"
    ) </dev/null &
    _MSM_CL_JOB=$!
    [ -n "$had_m" ] || set +m
    wait "$_MSM_CL_JOB" || rc=$?
    _msm_cluster_stop     # also ends whatever CMD left running in its group
    trap - EXIT INT TERM HUP; eval "$saved"
    return $rc
}

# ---------------------------------------------------------------------------
# TAP emitters for integration tests (stdout)
# ---------------------------------------------------------------------------
_TAP_N=0
_TAP_FAILED=0
_TAP_PLANNED=
tap_plan() { _TAP_PLANNED=$1; echo "1..$1"; }
tap_diag() { local l; while IFS= read -r l; do echo "# $l"; done <<<"$*"; }
_tap_result() { # STATUS(0=ok) DESC
    _TAP_N=$((_TAP_N + 1))
    if [ "$1" = 0 ]; then echo "ok $_TAP_N - $2"
    else echo "not ok $_TAP_N - $2"; _TAP_FAILED=$((_TAP_FAILED + 1)); fi
    return "$1"
}
# tap_ok DESC CMD...: ok when CMD succeeds (its output is shown as diagnostics on failure)
tap_ok() {
    local desc=$1 out st=0; shift
    out=$("$@" 2>&1) || st=$?
    _tap_result $((st != 0)) "$desc" || { tap_diag "command failed (exit $st): $*"; [ -n "$out" ] && tap_diag "$out"; return 1; }
}
# tap_is GOT WANT DESC
tap_is() {
    local st=1
    if [ "$1" = "$2" ]; then st=0; fi
    _tap_result "$st" "$3" || {
        tap_diag "     got: '$1'"; tap_diag "expected: '$2'"; return 1; }
}
# tap_done: print the plan if none was given; exit status 1 if any assertion failed
tap_done() {
    [ -n "$_TAP_PLANNED" ] || echo "1..$_TAP_N"
    [ "$_TAP_FAILED" -eq 0 ]
}
