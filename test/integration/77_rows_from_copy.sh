#!/usr/bin/env bash
# Upserts from a staging table loaded by COPY (doc/rows.md, "Upserts from a
# staging table"): 210,000 CSV rows (200,000 keys; 10,000 of them repeated
# at the end of the file with a new value) go by COPY FROM STDIN into a
# temporary table, then msm.upsert_from writes them into Asset: the count,
# the rows, the last value of each repeated key; again as updates; then
# 200,000 rows of the time-index table AssetSnapshotsTS.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"

tap_plan 11
msm_psql -c "ALTER DATABASE postgres SET msm.log_events = off" \
         -c "CREATE EXTENSION msm" -c "SELECT msm.migrate_upgrade() IS NOT NULL" >/dev/null \
    || { echo "Bail out! migration failed"; exit 1; }

d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
awk 'BEGIN { for (i = 1; i <= 200000; i++) printf "copy-asset-%d,equity\n", i
             for (i = 1; i <= 10000; i++) printf "copy-asset-%d,updated\n", i * 20 }' >"$d/assets.csv"
awk 'BEGIN { for (m = 0; m < 1000; m++) for (a = 1; a <= 200; a++)
                 printf "2024-01-01 %02d:%02d:00+00,copy-asset-%d,Name %d,T%d\n", int(m / 60), m % 60, a, a, a }' >"$d/snapshots.csv"

# in one session: the runtime (a statement limit for large batches), the
# staging table, COPY, the upsert; prints the upsert's count
load() { # MODEL COLUMNS FILE
    msm_psql -c "SET msm.default_statement_timeout_ms = 600000" \
             -c "SELECT msm.start_engine(models => ARRAY['$1']) IS NOT NULL" \
             -c "CREATE TEMP TABLE stg ($2)" \
             -c "COPY stg FROM STDIN (FORMAT csv)" \
             -c "SELECT msm.upsert_from('$1', 'stg')" <"$3" 2>&1 | tail -1
}

tap_is "$(load Asset "unique_identifier varchar(255), asset_type varchar(64)" "$d/assets.csv")" 200000 \
    'COPY of 210,000 rows, upsert_from: 200,000 keys written'
tap_is "$(msm_psql -c "SELECT count(*), count(DISTINCT uid) FROM public.ms_markets__asset WHERE unique_identifier LIKE 'copy-asset-%'")" \
    '200000|200000' 'Asset holds 200,000 rows, each with its own uid (the model default)'
tap_is "$(msm_psql -c "SELECT count(*) FILTER (WHERE asset_type = 'updated'), count(*) FILTER (WHERE asset_type = 'equity'),
                              bool_and(asset_type = CASE WHEN substr(unique_identifier, 12)::int % 20 = 0 THEN 'updated' ELSE 'equity' END)
                         FROM public.ms_markets__asset WHERE unique_identifier LIKE 'copy-asset-%'")" \
    '10000|190000|t' 'a key repeated in the file kept its last row'
uids_before=$(msm_psql -c "SELECT md5(string_agg(uid::text, ',' ORDER BY unique_identifier)) FROM public.ms_markets__asset")

# the same file again: every key exists, 200,000 updates, the uids kept
sed 's/,equity$/,equity_2/' "$d/assets.csv" >"$d/assets2.csv"
tap_is "$(load Asset "unique_identifier varchar(255), asset_type varchar(64)" "$d/assets2.csv")" 200000 \
    'again with new values: 200,000 rows updated'
tap_is "$(msm_psql -c "SELECT count(*) FROM public.ms_markets__asset WHERE asset_type = 'equity_2'")" 190000 \
    'the new values are stored'
tap_is "$(msm_psql -c "SELECT md5(string_agg(uid::text, ',' ORDER BY unique_identifier)) FROM public.ms_markets__asset")" \
    "$uids_before" 'updated rows kept their uid'

# a time-index table: 1,000 minutes of 200 assets
tap_is "$(load AssetSnapshotsTS "time_index timestamptz, asset_identifier varchar(255), name varchar, ticker varchar" "$d/snapshots.csv")" \
    200000 'AssetSnapshotsTS: 200,000 rows written'
tap_is "$(msm_psql -c "SELECT count(*), count(DISTINCT time_index), count(DISTINCT asset_identifier) FROM public.ms_markets__assetsnapshotsts")" \
    '200000|1000|200' 'one row per minute and asset'
tap_is "$(msm_psql -c "SELECT name || '/' || ticker FROM public.ms_markets__assetsnapshotsts
                        WHERE time_index = '2024-01-01 16:39:00+00' AND asset_identifier = 'copy-asset-17'")" \
    'Name 17/T17' 'a row has the values of its line'
tap_is "$(load AssetSnapshotsTS "time_index timestamptz, asset_identifier varchar(255), ticker varchar" <(sed 's/,Name [0-9]*,/,/; s/,T\([0-9]*\)$/,U\1/' "$d/snapshots.csv"))" \
    200000 'a staging table with fewer columns: 200,000 updates'
tap_is "$(msm_psql -c "SELECT count(*) FILTER (WHERE ticker = 'U' || substr(asset_identifier, 12) AND name = 'Name ' || substr(asset_identifier, 12))
                         FROM public.ms_markets__assetsnapshotsts")" \
    200000 'the given column updated, the one the source lacks kept'
tap_done
