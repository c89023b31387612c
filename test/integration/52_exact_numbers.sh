#!/usr/bin/env bash
# Exact numbers and platform execution answers (doc/rows.md,
# "compiled-sql.v1"; doc/tsmanager.md, "Platform execution"): a bigint
# beyond 2^53 and a numeric(38,18) keep every digit in compile_upsert, in
# the envelope msm.execution = platform sends (the stand-in's request log
# holds the body text) and in the rows that come back, locally and on the
# platform; answers are read in every shape the SDK and the markets library
# accept, and a select follows pagination.has_more / next_offset as the SDK
# does.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../tsmanager/standin.sh"

tap_plan 24
standin_start || { echo "Bail out! stand-in did not start"; exit 1; }
msm_psql -c "ALTER DATABASE postgres SET msm.endpoint = '$STANDIN_URL'" \
         -c "ALTER DATABASE postgres SET msm.access_token = '$STANDIN_TOKEN'" \
         -c "ALTER DATABASE postgres SET msm.log_events = off" \
         -c "ALTER DATABASE postgres SET msm.lookup_cache_ttl_s = 0" >/dev/null
msm_psql -c "CREATE EXTENSION msm" -c "SELECT msm.migrate_upgrade()" >/dev/null || { echo "Bail out! migration failed"; exit 1; }
msm_psql -c "CREATE TABLE public.my_project_markets__exactvalue (k text PRIMARY KEY, big bigint, amount numeric(38,18), ratio float8, tags text[]);
   COMMENT ON TABLE public.my_project_markets__exactvalue IS 'Exact values kept by the project for the round trip checks.';
   COMMENT ON COLUMN public.my_project_markets__exactvalue.k IS 'Key of the exact value row.';
   COMMENT ON COLUMN public.my_project_markets__exactvalue.big IS 'A bigint beyond two to the fifty-third.';
   COMMENT ON COLUMN public.my_project_markets__exactvalue.amount IS 'A numeric with thirty-eight digits.';
   COMMENT ON COLUMN public.my_project_markets__exactvalue.ratio IS 'A binary float value.';
   COMMENT ON COLUMN public.my_project_markets__exactvalue.tags IS 'Tags of the row as a text array.';
   SELECT msm.declare_model('public.my_project_markets__exactvalue'::regclass, 'ExactValue',
          'com.my_company.markets', 'my_project_markets', upsert_keys => ARRAY['k'])" >/dev/null \
  && msm_psql -c "SELECT msm.migrate_upgrade()" >/dev/null || { echo "Bail out! project model not registered"; exit 1; }

BIG=9007199254740993
AMOUNT=12345678901234567890.123456789012345678
ROW='{"k": "a", "big": '$BIG', "amount": '$AMOUNT', "ratio": 0.1}'
EXEC=/api/v1/meta-tables/execute-operation/
# run SQL after start_engine(ExactValue) with msm.execution = $1; prints the last line
run() {
    msm_psql -X -q -A -t -c "SET msm.execution = $1" \
             -c "SELECT msm.start_engine(models => ARRAY['ExactValue']) IS NOT NULL" -c "$2" 2>&1 | tail -1
}
# the same, every line (errors with their detail and hint)
run_all() {
    msm_psql -X -q -A -t -c "SET msm.execution = $1" \
             -c "SELECT msm.start_engine(models => ARRAY['ExactValue']) IS NOT NULL" -c "$2" 2>&1
}
last_body() { standin_requests | grep -F "$EXEC" | tail -1 | standin_json 'd["body_text"]'; }

# --- compile_upsert: integers with all their digits, numerics as exact text ----
out=$(run local "SELECT e->'statement'->'parameters' FROM msm.compile_upsert('ExactValue', '$ROW') e")
tap_ok "compile_upsert: the bigint is the JSON integer $BIG" bash -c 'grep -qF "\"big\": $1," <<<"$2"' _ "$BIG" "$out"
tap_ok "compile_upsert: the numeric is its exact decimal text, a JSON string" \
    bash -c 'grep -qF "\"amount\": \"$1\"" <<<"$2"' _ "$AMOUNT" "$out"
out=$(run local "SELECT e->'statement'->'parameters'->'big' FROM msm.compile_upsert('ExactValue', '{\"k\": \"a\", \"big\": \"$BIG\"}') e")
tap_is "$out" "$BIG" "compile_upsert: a bigint given as text is sent as the JSON integer"
out=$(run local "SET extra_float_digits = 0; SELECT e->'statement'->'parameters'->>'ratio' FROM msm.compile_upsert('ExactValue', '{\"k\": \"a\", \"ratio\": 0.30000000000000004}') e")
tap_is "$out" "0.30000000000000004" "compile_upsert: a float8 keeps its shortest exact text whatever extra_float_digits"

# --- platform upsert: the envelope's text, the stored and returned values ----
standin_reset
out=$(run platform "SELECT r->>'big' || ' ' || (r->>'amount') FROM msm.upsert('ExactValue', '$ROW') r")
tap_is "$out" "$BIG $AMOUNT" "platform upsert returns the exact bigint and numeric"
body=$(last_body)
tap_ok "platform upsert: the envelope carries \"big\": $BIG (request log body text)" grep -qF "\"big\": $BIG," <<<"$body"
tap_ok "platform upsert: the envelope carries \"amount\": \"$AMOUNT\"" grep -qF "\"amount\": \"$AMOUNT\"" <<<"$body"
tap_ok "platform upsert: no number in a double's exponent form in the envelope" bash -c '! grep -qF "E+" <<<"$1"' _ "$body"
tap_is "$(msm_psql -X -A -t -c "SELECT big || ' ' || amount FROM public.my_project_markets__exactvalue WHERE k = 'a'")" \
    "$BIG $AMOUNT" "the data source holds the exact values"

# --- get, local and platform ------------------------------------------------------
out=$(run local "SELECT r->>'big' || ' ' || (r->>'amount') FROM msm.get('ExactValue', '{\"k\": \"a\"}') r")
tap_is "$out" "$BIG $AMOUNT" "local get returns the exact values"
standin_reset
out=$(run platform "SELECT r->>'big' || ' ' || (r->>'amount') FROM msm.get('ExactValue', '{\"k\": \"a\"}') r")
tap_is "$out" "$BIG $AMOUNT" "platform get returns the exact values"
tap_ok "platform get: the key is a parameter of the envelope" grep -qF '"parameters": {"k": "a"}' <<<"$(last_body)"
local_row=$(run local "SELECT msm.get('ExactValue', '{\"k\": \"a\"}')")
tap_is "$(run platform "SELECT msm.get('ExactValue', '{\"k\": \"a\"}')")" "$local_row" "platform get returns what local get returns"

# --- answers in every shape the SDK accepts, parsed exactly ------------------------
answer_row='{"k": "a", "big": '$BIG', "amount": '$AMOUNT', "ratio": 0.1}'
# shaped DESC BODY: execute-operation answers BODY (text) once; get returns the exact row
shaped() {
    standin_reset
    standin_fault "$(jq -cn --arg b "$2" '{match: {path: "'$EXEC'"}, action: {status: 200, body: $b}}')" >/dev/null
    tap_is "$(run platform "SELECT r->>'big' || ' ' || (r->>'amount') FROM msm.get('ExactValue', '{\"k\": \"a\"}') r")" \
        "$BIG $AMOUNT" "$1"
}
shaped "an answer that is a list of rows, numbers read exactly" "[$answer_row]"
shaped "an answer with results" '{"results": ['"$answer_row"']}'
shaped "an answer with row" '{"ok": true, "row": '"$answer_row"'}'
shaped "an answer with data holding rows" '{"data": {"rows": ['"$answer_row"']}}'
standin_reset
standin_fault "$(jq -cn --arg b '[{"k": "a", "tags": ["x", "y\"z", null, "{w}"]}]' '{match: {path: "'$EXEC'"}, action: {status: 200, body: $b}}')" >/dev/null
tap_is "$(run platform "SELECT r->'tags' FROM msm.get('ExactValue', '{\"k\": \"a\"}') r")" '["x", "y\"z", null, "{w}"]' \
    "an array column comes back as the array it was"

# --- select pagination, as the SDK's MetaTable.execute_operation -----------------
page() { jq -cn --arg b "$1" '{match: {path: "'$EXEC'"}, action: {status: 200, body: $b}, times: '"${2:-1}"'}'; }
standin_reset
standin_fault "$(page '{"ok": true, "operation": "select", "rows": [], "pagination": {"has_more": true, "next_offset": 0}}')" >/dev/null
out=$(run platform "SELECT r->>'big' FROM msm.get('ExactValue', '{\"k\": \"a\"}') r")
tap_is "$out $(standin_count POST $EXEC)" "$BIG 2" "has_more with next_offset: the next page is read and holds the row"
tap_is "$(standin_requests | grep -F "$EXEC" | tail -1 | standin_json 'json.dumps(json.loads(d["body_text"])["limits"], sort_keys=True)')" \
    '{"max_rows": 1000, "offset": 0, "statement_timeout_ms": 15000}' "the next page asks from next_offset for the rows still wanted"
standin_reset
standin_fault "$(page '{"ok": true, "rows": [], "pagination": {"has_more": true, "next_offset": 7}}' -1)" >/dev/null
out=$(run platform "SELECT coalesce(msm.get('ExactValue', '{\"k\": \"a\"}')::text, 'none')")
tap_is "$out $(standin_count POST $EXEC)" "none 2" "an empty page ends the pagination, as in the SDK (no endless paging)"
standin_reset
standin_fault "$(page '{"ok": true, "rows": [], "pagination": {"has_more": true, "next_offset": "x7"}}')" >/dev/null
out=$(run_all platform "SELECT msm.get('ExactValue', '{\"k\": \"a\"}')")
tap_ok "a next_offset that is not an offset is a clear error" grep -q "next_offset that is not an offset" <<<"$out"
standin_reset
standin_fault "$(page '{"ok": true, "rows": [{"k": "a", "big": 1}], "pagination": {"has_more": true, "next_offset": 1}}')" >/dev/null
run platform "SELECT msm.upsert('ExactValue', '{\"k\": \"a\", \"big\": 1}')" >/dev/null
tap_is "$(standin_count POST $EXEC)" "1" "a write is never paginated (one request)"
standin_reset
standin_fault "$(page '{"ok": false, "rows": []}')" >/dev/null
tap_ok "ok = false is an error" grep -q "with ok = false" <<<"$(run_all platform "SELECT msm.get('ExactValue', '{\"k\": \"a\"}')")"

tap_done
