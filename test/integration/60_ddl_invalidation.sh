#!/usr/bin/env bash
# DDL while sessions are attached (doc/runtime.md, "Caching"): an open
# session that attached before ALTER TABLE ... ADD / ALTER TYPE / DROP
# COLUMN, RENAME, DROP of the upsert key's index or DROP TABLE in another
# session works on the new shape or gets a clear msm error that says to
# re-attach, never a raw catalog error; DROP EXTENSION msm; CREATE
# EXTENSION msm drops the session's runtime.  Two long-lived psql sessions
# (A attaches and runs row operations, B runs the DDL) read from fifos.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"

tap_plan 32

export PGOPTIONS="-c statement_timeout=60s"
D=$(mktemp -d)
chmod 755 "$D"
PIDS=()
trap 'exec 7>&- 8>&- 2>/dev/null; for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$D"' EXIT

# start_session NAME FD: a psql reading $D/NAME.in (kept open on FD), all
# output (errors with SQLSTATE, detail and hint) in $D/NAME.out
start_session() {
    mkfifo "$D/$1.in"
    : > "$D/$1.out"
    psql -X -q -A -t -v VERBOSITY=verbose -v ON_ERROR_STOP=0 <"$D/$1.in" >"$D/$1.out" 2>&1 &
    PIDS+=($!)
    eval "exec $2>\"\$D/\$1.in\""
}
# run NAME FD SQL: send SQL to the session, wait until it ran, print its output.
# run is called inside $(...), a subshell, so a counter kept in a shell
# variable would never advance: each call's marker is made unique from the
# clock and the subshell's pid instead (a repeated marker let a call return
# before its statement had run).
run() {
    local name=$1 fd=$2 before mark
    mark="@@done $(date +%s%N).$BASHPID"
    before=$(wc -l <"$D/$name.out")
    printf '%s;\n\\echo %s\n' "$3" "$mark" >&"$fd"
    msm_wait_for 120 grep -qxF "$mark" "$D/$name.out" || { echo "TIMEOUT waiting for $name"; return 0; }
    sed -n "$((before + 1)),\$p" "$D/$name.out" | grep -vxF "$mark"
}
A() { run A 7 "$1"; }
B() { run B 8 "$1"; }
# no_raw OUT: the output has no raw catalog error (column/relation/type/ON CONFLICT)
no_raw() {
    ! grep -Eq 'ERROR:  (42703|42P01|42704|42P10|XX000)|does not exist$|with OID|no unique or exclusion constraint|cache lookup failed' <<<"$1"
}

tap_ok "extension and migration" msm_psql -c "CREATE EXTENSION msm" -c "SELECT msm.migrate_upgrade()"
start_session A 7
start_session B 8
A "SELECT msm.start_engine(models => ARRAY['Asset'])->>'cached'" >/dev/null
T=$(A "SELECT quote_ident(physical_schema) || '.' || quote_ident(table_name) FROM msm.runtime_table('Asset')")
tap_ok "session A attached to Asset ($T)" test -n "$T"
out=$(A "SELECT msm.upsert('Asset', '{\"unique_identifier\": \"ddl-1\", \"asset_type\": \"Equity\"}')->>'unique_identifier'")
tap_is "$out" "ddl-1" "upsert before any DDL"

# ADD COLUMN: the new column is accepted at once
B "ALTER TABLE $T ADD COLUMN note text" >/dev/null
out=$(A "SELECT msm.upsert('Asset', '{\"unique_identifier\": \"ddl-2\", \"note\": \"hi\"}')->>'unique_identifier'")
tap_is "$out" "ddl-2" "ADD COLUMN: upsert with the new column works in the open session"
out=$(A "SELECT note FROM $T WHERE unique_identifier = 'ddl-2'")
tap_is "$out" "hi" "ADD COLUMN: the new column was written"

# ALTER COLUMN TYPE: values go through the new type
B "ALTER TABLE $T ALTER COLUMN note TYPE integer USING NULL" >/dev/null
out=$(A "SELECT msm.upsert('Asset', '{\"unique_identifier\": \"ddl-3\", \"note\": 42}')->>'unique_identifier'")
tap_is "$out" "ddl-3" "ALTER COLUMN TYPE: upsert works on the new type"
out=$(A "SELECT pg_typeof(note)::text || ':' || note FROM $T WHERE unique_identifier = 'ddl-3'")
tap_is "$out" "integer:42" "ALTER COLUMN TYPE: the value has the new type"
out=$(A "SELECT msm.upsert('Asset', '{\"unique_identifier\": \"ddl-3\", \"note\": \"x\"}')")
tap_ok "ALTER COLUMN TYPE: a value of the old type is an input error, not a raw one" no_raw "$out"

# DROP COLUMN: the next operation works without it; also in a transaction
# that began before the DDL committed
A "BEGIN; SELECT 1" >/dev/null
B "ALTER TABLE $T DROP COLUMN note" >/dev/null
out=$(A "SELECT msm.upsert('Asset', '{\"unique_identifier\": \"ddl-4\", \"asset_type\": \"Bond\"}')->>'unique_identifier'; COMMIT")
tap_is "$out" "ddl-4" "DROP COLUMN: upsert works in a transaction begun before the DDL"
out=$(A "SELECT msm.get('Asset', '{\"unique_identifier\": \"ddl-2\"}') ? 'note'")
tap_ok "DROP COLUMN: get works and no longer returns the column ($out)" test "$out" = "f" -o "$out" = "false"
out=$(A "SELECT asset_type FROM msm.upsert_asset('ddl-5', 'Fund')")
tap_is "$out" "fund" "DROP COLUMN: upsert_asset works"
out=$(A "SELECT msm.delete('Asset', '{\"unique_identifier\": \"ddl-5\"}')")
tap_is "$out" "t" "DROP COLUMN: delete works"
out=$(A "SELECT msm.upsert('Asset', '{\"unique_identifier\": \"ddl-6\", \"note\": 1}')")
tap_ok "DROP COLUMN: the dropped column is refused by msm ($(head -1 <<<"$out"))" bash -c 'grep -q "ERROR" <<<"$1" && ! grep -q "does not exist" <<<"$1"' _ "$out"

# RENAME: a clear error that says to re-attach; renaming back works again
B "ALTER TABLE $T RENAME TO asset_renamed_by_dba" >/dev/null
out=$(A "SELECT msm.get('Asset', '{\"unique_identifier\": \"ddl-1\"}')")
tap_ok "RENAME: get raises an msm error" grep -q "ERROR:  55000: table $T of model Asset was renamed" <<<"$out"
tap_ok "RENAME: the hint says to re-attach" grep -q "HINT: .*msm.stop_engine().*msm.start_engine" <<<"$out"
tap_ok "RENAME: no raw catalog error" no_raw "$out"
B "ALTER TABLE $(sed 's/\.[^.]*$//' <<<"$T").asset_renamed_by_dba RENAME TO $(sed 's/^.*\.//' <<<"$T")" >/dev/null
out=$(A "SELECT msm.get('Asset', '{\"unique_identifier\": \"ddl-1\"}')->>'asset_type'")
tap_is "$out" "Equity" "RENAME back: get works again"

# DROP / CREATE EXTENSION in the attached session: the runtime is gone
out=$(A "SELECT asset_type FROM msm.upsert_asset('ddl-9', 'Equity')")
tap_is "$out" "equity" "before DROP EXTENSION: upsert_asset works"
A "DROP EXTENSION msm CASCADE; CREATE EXTENSION msm; SELECT msm.migrate_upgrade()" >/dev/null
out=$(A "SELECT * FROM msm.upsert_asset('ddl-10')")
tap_ok "DROP/CREATE EXTENSION: upsert_asset says the runtime must be initialized ($(head -1 <<<"$out"))" \
    grep -q "ERROR:  55000: .*requires an initialized markets runtime" <<<"$out"
tap_ok "DROP/CREATE EXTENSION: no raw catalog error" no_raw "$out"
out=$(A "SELECT msm.start_engine(models => ARRAY['Asset'])->>'cached'")
tap_is "$out" "false" "DROP/CREATE EXTENSION: start_engine attaches afresh"
out=$(A "SELECT count(*) FROM msm.runtime_tables() r JOIN msm.meta_table m ON m.uid = r.meta_table_uid")
tap_is "$out" "1" "DROP/CREATE EXTENSION: the runtime's uids are in the registry"
out=$(A "SELECT asset_type FROM msm.upsert_asset('ddl-11', 'Equity')")
tap_is "$out" "equity" "DROP/CREATE EXTENSION: upsert_asset works after re-attaching"

# the unique index that backs the upsert key (CASCADE drops the foreign keys
# that reference it, so this runs after the extension case): a clear error
# for upserts, get works, upserts work again once it is back
IDX=$(B "SELECT i.indexrelid::regclass FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] WHERE i.indrelid = '$T'::regclass AND i.indisunique AND i.indnkeyatts = 1 AND a.attname = 'unique_identifier'" | head -1)
tap_ok "the upsert key has a unique index ($IDX)" test -n "$IDX"
out=$(B "DROP INDEX $IDX CASCADE")
tap_diag "$out"
out=$(A "SELECT msm.upsert('Asset', '{\"unique_identifier\": \"ddl-7\"}')")
tap_ok "DROP of the upsert key's unique index: an msm error ($(head -1 <<<"$out"))" grep -q "ERROR:  55000: .*upsert key" <<<"$out"
tap_ok "DROP of the upsert key's unique index: no raw catalog error" no_raw "$out"
out=$(A "SELECT msm.get('Asset', '{\"unique_identifier\": \"ddl-11\"}')->>'asset_type'")
tap_is "$out" "equity" "DROP of the upsert key's unique index: get still works"
B "CREATE UNIQUE INDEX $(sed 's/^.*\.//' <<<"$IDX") ON $T (unique_identifier)" >/dev/null
out=$(A "SELECT msm.upsert('Asset', '{\"unique_identifier\": \"ddl-7\"}')->>'unique_identifier'")
tap_is "$out" "ddl-7" "unique index back: upsert works again"

# DROP TABLE: a clear error that says to re-attach
T2=$(A "SELECT quote_ident(physical_schema) || '.' || quote_ident(table_name) FROM msm.runtime_table('Asset')")
B "DROP TABLE $T2 CASCADE" >/dev/null
out=$(A "SELECT msm.get('Asset', '{\"unique_identifier\": \"ddl-1\"}')")
tap_ok "DROP TABLE: get raises an msm error" grep -q "ERROR:  42P01: table $T2 of model Asset no longer exists" <<<"$out"
tap_ok "DROP TABLE: the hint says to re-attach" grep -q "HINT: .*msm.start_engine" <<<"$out"
out=$(A "SELECT * FROM msm.upsert_asset('ddl-8')")
tap_ok "DROP TABLE: upsert_asset raises the same msm error" grep -q "ERROR:  42P01: table $T2 of model Asset no longer exists" <<<"$out"

exec 7>&- 8>&-
tap_ok "no backend crashed" sh -c "! grep -q 'terminated by signal' '$MSM_PGLOG'"
tap_done
