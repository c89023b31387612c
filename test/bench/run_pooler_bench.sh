#!/usr/bin/env bash
# test/bench/run_pooler_bench.sh: the attach-per-transaction pattern of
# doc/runtime.md, "Runtime scope", against raw SQL, in one run, on one
# throwaway cluster, directly and through Debian's pgbouncer (transaction
# pooling, default_pool_size 2, on 127.0.0.1).
#
#   bash test/bench/run_pooler_bench.sh [--no-build] [--seconds N] [--rounds N] [--loops N]
#                                       [--callgrind-loops N]
#
# 1. pgbench -M simple, 2 clients, the same table and keys (200k keys, so
#    inserts and updates mix), each transaction one round trip:
#      raw  INSERT INTO ms_markets__asset ... ON CONFLICT (unique_identifier)
#           DO UPDATE ... RETURNING ...
#      msm  SELECT msm.start_engine(models => ARRAY['Asset']) IS NOT NULL \;
#           SELECT ... FROM msm.upsert_asset(...)
#    as a role with msm.runtime_scope = transaction, so every msm
#    transaction re-attaches (from the session's resolutions, no lookup).
#    Rounds alternate raw/msm and direct/pooled; reported: median tps and
#    the median of the per-round ratios msm/raw, with their range.
# 2. the re-attach itself: a procedure that runs LOOPS transactions
#    (PERFORM msm.start_engine(models => ARRAY['Asset']); COMMIT) with
#    msm.runtime_scope = transaction (re-attach each transaction) and with
#    session (the attached runtime's cached answer); the difference per
#    transaction is what the re-attach adds.  A loop of bare COMMITs gives
#    the per-call cost of start_engine itself.  Medians over the rounds.
# 3. the same loops counted in instructions: valgrind --tool=callgrind on a
#    single-user backend (postgres --single), CG_LOOPS+1000 minus 1000
#    transactions, so that start-up cancels out; repeatable on a noisy
#    machine; and whole transactions, raw (INSERT ... ON CONFLICT ...
#    RETURNING; COMMIT) against msm (start_engine re-attach;
#    upsert_asset; COMMIT), both as static PL/pgSQL statements.
#
# Prints a Markdown table (doc/benchmarks.md, "Pooled transactions").
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
. test/lib.sh
. test/bench/lib.sh

SECONDS_PER=4 ROUNDS=9 LOOPS=100000 CG_LOOPS=10000
bench_init "[--seconds N] [--rounds N] [--loops N] [--callgrind-loops N]" --seconds SECONDS_PER --rounds ROUNDS \
    --loops LOOPS --callgrind-loops CG_LOOPS -- "$@"

pooler_bench_body() {
    set -uo pipefail
    local dir; dir=$(mktemp -d); chmod 755 "$dir"
    trap "rm -rf '$dir'" EXIT
    msm_psql -c "CREATE EXTENSION msm" -c "SELECT msm.migrate_upgrade()" \
             -c "CREATE ROLE bench_app LOGIN" \
             -c "ALTER ROLE bench_app SET msm.runtime_scope = 'transaction'" \
             -c "GRANT SELECT, INSERT, UPDATE ON public.ms_markets__asset TO bench_app" >/dev/null || exit 1
    msm_pgbouncer_start benchpool transaction >/dev/null || exit 1

    cat >"$dir/raw.sql" <<'SQL'
\set id random(1, 200000)
INSERT INTO public.ms_markets__asset AS t (uid, unique_identifier, asset_type) VALUES (pg_catalog.gen_random_uuid(), 'bench-' || :id, 'crypto') ON CONFLICT (unique_identifier) DO UPDATE SET asset_type = EXCLUDED.asset_type RETURNING t.uid, t.unique_identifier, t.asset_type;
SQL
    cat >"$dir/msm.sql" <<'SQL'
\set id random(1, 200000)
SELECT msm.start_engine(models => ARRAY['Asset']) IS NOT NULL \; SELECT uid, unique_identifier, asset_type FROM msm.upsert_asset('bench-' || :id, 'crypto');
SQL
    tps() { # HOST PORT SCRIPT
        "$MSM_PGBIN/pgbench" -n -M simple -c 2 -j 2 -T "$SECONDS_PER" -h "$1" -p "$2" -U bench_app \
            -f "$3" postgres 2>&1 | sed -n 's/^tps = \([0-9.]*\).*/\1/p'
    }
    # warm up both paths once (first resolutions, plans)
    tps 127.0.0.1 "$PGPORT" "$dir/msm.sql" >/dev/null
    tps 127.0.0.1 "$MSM_BOUNCER_PORT" "$dir/msm.sql" >/dev/null

    local -a d_raw=() d_msm=() p_raw=() p_msm=()
    local r
    for r in $(seq 1 "$ROUNDS"); do
        if [ $((r % 2)) = 1 ]; then
            d_raw+=("$(tps 127.0.0.1 "$PGPORT" "$dir/raw.sql")"); d_msm+=("$(tps 127.0.0.1 "$PGPORT" "$dir/msm.sql")")
            p_raw+=("$(tps 127.0.0.1 "$MSM_BOUNCER_PORT" "$dir/raw.sql")"); p_msm+=("$(tps 127.0.0.1 "$MSM_BOUNCER_PORT" "$dir/msm.sql")")
        else
            p_msm+=("$(tps 127.0.0.1 "$MSM_BOUNCER_PORT" "$dir/msm.sql")"); p_raw+=("$(tps 127.0.0.1 "$MSM_BOUNCER_PORT" "$dir/raw.sql")")
            d_msm+=("$(tps 127.0.0.1 "$PGPORT" "$dir/msm.sql")"); d_raw+=("$(tps 127.0.0.1 "$PGPORT" "$dir/raw.sql")")
        fi
        echo "round $r: direct raw ${d_raw[-1]} msm ${d_msm[-1]} | pooled raw ${p_raw[-1]} msm ${p_msm[-1]}" >&2
    done

    # the re-attach, per transaction, in a procedure loop (direct, as bench_app)
    # (no SET clause: a procedure with one cannot COMMIT; the names are qualified)
    msm_psql -c "CREATE PROCEDURE public.bench_loop(n integer, mode text) LANGUAGE plpgsql AS \$\$
        DECLARE r record;
        BEGIN
            FOR i IN 1 .. n LOOP
                IF mode = 'attach' THEN
                    PERFORM msm.start_engine(models => ARRAY['Asset']);
                ELSIF mode = 'raw' THEN
                    INSERT INTO public.ms_markets__asset AS t (uid, unique_identifier, asset_type)
                    VALUES (pg_catalog.gen_random_uuid(), 'loop-' || (i % 20000), 'crypto')
                    ON CONFLICT (unique_identifier) DO UPDATE SET asset_type = EXCLUDED.asset_type
                    RETURNING t.uid, t.unique_identifier, t.asset_type INTO r;
                ELSIF mode = 'msm' THEN
                    PERFORM msm.start_engine(models => ARRAY['Asset']);
                    SELECT * INTO r FROM msm.upsert_asset('loop-' || (i % 20000), 'crypto');
                END IF;
                COMMIT;
            END LOOP;
        END \$\$" -c "GRANT EXECUTE ON PROCEDURE public.bench_loop(integer, text) TO bench_app" >/dev/null || exit 1
    loop_us() { # SCOPE MODE
        local ms
        ms=$(bench_ms -U bench_app -c "SET msm.runtime_scope = $1" -c "CALL public.bench_loop(1000, '$2')" \
            -c "\\timing on" -c "CALL public.bench_loop($LOOPS, '$2')")
        awk -v t="$ms" -v n="$LOOPS" 'BEGIN { printf "%.3f\n", t * 1000 / n }'
    }
    local -a l_none=() l_txn=() l_sess=() l_add=() l_call=()
    for r in $(seq 1 "$ROUNDS"); do
        l_none+=("$(loop_us session commit)")
        l_txn+=("$(loop_us transaction attach)")
        l_sess+=("$(loop_us session attach)")
        l_add+=("$(awk -v a="${l_txn[-1]}" -v b="${l_sess[-1]}" 'BEGIN { printf "%.3f\n", a - b }')")
        l_call+=("$(awk -v a="${l_txn[-1]}" -v b="${l_none[-1]}" 'BEGIN { printf "%.3f\n", a - b }')")
        echo "loop round $r: commit only ${l_none[-1]} us, re-attach ${l_txn[-1]} us, session cached ${l_sess[-1]} us" >&2
    done

    med() { printf '%s\n' "$@" | bench_median; }
    range() { printf '%s\n' "$@" | sort -n | sed -n '1p;$p' | paste -sd' ' | awk '{ if ($1 + 0 >= 100) printf "%.0f-%.0f", $1, $2; else printf "%s-%s", $1, $2 }'; }
    ratios() { local -n a=$1 b=$2; local i; for i in "${!a[@]}"; do awk -v x="${b[$i]}" -v y="${a[$i]}" 'BEGIN { printf "%.3f\n", x / y }'; done; }
    local dr pr
    dr=$(ratios d_raw d_msm); pr=$(ratios p_raw p_msm)
    printf '| path | raw tps (median, range) | msm tps (median, range) | msm / raw (median of per-round ratios, range) |\n|---|---|---|---|\n'
    printf '| direct | %.0f (%s) | %.0f (%s) | %s (%s) |\n' "$(med "${d_raw[@]}")" "$(range "${d_raw[@]}")" \
        "$(med "${d_msm[@]}")" "$(range "${d_msm[@]}")" "$(med $dr)" "$(range $dr)"
    printf '| pgbouncer, transaction pooling | %.0f (%s) | %.0f (%s) | %s (%s) |\n' "$(med "${p_raw[@]}")" "$(range "${p_raw[@]}")" \
        "$(med "${p_msm[@]}")" "$(range "${p_msm[@]}")" "$(med $pr)" "$(range $pr)"
    echo
    printf '| per transaction (procedure loop, %s transactions, median of %s rounds, range) | us |\n|---|---|\n' "$LOOPS" "$ROUNDS"
    printf '| COMMIT only | %s (%s) |\n' "$(med "${l_none[@]}")" "$(range "${l_none[@]}")"
    printf '| start_engine + COMMIT, session scope (the attached runtime answers) | %s (%s) |\n' "$(med "${l_sess[@]}")" "$(range "${l_sess[@]}")"
    printf '| start_engine + COMMIT, transaction scope (re-attach from the session) | %s (%s) |\n' "$(med "${l_txn[@]}")" "$(range "${l_txn[@]}")"
    printf '| what the re-attach adds (transaction - session scope, per round) | %s (%s) |\n' "$(med "${l_add[@]}")" "$(range "${l_add[@]}")"
    printf '| start_engine call with re-attach (transaction scope - COMMIT only, per round) | %s (%s) |\n' "$(med "${l_call[@]}")" "$(range "${l_call[@]}")"
    msm_pgbouncer_stop benchpool

    # instructions (callgrind), the same loops in a single-user backend: the
    # difference between LOOPS+1000 and 1000 transactions, per transaction
    # every loop key exists, so raw and msm both update (the same work)
    msm_psql -c "INSERT INTO public.ms_markets__asset (uid, unique_identifier, asset_type)
        SELECT pg_catalog.gen_random_uuid(), 'loop-' || g, 'crypto' FROM pg_catalog.generate_series(0, 19999) g
        ON CONFLICT (unique_identifier) DO NOTHING" >/dev/null || exit 1
    msm_pg_ctl stop >/dev/null 2>&1 || exit 1
    ir() { # SCOPE ATTACH N
        local out=$MSM_WORKDIR/cg.$1.$2.$3
        printf "SET msm.runtime_scope = %s;\nCALL public.bench_loop(%s, '%s');\n" "$1" "$3" "$2" |
            msm_as_owner valgrind --tool=callgrind --callgrind-out-file="$out.cg" \
                "$MSM_PGBIN/postgres" --single -D "$MSM_PGDATA" -c log_min_messages=warning postgres >/dev/null 2>"$out.err"
        sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$out.cg"
    }
    per_tx() { # SCOPE ATTACH
        local a b
        a=$(ir "$1" "$2" 1000); b=$(ir "$1" "$2" $((CG_LOOPS + 1000)))
        awk -v a="$a" -v b="$b" -v n="$CG_LOOPS" 'BEGIN { printf "%.0f", (b - a) / n }'
    }
    local i_none i_sess i_txn
    local i_raw i_msm
    i_none=$(per_tx session commit); i_sess=$(per_tx session attach); i_txn=$(per_tx transaction attach)
    i_raw=$(per_tx transaction raw); i_msm=$(per_tx transaction msm)
    echo
    printf '| per transaction, instructions (callgrind, single-user backend, %s transactions) | instructions |\n|---|---|\n' "$CG_LOOPS"
    printf '| COMMIT only | %s |\n' "$i_none"
    printf '| start_engine + COMMIT, session scope | %s |\n' "$i_sess"
    printf '| start_engine + COMMIT, transaction scope (re-attach) | %s |\n' "$i_txn"
    printf '| what the re-attach adds (transaction - session scope) | %s |\n' "$((i_txn - i_sess))"
    printf '| start_engine call with re-attach (transaction scope - COMMIT only) | %s |\n' "$((i_txn - i_none))"
    printf '| raw INSERT ... ON CONFLICT ... RETURNING + COMMIT | %s |\n' "$i_raw"
    printf '| start_engine (re-attach) + msm.upsert_asset + COMMIT | %s |\n' "$i_msm"
    awk -v r="$i_raw" -v m="$i_msm" 'BEGIN { printf "| msm transaction / raw transaction | %.3f |\n", m / r }'
}

bench_run pooler-bench pooler_bench_body
