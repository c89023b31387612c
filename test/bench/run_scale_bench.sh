#!/usr/bin/env bash
# test/bench/run_scale_bench.sh: what attachment and the row API cost as
# the number of models grows (doc/benchmarks.md, "Growth with the number of
# models"), in one run, on one throwaway cluster.
#
#   bash test/bench/run_scale_bench.sh [--no-build] [--rounds N] [--sizes "0 200 1000"]
#                                      [--callgrind-loops N]
#
# For each size D of --sizes, a database of its own with the 39 built-ins
# and D declared project models (public.bench_markets__scalemodelNNNN, a
# foreign key to Asset each), migrated, so 39 + D models.  Measured in it:
#
# 1. start_engine(models => ARRAY['Asset']) in a new session (the first
#    statement of a fresh psql), median of ROUNDS sessions;
# 2. the same in a session: stop_engine() + start_engine() 200 times in one
#    statement, per call;
# 3. the same for the last declared model (its closure: it and Asset), and
#    for every model (5 calls in one statement);
# 4. msm.get on Asset and on the last model of a runtime holding every
#    model (start_engine of all 39 + D), 20000 calls in one statement, per
#    call; rounds alternate Asset and the last model;
# 5. cached start_engine (100000 calls in one statement) with
#    msm.log_events on and off.
#
# 6. the same counted in instructions (valgrind --tool=callgrind on a
#    single-user backend, the cluster stopped; per call = the difference
#    between 2N and N calls over N, N = --callgrind-loops, 0 skips it):
#    in-session start_engine of Asset in the first and the last database,
#    msm.get on Asset and on the last model in the last one.
#
# Prints one Markdown table row per size and the ratios against the first
# size.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
. test/lib.sh
. test/bench/lib.sh

ROUNDS=7 SIZES="0 200 1000" CG_LOOPS=200
bench_init "[--rounds N] [--sizes \"D1 D2 ...\"] [--callgrind-loops N]" --rounds ROUNDS --sizes SIZES \
    --callgrind-loops CG_LOOPS -- "$@"

scale_body() {
    set -uo pipefail
    med() { printf '%s\n' "$@" | bench_median; }
    per() { awk -v t="$1" -v n="$2" -v f="$3" 'BEGIN { printf "%.3f\n", t * f / n }'; }
    local -a rows=()
    local d db
    for d in $SIZES; do
        db=scale_$d
        msm_psql -c "CREATE DATABASE $db" >/dev/null || exit 1
        msm_psql -d "$db" -c "SET client_min_messages = warning" -c "CREATE EXTENSION msm" \
            -c "SELECT msm.migrate_upgrade() IS NOT NULL" >/dev/null || exit 1
        if [ "$d" -gt 0 ]; then
            msm_psql -d "$db" -c "SET client_min_messages = warning" -c "DO \$\$
            DECLARE
                base text;
                t text;
            BEGIN
                FOR i IN 1..$d LOOP
                    base := pg_catalog.format('ScaleModel%s', pg_catalog.lpad(i::text, 4, '0'));
                    t := msm.physical_table_name('bench_markets', base);
                    EXECUTE pg_catalog.format('CREATE TABLE public.%I (asset_uid uuid PRIMARY KEY REFERENCES public.ms_markets__asset (uid), note text)', t);
                    EXECUTE pg_catalog.format('COMMENT ON TABLE public.%I IS %L', t, 'Scale benchmark model ' || i || ', one row per asset.');
                    EXECUTE pg_catalog.format('COMMENT ON COLUMN public.%I.asset_uid IS %L', t, 'The asset of the row.');
                    EXECUTE pg_catalog.format('COMMENT ON COLUMN public.%I.note IS %L', t, 'A free text note.');
                    PERFORM msm.declare_model(pg_catalog.format('public.%I', t)::regclass, base_identifier => base,
                        metatable_namespace => 'com.bench.markets', storage_app => 'bench_markets',
                        kind => 'meta_table', upsert_keys => ARRAY['asset_uid']);
                END LOOP;
            END \$\$" -c "SELECT msm.migrate_upgrade() IS NOT NULL" >/dev/null || exit 1
        fi
        local last=Asset
        [ "$d" -gt 0 ] && last=$(printf 'ScaleModel%04d' "$d")
        msm_psql -d "$db" -c "INSERT INTO public.ms_markets__asset (uid, unique_identifier, asset_type)
            VALUES ('00000000-0000-4000-8000-000000000001', 'scale-asset', 'crypto')" >/dev/null || exit 1
        local last_key="{\"unique_identifier\": \"scale-asset\"}"
        if [ "$d" -gt 0 ]; then
            msm_psql -d "$db" -c "INSERT INTO public.$(msm_psql -d "$db" -c "SELECT msm.physical_table_name('bench_markets', '$last')") (asset_uid, note)
                VALUES ('00000000-0000-4000-8000-000000000001', 'x')" >/dev/null || exit 1
            last_key="{\"asset_uid\": \"00000000-0000-4000-8000-000000000001\"}"
        fi
        local n_models
        n_models=$(msm_psql -d "$db" -c "SELECT count(*) FROM msm.models_of() m WHERE NOT m.is_root")

        local -a s_new=() s_in=() s_last=() s_all=() g_asset=() g_last=() c_on=() c_off=()
        local r ms all="ARRAY(SELECT m.model_name FROM msm.models_of() m WHERE NOT m.is_root ORDER BY m.position)"
        local allm
        allm=$(msm_psql -d "$db" -c "SELECT $all::text")
        for r in $(seq 1 "$ROUNDS"); do
            s_new+=("$(bench_ms -d "$db" -c "\\timing on" -c "SELECT msm.start_engine(models => ARRAY['Asset']) IS NOT NULL")")
            ms=$(bench_ms -d "$db" -c "SELECT msm.start_engine(models => ARRAY['Asset']) IS NOT NULL" -c "\\timing on" \
                -c "SELECT count(*) FROM (SELECT msm.stop_engine() AS s, msm.start_engine(models => ARRAY['Asset']) AS e FROM generate_series(1, 200)) x")
            s_in+=("$(per "$ms" 200 1)")
            ms=$(bench_ms -d "$db" -c "SELECT msm.start_engine(models => ARRAY['$last']) IS NOT NULL" -c "\\timing on" \
                -c "SELECT count(*) FROM (SELECT msm.stop_engine() AS s, msm.start_engine(models => ARRAY['$last']) AS e FROM generate_series(1, 200)) x")
            s_last+=("$(per "$ms" 200 1)")
            ms=$(bench_ms -d "$db" -c "SELECT msm.start_engine(models => '$allm'::text[]) IS NOT NULL" -c "\\timing on" \
                -c "SELECT count(*) FROM (SELECT msm.stop_engine() AS s, msm.start_engine(models => '$allm'::text[]) AS e FROM generate_series(1, 5)) x")
            s_all+=("$(per "$ms" 5 1)")
            ms=$(bench_ms -d "$db" -c "SELECT msm.start_engine(models => $all) IS NOT NULL" -c "\\timing on" \
                -c "SELECT count(msm.get('Asset', '{\"unique_identifier\": \"scale-asset\"}')) FROM generate_series(1, 20000)" \
                -c "SELECT count(msm.get('$last', '$last_key')) FROM generate_series(1, 20000)")
            g_asset+=("$(per "$(echo "$ms" | sed -n 1p)" 20000 1000)")
            g_last+=("$(per "$(echo "$ms" | sed -n 2p)" 20000 1000)")
            for lg in on off; do
                ms=$(bench_ms -d "$db" -c "SET msm.log_events = $lg" -c "SELECT msm.start_engine(models => ARRAY['Asset']) IS NOT NULL" -c "\\timing on" \
                    -c "SELECT count(msm.start_engine(models => ARRAY['Asset'])) FROM generate_series(1, 100000)")
                if [ $lg = on ]; then c_on+=("$(per "$ms" 100000 1000)"); else c_off+=("$(per "$ms" 100000 1000)"); fi
            done
            echo "models $n_models round $r: new ${s_new[-1]} ms, in-session ${s_in[-1]} ms, last ${s_last[-1]} ms, all ${s_all[-1]} ms, get Asset ${g_asset[-1]} us, get $last ${g_last[-1]} us, cached on ${c_on[-1]} us off ${c_off[-1]} us" >&2
        done
        local gr=()
        for r in "${!g_asset[@]}"; do gr+=("$(awk -v a="${g_last[$r]}" -v b="${g_asset[$r]}" 'BEGIN { printf "%.3f\n", a / b }')"); done
        rows+=("$n_models $(med "${s_new[@]}") $(med "${s_in[@]}") $(med "${s_last[@]}") $(med "${s_all[@]}") $(med "${g_asset[@]}") $(med "${g_last[@]}") $(med "${gr[@]}") $(med "${c_on[@]}") $(med "${c_off[@]}")")
    done
    printf '| models | start_engine Asset, new session (ms) | in session (ms) | last model, in session (ms) | every model, in session (ms) | get Asset (us) | get last model (us) | get last / Asset (median per round) | cached start_engine, log on / off (us) |\n'
    printf '|---|---|---|---|---|---|---|---|---|\n'
    local row
    for row in "${rows[@]}"; do
        set -- $row
        printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s / %s |\n' "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$8" "$9" "${10}"
    done
    set -- ${rows[0]}
    local b_new=$2 b_in=$3
    echo
    for row in "${rows[@]:1}"; do
        set -- $row
        awk -v m="$1" -v a="$2" -v b="$b_new" -v c="$3" -v e="$b_in" -v m0="$(set -- ${rows[0]}; echo "$1")" \
            'BEGIN { printf "start_engine Asset, %s / %s models: new session %.2f, in session %.2f\n", m, m0, a / b, c / e }'
    done
    [ "$CG_LOOPS" -gt 0 ] || return 0

    # instructions: single-user backends on the stopped cluster
    local first=${SIZES%% *} lastd=${SIZES##* } lastm
    lastm=$(printf 'ScaleModel%04d' "$lastd")
    [ "$lastd" -gt 0 ] || lastm=Asset
    msm_pg_ctl stop >/dev/null 2>&1 || exit 1
    ir() { # DB N SQL-with-@N@
        local out=$MSM_WORKDIR/cg.$1.$2.$RANDOM
        { echo "SELECT msm.start_engine(models => ARRAY(SELECT m.model_name FROM msm.models_of() m WHERE NOT m.is_root ORDER BY m.position)) IS NOT NULL"
          echo "${3//@N@/$2}"; } >"$out.in"
        msm_as_owner valgrind --tool=callgrind --callgrind-out-file="$out.cg" \
            "$MSM_PGBIN/postgres" --single -D "$MSM_PGDATA" -c log_min_messages=warning "$1" <"$out.in" >/dev/null 2>"$out.err"
        sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$out.cg"
    }
    per_call() { # DB SQL
        local a b
        a=$(ir "$1" "$CG_LOOPS" "$2"); b=$(ir "$1" $((CG_LOOPS * 2)) "$2")
        awk -v a="$a" -v b="$b" -v n="$CG_LOOPS" 'BEGIN { printf "%.0f", (b - a) / n }'
    }
    local attach="SELECT count(*) FROM (SELECT msm.stop_engine() AS s, msm.start_engine(models => ARRAY['Asset']) AS e FROM generate_series(1, @N@)) x"
    local i_a0 i_a1 i_g0 i_g1 last_key='{"asset_uid": "00000000-0000-4000-8000-000000000001"}'
    [ "$lastd" -gt 0 ] || last_key='{"unique_identifier": "scale-asset"}'
    i_a0=$(per_call "scale_$first" "$attach")
    i_a1=$(per_call "scale_$lastd" "$attach")
    i_g0=$(per_call "scale_$lastd" "SELECT count(msm.get('Asset', '{\"unique_identifier\": \"scale-asset\"}')) FROM generate_series(1, @N@ * 10)")
    i_g1=$(per_call "scale_$lastd" "SELECT count(msm.get('$lastm', '$last_key')) FROM generate_series(1, @N@ * 10)")
    echo
    printf '| instructions per call (callgrind) | %s models | %s models | ratio |\n|---|---|---|---|\n' \
        "$(set -- ${rows[0]}; echo "$1")" "$(set -- ${rows[-1]}; echo "$1")"
    awk -v a="$i_a0" -v b="$i_a1" 'BEGIN { printf "| start_engine Asset, in session | %d | %d | %.3f |\n", a, b, b / a }'
    awk -v a="$i_g0" -v b="$i_g1" -v m="$lastm" 'BEGIN { printf "| msm.get: Asset / %s (same runtime) | %d | %d | %.3f |\n", m, a / 10, b / 10, b / a }'
}

bench_run scale scale_body
