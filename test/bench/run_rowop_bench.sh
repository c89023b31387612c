#!/usr/bin/env bash
# test/bench/run_rowop_bench.sh: single-row operations of the row API
# against the raw SQL a caller would write instead, in one run, on one
# throwaway cluster (doc/benchmarks.md, "Single-row operations").
#
#   bash test/bench/run_rowop_bench.sh [--no-build] [--loops N] [--seconds N] [--rounds N]
#
# 1. instructions (valgrind --tool=callgrind), per operation: a single-user
#    backend (postgres --single) runs PREPARE once and EXECUTE N+200 times,
#    minus the same with 200 EXECUTEs, so that start-up cancels out; every
#    run starts from the same copy of the data directory (the table's heap
#    state is the same for every mode).  Every key exists (20,000 Asset
#    rows loop-00000 .. loop-19999, keys cycled), so every upsert updates
#    and every get finds its row.  Modes:
#      raw upsert    INSERT ... ON CONFLICT (unique_identifier) DO UPDATE ...
#                    RETURNING uid, unique_identifier, asset_type
#      upsert_asset  SELECT * FROM msm.upsert_asset($1, $2)   (function scan)
#                    SELECT msm.upsert_asset($1, $2)          (scalar call)
#      msm.upsert    SELECT msm.upsert('Asset', $1::jsonb)
#      raw get       SELECT to_jsonb(t) FROM ms_markets__asset t WHERE
#                    unique_identifier = $1          (text key), and
#                    ... = $1 ->> 'unique_identifier' (the same jsonb key
#                    msm.get is given)
#      msm.get       SELECT msm.get('Asset', $1::jsonb)
# 2. time: pgbench -M prepared, 1 client, SECONDS per round, rounds
#    alternating raw and msm; median tps of each and the median (and range)
#    of the per-round ratios msm/raw, for upsert_asset vs raw upsert and
#    msm.get vs raw get (jsonb key).
# 3. cached start_engine(models => ARRAY['Asset']) with msm.log_events on
#    and off: 200,000 calls in one statement less the same loop without
#    the call, per call, ROUNDS alternating rounds.
#
# Prints Markdown tables.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
. test/lib.sh
. test/bench/lib.sh

LOOPS=2000 SECONDS_PER=4 ROUNDS=9
bench_init "[--loops N] [--seconds N] [--rounds N]" --loops LOOPS --seconds SECONDS_PER --rounds ROUNDS -- "$@"

rowop_bench_body() {
    set -uo pipefail
    local dir; dir=$(mktemp -d); chmod 755 "$dir"
    trap "rm -rf '$dir'" EXIT
    msm_psql -c "CREATE EXTENSION msm" -c "SELECT msm.migrate_upgrade()" >/dev/null || exit 1
    msm_psql -c "INSERT INTO public.ms_markets__asset (uid, unique_identifier, asset_type)
        SELECT pg_catalog.gen_random_uuid(), pg_catalog.format('loop-%s', pg_catalog.lpad(g::text, 5, '0')), 'crypto'
          FROM pg_catalog.generate_series(0, 19999) g" \
        -c "VACUUM ANALYZE public.ms_markets__asset" >/dev/null || exit 1

    # --- 2. pgbench, alternating rounds (the server is running) ---
    local attach='\if :started = 0
SELECT msm.start_engine(models => ARRAY['"'Asset'"']) IS NOT NULL;
\set started 1
\endif'
    printf '%s\n' '\set id random(0, 19999)' \
        "INSERT INTO public.ms_markets__asset AS t (uid, unique_identifier, asset_type) VALUES (pg_catalog.gen_random_uuid(), 'loop-' || pg_catalog.lpad(:id::text, 5, '0'), 'crypto') ON CONFLICT (unique_identifier) DO UPDATE SET asset_type = EXCLUDED.asset_type RETURNING t.uid, t.unique_identifier, t.asset_type;" >"$dir/raw_upsert.sql"
    printf '%s\n' '\set id random(0, 19999)' "$attach" \
        "SELECT * FROM msm.upsert_asset('loop-' || pg_catalog.lpad(:id::text, 5, '0'), 'crypto');" >"$dir/msm_upsert.sql"
    printf '%s\n' '\set id random(0, 19999)' \
        "SELECT pg_catalog.to_jsonb(t) FROM public.ms_markets__asset t WHERE t.unique_identifier = (pg_catalog.jsonb_build_object('unique_identifier', 'loop-' || pg_catalog.lpad(:id::text, 5, '0')) OPERATOR(pg_catalog.->>) 'unique_identifier');" >"$dir/raw_get.sql"
    printf '%s\n' '\set id random(0, 19999)' "$attach" \
        "SELECT msm.get('Asset', pg_catalog.jsonb_build_object('unique_identifier', 'loop-' || pg_catalog.lpad(:id::text, 5, '0')));" >"$dir/msm_get.sql"
    tps() { pgbench -n -M prepared -c 1 -T "$SECONDS_PER" -D started=0 -f "$dir/$1.sql" 2>&1 | sed -n 's/^tps = \([0-9.]*\).*/\1/p'; }
    local -a ru=() mu=() rg=() mg=()
    local r
    for r in $(seq 1 "$ROUNDS"); do
        ru+=("$(tps raw_upsert)"); mu+=("$(tps msm_upsert)")
        mg+=("$(tps msm_get)"); rg+=("$(tps raw_get)")
        echo "round $r: upsert raw ${ru[-1]} msm ${mu[-1]} tps; get raw ${rg[-1]} msm ${mg[-1]} tps" >&2
    done
    med() { printf '%s\n' "$@" | bench_median; }
    range() { printf '%s\n' "$@" | sort -n | sed -n '1p;$p' | paste -sd' ' | awk '{ printf "%s-%s", $1, $2 }'; }
    ratios() { local -n a=$1 b=$2; local i; for i in "${!a[@]}"; do awk -v x="${b[$i]}" -v y="${a[$i]}" 'BEGIN { printf "%.3f\n", x / y }'; done; }
    local -a ur gr
    mapfile -t ur < <(ratios ru mu); mapfile -t gr < <(ratios rg mg)

    # --- 3. cached start_engine, log_events on and off (the server is running) ---
    local -a c_on=() c_off=()
    cached_us() { # LOG_EVENTS
        local ms a b
        ms=$(bench_ms -c "SET msm.log_events = $1" -c "SELECT msm.start_engine(models => ARRAY['Asset']) IS NOT NULL" -c "\\timing on" \
            -c "SELECT count(msm.start_engine(models => ARRAY['Asset'])) FROM pg_catalog.generate_series(1, 200000)" \
            -c "SELECT count(g) FROM pg_catalog.generate_series(1, 200000) g")
        a=$(echo "$ms" | sed -n 1p); b=$(echo "$ms" | sed -n 2p)
        awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f\n", (a - b) * 1000 / 200000 }'
    }
    for r in $(seq 1 "$ROUNDS"); do
        c_on+=("$(cached_us on)"); c_off+=("$(cached_us off)")
    done

    # --- 1. callgrind in single-user backends ---
    msm_psql -c "CHECKPOINT" >/dev/null
    msm_pg_ctl stop >/dev/null 2>&1 || exit 1
    local snap=$MSM_WORKDIR/snapshot
    cp -a "$MSM_PGDATA" "$snap" || exit 1
    local attach_line="SELECT msm.start_engine(models => ARRAY['Asset']) IS NOT NULL"
    lines() { # MODE N
        local i
        case $1 in
            raw_upsert) echo "PREPARE p(text, text) AS INSERT INTO public.ms_markets__asset AS t (uid, unique_identifier, asset_type) VALUES (pg_catalog.gen_random_uuid(), \$1, \$2) ON CONFLICT (unique_identifier) DO UPDATE SET asset_type = EXCLUDED.asset_type RETURNING t.uid, t.unique_identifier, t.asset_type" ;;
            asset_from) echo "$attach_line"; echo "PREPARE p(text, text) AS SELECT * FROM msm.upsert_asset(\$1, \$2)" ;;
            asset_scalar) echo "$attach_line"; echo "PREPARE p(text, text) AS SELECT msm.upsert_asset(\$1, \$2)" ;;
            msm_upsert) echo "$attach_line"; echo "PREPARE p(jsonb) AS SELECT msm.upsert('Asset', \$1)" ;;
            raw_get_text) echo "PREPARE p(text) AS SELECT pg_catalog.to_jsonb(t) FROM public.ms_markets__asset t WHERE t.unique_identifier = \$1" ;;
            raw_get_jsonb) echo "PREPARE p(jsonb) AS SELECT pg_catalog.to_jsonb(t) FROM public.ms_markets__asset t WHERE t.unique_identifier = (\$1 OPERATOR(pg_catalog.->>) 'unique_identifier')" ;;
            msm_get) echo "$attach_line"; echo "PREPARE p(jsonb) AS SELECT msm.get('Asset', \$1)" ;;
        esac
        for i in $(seq 1 "$2"); do
            # every argument list is as long in every mode, so that reading
            # the query text costs the same
            case $1 in
                raw_upsert|asset_from|asset_scalar) printf "EXECUTE p('loop-%05d', 'crypto')\n" $((i % 20000)) ;;
                msm_upsert) printf "EXECUTE p('{\"unique_identifier\": \"loop-%05d\", \"asset_type\": \"crypto\"}')\n" $((i % 20000)) ;;
                raw_get_text) printf "EXECUTE p('loop-%05d')\n" $((i % 20000)) ;;
                *) printf "EXECUTE p('{\"unique_identifier\": \"loop-%05d\"}')\n" $((i % 20000)) ;;
            esac
        done
    }
    ir() { # MODE N
        local out=$MSM_WORKDIR/cg.$1.$2 run=$MSM_WORKDIR/run
        lines "$1" "$2" >"$out.in"; chmod 644 "$out.in"
        rm -rf "$run"; cp -a "$snap" "$run" || return 1
        msm_as_owner valgrind --tool=callgrind --callgrind-out-file="$out.cg" \
            "$MSM_PGBIN/postgres" --single -D "$run" -c log_min_messages=warning postgres <"$out.in" >"$out.out" 2>"$out.err"
        if grep -q "ERROR" "$out.out" "$out.err"; then grep -m3 ERROR "$out.out" "$out.err" >&2; return 1; fi
        sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$out.cg"
    }
    per_op() { local a b; a=$(ir "$1" 200) && b=$(ir "$1" $((LOOPS + 200))) || return 1
        awk -v a="$a" -v b="$b" -v n="$LOOPS" 'BEGIN { printf "%.0f", (b - a) / n }'; }
    local -A I=()
    local m
    for m in raw_upsert asset_from asset_scalar msm_upsert raw_get_text raw_get_jsonb msm_get; do
        I[$m]=$(per_op "$m") || { echo "callgrind run $m failed" >&2; exit 1; }
        echo "instructions $m: ${I[$m]}" >&2
    done

    printf '| per operation, instructions (callgrind, single-user backend, prepared, %s executions) | instructions | / raw |\n|---|---|---|\n' "$LOOPS"
    awk -v r="${I[raw_upsert]}" -v f="${I[asset_from]}" -v s="${I[asset_scalar]}" -v u="${I[msm_upsert]}" \
        -v gt="${I[raw_get_text]}" -v gj="${I[raw_get_jsonb]}" -v g="${I[msm_get]}" 'BEGIN {
        printf "| raw INSERT ... ON CONFLICT ... RETURNING | %d | |\n", r
        printf "| SELECT * FROM msm.upsert_asset($1, $2) | %d | %.3f |\n", f, f / r
        printf "| SELECT msm.upsert_asset($1, $2) | %d | %.3f |\n", s, s / r
        printf "| SELECT msm.upsert(\x27Asset\x27, $1) | %d | %.3f |\n", u, u / r
        printf "| raw SELECT to_jsonb(t) ... WHERE unique_identifier = $1 (text key) | %d | |\n", gt
        printf "| raw SELECT to_jsonb(t) ... WHERE unique_identifier = $1 ->> \x27unique_identifier\x27 (jsonb key) | %d | |\n", gj
        printf "| SELECT msm.get(\x27Asset\x27, $1) (jsonb key) | %d | %.3f (text key) / %.3f (jsonb key) |\n", g, g / gt, g / gj
    }'
    echo
    printf '| pgbench -M prepared, 1 client, %s rounds of %s s alternating | raw tps (median) | msm tps (median) | msm / raw (median of per-round ratios, range) |\n|---|---|---|---|\n' "$ROUNDS" "$SECONDS_PER"
    printf '| upsert_asset vs raw upsert | %.0f | %.0f | %s (%s) |\n' "$(med "${ru[@]}")" "$(med "${mu[@]}")" "$(med "${ur[@]}")" "$(range "${ur[@]}")"
    printf '| msm.get vs raw get (jsonb key) | %.0f | %.0f | %s (%s) |\n' "$(med "${rg[@]}")" "$(med "${mg[@]}")" "$(med "${gr[@]}")" "$(range "${gr[@]}")"
    echo
    printf '| cached start_engine(models => ARRAY[Asset]), 200,000 calls in one statement less the bare loop, %s rounds | us per call: median (range) |\n|---|---|\n' "$ROUNDS"
    printf '| msm.log_events = on | %s (%s) |\n' "$(med "${c_on[@]}")" "$(range "${c_on[@]}")"
    printf '| msm.log_events = off | %s (%s) |\n' "$(med "${c_off[@]}")" "$(range "${c_off[@]}")"
}

bench_run rowop-bench rowop_bench_body
