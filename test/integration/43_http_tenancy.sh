#!/usr/bin/env bash
# One tenant per data source (doc/tsmanager.md, "Tenancy"): two databases of
# one cluster, each with its own data source uid and token, against one
# stand-in whose tokens are scoped to their data source.  Neither database
# reuses or binds the other's MetaTables, at migration or at start_engine,
# including through the shared lookup cache.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../tsmanager/standin.sh"

tap_plan 7
DSA=11111111-1111-4111-8111-111111111111
DSB=22222222-2222-4222-8222-222222222222
standin_start --token-data-source "tok-a=$DSA" --token-data-source "tok-b=$DSB" \
    || { echo "Bail out! stand-in did not start"; exit 1; }
msm_psql -c "CREATE DATABASE tenant_b" >/dev/null
for spec in "postgres tok-a $DSA" "tenant_b tok-b $DSB"; do
    set -- $spec
    msm_psql -c "ALTER DATABASE $1 SET msm.endpoint = '$STANDIN_URL'" \
             -c "ALTER DATABASE $1 SET msm.access_token = '$2'" \
             -c "ALTER DATABASE $1 SET msm.data_source_uid = '$3'" \
             -c "ALTER DATABASE $1 SET msm.log_events = off" >/dev/null
done
qa() { msm_psql -c "$1" 2>&1; }
qb() { msm_psql -d tenant_b -c "$1" 2>&1; }
uids() { standin_rows | standin_json "sorted(r['uid'] for r in d if r['data_source_uid'] == '$1')"; }

qa "CREATE EXTENSION msm" >/dev/null
qb "CREATE EXTENSION msm" >/dev/null
tap_is "$(qa "SELECT d->>'finalized_count' FROM msm.migrate_upgrade() d")" "56" "database A migrates 56 MetaTables"
tap_is "$(qb "SELECT d->>'finalized_count' FROM msm.migrate_upgrade() d")" "56" \
    "database B (same table names, same endpoint) migrates its own 56: it does not reuse A's rows"
tap_is "$(standin_rows | standin_json "(lambda ds: [ds.count(x) for x in ('$DSA', '$DSB')])([r['data_source_uid'] for r in d])")" "[56, 56]" \
    "TS Manager holds 56 rows per data source"
tap_is "$(qb "SELECT count(*) FROM msm.catalog c WHERE c.meta_table_uid::text = ANY (ARRAY(SELECT jsonb_array_elements_text('$(uids $DSA)'::jsonb)))")" "0" \
    "B's catalog holds none of A's uids"

# attachment: A fills the shared cache, B (another data source and token)
# asks for the same names right after and must not be served A's answer
standin_reset
a=$(qa "SET msm.lookup_cache_ttl_s = 300; SELECT string_agg(t->>'meta_table_uid', ',' ORDER BY t->>'table_name') FROM jsonb_array_elements(msm.start_engine()->'meta_tables') t")
b=$(qb "SET msm.lookup_cache_ttl_s = 300; SELECT string_agg(t->>'meta_table_uid', ',' ORDER BY t->>'table_name') FROM jsonb_array_elements(msm.start_engine()->'meta_tables') t")
tap_is "$(python3 -c 'import sys; a=set(sys.argv[1].split(",")); b=set(sys.argv[2].split(",")); print(len(a), len(b), len(a & b))' "$a" "$b")" "55 55 0" \
    "start_engine in A and B bind 55 uids each, none shared"
tap_is "$(python3 -c 'import sys,json; print(set(sys.argv[1].split(",")) <= set(json.loads(sys.argv[2])))' "$b" "$(uids $DSB)")" "True" \
    "B is bound to its own data source's uids"
tap_is "$(standin_count POST /api/v1/meta-tables/filter/)" "2" \
    "the shared lookup cache did not serve B with A's answer (one MetaTable lookup each)"
tap_done
