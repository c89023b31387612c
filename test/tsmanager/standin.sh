# shellcheck shell=bash
# test/tsmanager/standin.sh: shell helpers for the TS Manager stand-in
# (test/tsmanager/server.py).  Source it from an integration test, after
# test/lib.sh:
#
#     . "$(dirname "$0")/../lib.sh"
#     . "$(dirname "$0")/../tsmanager/standin.sh"
#     standin_start || exit 1            # extra server.py options may follow
#     psql -c "SET msm.endpoint = '$STANDIN_URL'" ...
#
# Functions
#   standin_start [ARGS...]  start server.py in the background on a free port
#                            (extra ARGS go to server.py, e.g. --page-size 2,
#                            --token-ttl 5, --persist), wait until it answers
#                            and export
#                              STANDIN_URL    http://127.0.0.1:PORT (no slash)
#                              STANDIN_PID    the server's pid
#                              STANDIN_DIR    its state dir: requests.jsonl,
#                                             server.log, state.json, port
#                              STANDIN_TOKEN  a valid static bearer token
#                              STANDIN_CREDENTIAL_ID, STANDIN_CREDENTIAL_SECRET
#                            The state dir is $MSM_WORKDIR/standin.XXXXXX when
#                            MSM_WORKDIR is set (msm_with_cluster), else
#                            a mktemp directory.  The database it checks and
#                            executes in is the one of PGHOST/PGPORT/PGUSER/
#                            PGDATABASE (override with STANDIN_DSN).  An EXIT
#                            trap (chained with any earlier one) stops it.
#   standin_restart [ARGS...] stop and start again with the same state dir
#                            (rows survive with --persist); same port if free
#   standin_stop             SIGTERM, wait (5 s, then SIGKILL), copy its logs
#                            to $MSM_LOGDIR/<label>-standin-*.  Idempotent.
#   standin_fault JSON       replace the fault rules (a JSON list, or one rule)
#   standin_fault_add JSON   append fault rules
#   standin_reset [state]    clear faults and the request log (and the rows
#                            and issued tokens with "state")
#   standin_config JSON      change runtime settings, e.g. '{"page_size": 2}'
#                            (keys: page_size, paginate, token_ttl,
#                            default_limit, default_max_rows, finalize_check)
#   standin_requests         print the request log (JSON lines)
#   standin_count METHOD PATH_PREFIX
#                            number of logged requests (METHOD may be '' = any)
#   standin_rows             print all registry rows (a JSON list)
#   standin_seed JSON        add/patch rows directly (admin; no validation)
#   standin_api METHOD PATH [JSON]
#                            call the API with the static token; prints the
#                            body, then a last line "HTTP <status>"
#   standin_json EXPR        read JSON on stdin, print the Python expression
#                            EXPR of it (the document is `d`), e.g.
#                            standin_json 'len(d["results"])'; strings print
#                            raw, everything else as JSON
#
# Environment: STANDIN_DSN (conninfo for the server's psql), STANDIN_PYTHON
# (default /usr/bin/python3), STANDIN_SERVER (default ./server.py).
# Call standin_start/standin_restart/standin_stop directly, not inside $(...)
# or tap_ok: they set variables in the calling shell.

STANDIN_SERVER=${STANDIN_SERVER:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/server.py}
# The Debian interpreter when there is one (the stand-in needs only the stdlib)
if [ -z "${STANDIN_PYTHON:-}" ]; then
    if [ -x /usr/bin/python3 ]; then STANDIN_PYTHON=/usr/bin/python3; else STANDIN_PYTHON=python3; fi
fi
STANDIN_PID=
STANDIN_URL=
STANDIN_DIR=
_STANDIN_OWN_DIR=
_STANDIN_TRAPPED=
_STANDIN_ARGS=()

_standin_say() { printf '%s\n' "standin: $*" >&2; }

_standin_dsn() {
    if [ -n "${STANDIN_DSN:-}" ]; then printf '%s' "$STANDIN_DSN"; return; fi
    local d=
    [ -n "${PGHOST:-}" ] && d="$d host=$PGHOST"
    [ -n "${PGPORT:-}" ] && d="$d port=$PGPORT"
    [ -n "${PGDATABASE:-}" ] && d="$d dbname=$PGDATABASE"
    [ -n "${PGUSER:-}" ] && d="$d user=$PGUSER"
    printf '%s' "${d# }"
}

# Run the EXIT trap that was installed before ours, then stop the stand-in.
_standin_on_exit() {
    standin_stop
    if [ -n "${_STANDIN_PREV_EXIT:-}" ]; then
        local cmd
        cmd=$(eval "set -- $_STANDIN_PREV_EXIT"; printf '%s' "$3")
        eval "$cmd"
    fi
}

_standin_launch() { # PORT ARGS...
    local port=$1 i; shift
    rm -f "$STANDIN_DIR/port"
    "$STANDIN_PYTHON" "$STANDIN_SERVER" --port "$port" --port-file "$STANDIN_DIR/port" \
        --state-dir "$STANDIN_DIR" --dsn "$(_standin_dsn)" "$@" \
        </dev/null >>"$STANDIN_DIR/stdout.log" 2>>"$STANDIN_DIR/stderr.log" &
    STANDIN_PID=$!
    for i in $(seq 1 100); do
        if ! kill -0 "$STANDIN_PID" 2>/dev/null; then
            _standin_say "server.py exited at start:"; cat "$STANDIN_DIR/stderr.log" >&2
            STANDIN_PID=; return 1
        fi
        if [ -s "$STANDIN_DIR/port" ]; then
            STANDIN_URL=http://127.0.0.1:$(tr -d '[:space:]' <"$STANDIN_DIR/port")
            if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$STANDIN_URL/__admin__/health/")" = 200 ]; then
                export STANDIN_URL STANDIN_PID STANDIN_DIR
                return 0
            fi
        fi
        sleep 0.1
    done
    _standin_say "server.py did not answer within 10 s"; cat "$STANDIN_DIR/stderr.log" >&2
    standin_stop
    return 1
}

standin_start() {
    if [ -n "$STANDIN_PID" ] && kill -0 "$STANDIN_PID" 2>/dev/null; then
        _standin_say "already running (pid $STANDIN_PID, $STANDIN_URL)"; return 1
    fi
    if [ -n "${MSM_WORKDIR:-}" ] && [ -d "$MSM_WORKDIR" ]; then
        STANDIN_DIR=$(mktemp -d "$MSM_WORKDIR/standin.XXXXXX") || return 1
        _STANDIN_OWN_DIR=
    else
        STANDIN_DIR=$(mktemp -d /tmp/msm-standin.XXXXXX) || return 1
        _STANDIN_OWN_DIR=1
    fi
    export STANDIN_TOKEN=test-token
    export STANDIN_CREDENTIAL_ID=test-credential STANDIN_CREDENTIAL_SECRET=test-secret
    _STANDIN_ARGS=("$@")
    if [ -z "$_STANDIN_TRAPPED" ]; then
        _STANDIN_PREV_EXIT=$(trap -p EXIT)
        trap _standin_on_exit EXIT
        _STANDIN_TRAPPED=1
    fi
    _standin_launch 0 "$@"
}

standin_restart() {
    local port=${STANDIN_URL##*:}
    [ -n "$STANDIN_DIR" ] || { _standin_say "not started"; return 1; }
    [ $# -gt 0 ] && _STANDIN_ARGS=("$@")
    _standin_stop_process
    _standin_launch "$port" "${_STANDIN_ARGS[@]}" || _standin_launch 0 "${_STANDIN_ARGS[@]}"
}

_standin_stop_process() {
    local pid=$STANDIN_PID i
    [ -n "$pid" ] || return 0
    STANDIN_PID=
    kill -TERM "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
    for i in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        _standin_say "pid $pid ignored SIGTERM for 5 s: SIGKILL"
        kill -KILL "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
    STANDIN_LAST_STATUS=$?
    return 0
}

standin_stop() {
    _standin_stop_process
    [ -n "$STANDIN_DIR" ] && [ -d "$STANDIN_DIR" ] || return 0
    local label=${MSM_CLUSTER_LABEL:-$(basename "$0" .sh)} f
    local logdir=${MSM_LOGDIR:-${MSM_REPO:-.}/test/.work/logs}
    if mkdir -p "$logdir" 2>/dev/null; then
        for f in server.log requests.jsonl stderr.log; do
            [ -f "$STANDIN_DIR/$f" ] && cp "$STANDIN_DIR/$f" "$logdir/$label-standin-$f" 2>/dev/null
        done
    fi
    if [ -n "$_STANDIN_OWN_DIR" ]; then rm -rf "$STANDIN_DIR"; STANDIN_DIR=; fi
    return 0
}

_standin_admin() { # METHOD PATH [JSON]
    local out
    if [ $# -ge 3 ]; then
        out=$(curl -sS --max-time 10 -X "$1" -H 'Content-Type: application/json' --data-binary "$3" \
            -w '\n%{http_code}' "$STANDIN_URL$2") || return 1
    else
        out=$(curl -sS --max-time 10 -X "$1" -w '\n%{http_code}' "$STANDIN_URL$2") || return 1
    fi
    if [ "${out##*$'\n'}" != 200 ]; then
        _standin_say "$1 $2 answered ${out##*$'\n'}: ${out%$'\n'*}"; return 1
    fi
    printf '%s\n' "${out%$'\n'*}"
}

standin_fault() { _standin_admin POST /__admin__/faults/ "$1" >/dev/null; }
standin_fault_add() { _standin_admin POST '/__admin__/faults/?append=1' "$1" >/dev/null; }
standin_reset() {
    if [ "${1:-}" = state ]; then
        _standin_admin POST /__admin__/reset/ '{"state": true, "tokens": true}' >/dev/null
    else
        _standin_admin POST /__admin__/reset/ '{}' >/dev/null
    fi
}
standin_config() { _standin_admin POST /__admin__/config/ "$1" >/dev/null; }
standin_requests() { cat "$STANDIN_DIR/requests.jsonl"; }
standin_rows() { _standin_admin GET /__admin__/rows/; }
standin_seed() { _standin_admin POST /__admin__/rows/ "$1"; }

standin_count() { # METHOD PATH_PREFIX
    local q out
    q="method=$(printf '%s' "${1:-}" | python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.stdin.read()))')"
    q="$q&path_prefix=$(printf '%s' "${2:-}" | python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.stdin.read()))')"
    out=$(_standin_admin GET "/__admin__/requests/count/?$q") || return 1
    printf '%s' "$out" | standin_json 'd["count"]'
}

standin_api() { # METHOD PATH [JSON]
    if [ $# -ge 3 ]; then
        curl -sS --max-time 30 -X "$1" -H "Authorization: Bearer $STANDIN_TOKEN" \
            -H 'Content-Type: application/json' --data-binary "$3" \
            -w '\nHTTP %{http_code}\n' "$STANDIN_URL$2"
    else
        curl -sS --max-time 30 -X "$1" -H "Authorization: Bearer $STANDIN_TOKEN" \
            -w '\nHTTP %{http_code}\n' "$STANDIN_URL$2"
    fi
}

standin_json() { # EXPR  (JSON document on stdin as d)
    python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
v = eval(sys.argv[1], {"json": json}, {"d": d})
print(v if isinstance(v, str) else json.dumps(v))' "$1"
}
