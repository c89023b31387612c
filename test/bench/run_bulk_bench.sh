#!/usr/bin/env bash
# test/bench/run_bulk_bench.sh: msm.upsert_many against the raw
# INSERT ... SELECT ... FROM jsonb_to_recordset(doc) ... ON CONFLICT DO UPDATE
# of the same jsonb argument, with time and peak backend memory, on one
# throwaway cluster (doc/benchmarks.md, "Bulk upserts").
#
#   bash test/bench/run_bulk_bench.sh [--no-build] [--sizes 10000,100000,1000000] [--rounds N]
#
# For Asset (key unique_identifier; rows give unique_identifier, asset_type)
# and the time-index table AssetSnapshotsTS (key (time_index,
# asset_identifier), asset_identifier a foreign key to Asset; rows give the
# key, name and ticker over 1,000 assets), and each batch size:
#   * the JSON arrays are built beforehand and stored in a table (one for the
#     insert phase, one with other values for the update phase); their
#     stored size (pg_column_size) and size in memory are reported;
#   * rounds alternate raw and msm (which goes first alternates too); in each,
#     the table is emptied, then the insert phase and the update phase run,
#     each one statement measured by bench_peak_mb (time, and the peak growth
#     of the backend's private memory, which includes the detoasted argument);
#   * reported: the median time and its range, the median of the per-round
#     ratios raw time / msm time (> 1: msm is faster), the median peak
#     memory of each, and msm's peak beyond its argument's size in memory.
# Rounds: --rounds N for every size, else 3 at 1M rows and more, 5 at 100k
# and more, 9 below.  The runtime's statement_timeout_ms is raised to one
# hour for the msm runs (a 1M-row batch takes longer than the default 15 s
# on a small machine; doc/rows.md, "Large batches").
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
. test/lib.sh
. test/bench/lib.sh

SIZES=10000,100000,1000000 ROUNDS=auto
bench_init "[--sizes N,N,...] [--rounds N]" --sizes SIZES --rounds ROUNDS -- "$@"

bulk_body() {
    set -uo pipefail
    msm_psql -c "CREATE EXTENSION msm" -c "SELECT msm.migrate_upgrade()" >/dev/null || exit 1
    msm_psql -c "CREATE TABLE public.bench_doc (model text, size int, phase text, doc jsonb,
                 PRIMARY KEY (model, size, phase))" || exit 1

    local -A raw_sql=(
        [Asset]="INSERT INTO public.ms_markets__asset AS t (uid, unique_identifier, asset_type)
                 SELECT pg_catalog.gen_random_uuid(), r.unique_identifier, r.asset_type
                   FROM public.bench_doc d, pg_catalog.jsonb_to_recordset(d.doc) AS r(unique_identifier varchar(255), asset_type varchar(255))
                  WHERE d.model = 'Asset' AND d.size = :SIZE AND d.phase = ':PHASE'
                 ON CONFLICT (unique_identifier) DO UPDATE SET asset_type = EXCLUDED.asset_type"
        [AssetSnapshotsTS]="INSERT INTO public.ms_markets__assetsnapshotsts AS t (time_index, asset_identifier, name, ticker)
                 SELECT r.time_index, r.asset_identifier, r.name, r.ticker
                   FROM public.bench_doc d, pg_catalog.jsonb_to_recordset(d.doc)
                        AS r(time_index timestamptz, asset_identifier varchar(255), name varchar, ticker varchar)
                  WHERE d.model = 'AssetSnapshotsTS' AND d.size = :SIZE AND d.phase = ':PHASE'
                 ON CONFLICT (time_index, asset_identifier) DO UPDATE SET name = EXCLUDED.name, ticker = EXCLUDED.ticker"
    )
    local -A reset_sql=(
        [Asset]="TRUNCATE public.ms_markets__asset CASCADE"
        [AssetSnapshotsTS]="TRUNCATE public.ms_markets__assetsnapshotsts"
    )
    local -A value=([insert]=crypto [update]=equity)

    echo "| model | rows | phase | argument: stored / in memory | raw ms: median (range) | msm ms: median (range) | raw / msm time | raw peak MB | msm peak MB | msm peak beyond the argument |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    local model size phase rounds r first who out
    for model in Asset AssetSnapshotsTS; do
        for size in ${SIZES//,/ }; do
            # the arguments, built once
            for phase in insert update; do
                if [ "$model" = Asset ]; then
                    msm_psql -c "INSERT INTO public.bench_doc SELECT 'Asset', $size, '$phase',
                        jsonb_agg(jsonb_build_object('unique_identifier', 'bulk-' || g, 'asset_type', '${value[$phase]}'))
                        FROM generate_series(1, $size) g" || exit 1
                else
                    msm_psql -c "INSERT INTO public.bench_doc SELECT 'AssetSnapshotsTS', $size, '$phase',
                        jsonb_agg(jsonb_build_object('time_index', timestamptz '2024-01-01 00:00:00+00' + (g / 1000) * interval '1 minute',
                                                     'asset_identifier', 'ts-asset-' || (g % 1000),
                                                     'name', '${value[$phase]} ' || g, 'ticker', 'T' || g))
                        FROM generate_series(0, $size - 1) g" || exit 1
                fi
            done
            local argsize
            argsize=$(msm_psql -c "SELECT pg_size_pretty(pg_column_size(doc)::bigint) || ' / ' ||
                                          round(pg_column_size(doc || '[]'::jsonb) / 1048576.0, 1) || ' MB'
                                     FROM public.bench_doc WHERE model = '$model' AND size = $size AND phase = 'insert'")
            local argmb
            argmb=$(msm_psql -c "SELECT round(pg_column_size(doc || '[]'::jsonb) / 1048576.0, 1)
                                   FROM public.bench_doc WHERE model = '$model' AND size = $size AND phase = 'insert'")
            rounds=$ROUNDS
            if [ "$rounds" = auto ]; then
                if [ "$size" -ge 1000000 ]; then rounds=3; elif [ "$size" -ge 100000 ]; then rounds=5; else rounds=9; fi
            fi
            local -A ms=() mb=()
            for r in $(seq 1 "$rounds"); do
                if [ $((r % 2)) = 1 ]; then first="raw msm"; else first="msm raw"; fi
                for who in $first; do
                    local setup=(-c "SET client_min_messages = warning")
                    if [ "$model" = AssetSnapshotsTS ]; then
                        setup+=(-c "INSERT INTO public.ms_markets__asset (uid, unique_identifier, asset_type)
                                    SELECT gen_random_uuid(), 'ts-asset-' || g, 'crypto' FROM generate_series(0, 999) g
                                    ON CONFLICT DO NOTHING")
                    fi
                    if [ "$who" = msm ]; then
                        setup+=(-c "SET msm.default_statement_timeout_ms = '1h'"
                                -c "SELECT msm.start_engine(models => ARRAY['$model']) IS NOT NULL")
                    fi
                    for phase in insert update; do
                        local s=("${setup[@]}")
                        [ "$phase" = insert ] && s+=(-c "${reset_sql[$model]}")
                        local sql
                        if [ "$who" = msm ]; then
                            sql="SELECT msm.upsert_many('$model', doc) FROM public.bench_doc
                                  WHERE model = '$model' AND size = $size AND phase = '$phase'"
                        else
                            sql=${raw_sql[$model]//:SIZE/$size}; sql=${sql//:PHASE/$phase}
                        fi
                        out=$(bench_peak_mb "${s[@]}" -- "$sql") || exit 1
                        mb[$who,$phase]+="${out% *} "
                        ms[$who,$phase]+="${out#* } "
                        echo "$model $size round $r $who $phase: ${out#* } ms, ${out% *} MB" >&2
                    done
                done
            done
            for phase in insert update; do
                local raw_med msm_med raw_rng msm_rng ratio raw_mb msm_mb
                raw_med=$(printf '%s\n' ${ms[raw,$phase]} | bench_median)
                msm_med=$(printf '%s\n' ${ms[msm,$phase]} | bench_median)
                raw_rng=$(printf '%s\n' ${ms[raw,$phase]} | sort -n | awk 'NR == 1 { a = $1 } { b = $1 } END { printf "%.0f-%.0f", a, b }')
                msm_rng=$(printf '%s\n' ${ms[msm,$phase]} | sort -n | awk 'NR == 1 { a = $1 } { b = $1 } END { printf "%.0f-%.0f", a, b }')
                ratio=$(paste -d' ' <(printf '%s\n' ${ms[raw,$phase]}) <(printf '%s\n' ${ms[msm,$phase]}) |
                        awk '{ printf "%.4f\n", $1 / $2 }' | bench_median)
                raw_mb=$(printf '%s\n' ${mb[raw,$phase]} | bench_median)
                msm_mb=$(printf '%s\n' ${mb[msm,$phase]} | bench_median)
                awk -v m="$model" -v n="$size" -v p="$phase" -v a="$argsize" -v rm="$raw_med" -v mm="$msm_med" \
                    -v rr="$raw_rng" -v mr="$msm_rng" -v q="$ratio" -v rb="$raw_mb" -v mb="$msm_mb" -v am="$argmb" 'BEGIN {
                    printf "| %s | %d | %s | %s | %.0f (%s) | %.0f (%s) | %.2f | %.1f | %.1f | %.1f |\n",
                           m, n, p, a, rm, rr, mm, mr, q, rb, mb, mb - am }'
            done
            unset ms mb
            msm_psql -c "DELETE FROM public.bench_doc WHERE model = '$model' AND size = $size" || exit 1
        done
    done
}

bench_run bulk bulk_body
