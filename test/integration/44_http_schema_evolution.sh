#!/usr/bin/env bash
# Schema evolution against TS Manager (doc/migrations.md, "migrate_upgrade"
# and "migrate_downgrade"), as the SDK's `mainsequence migrations upgrade`
# and `downgrade` do it: every revision's DDL is committed before
# finalize-managed, so TS Manager reads the changed table's contract from
# the physical table; finalization covers the models whose tables exist at
# the target, the registry root first; the MetaTables of the tables a
# downgrade dropped are left as they are and reused, uid unchanged, by the
# next upgrade; a refused downgrade changes nothing on either side.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../tsmanager/standin.sh"

tap_plan 13
standin_start || { echo "Bail out! stand-in did not start"; exit 1; }
msm_psql -c "ALTER DATABASE postgres SET msm.endpoint = '$STANDIN_URL'" \
         -c "ALTER DATABASE postgres SET msm.access_token = '$STANDIN_TOKEN'" \
         -c "ALTER DATABASE postgres SET msm.log_events = off" >/dev/null
q() { msm_psql -c "$1" 2>&1; }
# row FIELD TABLE: a field of the stand-in's row of a physical table
row() { standin_rows | standin_json "[r.get('$1') for r in d if r['physical_table_name'] == '$2'][0] if any(r['physical_table_name'] == '$2' for r in d) else None"; }
# cols TABLE: the column names of the contract TS Manager holds for TABLE
cols() { standin_rows | standin_json "','.join(sorted(c['name'] for c in [r for r in d if r['physical_table_name'] == '$1'][0]['table_contract']['columns']))"; }
# fin EXPR: EXPR over the last finalize-managed body (b)
fin() {
    standin_requests | python3 -c '
import json, sys
b = [json.loads(l)["body"] for l in sys.stdin if json.loads(l)["method"] == "POST" and json.loads(l)["path"] == "/api/v1/meta-tables/finalize-managed/"][-1]
print(eval(sys.argv[1], {"b": b}))' "$1"
}
# exact METHOD PATH: requests to exactly PATH (not its sub-paths)
exact() {
    standin_requests | python3 -c 'import sys,json; print(sum(1 for l in sys.stdin if json.loads(l)["method"] == sys.argv[1] and json.loads(l)["path"].split("?")[0] == sys.argv[2]))' "$1" "$2"
}
ordered() { q "SELECT string_agg(c.meta_table_uid::text, ',' ORDER BY m.position) FROM msm.models_of() m JOIN msm.catalog c ON c.table_name = m.table_name"; }

q "CREATE EXTENSION msm" >/dev/null
tap_is "$(q "SELECT d->>'revision' FROM msm.migrate_upgrade('0006') d")" "0006" "migrate_upgrade('0006') on TS Manager"
CURVE=$(row uid ms_markets__curve)
tap_is "$(cols ms_markets__curve | tr ',' '\n' | grep -cxE 'index_uid|currency_code|status')" "1" \
    "at 0006 TS Manager holds the curve contract with index_uid and without the 0007 columns"

standin_reset
tap_is "$(q "SELECT d->>'revision' FROM msm.migrate_upgrade('0007') d")" "0007" "migrate_upgrade('0007') applies revision 0007"
tap_is "$(row uid ms_markets__curve) $(cols ms_markets__curve | tr ',' '\n' | grep -xE 'index_uid|currency_code|quote_side|status' | tr '\n' ' ')" \
    "$CURVE currency_code quote_side status " \
    "the changed table keeps its uid and TS Manager holds its new contract (read at finalize, after the DDL was committed)"
CBD=$(row uid ms_markets__curvebuildingdetails)
tap_is "$(row provisioning_status ms_markets__curvebuildingdetails) $(fin 'b["alembic_revision"]')" "active 0007" \
    "the table revision 0007 creates is reserved and finalized with revision 0007"
tap_is "$(fin '",".join(b["meta_table_uids"])')" "$(ordered)" \
    "finalize: the registry root first, then the models of 0007 in built-in order"

standin_reset
tap_is "$(q "SELECT d->>'revision' FROM msm.migrate_downgrade('0006') d")" "0006" "migrate_downgrade('0006') on TS Manager"
tap_is "$(fin 'b["alembic_revision"]') $(fin 'len(b["meta_table_uids"])') $(fin 'sorted(b) == sorted(["meta_table_uids", "migration_package", "migration_namespace", "migration_provider_key", "alembic_version_meta_table_uid", "alembic_revision"])')" \
    "0006 $(q "SELECT count(*) FROM msm.catalog") True" \
    "downgrade finalizes the models of 0006 (the root first) with revision 0006, as the SDK's downgrade"
tap_is "$(fin '",".join(b["meta_table_uids"])')" "$(ordered)" "downgrade finalize: in built-in order, without the dropped tables"
tap_is "$(cols ms_markets__curve | tr ',' '\n' | grep -xE 'index_uid|currency_code' | tr '\n' ' ')" "index_uid " \
    "TS Manager read the downgraded curve table (the DDL was committed before finalize)"
tap_is "$(row uid ms_markets__curvebuildingdetails) $(row provisioning_status ms_markets__curvebuildingdetails) $(q "SELECT to_regclass('public.ms_markets__curvebuildingdetails') IS NULL")" \
    "$CBD active t" "the dropped table's MetaTable is left as it is (outside the scope finalized, as the SDK leaves it)"

standin_reset
q "SELECT msm.migrate_upgrade('0007')" >/dev/null
tap_is "$(row uid ms_markets__curvebuildingdetails) $(exact POST /api/v1/meta-tables/) $(q "SELECT meta_table_uid FROM msm.catalog WHERE table_name = 'ms_markets__curvebuildingdetails'")" \
    "$CBD 0 $CBD" "upgrading again reuses the dropped table's MetaTable: same uid, no reservation"

# a refused downgrade (it would drop a table holding rows) changes nothing
q "INSERT INTO public.ms_markets__portfoliogroup VALUES (gen_random_uuid(), 'G1', 'Group one', NULL, NULL)" >/dev/null
standin_reset
out=$(q "SELECT msm.migrate_downgrade('0005')")
tap_is "$(grep -c 'would destroy stored data' <<<"$out") $(standin_count POST /api/v1/) $(q "SELECT msm.migrate_current(), to_regclass('public.ms_markets__curvebuildingdetails') IS NOT NULL")" \
    "1 0 0007|t" "a refused downgrade calls TS Manager not at all and changes no table"
