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
. test/bench/lib.sh

SECONDS_PER=4 ROUNDS=15
bench_init "[--seconds N] [--rounds N]" --seconds SECONDS_PER --rounds ROUNDS -- "$@"

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
    ratio_med=$(for i in "${!raw_tps[@]}"; do awk -v a="${msm_tps[$i]}" -v b="${raw_tps[$i]}" 'BEGIN { printf "%.4f\n", a / b }'; done | bench_median)
    raw_med=$(printf '%s\n' "${raw_tps[@]}" | bench_median)
    msm_med=$(printf '%s\n' "${msm_tps[@]}" | bench_median)

    # bulk: the JSON input is built beforehand (the caller has it in hand)
    local bulk_raw=() bulk_msm=() ms
    for r in $(seq 1 "$ROUNDS"); do
        for phase in insert update; do
            key="bulk$r"
            ms=$(bench_ms -c "\\timing on" -c "INSERT INTO public.ms_markets__asset AS t (uid, unique_identifier, asset_type)
                 SELECT gen_random_uuid(), 'raw-$key-' || g, 'crypto' FROM generate_series(1, 100000) g
                 ON CONFLICT (unique_identifier) DO UPDATE SET asset_type = EXCLUDED.asset_type")
            bulk_raw+=("$ms")
            ms=$(bench_ms -c "CREATE TEMP TABLE input AS SELECT jsonb_agg(jsonb_build_object('unique_identifier', 'msm-$key-' || g, 'asset_type', 'crypto')) AS doc FROM generate_series(1, 100000) g" \
                 -c "SELECT msm.start_engine(models => ARRAY['Asset'])" -c "\\timing on" \
                 -c "SELECT msm.upsert_many('Asset', doc) FROM input")
            bulk_msm+=("$ms")
            echo "bulk round $r $phase: raw ${bulk_raw[-1]} ms, msm ${bulk_msm[-1]} ms" >&2
        done
    done
    local braw_med bmsm_med bratio_med
    braw_med=$(printf '%s\n' "${bulk_raw[@]}" | bench_median)
    bmsm_med=$(printf '%s\n' "${bulk_msm[@]}" | bench_median)
    bratio_med=$(for i in "${!bulk_raw[@]}"; do awk -v a="${bulk_raw[$i]}" -v b="${bulk_msm[$i]}" 'BEGIN { printf "%.4f\n", a / b }'; done | bench_median)

    # start_engine: cold (39 models) and cached, per call
    local cold cached
    cold=$(bench_attach_ms)
    cached=$(bench_cached_us)

    awk -v rt="$raw_med" -v mt="$msm_med" -v rr="$ratio_med" -v br="$braw_med" -v bm="$bmsm_med" -v brr="$bratio_med" -v cold="$cold" -v cached="$cached" 'BEGIN {
        printf "| benchmark | raw baseline | msm | msm / raw |\n|---|---|---|---|\n"
        printf "| single-row upsert (pgbench -M prepared, 1 client; median tps, median of per-round ratios) | %.0f tps | %.0f tps | %.2f |\n", rt, mt, rr
        printf "| bulk upsert of 100k rows (median ms; ratio = raw time / msm time, median per round) | %.0f ms | %.0f ms | %.2f |\n", br, bm, brr
        printf "| start_engine(), 39 models, cold (per call) | | %s ms | |\n", cold
        printf "| start_engine(), 39 models, cached (per call) | | %s us | |\n", cached
    }'
}

bench_run bench bench_body
