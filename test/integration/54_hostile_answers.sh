#!/usr/bin/env bash
# Hostile TS Manager answers (doc/tsmanager.md, "Validating answers"),
# served by the stand-in's faults: a token or credential secret echoed in an
# answer never reaches an error (superuser or not) or the server log; uids
# that are not uuids ('); DROP TABLE ...; --) are a clear error in lookups,
# reservations, finalization and execution answers and never reach an
# envelope; names must be the requested ones; text that is not valid UTF-8
# is refused or replaced; a lookup reads one page and never follows a
# next link (a loop or an empty page that links on costs one request).
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../tsmanager/standin.sh"

tap_plan 20
standin_start || { echo "Bail out! stand-in did not start"; exit 1; }
msm_psql -c "ALTER DATABASE postgres SET msm.endpoint = '$STANDIN_URL'" \
         -c "ALTER DATABASE postgres SET msm.access_token = '$STANDIN_TOKEN'" \
         -c "ALTER DATABASE postgres SET msm.log_events = off" \
         -c "ALTER DATABASE postgres SET msm.lookup_cache_ttl_s = 0" >/dev/null
msm_psql -c "CREATE EXTENSION msm" -c "SELECT msm.migrate_upgrade()" -c "CREATE ROLE plain_user LOGIN" >/dev/null \
    || { echo "Bail out! migration failed"; exit 1; }

FILTER=/api/v1/meta-tables/filter/
EXEC=/api/v1/meta-tables/execute-operation/
TOKEN_PATH=/api/v1/runtime-credentials/token/
HOSTILE="'); DROP TABLE public.ms_markets__asset; --"
ASSET_ROW=$(standin_rows | jq -c '.[] | select(.physical_table_name == "ms_markets__asset")')
# answer PATH STATUS BODY [TIMES]: the next TIMES requests to PATH get STATUS with BODY (text)
answer() {
    standin_reset
    standin_fault "$(jq -cn --arg p "$1" --argjson s "$2" --arg b "$3" --argjson t "${4:-1}" \
        '{match: {path: $p}, action: {status: $s, body: $b}, times: $t}')" >/dev/null
}
attach() { # [USER]: start_engine(Asset); the answer or the error
    msm_psql ${1:+-U "$1"} -c "SELECT msm.start_engine(models => ARRAY['Asset'], timeout_ms => 20000) IS NOT NULL" 2>&1
}
plat() { # SQL with msm.execution = platform
    msm_psql -c "SET msm.execution = platform" -c "SELECT msm.start_engine(models => ARRAY['Asset']) IS NOT NULL" -c "$1" 2>&1
}
no_token() { bash -c '! grep -qF -- "$1" <<<"$2"' _ "$STANDIN_TOKEN" "$1"; }

# --- secrets echoed in answers -------------------------------------------------
answer $FILTER 400 '{"detail": "token '"$STANDIN_TOKEN"' is not allowed here"}'
out=$(attach)
tap_ok "a token echoed in an error body is redacted from the error" \
    bash -c 'grep -qF "token [redacted] is not allowed here" <<<"$1"' _ "$out"
tap_ok "... and the token is not in the error" no_token "$out"
answer $FILTER 400 '{"detail": "token '"$STANDIN_TOKEN"' is not allowed here"}'
out=$(attach plain_user)
tap_ok "a non-superuser sees the error without the token" \
    bash -c 'grep -qF "[redacted]" <<<"$1" && ! grep -qF -- "$2" <<<"$1"' _ "$out" "$STANDIN_TOKEN"
answer $FILTER 403 "forbidden for Bearer $STANDIN_TOKEN (plain text)"
out=$(attach)
tap_ok "a token echoed in a text body is redacted" bash -c 'grep -qF "forbidden for Bearer [redacted]" <<<"$1"' _ "$out"
answer $FILTER 200 '{"rows": "'"$STANDIN_TOKEN"
out=$(attach)
tap_ok "a token echoed in malformed JSON is redacted from the error" \
    bash -c 'grep -q "malformed JSON" <<<"$1" && ! grep -qF -- "$2" <<<"$1"' _ "$out" "$STANDIN_TOKEN"
answer $EXEC 400 '{"detail": "statement refused for '"$STANDIN_TOKEN"'"}'
out=$(plat "SELECT msm.upsert_asset('hostile-echo', 'equity')")
tap_ok "a token echoed by execute-operation is redacted" \
    bash -c 'grep -qF "statement refused for [redacted]" <<<"$1" && ! grep -qF -- "$2" <<<"$1"' _ "$out" "$STANDIN_TOKEN"
answer $TOKEN_PATH 401 '{"detail": "secret '"$STANDIN_CREDENTIAL_SECRET"' refused"}'
out=$(msm_psql -c "SET msm.access_token = ''" -c "SET msm.runtime_credential_id = '$STANDIN_CREDENTIAL_ID'" \
               -c "SET msm.runtime_credential_secret = '$STANDIN_CREDENTIAL_SECRET'" \
               -c "SELECT msm.start_engine(models => ARRAY['Asset']) IS NOT NULL" 2>&1)
tap_ok "a credential secret echoed by the token endpoint is redacted" \
    bash -c 'grep -qF "secret [redacted] refused" <<<"$1" && ! grep -qF -- "$2" <<<"$1"' _ "$out" "$STANDIN_CREDENTIAL_SECRET"
tap_ok "no token or secret reached the server log" \
    bash -c '! grep -qF -e "$1" -e "$2" "$3"' _ "$STANDIN_TOKEN" "$STANDIN_CREDENTIAL_SECRET" "$MSM_PGLOG"

# --- uids that are not uuids -------------------------------------------------------
answer $FILTER 200 "$(jq -cn --argjson r "$ASSET_ROW" --arg u "$HOSTILE" '[$r + {uid: $u}]')"
out=$(attach)
tap_ok "a lookup answer whose uid is not a uuid is refused" grep -q "uid that is not a uuid" <<<"$out" || tap_diag "$out"
answer $EXEC 200 "$(jq -cn --arg u "$HOSTILE" '{ok: true, rows: [{uid: $u, unique_identifier: "hostile-uid", asset_type: "equity"}]}')"
out=$(plat "SELECT msm.upsert_asset('hostile-uid', 'equity')")
tap_ok "an execution answer whose uid is not a uuid is refused" grep -q "value that is not a uuid" <<<"$out"
answer $EXEC 200 '{"ok": true, "rows": [{"uid": "00000000-0000-4000-8000-000000000001", "dropped": 1}]}'
out=$(plat "SELECT msm.upsert_asset('hostile-col', 'equity')")
tap_ok "an execution answer with a column the model does not have is refused" grep -q "column the model does not have" <<<"$out"
standin_reset
plat "SELECT msm.upsert_asset('after-hostile', 'equity')" >/dev/null
tap_is "$(jq -r '.body_text // empty' "$STANDIN_DIR/requests.jsonl" | grep -c 'DROP TABLE')" "0" \
    "no hostile uid ever reaches an envelope or a request"

# reservation and finalization answers of a migration
msm_psql -c "CREATE TABLE public.my_project_markets__hostile (id int PRIMARY KEY);
   COMMENT ON TABLE public.my_project_markets__hostile IS 'A project table registered while TS Manager is hostile.';
   COMMENT ON COLUMN public.my_project_markets__hostile.id IS 'Primary key of the hostile rows.';
   SELECT msm.declare_model('public.my_project_markets__hostile'::regclass, 'Hostile', 'com.my_company.markets',
          'my_project_markets', upsert_keys => ARRAY['id'])" >/dev/null
migrate() { msm_psql -c "SELECT msm.migrate_upgrade() IS NOT NULL" 2>&1; }
reservation() { # UID NAME: a reservation answer of one row
    jq -cn --argjson r "$ASSET_ROW" --arg u "$1" --arg n "$2" '[$r + {uid: $u, physical_table_name: $n, identifier: $n, provisioning_status: "reserved"}]'
}
answer /api/v1/meta-tables/ 201 "$(reservation "$HOSTILE" my_project_markets__hostile)"
tap_ok "a reservation answer whose uid is not a uuid is refused" grep -q "uid that is not a uuid" <<<"$(migrate)"
answer /api/v1/meta-tables/ 201 "$(reservation 00000000-0000-4000-8000-000000000002 ms_markets__asset)"
tap_ok "a reservation answer for another table is refused" grep -q "a row for another table" <<<"$(migrate)"
answer /api/v1/meta-tables/finalize-managed/ 200 \
    '{"ok": true, "finalized_count": 1, "active_count": 1, "reserved_count": 0, "failed_count": 0, "tables": [{"meta_table_uid": "00000000-0000-4000-8000-000000000003", "physical_table_name": "my_project_markets__hostile", "provisioning_status": "active", "physical_table_exists": true, "error": null}]}'
tap_ok "a finalize answer about a table that was not asked for is refused" grep -q "a table that was not asked for" <<<"$(migrate)"
standin_reset
tap_is "$(migrate)" "t" "with an honest TS Manager the migration then completes"

# --- text that is not valid UTF-8 ---------------------------------------------------
standin_reset
standin_fault '{"match": {"path": "'$FILTER'"}, "action": {"status": 400, "body_hex": "'"$(printf '{"detail": "bad \377\376 byte"}' | od -An -tx1 | tr -d ' \n')"'"}}' >/dev/null
tap_ok "invalid UTF-8 in an error message is replaced" grep -qF "bad ?? byte" <<<"$(attach)"
standin_reset
standin_fault '{"match": {"path": "'$FILTER'"}, "action": {"status": 200, "body_hex": "'"$(printf '[{"uid": "\377"}]' | od -An -tx1 | tr -d ' \n')"'"}}' >/dev/null
tap_ok "an answer that is not valid UTF-8 is refused" grep -q "not valid UTF-8" <<<"$(attach)"

# --- pagination: one page is read, as the SDK reads it -----------------------------
# The lookup asks for every name with limit max(5000, n) and never follows
# "next" (doc/tsmanager.md, "Wire calls"), so a hostile next link (one that
# loops, or an empty page that links to another) cannot keep it busy.
answer $FILTER 200 "$(jq -cn --argjson r "$ASSET_ROW" --arg n "$STANDIN_URL$FILTER" '{count: 2, next: $n, previous: null, results: [$r]}')" -1
out=$(attach); n=$(standin_count POST $FILTER)
tap_ok "a next link that loops is not followed: one request, the page's row is bound ($n requests)" \
    bash -c '[ "$1" = t ] && [ "$2" -eq 1 ]' _ "$out" "$n"
answer $FILTER 200 "$(jq -cn --arg n "$STANDIN_URL$FILTER?offset=1" '{count: 2, next: $n, previous: null, results: []}')" -1
out=$(attach); n=$(standin_count POST $FILTER)
tap_ok "an empty page that links to another: one request, the table is reported unregistered, no timeout ($n requests)" \
    bash -c 'grep -q "has no active platform_managed MetaTable registration" <<<"$1" && ! grep -q "timed out" <<<"$1" && [ "$2" -eq 1 ]' _ "$out" "$n"

tap_done
