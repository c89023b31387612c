#!/usr/bin/env bash
# Concurrent row operations (doc/rows.md, "Functions"): 64 pgbench clients mix
# upsert_asset, upsert (with and without values), upsert_many (overlapping keys,
# random order, repeated keys) and delete on the built-in Asset table.  Every script
# starts with start_engine.  Nothing may fail (no deadlock, no "cannot affect row a
# second time", no key-only upsert without its row), no key may be stored twice, no
# never-deleted key may be lost, and the uid of an existing key never changes.
#
# Keys: stable-0..199 are seeded first and never deleted; churn-0..99 are upserted
# and deleted concurrently.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"

tap_plan 12

PGBENCH=${MSM_PGBIN:-/usr/lib/postgresql/15/bin}/pgbench
CLIENTS=64
SECONDS_RUN=15
dir=$(mktemp -d "${MSM_WORKDIR:-/tmp}/concurrency.XXXXXX")
chmod 755 "$dir"

msm_psql -c "CREATE EXTENSION msm" >/dev/null
msm_psql -c "SET msm.log_events = off; SELECT msm.migrate_upgrade()" >/dev/null
tap_ok "seeded 200 stable keys" msm_psql -c "
    SET msm.log_events = off;
    SELECT msm.start_engine(models => ARRAY['Asset']) IS NOT NULL;
    SELECT msm.upsert_many('Asset', (SELECT jsonb_agg(jsonb_build_object('unique_identifier', 'stable-' || g,
                                                                         'asset_type', 'seed'))
                                       FROM generate_series(0, 199) g));
    CREATE TABLE public.seed_uids AS
        SELECT unique_identifier, uid FROM public.ms_markets__asset WHERE unique_identifier LIKE 'stable-%';"
tap_is "$(msm_psql -c "SELECT count(*) FROM public.seed_uids")" 200 "200 seeded uids recorded"

start="SET msm.log_events = off;
SELECT msm.start_engine(models => ARRAY['Asset']) IS NOT NULL AS attached;"

# upsert_asset: with a type (update) and without (key-only: the stored row back)
cat >"$dir/asset.sql" <<SQL
$start
\set s random(0, 199)
\set c random(0, 99)
SELECT uid FROM msm.upsert_asset('stable-' || :s, 'type-' || :s % 7);
SELECT uid FROM msm.upsert_asset('stable-' || :s);
SELECT uid FROM msm.upsert_asset('churn-' || :c);
SQL
# generic upsert: a value, and only the key
cat >"$dir/upsert.sql" <<SQL
$start
\set s random(0, 199)
\set c random(0, 99)
SELECT msm.upsert('Asset', jsonb_build_object('unique_identifier', 'churn-' || :c, 'asset_type', 'upsert')) ->> 'uid';
SELECT msm.upsert('Asset', jsonb_build_object('unique_identifier', 'stable-' || :s)) ->> 'uid';
SELECT msm.upsert('Asset', jsonb_build_object('unique_identifier', 'churn-' || :c)) ->> 'uid';
SQL
# upsert_many: 40 rows in random order over both key ranges, keys repeated; half
# of the batches give only keys
cat >"$dir/many.sql" <<SQL
$start
SELECT msm.upsert_many('Asset', (
    SELECT jsonb_agg(jsonb_build_object('unique_identifier', k, 'asset_type', 'many-' || g) ORDER BY random())
      FROM (SELECT g, CASE WHEN random() < 0.6 THEN 'stable-' || floor(random() * 200)::int
                           ELSE 'churn-' || floor(random() * 100)::int END AS k
              FROM generate_series(1, 40) g) r));
SELECT msm.upsert_many('Asset', (
    SELECT jsonb_agg(jsonb_build_object('unique_identifier', k) ORDER BY random())
      FROM (SELECT CASE WHEN random() < 0.6 THEN 'stable-' || floor(random() * 200)::int
                        ELSE 'churn-' || floor(random() * 100)::int END AS k
              FROM generate_series(1, 40) g) r));
SQL
cat >"$dir/delete.sql" <<SQL
$start
\set c random(0, 99)
SELECT msm.delete('Asset', jsonb_build_object('unique_identifier', 'churn-' || :c));
SQL

"$PGBENCH" -n -c "$CLIENTS" -j 4 -T "$SECONDS_RUN" \
    -f "$dir/asset.sql@3" -f "$dir/upsert.sql@3" -f "$dir/many.sql@2" -f "$dir/delete.sql@2" \
    >"$dir/pgbench.out" 2>"$dir/pgbench.err"
st=$?
tap_is "$st" 0 "pgbench with $CLIENTS clients for ${SECONDS_RUN} s exits 0"
tap_ok "pgbench reports no aborted client" bash -c "! grep -E 'aborted|ERROR' '$dir/pgbench.err' '$dir/pgbench.out'"
tap_diag "$(grep -E 'number of (transactions|failed)|aborted|ERROR|^SQL script|^ - number of' "$dir/pgbench.out" "$dir/pgbench.err" | head -n 40)"
failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$dir/pgbench.out")
tap_is "${failed:-0}" 0 "0 failed transactions"
# every script ran (per-script transaction counts)
ran=$(grep -cE '^ - [0-9]+ transactions' "$dir/pgbench.out")
zero=$(grep -E '^ - [0-9]+ transactions' "$dir/pgbench.out" | grep -cE '^ - 0 transactions')
tap_ok "each of the 4 scripts ran transactions" test "$ran" -eq 4 -a "$zero" -eq 0

tap_ok "no deadlock and no row touched twice in the server log" \
    bash -c "! grep -E 'deadlock detected|cannot affect row a second time|returned 0 rows' '$MSM_PGLOG'"
tap_is "$(msm_psql -c "SELECT count(*) FROM (SELECT unique_identifier FROM public.ms_markets__asset
                                             GROUP BY 1 HAVING count(*) > 1) d")" 0 "0 duplicate keys"
tap_is "$(msm_psql -c "SELECT count(*) - count(DISTINCT uid) FROM public.ms_markets__asset")" 0 "0 duplicate uids"
tap_is "$(msm_psql -c "SELECT count(*) FROM public.seed_uids s
                         LEFT JOIN public.ms_markets__asset a USING (unique_identifier) WHERE a.uid IS NULL")" \
    0 "0 lost rows: every never-deleted key exists"
tap_is "$(msm_psql -c "SELECT count(*) FROM public.seed_uids s
                         JOIN public.ms_markets__asset a USING (unique_identifier) WHERE a.uid <> s.uid")" \
    0 "uids of existing keys are stable"
tap_is "$(msm_psql -c "SELECT count(*) FROM public.ms_markets__asset
                        WHERE unique_identifier !~ '^(stable-([0-9]|[1-9][0-9]|1[0-9][0-9])|churn-([0-9]|[1-9][0-9]))$'")" \
    0 "no key outside the two ranges was written"
tap_done
