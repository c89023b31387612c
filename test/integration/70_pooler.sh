#!/usr/bin/env bash
# The runtime behind a real connection pooler (doc/runtime.md, "Runtime
# scope"): Debian's pgbouncer on 127.0.0.1 in front of the throwaway cluster.
#
# * transaction pooling, default_pool_size = 2, an application role with
#   msm.runtime_scope = transaction: three psycopg2 applications
#   (test/pooler/psycopg2_app.py) interleave 1,000 transactions each over
#   two client connections each: A in namespace mainsequence.examples, B and
#   C in the default namespace with different model sets.  Every row lands
#   in its application's table, no unexpected error, and a transaction that
#   did not attach is refused whatever its server connection served before.
# * log lines per 10,000 pooled transactions (pgbench through the pool):
#   the attach-per-transaction pattern is quiet.
# * session pooling with server_reset_query = DISCARD ALL (pool size 1, so
#   the next client gets the same server backend): a new client never sees
#   the last one's runtime; the same without the reset query does (which
#   shows that the check can fail).
set -uo pipefail
. "$(dirname "$0")/../lib.sh"

PY=/usr/bin/python3
APP=$MSM_REPO/test/pooler/psycopg2_app.py
PGBENCH=$MSM_PGBIN/pgbench
N=${MSM_POOLER_TRANSACTIONS:-1000}

tap_plan 22

tap_ok "extension, default and mainsequence.examples namespaces migrated" msm_psql \
    -c "CREATE EXTENSION msm" -c "SELECT msm.migrate_upgrade()" \
    -c "SELECT msm.migrate_upgrade(namespace => 'mainsequence.examples')"
tap_ok "application roles: markets_app (transaction scope), session_app (session scope)" msm_psql \
    -c "CREATE ROLE markets_app LOGIN" \
    -c "ALTER ROLE markets_app SET msm.runtime_scope = 'transaction'" \
    -c "CREATE ROLE session_app LOGIN" \
    -c "GRANT SELECT, INSERT, UPDATE ON public.ms_markets__asset, public.ms_markets__asset__mainsequence_examples, public.ms_markets__issuer TO markets_app, session_app"

# ---------------------------------------------------------------------------
# transaction pooling
# ---------------------------------------------------------------------------
msm_pgbouncer_start txpool transaction || { tap_diag "pgbouncer did not start"; tap_done; exit 1; }
TXDSN="host=127.0.0.1 port=$MSM_BOUNCER_PORT dbname=postgres user=markets_app"
tap_is "$(psql -X -A -t "$TXDSN" -c 'SHOW msm.runtime_scope')" transaction "the role's runtime scope reaches the pooled backends"

d=$MSM_WORKDIR/apps; mkdir -p "$d"
"$PY" "$APP" --dsn "$TXDSN" --prefix A --count "$N" --namespace mainsequence.examples --models Asset \
    --style block --probe-every 50 >"$d/A.json" 2>"$d/A.err" & pa=$!
"$PY" "$APP" --dsn "$TXDSN" --prefix B --count "$N" --models Asset \
    --style autocommit --probe-every 50 >"$d/B.json" 2>"$d/B.err" & pb=$!
"$PY" "$APP" --dsn "$TXDSN" --prefix C --count "$N" --models Asset,Issuer \
    --style block --probe-every 50 >"$d/C.json" 2>"$d/C.err" & pc=$!
wait $pa; ra=$?; wait $pb; rb=$?; wait $pc; rc=$?

field() { "$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2" 2>/dev/null; }
for app in A B C; do
    [ -s "$d/$app.json" ] || tap_diag "$app: $(cat "$d/$app.err")"
done
tap_is "$ra $rb $rc" "0 0 0" "the three applications exit without unexpected error"
tap_is "$(field "$d/A.json" unexpected_errors) $(field "$d/B.json" unexpected_errors) $(field "$d/C.json" unexpected_errors)" \
    "0 0 0" "0 unexpected errors (A, B, C)" || tap_diag "$(cat "$d"/*.json)"
probes=$(( N / 50 ))
tap_is "$(field "$d/A.json" probe_refused) $(field "$d/B.json" probe_refused) $(field "$d/C.json" probe_refused)" \
    "$probes $probes $probes" "every transaction that did not attach is refused (runtime required)"
tap_is "$(field "$d/A.json" namespaces_seen)" "['mainsequence.examples']" "A's runtime is always its own namespace"

rows() { msm_psql -c "SELECT count(*) FILTER (WHERE unique_identifier LIKE 'A-%'), count(*) FILTER (WHERE unique_identifier LIKE 'B-%'), count(*) FILTER (WHERE unique_identifier LIKE 'C-%'), count(*) FILTER (WHERE unique_identifier LIKE 'probe-%') FROM public.$1" | tr '|' ' '; }
w=$(( N - probes ))
tap_is "$(rows ms_markets__asset__mainsequence_examples)" "$w 0 0 0" "ms_markets__asset__mainsequence_examples holds A's rows and only them"
tap_is "$(rows ms_markets__asset)" "0 $w $w 0" "ms_markets__asset holds B's and C's rows and only them"
tap_is "$(rows ms_markets__issuer)" "0 0 $w 0" "ms_markets__issuer holds C's rows"
servers=$(psql -X -A -t -h 127.0.0.1 -p "$MSM_BOUNCER_PORT" -U postgres -d pgbouncer -c "SHOW SERVERS" 2>/dev/null | grep -c '|markets_app|' || true)
tap_ok "the pool served them with at most 2 server connections" test "${servers:-0}" -le 2

# log lines per 10,000 pooled transactions: pgbench through a new pool (so
# its server backends attach for the first time), each transaction
# re-attaches and upserts (doc/runtime.md, "Log events")
msm_pgbouncer_stop txpool
msm_pgbouncer_start logpool transaction || { tap_diag "pgbouncer did not start"; tap_done; exit 1; }
cat >"$d/tx.sql" <<'SQL'
\set id random(1, 5000)
BEGIN;
SELECT msm.start_engine(models => ARRAY['Asset']) IS NOT NULL;
SELECT uid FROM msm.upsert_asset('log-' || :id, 'crypto');
COMMIT;
SQL
before=$(wc -l <"$MSM_PGLOG")
out=$("$PGBENCH" -n -h 127.0.0.1 -p "$MSM_BOUNCER_PORT" -U markets_app -c 4 -j 2 -t 2500 -f "$d/tx.sql" postgres 2>&1)
tap_ok "10,000 pooled transactions (4 clients, pool of 2) complete without error" \
    sh -c "echo \"\$1\" | grep -q 'number of transactions actually processed: 10000/10000' && ! echo \"\$1\" | grep -q 'ERROR'" _ "$out" \
    || tap_diag "$out"
msm_psql -c "SELECT 1" >/dev/null   # the log collector is synchronous (pg_ctl -l): lines are there
after=$(wc -l <"$MSM_PGLOG")
lines=$(( after - before ))
tap_diag "server log lines written by 10,000 pooled transactions: $lines"
echo "$lines" >"$MSM_LOGDIR/pooler-log-lines-per-10000.txt"
tap_ok "between 1 and 40 log lines for 10,000 pooled transactions (the first attachment of each server backend)" \
    test "$lines" -ge 1 -a "$lines" -le 40 || tail -n 40 "$MSM_PGLOG" | tap_diag "$(cat)"
tap_is "$(grep -c 'msm: reusing cached runtime' "$MSM_PGLOG")" 0 "the reuse of a resolution writes no LOG line"

# an application role lowers msm's event level for itself, without superuser
# (directly: a SET through a transaction pool would outlive the transaction)
tap_ok "markets_app sets msm.event_level for its session (no superuser)" \
    psql -X -q -v ON_ERROR_STOP=1 -U markets_app -c "SET msm.event_level = debug1" -c "SELECT msm.start_engine(models => ARRAY['Issuer']) IS NOT NULL"
msm_psql -c "ALTER ROLE markets_app SET msm.event_level = debug1" >/dev/null
n0=$(grep -c 'msm: starting attachment' "$MSM_PGLOG")
msm_pgbouncer_stop logpool
msm_pgbouncer_start txpool2 transaction || { tap_diag "pgbouncer did not start"; tap_done; exit 1; }
psql -X -q -v ON_ERROR_STOP=1 "host=127.0.0.1 port=$MSM_BOUNCER_PORT dbname=postgres user=markets_app" \
    -c "SELECT msm.start_engine(models => ARRAY['Asset']) IS NOT NULL" >/dev/null
tap_is "$(grep -c 'msm: starting attachment' "$MSM_PGLOG")" "$n0" "with the role's msm.event_level = debug1 new attachments stay out of the log"
msm_pgbouncer_stop txpool2

# ---------------------------------------------------------------------------
# session pooling, one server connection: DISCARD ALL between clients
# ---------------------------------------------------------------------------
msm_pgbouncer_start sesspool session default_pool_size=1 || { tap_diag "pgbouncer did not start"; tap_done; exit 1; }
SDSN="host=127.0.0.1 port=$MSM_BOUNCER_PORT dbname=postgres user=session_app"
pid1=$(psql -X -A -t -v ON_ERROR_STOP=1 "$SDSN" \
    -c "SELECT msm.start_engine(models => ARRAY['Asset'], namespace => 'mainsequence.examples') IS NOT NULL" \
    -c "SELECT pg_backend_pid()" | tail -1)
out=$(psql -X -A -t "$SDSN" -c "SELECT pg_backend_pid(), msm.runtime() IS NULL" 2>&1)
tap_is "$out" "$pid1|t" "session pooling: the next client, on the same server backend, sees no runtime"
out=$(psql -X -A -t "$SDSN" -c "SELECT uid FROM msm.upsert_asset('S-inherited')" 2>&1)
case $out in *"requires an initialized markets runtime"*) st=0 ;; *) st=1 ;; esac
tap_is "$st" 0 "session pooling: the next client's row operation requires its own start_engine" || tap_diag "$out"
"$PY" "$APP" --dsn "$SDSN" --prefix S --count 200 --namespace mainsequence.examples --connections 1 \
    --style block >"$d/S.json" 2>"$d/S.err"
tap_is "$(field "$d/S.json" committed)" 200 "a psycopg2 application through the session pool writes its rows" \
    || tap_diag "$(cat "$d/S.json" "$d/S.err")"
tap_is "$(rows ms_markets__asset__mainsequence_examples | cut -d' ' -f1) $(msm_psql -c "SELECT count(*) FROM public.ms_markets__asset__mainsequence_examples WHERE unique_identifier LIKE 'S-%'")" \
    "$w 200" "its rows are in its namespace's table"
msm_pgbouncer_stop sesspool

# control: without the reset query the runtime WOULD be inherited
msm_pgbouncer_start noreset session default_pool_size=1 "server_reset_query=" || { tap_diag "pgbouncer did not start"; tap_done; exit 1; }
SDSN="host=127.0.0.1 port=$MSM_BOUNCER_PORT dbname=postgres user=session_app"
pid1=$(psql -X -A -t -v ON_ERROR_STOP=1 "$SDSN" \
    -c "SELECT msm.start_engine(models => ARRAY['Asset']) IS NOT NULL" -c "SELECT pg_backend_pid()" | tail -1)
out=$(psql -X -A -t "$SDSN" -c "SELECT pg_backend_pid(), msm.runtime() IS NULL" 2>&1)
tap_is "$out" "$pid1|f" "control: with server_reset_query empty the next client inherits the runtime (DISCARD ALL is what clears it)"
msm_pgbouncer_stop noreset
tap_ok "no ERROR other than the expected ones in the server log" \
    sh -c "! grep 'ERROR:' '$MSM_PGLOG' | grep -v 'requires an initialized markets runtime' | grep -q ."
tap_done
