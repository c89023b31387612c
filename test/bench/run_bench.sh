#!/usr/bin/env bash
# test/bench/run_bench.sh: msm row API and attachment against raw SQL
# baselines, in one run, on one throwaway cluster.
#
#   bash test/bench/run_bench.sh [--no-build] [--seconds N] [--rounds N]
#
# 1. single-row upsert: pgbench -M prepared, 1 client, the same table and
#    key distribution: msm.upsert_asset(...) vs the raw prepared
#    INSERT ... ON CONFLICT (unique_identifier) DO UPDATE ... RETURNING.
#    Rounds alternate raw/msm; the median tps of each is reported.
# 2. bulk: msm.upsert_many('Asset', <100k-row JSON array>) vs raw
#    INSERT ... SELECT ... ON CONFLICT DO UPDATE of the same 100k rows
#    (fresh keys each round: inserts; then the same keys again: updates).
# 3. start_engine(): 39 models cold (stop_engine + start_engine) and cached
#    (per-call time of 100k cached calls inside one statement).
#
# Prints a Markdown table (the README's benchmark section comes from it).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
. test/lib.sh

BUILD=1 SECONDS_PER=4 ROUNDS=15
while [ $# -gt 0 ]; do
    case $1 in
        --no-build) BUILD=0; shift ;;
        --seconds) SECONDS_PER=$2; shift 2 ;;
        --rounds) ROUNDS=$2; shift 2 ;;
        *) echo "usage: $0 [--no-build] [--seconds N] [--rounds N]" >&2; exit 2 ;;
    esac
done

msm_ensure_packages || exit 1
if [ "$BUILD" = 1 ]; then msm_build_install || exit 1; fi

bench_body() {
    set -uo pipefail
    local dir; dir=$(mktemp -d)
    trap "rm -rf '$dir'" EXIT
    msm_psql -c "CREATE EXTENSION msm" -c "SELECT msm.migrate_upgrade()" >/dev/null || exit 1

    cat > "$dir/raw.sql" <<'SQL'
\set id random(1, 200000)
INSERT INTO public.ms_markets__asset AS t (uid, unique_identifier, asset_type)
VALUES (gen_random_uuid(), 'bench-' || :id, 'crypto')
ON CONFLICT (unique_identifier) DO UPDATE SET asset_type = EXCLUDED.asset_type
RETURNING t.uid, t.unique_identifier, t.asset_type;
SQL
    cat > "$dir/msm.sql" <<'SQL'
\set id random(1, 200000)
\if :started = 0
SELECT msm.start_engine(models => ARRAY['Asset']);
\set started 1
\endif
SELECT * FROM msm.upsert_asset('bench-' || :id, 'crypto');
SQL
    local raw_tps=() msm_tps=() r t
    for r in $(seq 1 "$ROUNDS"); do
        t=$(pgbench -n -M prepared -c 1 -T "$SECONDS_PER" -f "$dir/raw.sql" 2>&1 | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
        raw_tps+=("$t")
        t=$(pgbench -n -M prepared -c 1 -T "$SECONDS_PER" -D started=0 -f "$dir/msm.sql" 2>&1 | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
        msm_tps+=("$t")
        echo "round $r: raw ${raw_tps[-1]} tps, msm ${msm_tps[-1]} tps" >&2
    done
    # median of the per-round ratios (rounds alternate, so drift hits both)
    local ratio_med raw_med msm_med
    ratio_med=$(for i in "${!raw_tps[@]}"; do awk -v a="${msm_tps[$i]}" -v b="${raw_tps[$i]}" 'BEGIN { printf "%.4f\n", a / b }'; done | sort -n | sed -n "$(( (ROUNDS + 1) / 2 ))p")
    raw_med=$(printf '%s\n' "${raw_tps[@]}" | sort -n | sed -n "$(( (ROUNDS + 1) / 2 ))p")
    msm_med=$(printf '%s\n' "${msm_tps[@]}" | sort -n | sed -n "$(( (ROUNDS + 1) / 2 ))p")

    # bulk: the JSON input is built beforehand (the caller has it in hand)
    local bulk_raw=() bulk_msm=() ms
    for r in $(seq 1 "$ROUNDS"); do
        for phase in insert update; do
            key="bulk$r"
            ms=$(msm_psql -c "\\timing on" -c "INSERT INTO public.ms_markets__asset AS t (uid, unique_identifier, asset_type)
                 SELECT gen_random_uuid(), 'raw-$key-' || g, 'crypto' FROM generate_series(1, 100000) g
                 ON CONFLICT (unique_identifier) DO UPDATE SET asset_type = EXCLUDED.asset_type" \
                 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p')
            bulk_raw+=("$ms")
            ms=$(msm_psql -c "CREATE TEMP TABLE input AS SELECT jsonb_agg(jsonb_build_object('unique_identifier', 'msm-$key-' || g, 'asset_type', 'crypto')) AS doc FROM generate_series(1, 100000) g" \
                 -c "SELECT msm.start_engine(models => ARRAY['Asset'])" -c "\\timing on" \
                 -c "SELECT msm.upsert_many('Asset', doc) FROM input" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p')
            bulk_msm+=("$ms")
            echo "bulk round $r $phase: raw ${bulk_raw[-1]} ms, msm ${bulk_msm[-1]} ms" >&2
        done
    done
    local braw_med bmsm_med bratio_med n=${#bulk_raw[@]}
    braw_med=$(printf '%s\n' "${bulk_raw[@]}" | sort -n | sed -n "$(( (n + 1) / 2 ))p")
    bmsm_med=$(printf '%s\n' "${bulk_msm[@]}" | sort -n | sed -n "$(( (n + 1) / 2 ))p")
    bratio_med=$(for i in "${!bulk_raw[@]}"; do awk -v a="${bulk_raw[$i]}" -v b="${bulk_msm[$i]}" 'BEGIN { printf "%.4f\n", a / b }'; done | sort -n | sed -n "$(( (n + 1) / 2 ))p")

    # start_engine: cold (39 models) and cached
    local cold cached
    cold=$(msm_psql -c "SELECT msm.start_engine()" -c "SELECT msm.stop_engine()" -c "\\timing on" \
        -c "SELECT count(*) FROM (SELECT msm.stop_engine() AS s, msm.start_engine() AS e FROM generate_series(1, 50) g) x" \
        | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p')
    cached=$(msm_psql -c "SELECT msm.start_engine()" -c "\\timing on" \
        -c "SELECT count(msm.start_engine()) FROM generate_series(1, 100000)" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p')

    awk -v rt="$raw_med" -v mt="$msm_med" -v rr="$ratio_med" -v br="$braw_med" -v bm="$bmsm_med" -v brr="$bratio_med" -v cold="$cold" -v cached="$cached" 'BEGIN {
        printf "| benchmark | raw baseline | msm | msm / raw |\n|---|---|---|---|\n"
        printf "| single-row upsert (pgbench -M prepared, 1 client; median tps, median of per-round ratios) | %.0f tps | %.0f tps | %.2f |\n", rt, mt, rr
        printf "| bulk upsert of 100k rows (median ms; ratio = raw time / msm time, median per round) | %.0f ms | %.0f ms | %.2f |\n", br, bm, brr
        printf "| start_engine(), 39 models, cold (per call) | | %.2f ms | |\n", cold / 50
        printf "| start_engine(), 39 models, cached (per call) | | %.2f us | |\n", cached * 1000 / 100000
    }'
}

MSM_CLUSTER_LABEL=bench msm_with_cluster bash -c "$(declare -f bench_body); ROUNDS=$ROUNDS SECONDS_PER=$SECONDS_PER; . test/lib.sh; bench_body"
