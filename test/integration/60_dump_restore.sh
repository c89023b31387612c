#!/usr/bin/env bash
# Dump and restore keep a database's identity (doc/operations.md, "Dump and
# restore"): two migrated namespaces, a declared project model and rows go
# through pg_dump -Fc + pg_restore (with and without --single-transaction,
# --schema-only then --data-only, and --clean over a restored copy), and a
# plain-SQL dump + psql; every copy has the same data source uid, the same
# MetaTable uids, catalog and declared models, attaches with start_engine,
# holds the rows and diagnoses clean.  A file-level clone (CREATE DATABASE
# ... TEMPLATE) that gets a new identity with msm.reset_data_source_identity()
# registers its tables again, and msm.diagnose() reports registry rows of
# another data source.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$MSM_REPO" || exit 1

tap_plan 82

DUMPS=$MSM_WORKDIR/dumps
mkdir -p "$DUMPS" && chmod 777 "$DUMPS"
q() { local db=$1; shift; msm_psql -d "$db" -c "$*"; }

# the facts a copy must keep
ident() { q "$1" "SELECT msm.data_source_uid()"; }
uids() {
    q "$1" "SELECT count(*) || ' ' || md5(string_agg(concat_ws(' ', uid, data_source_uid, physical_table_name, provisioning_status),
                                              ',' ORDER BY physical_table_name))
              FROM msm.meta_table"
}
catalog() {
    q "$1" "SELECT md5(string_agg(concat_ws(' ', namespace, table_name, model_name, meta_table_uid), ',' ORDER BY table_name))
              FROM msm.catalog"
}
declared() {
    q "$1" "SELECT string_agg(concat_ws(' ', namespace, identifier, table_name, upsert_keys::text), ',' ORDER BY namespace, identifier)
              FROM msm.declared_model"
}
# one session: attach, read the rows back, write one more
use_rows() {
    q "$1" "SELECT msm.start_engine(models => ARRAY['Asset', 'MyAssetDetails']) IS NOT NULL" >/dev/null &&
    q "$1" "SELECT concat_ws(' ', (SELECT count(*) FROM msm.start_engine(models => ARRAY['Asset', 'MyAssetDetails'])
                                     AS s(d), jsonb_array_elements(d->'meta_tables')),
                          msm.get('Asset', '{\"unique_identifier\": \"AAPL\"}')->>'uid',
                          msm.get('MyAssetDetails', jsonb_build_object('asset_uid',
                              msm.get('Asset', '{\"unique_identifier\": \"AAPL\"}')->>'uid'))->>'risk_bucket',
                          (msm.upsert_asset('MSFT')).unique_identifier)"
}
use_examples() {
    q "$1" "SELECT concat_ws(' ', jsonb_array_elements(d->'meta_tables') IS NOT NULL,
                          msm.get('Asset', '{\"unique_identifier\": \"ETH\"}')->>'unique_identifier')
              FROM msm.start_engine(models => ARRAY['Asset'], namespace => 'mainsequence.examples') AS s(d)"
}
diag() {
    q "$1" "SELECT coalesce(string_agg(concat_ws(' ', severity, table_name, \"check\", detail), '; '), 'clean')
              FROM (SELECT * FROM msm.diagnose() UNION ALL SELECT * FROM msm.diagnose('mainsequence.examples')) d"
}

# --- the source database --------------------------------------------------
msm_psql -c "CREATE DATABASE src" >/dev/null
tap_ok "source: two namespaces migrated, a project model declared, rows upserted" \
    msm_psql -d src -v ON_ERROR_STOP=1 <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION msm;
SELECT msm.migrate_upgrade();
SELECT msm.migrate_upgrade(namespace => 'mainsequence.examples');
\i test/fixtures/my_asset_details.sql
SELECT msm.declare_model('public.my_project_markets__myassetdetails'::regclass,
         base_identifier => 'MyAssetDetails', metatable_namespace => 'com.my_company.markets',
         storage_app => 'my_project_markets', upsert_keys => ARRAY['asset_uid']);
SELECT msm.migrate_upgrade();
SELECT msm.start_engine(models => ARRAY['Asset', 'MyAssetDetails']) IS NOT NULL;
SELECT (msm.upsert_asset('AAPL', 'Equity')).uid AS aapl \gset
SELECT msm.upsert('MyAssetDetails', jsonb_build_object('asset_uid', :'aapl', 'risk_bucket', 'high', 'analyst', 'ann'));
SELECT msm.stop_engine();
SELECT msm.start_engine(models => ARRAY['Asset'], namespace => 'mainsequence.examples') IS NOT NULL;
SELECT msm.upsert_asset('ETH');
SQL
src_ident=$(ident src)
src_uids=$(uids src)
src_catalog=$(catalog src)
src_declared=$(declared src)
src_aapl=$(q src "SELECT uid FROM public.ms_markets__asset WHERE unique_identifier = 'AAPL'")
tap_ok "source: the registry holds both namespaces and the project model" \
    test "$(q src "SELECT count(DISTINCT physical_table_name) FILTER (WHERE namespace = 'mainsequence.examples')
                        || ' ' || count(*) FILTER (WHERE physical_table_name = 'my_project_markets__myassetdetails')
                     FROM msm.meta_table")" = "56 1"
tap_is "$(diag src)" clean "source: diagnose is clean"

msm_psql -c "CHECKPOINT" >/dev/null
tap_ok "pg_dump -Fc" "$MSM_PGBIN/pg_dump" -Fc -d src -f "$DUMPS/src.dump"
tap_ok "pg_dump (plain SQL)" "$MSM_PGBIN/pg_dump" -d src -f "$DUMPS/src.sql"

# check_copy DB LABEL: the eleven assertions every restored copy passes
check_copy() {
    local db=$1 label=$2
    tap_is "$(ident "$db")" "$src_ident" "$label: same data source uid"
    tap_is "$(q "$db" "SELECT count(*) FROM msm.installation")" 1 "$label: one installation row"
    tap_is "$(uids "$db")" "$src_uids" "$label: same MetaTable uids, status and data source"
    tap_is "$(catalog "$db")" "$src_catalog" "$label: same catalog"
    tap_is "$(declared "$db")" "$src_declared" "$label: same declared models"
    tap_is "$(use_rows "$db" 2>&1)" "2 $src_aapl high MSFT" "$label: start_engine attaches, the rows are there, upserts work"
    tap_is "$(use_examples "$db" 2>&1)" "t ETH" "$label: the second namespace attaches and has its row"
    tap_is "$(diag "$db")" clean "$label: diagnose is clean"
    tap_ok "$label: migrate_upgrade again" q "$db" "SELECT msm.migrate_upgrade(); SELECT msm.migrate_upgrade(namespace => 'mainsequence.examples')"
    tap_is "$(uids "$db")" "$src_uids" "$label: migrate_upgrade registered nothing anew"
    tap_is "$(diag "$db")" clean "$label: still clean"
}

# restore CMD...: run it; ok when it exits 0 and printed no error
restore() {
    local out st=0
    out=$("$@" 2>&1) || st=$?
    printf '%s\n' "$out"
    [ "$st" -eq 0 ] && ! grep -qi 'error' <<<"$out"
}

# --- pg_restore ------------------------------------------------------------
msm_psql -c "CREATE DATABASE r_plain" >/dev/null
tap_ok "pg_restore into a fresh database: no error" restore "$MSM_PGBIN/pg_restore" -d r_plain "$DUMPS/src.dump"
check_copy r_plain "pg_restore"

msm_psql -c "CREATE DATABASE r_single" >/dev/null
tap_ok "pg_restore --single-transaction --exit-on-error: no error" \
    restore "$MSM_PGBIN/pg_restore" --single-transaction --exit-on-error -d r_single "$DUMPS/src.dump"
check_copy r_single "pg_restore --single-transaction"

msm_psql -c "CREATE DATABASE r_sql" >/dev/null
tap_ok "plain-SQL dump into psql -v ON_ERROR_STOP=1: no error" \
    restore msm_psql -d r_sql -v ON_ERROR_STOP=1 -f "$DUMPS/src.sql"
check_copy r_sql "psql"

msm_psql -c "CREATE DATABASE r_split" >/dev/null
tap_ok "pg_restore --schema-only, then --data-only: no error" \
    restore bash -c '"$1" --schema-only -d r_split "$2" && "$1" --data-only --single-transaction --exit-on-error -d r_split "$2"' \
    _ "$MSM_PGBIN/pg_restore" "$DUMPS/src.dump"
check_copy r_split "pg_restore --data-only"

tap_ok "pg_restore --clean --if-exists over a restored copy: no error" \
    restore "$MSM_PGBIN/pg_restore" --clean --if-exists --single-transaction --exit-on-error -d r_plain "$DUMPS/src.dump"
check_copy r_plain "pg_restore --clean"

# --- the restored row never overwrites an identity that registered tables --
out=$(q src "INSERT INTO msm.installation (data_source_uid) VALUES (gen_random_uuid())" 2>&1)
tap_ok "a second installation row is refused where the registry uses this identity" \
    grep -qF 'cannot replace the data source identity' <<<"$out"
tap_diag "$out"
tap_is "$(ident src)" "$src_ident" "the identity is unchanged"

# --- a clone that gets a new identity ---------------------------------------
msm_psql -c "CREATE DATABASE clone TEMPLATE src" >/dev/null
tap_is "$(ident clone)" "$src_ident" "a file-level clone starts with the same identity"
out=$(msm_psql -d clone -c "CREATE ROLE app LOGIN; SET ROLE app; SELECT msm.reset_data_source_identity()" 2>&1)
tap_ok "reset_data_source_identity is not for PUBLIC" grep -q 'permission denied' <<<"$out"
new_uid=$(q clone "SELECT gen_random_uuid()")
out=$(q clone "SELECT msm.reset_data_source_identity('$new_uid')" 2>&1)
tap_ok "reset_data_source_identity gives the clone a new identity" \
    test "$(q clone "SELECT msm.data_source_uid()")" = "$new_uid"
tap_diag "$out"
tap_is "$(q clone "SELECT '$out'::jsonb->'migrated_namespaces'")" '[null, "mainsequence.examples"]' \
    "it migrated both namespaces again"
tap_is "$(q clone "SELECT count(*) FILTER (WHERE data_source_uid = '$new_uid') || ' '
                          || count(*) FILTER (WHERE data_source_uid <> '$new_uid')
                     FROM msm.meta_table")" \
    "$(q src "SELECT count(*) || ' 0' FROM msm.meta_table")" \
    "the clone's tables are registered again under the new identity, the old rows are gone"
old_uids=$(q src "SELECT string_agg(quote_literal(uid::text), ',') FROM msm.meta_table")
tap_is "$(q clone "SELECT count(*) FROM msm.meta_table c WHERE c.uid::text IN ($old_uids)")" 0 "with new MetaTable uids"
tap_is "$(q clone "SELECT count(*) FROM msm.catalog c JOIN msm.meta_table r ON r.uid = c.meta_table_uid")" \
    "$(q src "SELECT count(*) FROM msm.catalog")" "the catalog points at the new registrations"
tap_is "$(use_rows clone 2>&1)" "2 $src_aapl high MSFT" "the clone attaches and keeps its rows"
tap_is "$(diag clone)" clean "the clone diagnoses clean"
tap_is "$(ident src)" "$src_ident" "the original keeps its identity"

out=$(q clone "SELECT msm.reset_data_source_identity('$new_uid')" 2>&1)
tap_ok "resetting to the current identity is refused" grep -qF 'already' <<<"$out"
tap_diag "$out"

# --- a copy whose identity differs from its registry rows ------------------
msm_psql -c "CREATE DATABASE stale TEMPLATE src" >/dev/null
q stale "UPDATE msm.installation SET data_source_uid = gen_random_uuid()" >/dev/null
out=$(q stale "SELECT severity || ' ' || \"check\" || ': ' || detail FROM msm.diagnose() WHERE \"check\" = 'data_source_identity_mismatch'")
tap_ok "diagnose reports the identity mismatch as an error" grep -q "^error data_source_identity_mismatch: " <<<"$out"
tap_ok "the finding names the other data source and this one" \
    bash -c 'grep -qF "$1" <<<"$3" && grep -qF "$2" <<<"$3"' _ "$src_ident" "$(ident stale)" "$out"
tap_ok "and says what to do" grep -qF 'msm.reset_data_source_identity()' <<<"$out"
tap_diag "$out"
out=$(q stale "SELECT msm.start_engine(models => ARRAY['Asset'])" 2>&1)
tap_ok "start_engine on such a copy fails" test -n "$(grep ERROR <<<"$out")"
tap_diag "$out"

tap_done
