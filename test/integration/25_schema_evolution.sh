#!/usr/bin/env bash
# Schema evolution and upstream parity (doc/migrations.md, doc/upstream_parity.md):
#   * a fresh database migrated to head equals, object by object, what the
#     markets library's own Alembic chain leaves (test/data/upstream_head_schema.tsv),
#     in the default namespace and (by count) in a suffixed one;
#   * every downgrade and the upgrade back equal the catalog snapshots taken
#     from upstream's chain (test/data/upstream_revisions/*.tsv.gz);
#   * a downgrade that would destroy stored data is refused without
#     allow_data_loss; 0015 has no downgrade;
#   * a msm 0.1.0 database (0001_markets_base, holding rows and MetaTable
#     registrations) is brought to head by ALTER EXTENSION UPDATE and
#     migrate_upgrade, keeping rows and uids (column order aside);
#   * a database whose tables are at 0007 of the chain, without msm, is
#     adopted: migrate_current() reports 0007, migrate_upgrade() applies
#     0008..0015 only;
#   * diagnose reports a dropped upsert-key unique index, dropped foreign
#     keys, a changed description, a missing registry row; migrate_repair
#     recreates what is missing;
#   * the data-step helpers agree with the upstream codec (Python zlib and
#     base64) and with RFC 4122 name-based UUIDs.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$MSM_REPO" || exit 1

tap_plan 34

HEAD_TSV=test/data/upstream_head_schema.tsv
SNAP=test/data/upstream_revisions
OBJ=test/integration/lib/schema_objects.sql
CMP=test/integration/lib/head_schema_compare.sql

# differences from upstream's head; prints nothing else but the count line
head_diff() { # DB IGNORE_ORDER
    grep -v '^#' "$HEAD_TSV" | tail -n +2 \
        | msm_psql -d "$1" -v ignore_order="$2" -f "$CMP" | grep -v '^objects compared: 739$'
}
snap_diff() { # DB SNAPSHOT(.tsv.gz)
    diff <(zcat "$SNAP/$2.tsv.gz") <(msm_psql -d "$1" -F $'\t' -f "$OBJ")
}

for db in fresh steps ns010 adopt repair; do msm_psql -c "CREATE DATABASE $db"; done

# --- fresh database ---------------------------------------------------------
tap_ok "CREATE EXTENSION msm; migrate_upgrade()" msm_psql -d fresh -c "CREATE EXTENSION msm" -c "SELECT msm.migrate_upgrade()"
out=$(head_diff fresh false)
tap_is "$out" "" "the fresh schema equals upstream's head object by object (739 objects, column order included)"
tap_is "$(msm_psql -d fresh -c "SELECT msm.migrate_current()")" "0015" "migrate_current() reports upstream's head revision id"
tap_is "$(msm_psql -d fresh -c "SELECT conname FROM pg_constraint WHERE conrelid = 'public.ms_markets__alembic_version'::regclass")" \
    "ms_markets__alembic_version_pkc" "the version table is keyed as Alembic keys it"
tap_is "$(msm_psql -d fresh -c "SELECT count(*) FROM msm.diagnose()")" "0" "diagnose finds nothing"
tap_is "$(msm_psql -d fresh -c "SELECT msm.migrate_upgrade()->'applied'")" "[]" "a second migrate_upgrade applies nothing"
tap_is "$(msm_psql -d fresh -c "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' AND column_default IS NOT NULL")" \
    "0" "no server defaults (the row API fills model defaults)"
tap_is "$(msm_psql -d fresh -c "SELECT string_agg(class_name, ',' ORDER BY position) FROM msm.builtin_model WHERE position IN (1, 3, 32, 55)")" \
    "AssetTypeTable,IndexTypeTable,AssetSnapshotsStorage,AssetPricingDetailsStorage" "built-in order and class names follow upstream's registry"
tap_is "$(msm_psql -d fresh -c "SELECT (SELECT model_name FROM msm._match_model('', 'AssetSnapshotsTSTable'))")" \
    "AssetSnapshotsTS" "the 0.1.0 class name still selects the model"
tap_is "$(msm_psql -d fresh -c "SELECT msm.migrate_upgrade(namespace => 'mainsequence.examples')->>'revision'" \
            -c "SELECT count(*) FROM msm._expected_objects(15, 'mainsequence.examples', 'public') e
                 WHERE e.object_kind = 'table' AND e.table_name LIKE 'ms\_markets\_\_%' AND e.table_name <> replace(e.table_name, 'mainsequence', '')
                   AND to_regclass(format('public.%I', e.table_name)) IS NOT NULL" \
            -c "SELECT to_regclass('public.ms_markets__alembic_version__mainsequence_examples') IS NOT NULL" \
            -c "SELECT count(*) FROM msm.diagnose('mainsequence.examples')")" "0015
55
t
0" "a namespace gets the tables with its suffix (55 whose names keep it, one shortened, and its version table), diagnose finds nothing"
out=$(msm_psql -d fresh -c "SELECT msm.migrate_downgrade('0014')" 2>&1)
tap_ok "0015 has no downgrade" grep -q "revision 0015 cannot be downgraded" <<<"$out"

# --- every revision, down and up, against upstream's snapshots ---------------
msm_psql -d steps -c "CREATE EXTENSION msm" -c "SELECT msm.migrate_upgrade('0014')" >/dev/null
tap_ok "at 0014 the schema equals upstream's at 0014" snap_diff steps 0014
bad=
for r in 0013 0012 0011 0010 0009 0008 0007 0006 0005 0004 0003 0002 0001 base; do
    msm_psql -d steps -c "SELECT msm.migrate_downgrade('$r')" >/dev/null 2>&1 && snap_diff steps "down_$r" >/dev/null || bad="$bad $r"
done
tap_is "$bad" "" "each downgrade 0014 -> base leaves upstream's schema of that downgrade"
tap_is "$(msm_psql -d steps -c "SELECT count(*) FROM public.ms_markets__alembic_version")" "0" "at base the version table is empty"
bad=
for r in 0001 0002 0003 0004 0005 0006 0007 0008 0009 0010 0011 0012 0013 0014 0015; do
    msm_psql -d steps -c "SELECT msm.migrate_upgrade('$r')" >/dev/null 2>&1 && snap_diff steps "$r" >/dev/null || bad="$bad $r"
done
tap_is "$bad" "" "each upgrade base -> 0015 leaves upstream's schema of that revision"

# data-destroying downgrade: refused unless asked for
msm_psql -d steps -c "SELECT msm.migrate_downgrade('base')" >/dev/null 2>&1   # 0015 refuses
msm_psql -d ns010 -c "CREATE EXTENSION msm" -c "SELECT msm.migrate_upgrade('0006')" \
    -c "INSERT INTO public.ms_markets__portfoliogroup VALUES (gen_random_uuid(), 'G1', 'Group one', NULL, NULL)" >/dev/null
out=$(msm_psql -d ns010 -c "SELECT msm.migrate_downgrade('0005')" 2>&1)
tap_ok "a downgrade that would drop a table holding rows is refused" grep -q "would destroy stored data" <<<"$out"
tap_is "$(msm_psql -d ns010 -c "SELECT msm.migrate_current()")" "0006" "the refused downgrade changed nothing"
tap_ok "allow_data_loss => true runs it" msm_psql -d ns010 -c "SELECT msm.migrate_downgrade('0005', allow_data_loss => true)"
tap_is "$(msm_psql -d ns010 -c "SELECT msm.migrate_current(), to_regclass('public.ms_markets__portfoliogroup') IS NULL")" "0005|t" \
    "the namespace is at 0005 without the portfolio group table"
msm_psql -c "DROP DATABASE ns010" -c "CREATE DATABASE ns010"

# --- a msm 0.1.0 database with rows ------------------------------------------
# 0.1.0's migration (revision_ddl of 0001_markets_base) is replayed from the
# frozen script's own catalogue: today's library refuses the 0.1.0 SQL objects
# until ALTER EXTENSION UPDATE (test/integration/15_version_policy.sh).
tap_ok "CREATE EXTENSION msm VERSION '0.1.0', keep its catalogue, ALTER EXTENSION UPDATE" \
    msm_psql -d ns010 -c "CREATE EXTENSION msm VERSION '0.1.0'" -f test/integration/lib/msm010_catalogue.sql -c "ALTER EXTENSION msm UPDATE"
tap_ok "the 0.1.0 tables, rows and registrations" msm_psql -d ns010 -f test/integration/lib/msm010_migrated.sql
uids_before=$(msm_psql -d ns010 -c "SELECT string_agg(uid || physical_table_name, ',' ORDER BY physical_table_name) FROM msm.meta_table")
rows_before=$(msm_psql -d ns010 -c "SELECT string_agg(uid || unique_identifier || asset_type, ',' ORDER BY uid) FROM public.ms_markets__asset")
tap_is "$(msm_psql -d ns010 -c "SELECT msm.migrate_upgrade()->>'applied'")" '["0001_markets_base -> 0015"]' "migrate_upgrade converts 0001_markets_base to 0015"
out=$(head_diff ns010 true)
tap_is "$out" "" "the converted schema equals upstream's head (column order aside)"
tap_is "$(msm_psql -d ns010 -c "SELECT string_agg(uid || physical_table_name, ',' ORDER BY physical_table_name) FROM msm.meta_table WHERE physical_table_name IN (SELECT physical_table_name FROM old010.registered)")" \
    "$uids_before" "every MetaTable uid of 0.1.0 is kept"
tap_is "$(msm_psql -d ns010 -c "SELECT string_agg(uid || unique_identifier || asset_type, ',' ORDER BY uid) FROM public.ms_markets__asset")" \
    "$rows_before" "the rows are kept"
tap_is "$(msm_psql -d ns010 -c "SELECT count(*) FROM msm.diagnose()")" "0" "diagnose finds nothing after the conversion"

# --- adoption of a database at 0007 ------------------------------------------
msm_psql -d adopt -c "CREATE EXTENSION msm" -c "SELECT msm.migrate_upgrade('0007')" -c "DROP EXTENSION msm" >/dev/null
tap_ok "the tables of 0007 stand without msm" snap_diff adopt 0007
tap_is "$(msm_psql -d adopt -c "CREATE EXTENSION msm" -c "SELECT msm.migrate_current()")" "0007" "migrate_current() recognises 0007"
tap_is "$(msm_psql -d adopt -c "SELECT msm.migrate_upgrade()->>'applied'")" '["0008", "0009", "0010", "0011", "0012", "0013", "0014", "0015"]' \
    "migrate_upgrade applies only the later revisions"
out=$(head_diff adopt false)
tap_is "$out" "" "the adopted schema equals upstream's head"

# --- diagnostics and repair ----------------------------------------------------
msm_psql -d repair -c "CREATE EXTENSION msm" -c "SELECT msm.migrate_upgrade()" \
    -c "DROP INDEX public.uix__ms_markets__asset__unique_identifier CASCADE" \
    -c "ALTER TABLE public.ms_markets__account DROP CONSTRAINT fk__ms_markets__account__account_group_uid__ms_marke_6e57748f82" \
    -c "COMMENT ON TABLE public.ms_markets__issuer IS 'changed by hand'" \
    -c "DELETE FROM msm.meta_table WHERE physical_table_name = 'ms_markets__curve'" >/dev/null 2>&1
tap_is "$(msm_psql -d repair -c "SELECT string_agg(DISTINCT \"check\", ',' ORDER BY \"check\") FROM msm.diagnose()")" \
    "catalog_registry_row_missing,description_changed,foreign_key_missing,registry_row_missing,upsert_key_index_missing" \
    "diagnose reports the dropped upsert-key index, the dropped foreign keys, the description and the registry row"
tap_ok "migrate_repair and migrate_upgrade" msm_psql -d repair -c "SELECT msm.migrate_repair()" -c "SELECT msm.migrate_upgrade()"
tap_is "$(msm_psql -d repair -c "SELECT count(*) FROM msm.diagnose()")|$(head_diff repair false)" "0|" \
    "after the repair diagnose finds nothing and the schema equals upstream's head"

# --- data-step helpers ------------------------------------------------------------
py=$(python3 -c "
import zlib, base64, json
v = {'a': [1, 2, {'b': 'x y'}], 'c': 'é'}
print('msm_pricing.key_nodes.zlib+base64.v1:' + base64.b64encode(zlib.compress(json.dumps(v, separators=(',', ':'), ensure_ascii=False).encode())).decode())")
tap_is "$(msm_psql -d fresh -c "SELECT msm._key_nodes_encode('{\"a\": [1, 2, {\"b\": \"x y\"}], \"c\": \"é\"}'), msm._key_nodes_decode('$py') = '{\"a\": [1, 2, {\"b\": \"x y\"}], \"c\": \"é\"}'::jsonb, msm._uuid_v5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org')")" \
    "$py|t|886313e1-3b8a-5372-9b90-0c9aee199e5d" "the key_nodes codec matches upstream's (Python zlib/base64) and uuid v5 the RFC vector"
tap_done
