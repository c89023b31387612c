#!/usr/bin/env bash
# test/bench/run_migration_scale_bench.sh: the admin paths against the number
# of models (doc/benchmarks.md, "Scale: migrations, declarations,
# diagnostics"), one throwaway cluster per size, embedded registry.
#
#   bash test/bench/run_migration_scale_bench.sh [--no-build] [--sizes "0 200 1000"] [--rounds N]
#
# For each size D: D project tables with a foreign key to Asset (described
# as a model must be) are declared with msm.declare_model (timed per call),
# then migrate_upgrade runs once (reserving, registering and cataloguing the
# declared ones) and ROUNDS more times (rerun: nothing to do but check), then
# msm.diagnose() and the DBA views model_status, model_edges and
# catalog_status are read ROUNDS times.  The models are the 55 built-ins
# plus D.  Medians; the last columns divide the largest size's figure by
# the middle one's, against the ratio of their model counts (linear cost
# gives about the same number).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
. test/lib.sh
. test/bench/lib.sh

SIZES="0 200 1000" ROUNDS=5
bench_init '[--sizes "D ..."] [--rounds N]' --sizes SIZES --rounds ROUNDS -- "$@"

scale_body() {
    set -uo pipefail
    local d=$MSM_SCALE_D t0 t1 r v
    ms_of() { local t0 t1; t0=$(date +%s%N); msm_psql "$@" >/dev/null || echo "failed: $*" >&2; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000 )); }
    msm_psql -c "ALTER DATABASE postgres SET msm.log_events = off" -c "CREATE EXTENSION msm" \
             -c "SELECT msm.migrate_upgrade() IS NOT NULL" >/dev/null || exit 1
    msm_psql -c "DO \$\$ BEGIN FOR i IN 1..$d LOOP
        EXECUTE format('CREATE TABLE public.proj__m%s (asset_uid uuid PRIMARY KEY REFERENCES public.ms_markets__asset (uid), v text)', i);
        EXECUTE format('COMMENT ON TABLE public.proj__m%s IS %L', i, 'One row of project values per asset for the scale benchmark table.');
        EXECUTE format('COMMENT ON COLUMN public.proj__m%s.asset_uid IS %L', i, 'The asset this row of values describes.');
        EXECUTE format('COMMENT ON COLUMN public.proj__m%s.v IS %L', i, 'A free text value for the scale benchmark.');
    END LOOP; END \$\$" >/dev/null || exit 1
    # declare: per call, over all D (each call sees the ones before it)
    local declare_us=0
    if [ "$d" -gt 0 ]; then
        v=$(ms_of -c "DO \$\$ BEGIN FOR i IN 1..$d LOOP
            PERFORM msm.declare_model(format('public.proj__m%s', i)::regclass, base_identifier => format('M%s', i),
                metatable_namespace => 'com.scale', storage_app => 'proj', kind => 'meta_table', upsert_keys => ARRAY['asset_uid']);
        END LOOP; END \$\$")
        declare_us=$(( v / d ))
    fi
    local first; first=$(ms_of -c "SELECT msm.migrate_upgrade() IS NOT NULL")
    local -a rerun=() diag=() st=() ed=() cs=()
    for r in $(seq 1 "$ROUNDS"); do
        rerun+=("$(ms_of -c "SELECT msm.migrate_upgrade() IS NOT NULL")")
        diag+=("$(ms_of -c "SELECT count(*) FROM msm.diagnose()")")
        st+=("$(ms_of -c "SELECT count(*) FROM msm.model_status")")
        ed+=("$(ms_of -c "SELECT count(*) FROM msm.model_edges")")
        cs+=("$(ms_of -c "SELECT count(*) FROM msm.catalog_status")")
    done
    med() { printf '%s\n' "$@" | bench_median; }
    # one line: D models declare_us first_us rerun_us diagnose_us status_us edges_us catalog_us
    echo "$d $((d + 55)) $declare_us $first $(med "${rerun[@]}") $(med "${diag[@]}") $(med "${st[@]}") $(med "${ed[@]}") $(med "${cs[@]}")"
}

out=$(mktemp)
for d in $SIZES; do
    MSM_SCALE_D=$d
    export MSM_SCALE_D
    bench_run "scale-$d" scale_body | tail -n 1 >>"$out"
    echo "size $d: $(tail -n 1 "$out")" >&2
done
awk 'BEGIN {
        print "| models (built-in + declared) | declare_model per call | migrate_upgrade registering the declared | migrate_upgrade rerun | diagnose() | model_status | model_edges | catalog_status |"
        print "|---|---|---|---|---|---|---|---|"
    }
    { n++; for (i = 1; i <= 9; i++) v[n, i] = $i
      printf "| %d (55 + %d) | %s | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.0f ms |\n",
             $2, $1, ($1 > 0 ? sprintf("%.2f ms", $3 / 1000) : "-"), $4 / 1000, $5 / 1000, $6 / 1000, $7 / 1000, $8 / 1000, $9 / 1000 }
    END {
        if (n < 2) exit
        a = n - 1; b = n
        printf "| ratio %d / %d models (%.2f) | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n",
            v[b, 2], v[a, 2], v[b, 2] / v[a, 2], (v[a, 3] > 0 ? sprintf("%.2f", v[b, 3] / v[a, 3]) : "-"),
            v[b, 4] / v[a, 4], v[b, 5] / v[a, 5], v[b, 6] / v[a, 6], v[b, 7] / v[a, 7], v[b, 8] / v[a, 8], v[b, 9] / v[a, 9]
    }' "$out"
rm -f "$out"
