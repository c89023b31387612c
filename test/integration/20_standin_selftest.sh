#!/usr/bin/env bash
# Self-test of the TS Manager stand-in (test/tsmanager/server.py) with curl:
# auth and token exchange, reserve/filter/finalize/register/execute against
# the throwaway cluster, pagination, every fault action as a client sees it,
# the request log, keep-alive, restart with --persist and a clean SIGTERM.
# It needs no msm extension.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../tsmanager/standin.sh"

T=$(mktemp -d "${MSM_WORKDIR:-/tmp}/selftest.XXXXXX")
DS=7a1e0b8c-5d2f-4e3a-9b1c-0d2e3f4a5b6c
API=/api/v1
CODE= BODY= CRC=

# req METHOD PATH [JSON] [CURL ARGS...]: no auth; sets CODE, BODY, CRC
req() {
    local m=$1 p=$2 data=${3-}
    shift $(($# < 3 ? $# : 3))
    local args=(-sS -X "$m" -o "$T/body" -D "$T/headers" -w '%{http_code}')
    [ -n "$data" ] && args+=(-H 'Content-Type: application/json' --data-binary "$data")
    rm -f "$T/body" "$T/headers"
    CODE=$(curl "${args[@]}" "$@" "$STANDIN_URL$p" 2>"$T/curl.err")
    CRC=$?
    BODY=$(cat "$T/body" 2>/dev/null)
}
# api METHOD PATH [JSON] [CURL ARGS...]: with the static bearer token
api() {
    local m=$1 p=$2 data=${3-}
    shift $(($# < 3 ? $# : 3))
    req "$m" "$p" "$data" -H "Authorization: Bearer $STANDIN_TOKEN" "$@"
}
# has TEXT: the last BODY contains TEXT
has() { printf '%s' "$BODY" | grep -qF -- "$1"; }
# j EXPR: evaluate EXPR on the last BODY (d); prints ERR when BODY is not JSON
j() { printf '%s' "$BODY" | standin_json "$1" 2>/dev/null || echo ERR; }
row() { # NAME [SCHEMA]: a reservation row, the SDK's field set (test/tsmanager/contract.py)
    printf '{"data_source_uid": "%s", "identifier": "%s", "namespace": "mainsequence.markets", "description": "self-test table %s", "labels": [], "management_mode": "platform_managed", "provisioning_status": "reserved", "is_alembic_managed": true, "migration_package": "msm", "migration_namespace": "mainsequence.markets", "migration_provider_key": "msm:mainsequence.markets", "alembic_version_meta_table_uid": "00000000-0000-4000-8000-000000000001", "alembic_revision": null, "physical_schema": "%s", "physical_table_name": "%s", "protect_from_deletion": false, "table_contract": {"version": "relational-table.v1", "physical": {"schema": "%s", "table_name": "%s"}, "columns": [{"name": "id", "data_type": "int64", "backend_type": "BIGINT", "nullable": false, "primary_key": true, "unique": false}], "constraints": []}}' \
        "$DS" "$1" "$1" "${2:-public}" "$1" "${2:-public}" "$1"
}
filter_body() { # NAMES... -> filter request body (platform_managed)
    local n l=
    for n in "$@"; do l="$l${l:+, }\"$n\""; done
    printf '{"physical_table_name__in": [%s], "management_mode": "platform_managed", "limit": 5000, "offset": 0}' "$l"
}
envelope() { # OP SQL PARAMS_JSON TYPES_JSON UID ACCESS MAX_ROWS TIMEOUT_MS
    printf '{"operation": "%s", "version": "compiled-sql.v1", "dialect": "postgresql", "statement": {"sql": %s, "parameters": %s, "parameter_types": %s, "paramstyle": "pyformat"}, "scope": {"tables": [{"meta_table_uid": "%s", "access": "%s"}]}, "limits": {"max_rows": %s, "offset": 0, "statement_timeout_ms": %s}}' \
        "$1" "$(printf '%s' "$2" | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))')" "$3" "$4" "$5" "$6" "$7" "$8"
}

tap_plan 110

# --------------------------------------------------------------- start
standin_start
tap_is "$?" 0 "standin_start starts the server"
tap_ok "STANDIN_URL is http://127.0.0.1:PORT and the pid runs" \
    sh -c "echo '$STANDIN_URL' | grep -Eq '^http://127\.0\.0\.1:[0-9]+$' && kill -0 $STANDIN_PID"

# --------------------------------------------------------------- routing and auth
api POST $API/nothing-here/ '{}'
tap_is "$CODE $(j 'd["detail"]')" "404 Not found." "unknown path: 404 {detail: Not found.}"
api POST $API/meta-tables/filter "$(filter_body a)"
tap_is "$CODE" 404 "a path without its trailing slash is 404"
req POST $API/meta-tables/filter/ "$(filter_body a)"
tap_is "$CODE $(j 'd["detail"]')" "401 Invalid token." "no Authorization header: 401 Invalid token."
req POST $API/meta-tables/filter/ "$(filter_body a)" -H "Authorization: Bearer wrong-token"
tap_is "$CODE $(j 'd["detail"]')" "401 Invalid token." "unknown bearer token: 401"
api GET $API/meta-tables/filter/
tap_is "$CODE" 405 "GET on a POST endpoint: 405"
req POST $API/meta-tables/filter/ '' -H "Authorization: Bearer $STANDIN_TOKEN" -H 'Content-Type: text/plain' --data-binary "$(filter_body a)"
tap_is "$CODE" 415 "non-JSON Content-Type: 415"
api POST $API/meta-tables/filter/ '{"physical_table_name__in": [' 
tap_is "$CODE" 400 "unparsable JSON body: 400"

# --------------------------------------------------------------- token exchange
req POST $API/runtime-credentials/token/ '{"credential_id": "test-credential", "credential_secret": "nope"}'
tap_is "$CODE $(j '"detail" in d')" "401 true" "token exchange with a wrong secret: 401 with detail"
req POST $API/runtime-credentials/token/ '{"credential_id": "test-credential"}'
tap_is "$CODE $(j '"credential_secret" in d["errors"]')" "400 true" "token exchange without a secret: 400 field errors"
req POST $API/runtime-credentials/token/ "{\"credential_id\": \"$STANDIN_CREDENTIAL_ID\", \"credential_secret\": \"$STANDIN_CREDENTIAL_SECRET\"}"
tap_is "$CODE $(j 'd["token_type"]') $(j 'd["expires_in"]')" "200 Bearer 3600" "token exchange: 200 {access, token_type Bearer, expires_in 3600}"
ISSUED=$(j 'd["access"]')
req POST $API/meta-tables/filter/ "$(filter_body a)" -H "Authorization: Bearer $ISSUED"
tap_is "$CODE $BODY" "200 []" "an issued token is accepted"
standin_config '{"token_ttl": 1}'
req POST $API/runtime-credentials/token/ "{\"credential_id\": \"$STANDIN_CREDENTIAL_ID\", \"credential_secret\": \"$STANDIN_CREDENTIAL_SECRET\"}"
SHORT=$(j 'd["access"]')
tap_is "$(j 'd["expires_in"]')" 1 "expires_in follows the configured token_ttl"
sleep 1.3
req POST $API/meta-tables/filter/ "$(filter_body a)" -H "Authorization: Bearer $SHORT"
tap_is "$CODE" 401 "an expired issued token: 401"
standin_config '{"token_ttl": 3600}'

# --------------------------------------------------------------- reserve
msm_psql -c "CREATE TABLE public.st_alpha (id bigint PRIMARY KEY, note text)" -c "CREATE SCHEMA other"
api POST $API/meta-tables/ "[$(row st_alpha), $(row st_beta), $(row st_gamma)]"
tap_is "$CODE" 201 "reserve three rows: 201"
tap_is "$(j '[r["physical_table_name"] for r in d]')" '["st_alpha", "st_beta", "st_gamma"]' "created rows come back in request order"
tap_is "$(j 'all(len(r["uid"]) == 36 and r["provisioning_status"] == "reserved" and r["created_at"] for r in d)')" true \
    "created rows have a uuid, created_at and provisioning_status reserved"
U_ALPHA=$(j 'd[0]["uid"]') U_BETA=$(j 'd[1]["uid"]') U_GAMMA=$(j 'd[2]["uid"]')
api POST $API/meta-tables/ "[$(row st_delta), $(row st_alpha)]"
tap_is "$CODE $(j 'd["detail"]')" "409 MetaTable already exists." "reserving an existing identity: 409 MetaTable already exists."
tap_is "$(standin_rows | standin_json 'len(d)')" 3 "a 409 creates nothing (st_delta was not created)"
api POST $API/meta-tables/ "[$(row st_alpha other)]"
tap_is "$CODE" 201 "the same table name in another physical schema is another identity"
api POST $API/meta-tables/ "$(row st_epsilon)"
tap_is "$CODE $(j '"non_field_errors" in d and "detail" in d')" "400 true" "reserve with an object instead of a list: 400"
api POST $API/meta-tables/ '[{"data_source_uid": "not-a-uuid", "identifier": "x", "physical_schema": "public"}]'
tap_is "$CODE $(j 'sorted(d["errors"]["0"])')" '400 ["data_source_uid", "physical_table_name"]' \
    "reserve with a bad uuid and no physical_table_name: 400 field errors per row"
tap_ok "field errors are summarized in detail" has 'row 0: physical_table_name: This field is required' 

# time-index rows
api POST $API/time-index-meta-tables/ "[$(row st_ts)]"
tap_is "$CODE $(j '"time_index_name" in d["errors"]["0"]')" "400 true" "a time-index row needs time_index_name"
api POST $API/time-index-meta-tables/ "[$(row st_ts | sed 's/}$/, "time_index_name": "time_index", "cadence": "irregular", "partition_strategy": "backend_default"}/')]"
tap_is "$CODE $(j '"cadence" in d["errors"]["0"]')" "400 true" "a time-index row with cadence irregular: 400 (the SDK's cadence tokens)"
api POST $API/time-index-meta-tables/ "[$(row st_ts | sed 's/"constraints": \[\]}}$/"table_kind": "time_indexed", "authoring": {"time_indexed": {"time_index_name": "time_index", "index_names": ["time_index"]}}}, "time_index_name": "time_index", "partition_strategy": "backend_default"}/')]"
tap_is "$CODE $(j 'd[0]["resource_type"]') $(j 'd[0]["time_index_name"]')" "201 time_index time_index" "reserve a time-index row: 201"
U_TS=$(j 'd[0]["uid"]')

# --------------------------------------------------------------- filter
api POST $API/meta-tables/filter/ "$(filter_body st_gamma st_alpha st_beta st_missing)"
tap_is "$CODE $(j 'type(d).__name__')" "200 list" "filter answers a plain JSON list by default"
tap_is "$(j '[r["physical_table_name"] for r in d]')" '["st_alpha", "st_alpha", "st_beta", "st_gamma"]' \
    "filter returns exactly the rows of the requested names (both schemas of st_alpha)"
api POST $API/meta-tables/filter/ '{"physical_table_name__in": ["st_alpha"], "management_mode": "external_registered", "limit": 10, "offset": 0}'
tap_is "$BODY" "[]" "filter honours management_mode"
api POST $API/meta-tables/filter/ "$(filter_body st_ts)"
tap_is "$BODY" "[]" "the meta-tables filter does not return time-index rows"
api POST $API/time-index-meta-tables/filter/ '{"physical_table_name__in": ["st_ts", "st_alpha"], "limit": 5000, "offset": 0}'
tap_is "$(j '[r["uid"] for r in d]')" "[\"$U_TS\"]" "the time-index filter returns only time-index rows"
api POST $API/meta-tables/filter/ '{"management_mode": "platform_managed"}'
tap_is "$CODE" 400 "filter without physical_table_name__in: 400"

# pagination
standin_config '{"page_size": 1}'
api POST $API/meta-tables/filter/ "$(filter_body st_beta st_gamma)"
tap_is "$(j '[d["count"], len(d["results"]), d["previous"], d["results"][0]["physical_table_name"]]')" '[2, 1, null, "st_beta"]' \
    "paginated shape: {count, next, previous, results} with page_size 1"
NEXT=$(j 'd["next"]')
tap_ok "next is an absolute URL to the same filter path with offset" \
    sh -c "echo '$NEXT' | grep -Eq '^http://127\.0\.0\.1:[0-9]+/api/v1/meta-tables/filter/\?limit=1&offset=1$'"
BODY=$(curl -sS -H "Authorization: Bearer $STANDIN_TOKEN" -H 'Content-Type: application/json' \
    --data-binary "$(filter_body st_beta st_gamma)" "$NEXT")
tap_is "$(j '[d["count"], d["next"], d["previous"] is not None, d["results"][0]["physical_table_name"]]')" '[2, null, true, "st_gamma"]' \
    "re-POSTing the body to next gives the last page"
standin_config '{"page_size": null, "paginate": false}'
api POST $API/meta-tables/filter/ "$(filter_body st_beta st_gamma)"
tap_is "$(j 'type(d).__name__')" list "back to the plain list shape"

# --------------------------------------------------------------- finalize
FIN_REQ() { printf '{"meta_table_uids": [%s], "migration_package": "msm", "migration_namespace": "mainsequence.markets", "migration_provider_key": "msm:mainsequence.markets", "alembic_revision": "0001_selftest"}' "$1"; }
api POST $API/meta-tables/finalize-managed/ "$(FIN_REQ "\"$U_ALPHA\", \"$U_BETA\", \"00000000-0000-4000-8000-000000000000\"")"
tap_is "$CODE $(j '[d["ok"], d["finalized_count"], d["active_count"], d["reserved_count"], d["failed_count"]]')" \
    "409 [false, 1, 1, 1, 2]" "finalize with a missing table and an unknown uid: 409 with the counts"
tap_is "$(j '[(t["physical_table_name"], t["provisioning_status"], t["physical_table_exists"], t["error"]) for t in d["tables"]]')" \
    '[["st_alpha", "active", true, null], ["st_beta", "reserved", false, "physical_table_missing"], [null, null, false, "meta_table_not_found"]]' \
    "per-table results: active / physical_table_missing / meta_table_not_found"
msm_psql -c "CREATE TABLE public.st_beta (id bigint)"
api POST $API/meta-tables/finalize-managed/ "$(FIN_REQ "\"$U_BETA\"")"
tap_is "$CODE $(j '[d["ok"], d["active_count"], d["failed_count"]]')" "200 [true, 1, 0]" "finalize once the table exists: 200 ok"
api POST $API/meta-tables/filter/ "$(filter_body st_beta)"
tap_is "$(j '[d[0]["provisioning_status"], d[0]["alembic_revision"], d[0]["migration_provider_key"]]')" \
    '["active", "0001_selftest", "msm:mainsequence.markets"]' "a finalized row is active and carries the migration fields"
api POST $API/meta-tables/finalize-managed/ '{"meta_table_uids": ["x"]}'
tap_is "$CODE" 400 "finalize with a malformed uid: 400"

# --------------------------------------------------------------- register
REG() { printf '{"data_source_uid": "%s", "physical_schema": "public", "identifier": "%s", "namespace": "com.example", "description": "%s", "labels": [], "protect_from_deletion": false, "introspect": true, "management_mode": "external_registered", "schema_management": {"mode": "external_registered"}, "table_contract": {"version": "relational-table.v1", "physical": {"schema": "public", "table_name": "%s"}, "columns": [], "constraints": []}}' "$DS" "$1" "$2" "$1"; }
api POST $API/meta-tables/register/ "$(REG st_ext 'first')"
tap_is "$CODE $(j '[d["management_mode"], d["provisioning_status"], d["physical_table_name"]]')" \
    '201 ["external_registered", "active", "st_ext"]' "register a new external table: 201 active row (name from the contract)"
U_EXT=$(j 'd["uid"]')
api POST $API/meta-tables/register/ "$(REG st_ext 'second')"
tap_is "$CODE $(j 'd["uid"]') $(j 'd["description"]')" "200 $U_EXT second" "registering again updates the same row: 200"
api POST $API/meta-tables/register/ "$(REG st_alpha 'takeover')"
tap_is "$CODE" 409 "register cannot take over a platform_managed row: 409"

# --------------------------------------------------------------- execute-operation
msm_psql -c "CREATE TABLE public.st_events (uid uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL, at timestamptz, amount numeric(38,18), tags jsonb)"
api POST $API/meta-tables/ "[$(row st_events)]"
U_EV=$(j 'd[0]["uid"]')
api POST $API/meta-tables/execute-operation/ "$(envelope insert 'INSERT INTO "public"."st_events" ("name") VALUES (%(name)s) RETURNING *' '{"name": "x"}' '{}' "$U_EV" write 10 5000)"
tap_is "$CODE $(j 'd["detail"]')" "403 MetaTable $U_EV is not active (provisioning_status reserved)." \
    "execute on a reserved (not active) MetaTable: 403"
api POST $API/meta-tables/finalize-managed/ "$(FIN_REQ "\"$U_EV\"")"
NAME="O'Brien \"quoted\"; DROP TABLE st_events; -- 100% \\ back"
PARAMS=$(python3 -c 'import json,sys; print(json.dumps({"name": sys.argv[1], "at": "2024-05-06T07:08:09.5+02:00", "amount": "__AMOUNT__", "tags": {"k": [1, "two"]}}))' "$NAME")
PARAMS=${PARAMS/\"__AMOUNT__\"/12345678901234567890.123456789012345678}
SQL='INSERT INTO "public"."st_events" ("name", "at", "amount", "tags") VALUES (%(name)s, %(at)s, %(amount)s, %(tags)s) RETURNING "uid", "name", "at", "amount", "tags"'
api POST $API/meta-tables/execute-operation/ "$(envelope insert "$SQL" "$PARAMS" '{"at": "timestamp with time zone"}' "$U_EV" write 1000 5000)"
tap_is "$CODE $(j '[d["ok"], d["operation"], d["dialect"], d["row_count"], d["truncated"], d["max_rows"], d["pagination"]]')" \
    '200 [true, "insert", "postgresql", 1, false, 1000, {"limit": 1000, "offset": 0, "returned_count": 1, "has_more": false, "next_offset": null}]' \
    "execute INSERT ... RETURNING: 200 with the answer shape"
tap_is "$(j 'd["rows"][0]["name"]')" "$NAME" "a parameter with quotes, semicolons, percent and backslash round-trips"
tap_is "$(j 'd["rows"][0]["at"]')" "2024-05-06T05:08:09.5+00:00" "a timestamptz parameter is bound as timestamptz (UTC in the answer)"
tap_ok "numeric digits survive exactly" has '"amount":12345678901234567890.123456789012345678' 
tap_is "$(msm_psql -c "SELECT name = \$\$$NAME\$\$ AND tags = '{\"k\": [1, \"two\"]}'::jsonb FROM st_events")" t "the row is in the database"
tap_is "$(msm_psql -c "SELECT to_regclass('public.st_events') IS NOT NULL")" t "the injection attempt dropped nothing"
BATCH='INSERT INTO "public"."st_events" ("name", "at") SELECT "r"."name", "r"."at" FROM unnest(%(name)s::text[], %(at)s::timestamp with time zone[]) AS "r"("name", "at")'
api POST $API/meta-tables/execute-operation/ "$(envelope upsert "$BATCH" '{"name": ["b1", "b\"2", "b3", "b4"], "at": ["2024-01-01T00:00:00Z", null, "2024-01-03T00:00:00Z", "2024-01-04T00:00:00Z"]}' '{"at": "timestamp with time zone"}' "$U_EV" write 1000 5000)"
tap_is "$CODE $(j '[d["row_count"], d["rows"], d["truncated"]]')" '200 [4, [], false]' \
    "a batch with array parameters and no RETURNING: row_count from the command"
tap_is "$(msm_psql -c "SELECT count(*) FILTER (WHERE at IS NULL) || '/' || count(*) FROM st_events WHERE name LIKE 'b%'")" "1/4" \
    "array elements with quotes and nulls arrive intact"
api POST $API/meta-tables/execute-operation/ "$(envelope select 'SELECT "name" FROM "public"."st_events" WHERE "name" LIKE %(p)s ORDER BY "name"' '{"p": "b%"}' '{}' "$U_EV" read 2 5000)"
tap_is "$CODE $(j '[d["row_count"], len(d["rows"]), d["truncated"], d["pagination"]["has_more"], d["pagination"]["next_offset"], d["pagination"]["returned_count"], d["rows"][0]["name"]]')" \
    '200 [4, 2, true, true, 2, 2, "b\"2"]' "max_rows 2 of 4 rows: 2 rows, truncated, has_more, next_offset 2"
api POST $API/meta-tables/execute-operation/ "$(envelope select 'SELECT * FROM "public"."st_nothing"' '{}' '{}' "$U_EV" read 10 5000)"
tap_is "$CODE $(j 'd["detail"]')" '400 relation "public.st_nothing" does not exist' "an SQL error: 400 with the PostgreSQL message"
api POST $API/meta-tables/execute-operation/ "$(envelope select 'SELECT pg_sleep(3)' '{}' '{}' "$U_EV" read 10 200)"
tap_is "$CODE $(j 'd["detail"]')" "408 canceling statement due to statement timeout" "statement_timeout_ms: 408 canceling statement"
api POST $API/meta-tables/execute-operation/ "$(envelope select 'SELECT %(missing)s' '{}' '{}' "$U_EV" read 10 200)"
tap_is "$CODE" 400 "a placeholder without a parameter: 400"
api POST $API/meta-tables/execute-operation/ "$(envelope insert 'INSERT INTO "public"."st_events" ("name") VALUES (%(n)s)' '{"n": "r"}' '{}' "$U_EV" read 10 200)"
tap_is "$CODE" 403 "a write operation with only read access in scope: 403"
api POST $API/meta-tables/execute-operation/ "$(envelope select 'SELECT 1; SELECT 2' '{}' '{}' "$U_EV" read 10 2000)"
tap_is "$CODE $(j 'd["detail"]')" "400 the operation must be one SQL statement" "two statements in one operation: 400"
api POST $API/meta-tables/execute-operation/ "$(envelope select 'SELECT 1' '{}' '{}' "$U_EV" read 10 200 | sed 's/compiled-sql.v1/compiled-sql.v2/')"
tap_is "$CODE" 400 "an unknown envelope version: 400"

# --------------------------------------------------------------- faults
standin_reset
FB=$(filter_body st_alpha st_beta)
standin_fault '[{"match": {"path_prefix": "/api/v1/meta-tables/filter/"}, "action": {"status": 503, "shape": "error"}}]'
api POST $API/meta-tables/filter/ "$FB"
tap_is "$CODE $(j 'list(d)')" '503 ["error"]' "status 503 with the error shape"
api POST $API/meta-tables/filter/ "$FB"
tap_is "$CODE" 200 "a rule with times 1 is consumed"
standin_fault '[{"status": 500, "shape": "message"}, {"status": 502, "shape": "non_field_errors"}, {"status": 400, "shape": "errors"}, {"status": 403}, {"status": 504, "shape": "text", "message": "upstream timed out"}]'
SHAPES=
for _ in 1 2 3 4 5; do
    api POST $API/meta-tables/filter/ "$FB"
    SHAPES="$SHAPES $CODE:$(j 'list(d)[0]' | tr -d '\n')"
done
tap_is "$SHAPES" ' 500:message 502:non_field_errors 400:errors 403:detail 504:ERR' "rules are consumed in order, with their error shapes"
tap_is "$BODY" "upstream timed out" "the text shape sends the raw message"
standin_fault '{"status": 429, "retry_after": 1}'
api POST $API/meta-tables/filter/ "$FB"
tap_is "$CODE $(grep -i '^Retry-After:' "$T/headers" | tr -d '\r')" "429 Retry-After: 1" "429 with a Retry-After header"
standin_fault '[{"match": {"path_prefix": "/api/v1/time-index-meta-tables/"}, "status": 502}]'
api POST $API/meta-tables/filter/ "$FB"
tap_is "$CODE" 200 "a rule whose path_prefix does not match is not applied"
tap_is "$(_standin_admin GET /__admin__/faults/ | standin_json 'len(d)')" 1 "... and is not consumed"
api POST $API/time-index-meta-tables/filter/ '{"physical_table_name__in": [], "limit": 10, "offset": 0}'
tap_is "$CODE" 502 "the matching request gets the fault"
standin_fault '[{"match": {"method": "POST"}, "status": 503, "times": -1}]'
CODES=
for _ in 1 2 3; do api POST $API/meta-tables/filter/ "$FB"; CODES="$CODES$CODE "; done
tap_is "$CODES" "503 503 503 " "times -1 applies always"
standin_fault '[]'
api POST $API/meta-tables/filter/ "$FB"
tap_is "$CODE" 200 "an empty rule list clears the faults"

standin_fault '{"reset": true}'
api POST $API/meta-tables/filter/ "$FB"
tap_is "$CRC" 56 "reset: curl sees a connection reset (exit 56)"
standin_fault '{"truncate": true}'
api POST $API/meta-tables/filter/ "$FB"
tap_is "$CRC" 18 "truncate: curl sees a partial body (exit 18)"
standin_fault '{"malformed": true}'
api POST $API/meta-tables/filter/ "$FB"
tap_is "$CODE $CRC $(j 'd')" "200 0 ERR" "malformed: 200 with a body that is not JSON"
standin_fault '{"oversize_mb": 2}'
api POST $API/meta-tables/filter/ "$FB"
tap_is "$CODE $(stat -c %s "$T/body") $(j 'len(d)')" "200 2097152 1" "oversize_mb 2: a valid 2 MB JSON body"
standin_fault '{"delay_ms": 700}'
api POST $API/meta-tables/filter/ "$FB" -o /dev/null -w '%{time_total}'
tap_ok "delay_ms 700: the answer takes at least 0.7 s" python3 -c "import sys; sys.exit(not float('$CODE') >= 0.7)"
standin_fault '{"redirect": "http://other-host.invalid/api/v1/meta-tables/filter/"}'
api POST $API/meta-tables/filter/ "$FB"
tap_is "$CODE $(grep -i '^Location:' "$T/headers" | tr -d '\r')" "302 Location: http://other-host.invalid/api/v1/meta-tables/filter/" \
    "redirect: 302 to another host"

# stall: the stalled client times out, other clients are served meanwhile
standin_fault '{"stall": true}'
n_filter=$(standin_count POST $API/meta-tables/filter/)
( curl -sS -o /dev/null --max-time 3 -H "Authorization: Bearer $STANDIN_TOKEN" -H 'Content-Type: application/json' \
    --data-binary "$FB" "$STANDIN_URL$API/meta-tables/filter/" 2>/dev/null; echo $? >"$T/stall.rc" ) &
STALL_JOB=$!
stall_arrived() { [ "$(standin_count POST $API/meta-tables/filter/)" -gt "$n_filter" ]; }
msm_wait_for 10 stall_arrived
START=$(date +%s.%N)
api POST $API/meta-tables/filter/ "$FB"
ELAPSED=$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]) < 1.0)" "$START" "$(date +%s.%N)")
tap_is "$CODE $ELAPSED" "200 True" "while one request stalls another is served at once"
wait "$STALL_JOB"
tap_is "$(cat "$T/stall.rc")" 28 "stall: curl --max-time gives up (exit 28)"
tap_ok "the server noticed the stalled client leaving" \
    msm_wait_for 10 grep -q 'stall ended: client disconnected' "$STANDIN_DIR/server.log"

# stall with --max-time 1 directly
standin_fault '{"stall": true}'
api POST $API/meta-tables/filter/ "$FB" --max-time 1
tap_is "$CRC" 28 "stall with --max-time 1: exit 28"

# row faults on filter
standin_fault '{"duplicate_rows": true}'
api POST $API/meta-tables/filter/ "$FB"
tap_is "$(j '[r["physical_table_name"] for r in d]')" '["st_alpha", "st_alpha", "st_beta", "st_alpha"]' "duplicate_rows repeats a returned row"
standin_fault '{"unexpected_rows": "st_never_asked"}'
api POST $API/meta-tables/filter/ "$FB"
tap_is "$(j '[r["physical_table_name"] for r in d][-1]') $(j 'len(d)')" "st_never_asked 4" "unexpected_rows adds a row for a name not asked"
standin_fault '{"missing_rows": ["st_beta"]}'
api POST $API/meta-tables/filter/ "$FB"
tap_is "$(j '[r["physical_table_name"] for r in d]')" '["st_alpha", "st_alpha"]' "missing_rows drops the named rows"
standin_fault '{"missing_rows": true}'
api POST $API/meta-tables/filter/ "$FB"
tap_is "$BODY" "[]" "missing_rows true drops every row"

# expire_token
standin_fault '{"expire_token": true}'
api POST $API/meta-tables/filter/ "$FB"
tap_is "$CODE" 401 "expire_token: a valid static token gets 401 once"
api POST $API/meta-tables/filter/ "$FB"
tap_is "$CODE" 200 "... and works again on the retry"
req POST $API/runtime-credentials/token/ "{\"credential_id\": \"$STANDIN_CREDENTIAL_ID\", \"credential_secret\": \"$STANDIN_CREDENTIAL_SECRET\"}"
ISSUED=$(j 'd["access"]')
standin_fault '{"expire_token": true}'
req POST $API/meta-tables/filter/ "$FB" -H "Authorization: Bearer $ISSUED"
C1=$CODE
req POST $API/meta-tables/filter/ "$FB" -H "Authorization: Bearer $ISSUED"
tap_is "$C1 $CODE" "401 401" "expire_token revokes an issued token (renewal needed)"

# after: the request is processed, the answer is lost
N0=$(standin_rows | standin_json 'len(d)')
standin_fault '{"match": {"path": "/api/v1/meta-tables/"}, "status": 502, "after": true}'
api POST $API/meta-tables/ "[$(row st_lost)]"
tap_is "$CODE $(standin_rows | standin_json 'len(d)')" "502 $((N0 + 1))" "after: 502 although the row was created"
api POST $API/meta-tables/ "[$(row st_lost)]"
tap_is "$CODE" 409 "the client's retry then gets 409"
standin_fault '{"reset": "after", "after": true}'
api POST $API/meta-tables/ "[$(row st_lost2)]"
tap_is "$CRC $(standin_rows | standin_json '"st_lost2" in [r["physical_table_name"] for r in d]')" "56 true" "reset after processing: connection reset, row created"

# bad fault rules are refused
tap_ok "an unknown fault action is refused (400)" \
    sh -c "! curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' --data '[{\"explode\": true}]' '$STANDIN_URL/__admin__/faults/'"

# --------------------------------------------------------------- request log
standin_reset
for _ in 1 2 3; do api POST $API/meta-tables/filter/ "$FB"; done
api POST $API/time-index-meta-tables/filter/ '{"physical_table_name__in": [], "limit": 1, "offset": 0}'
req POST $API/meta-tables/filter/ "$FB" -H "Authorization: Bearer bogus-$$"
tap_is "$(standin_count POST $API/meta-tables/filter/)" 4 "standin_count counts requests by method and path prefix"
tap_is "$(standin_count '' $API/)" 5 "standin_count with any method"
tap_is "$(standin_count GET $API/)" 0 "standin_count by method"
tap_is "$(standin_requests | wc -l)" 5 "requests.jsonl has one line per request (admin calls are not logged)"
tap_is "$(standin_requests | tail -n 1 | standin_json '[d["auth"], d["status"], d["body"]["physical_table_name__in"]]')" \
    '[{"present": true, "valid": false}, 401, ["st_alpha", "st_beta"]]' "a log line records auth presence/validity, status and the parsed body"
tap_ok "no token value in the request log" sh -c "! grep -q -e 'test-token' -e 'bogus-$$' -e '$ISSUED' '$STANDIN_DIR/requests.jsonl'"
req POST $API/runtime-credentials/token/ "{\"credential_id\": \"$STANDIN_CREDENTIAL_ID\", \"credential_secret\": \"$STANDIN_CREDENTIAL_SECRET\"}"
tap_ok "the credential secret is not logged" sh -c "! grep -q '$STANDIN_CREDENTIAL_SECRET' '$STANDIN_DIR/requests.jsonl' && grep -q '\"credential_secret\": \"\*\*\*\"' '$STANDIN_DIR/requests.jsonl'"
tap_is "$(_standin_admin GET "/__admin__/requests/?path_prefix=$API/time-index" | standin_json '[e["path"] for e in d]')" \
    '["/api/v1/time-index-meta-tables/filter/"]' "GET /__admin__/requests/ filters by path_prefix"

# keep-alive
curl -sS -o /dev/null -o /dev/null "$STANDIN_URL$API/ka1/" "$STANDIN_URL$API/ka2/"
KA=$(_standin_admin GET "/__admin__/requests/?path_prefix=$API/ka" | standin_json '[e["conn"] for e in d]')
tap_is "$(printf '%s' "$KA" | standin_json 'len(d) == 2 and d[0] == d[1]')" true "HTTP/1.1 keep-alive: two requests on one connection"
standin_fault '{"match": {"path": "/api/v1/kc1/"}, "close": true}'
curl -sS -o /dev/null -o /dev/null "$STANDIN_URL$API/kc1/" "$STANDIN_URL$API/kc2/"
KC=$(_standin_admin GET "/__admin__/requests/?path_prefix=$API/kc" | standin_json '[e["conn"] for e in d]')
tap_is "$(printf '%s' "$KC" | standin_json 'len(d) == 2 and d[0] != d[1]')" true "close: the server closes the connection after answering"

# --------------------------------------------------------------- restart, persistence, SIGTERM
tap_is "$(_standin_admin GET /__admin__/health/ | standin_json 'd["internal_errors"]')" 0 "no internal stand-in errors so far"
standin_restart --persist
tap_is "$?" 0 "restart with --persist"
tap_is "$(standin_rows)" "[]" "without --persist before, the restarted server starts empty"
api POST $API/meta-tables/ "[$(row st_kept)]"
U_KEPT=$(j 'd[0]["uid"]')
standin_restart
tap_is "$(standin_rows | standin_json '[r["uid"] for r in d]')" "[\"$U_KEPT\"]" "with --persist rows survive a restart"
OLDPID=$STANDIN_PID
standin_stop
tap_is "${STANDIN_LAST_STATUS:-x}" 0 "SIGTERM: the server exits with status 0"
tap_ok "the process is gone" sh -c "! kill -0 $OLDPID 2>/dev/null"
tap_ok "no traceback on stderr" sh -c "! grep -q Traceback '$STANDIN_DIR/stderr.log'"
tap_ok "no traceback in server.log" sh -c "! grep -q Traceback '$STANDIN_DIR/server.log'"

tap_done
