#!/usr/bin/env bash
# test/bench/run_staging_bench.sh: upserts from a staging table
# (doc/benchmarks.md, "Staging-table upserts"), one throwaway cluster.
#
#   bash test/bench/run_staging_bench.sh [--no-build] [--sizes "N ..."] [--rounds N] [--models "M ..."]
#
# For each model (Asset, and the time-index table AssetSnapshotsTS, whose
# 1,000 parent assets are loaded first) and each size N, a file of N rows
# with distinct keys, in random key order, is written once (server-side
# COPY TO).  Then ROUNDS alternating rounds (odd rounds run msm first, even
# rounds raw first), each one statement in a fresh session measured by
# bench_peak_mb (time, and peak growth of the backend's private memory):
#
#   (a) from an UNLOGGED staging table already loaded from the file:
#       msm   SELECT msm.upsert_from(model, 'stg')
#       raw   INSERT INTO target (cols) SELECT cols FROM stg
#             ON CONFLICT (keys) DO UPDATE SET ...   (no dedupe, no order)
#       insert phase on an empty target, then update phase (every key exists)
#   (b) COPY stg FROM the file (stg emptied first), then the same upsert, as
#       one timed statement string; insert phase and update phase.
#
# The session's work_mem is the server default (4MB), msm's statement limit
# is raised for the runtime (msm.default_statement_timeout_ms = 1 h).
# Prints a Markdown table: medians with [min-max], ratio raw/msm of the
# medians (>= 1 means msm is as fast or faster), peak memory medians.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
. test/lib.sh
. test/bench/lib.sh

SIZES="10000 100000 1000000" ROUNDS=3 MODELS="Asset AssetSnapshotsTS"
bench_init '[--sizes "N ..."] [--rounds N] [--models "Asset AssetSnapshotsTS"]' \
    --sizes SIZES --rounds ROUNDS --models MODELS -- "$@"

staging_body() {
    set -uo pipefail
    local model n r m phase kind res file cols raw_sql msm_sql target truncate
    msm_psql -c "CREATE EXTENSION msm" -c "SELECT msm.migrate_upgrade() IS NOT NULL" >/dev/null || exit 1
    msm_setup=(-c "SET msm.log_events = off" -c "SET msm.default_statement_timeout_ms = 3600000")
    for model in $MODELS; do
        case $model in
            Asset)
                target=public.ms_markets__asset
                cols="unique_identifier varchar(255), asset_type varchar(64)"
                # TRUNCATE ... CASCADE empties the (empty) FK children too
                truncate="TRUNCATE $target CASCADE"
                gen() { echo "SELECT 'bench-asset-' || g AS unique_identifier, 'equity' AS asset_type
                              FROM generate_series(1, $1) g ORDER BY md5(g::text)"; }
                raw_sql="INSERT INTO $target (uid, unique_identifier, asset_type)
                         SELECT gen_random_uuid(), unique_identifier, asset_type FROM public.stg
                         ON CONFLICT (unique_identifier) DO UPDATE SET asset_type = EXCLUDED.asset_type" ;;
            AssetSnapshotsTS)
                target=public.ms_markets__assetsnapshotsts
                cols="time_index timestamptz, asset_identifier varchar(255), name varchar, ticker varchar"
                truncate="TRUNCATE $target"
                # the parents of the time-index rows (1,000 assets)
                msm_psql -c "INSERT INTO public.ms_markets__asset (uid, unique_identifier, asset_type)
                             SELECT gen_random_uuid(), 'ts-asset-' || a, 'equity' FROM generate_series(1, 1000) a
                             ON CONFLICT DO NOTHING" >/dev/null || exit 1
                gen() { echo "SELECT timestamptz '2024-01-01 00:00+00' + (g / 1000) * interval '1 minute' AS time_index,
                                     'ts-asset-' || (g % 1000 + 1) AS asset_identifier,
                                     'Name ' || (g % 1000 + 1) AS name, 'T' || (g % 1000 + 1) AS ticker
                              FROM generate_series(0, $1 - 1) g ORDER BY md5(g::text)"; }
                raw_sql="INSERT INTO $target (time_index, asset_identifier, name, ticker)
                         SELECT time_index, asset_identifier, name, ticker FROM public.stg
                         ON CONFLICT (time_index, asset_identifier) DO UPDATE
                         SET name = EXCLUDED.name, ticker = EXCLUDED.ticker" ;;
            *) echo "unknown model $model" >&2; exit 2 ;;
        esac
        msm_sql="SELECT msm.upsert_from('$model', 'public.stg')"
        for n in $SIZES; do
            file=$MSM_WORKDIR/staging-$model-$n.csv
            msm_psql -c "DROP TABLE IF EXISTS public.stg" -c "CREATE UNLOGGED TABLE public.stg ($cols)" \
                     -c "COPY ($(gen "$n")) TO '$file'" -c "COPY public.stg FROM '$file'" \
                     -c "VACUUM ANALYZE public.stg" -c "$truncate" >/dev/null 2>&1 || { echo "setup of $model $n failed" >&2; exit 1; }
            for r in $(seq 1 "$ROUNDS"); do
                local order="msm raw"
                [ $((r % 2)) = 0 ] && order="raw msm"
                for kind in a b; do
                    for m in $order; do
                        for phase in insert update; do
                            local setup=("${msm_setup[@]}")
                            [ "$m" = msm ] && setup+=(-c "SELECT msm.start_engine(models => ARRAY['$model']) IS NOT NULL")
                            # the insert phase starts from an empty target
                            [ "$phase" = insert ] && msm_psql -c "$truncate" >/dev/null 2>&1
                            local sql
                            [ "$m" = msm ] && sql=$msm_sql || sql=$raw_sql
                            if [ "$kind" = b ]; then
                                msm_psql -c "TRUNCATE public.stg" >/dev/null
                                sql="COPY public.stg FROM '$file'; $sql"
                            fi
                            msm_psql -c "CHECKPOINT" >/dev/null
                            res=$(bench_peak_mb "${setup[@]}" -- "$sql") || { echo "$model $n $kind $m $phase failed" >&2; exit 1; }
                            # one line: model n kind method phase peak_mb ms
                            echo "R $model $n $kind $m $phase $res"
                            echo "$model $n round $r $kind $m $phase: $res" >&2
                        done
                    done
                done
                # after (b) the staging table holds the file again, for the next (a)
            done
            # content check: the last run left every row of the file in the target
            local rows; rows=$(msm_psql -At -c "SELECT count(*) FROM $target WHERE $( [ "$model" = Asset ] && echo "unique_identifier LIKE 'bench-asset-%'" || echo true )")
            [ "$rows" = "$n" ] || { echo "$model $n: target has $rows rows, expected $n" >&2; exit 1; }
        done
    done
}

out=$(mktemp)
bench_run staging staging_body | grep '^R ' >"$out"
[ -s "$out" ] || { echo "no measurements" >&2; rm -f "$out"; exit 1; }
awk '
    { k = $2 " " $3 " " $4 " " $6; key[k] = 1; t[k, $5] = t[k, $5] " " $8; p[k, $5] = p[k, $5] " " $7 }
    function med(s,   a, n, i, j, x) { n = split(s, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { x = a[i]; a[i] = a[j]; a[j] = x }
                                      lo = a[1]; hi = a[n]; return a[int((n + 1) / 2)] }
    function fmt(s,   m) { m = med(s); return sprintf("%.0f [%.0f-%.0f]", m, lo, hi) }
    END {
        print "| model | rows | path | phase | msm.upsert_from ms [min-max] | raw ms [min-max] | raw / msm | msm peak MB | raw peak MB |"
        print "|---|---|---|---|---|---|---|---|---|"
        n = 0; for (k in key) ks[++n] = k
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) {
            split(ks[i], a, " "); split(ks[j], b, " ")
            if (a[1] > b[1] || (a[1] == b[1] && (a[2] + 0 > b[2] + 0 || (a[2] == b[2] && (a[3] > b[3] || (a[3] == b[3] && a[4] > b[4])))))) { x = ks[i]; ks[i] = ks[j]; ks[j] = x }
        }
        for (i = 1; i <= n; i++) {
            k = ks[i]; split(k, a, " ")
            ms = fmt(t[k, "msm"]); mm = med(t[k, "msm"]); rs = fmt(t[k, "raw"]); rm = med(t[k, "raw"])
            printf "| %s | %d | %s | %s | %s | %s | %.2f | %.1f | %.1f |\n", a[1], a[2],
                (a[3] == "a" ? "from staging" : "COPY + upsert"), a[4], ms, rs, rm / mm, med(p[k, "msm"]), med(p[k, "raw"])
        }
    }' "$out"
rm -f "$out"
