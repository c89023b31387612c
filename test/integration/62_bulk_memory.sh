#!/usr/bin/env bash
# msm.upsert_many in bounded memory (doc/rows.md, "Large batches"): a batch
# larger than msm.upsert_chunk_rows is sorted with a spilling sort and written
# in chunks, so the backend's memory beyond the batch's own jsonb argument
# stays bounded whatever the batch size.  Measured as the peak growth of the
# backend's private memory during the call (bench_peak_mb of
# test/bench/lib.sh: RssAnon sampled every 2 ms), minus the argument's size in
# memory: for 200k rows at most 24 MB (converting the whole batch in memory,
# as 0.1.0 did, takes about 35 MB beyond its 13 MB argument), and at most 8 MB
# more than for 50k rows.  Also: all or nothing at the top level when the
# last chunk fails.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
. "$MSM_REPO/test/bench/lib.sh"
cd "$MSM_REPO" || exit 1

tap_plan 8

msm_psql -c "CREATE EXTENSION msm" -c "SET msm.log_events = off" -c "SELECT msm.migrate_upgrade()" >/dev/null
tap_ok "the batches are built and stored" msm_psql -c "
    CREATE TABLE public.batch (n int PRIMARY KEY, doc jsonb);
    INSERT INTO public.batch
    SELECT n, (SELECT jsonb_agg(jsonb_build_object('unique_identifier', 'mem-' || n || '-' || g, 'asset_type', 'crypto'))
                 FROM generate_series(1, n) g)
      FROM unnest(ARRAY[50000, 200000]) n;"

setup=(-c "SET msm.log_events = off" -c "SET msm.default_statement_timeout_ms = '10min'"
       -c "SELECT msm.start_engine(models => ARRAY['Asset']) IS NOT NULL")
# peak growth beyond the argument (MB, 1 decimal) of upsert_many of batch N,
# into BEYOND[N]; the measurement as a diagnostic line
declare -A BEYOND=()
beyond() {
    local n=$1 arg out
    arg=$(msm_psql -c "SELECT round(pg_column_size(doc || '[]'::jsonb) / 1048576.0, 1) FROM public.batch WHERE n = $n") || return 1
    out=$(bench_peak_mb "${setup[@]}" -- "SELECT msm.upsert_many('Asset', doc) FROM public.batch WHERE n = $n") || return 1
    tap_diag "$n rows: argument $arg MB in memory, peak growth ${out% *} MB, ${out#* } ms"
    BEYOND[$n]=$(awk -v p="${out% *}" -v a="$arg" 'BEGIN { printf "%.1f\n", p - a }')
}
beyond 50000
beyond 200000
small=${BEYOND[50000]:-}
large=${BEYOND[200000]:-}
tap_ok "200k rows: at most 24 MB beyond the argument (got ${large:-?} MB)" \
    awk -v b="${large:-999}" 'BEGIN { exit !(b <= 24) }'
tap_ok "200k rows take at most 8 MB more than 50k rows (${small:-?} -> ${large:-?} MB)" \
    awk -v s="${small:-0}" -v b="${large:-999}" 'BEGIN { exit !(b <= s + 8) }'
tap_is "$(msm_psql -c "SELECT count(*) FROM public.ms_markets__asset WHERE unique_identifier LIKE 'mem-200000-%'")" 200000 \
    "every row of the large batch was written"

# all or nothing at the top level: 30k rows, 3 chunks of 10000; the greatest
# key reuses the uid of the smallest one, so the last chunk fails on the
# primary key after two chunks were written
out=$(msm_psql "${setup[@]}" -c "SELECT msm.upsert_many('Asset', jsonb_build_array(jsonb_build_object(
            'unique_identifier', 'rb-00001', 'uid', '00000000-0000-0000-0000-000000000001', 'asset_type', 'rollback'))
        || (SELECT jsonb_agg(jsonb_build_object('unique_identifier', 'rb-' || lpad(g::text, 5, '0'),
                                                'uid', pg_catalog.gen_random_uuid(), 'asset_type', 'rollback'))
              FROM generate_series(2, 29999) g)
        || jsonb_build_array(jsonb_build_object('unique_identifier', 'rb-30000', 'uid', '00000000-0000-0000-0000-000000000001',
                                                'asset_type', 'rollback')))" 2>&1)
tap_ok "30k rows, the greatest key reusing the smallest key's uid: the batch fails" \
    grep -q "duplicate key value violates unique constraint" <<<"$out" || tap_diag "$out"
tap_is "$(msm_psql -c "SELECT count(*) FROM public.ms_markets__asset WHERE unique_identifier LIKE 'rb-%'")" 0 \
    "and none of its rows is left (the two chunks written before were rolled back)"
tap_ok "the same rows without the clash are written" msm_psql "${setup[@]}" -c "
    SELECT msm.upsert_many('Asset', (SELECT jsonb_agg(jsonb_build_object('unique_identifier', 'rb-' || lpad(g::text, 5, '0'),
                                                                         'asset_type', 'rollback'))
                                       FROM generate_series(1, 30000) g))"
tap_is "$(msm_psql -c "SELECT count(*) FROM public.ms_markets__asset WHERE unique_identifier LIKE 'rb-%'")" 30000 \
    "all 30k of them"
tap_done
