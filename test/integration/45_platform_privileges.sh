#!/usr/bin/env bash
# msm.execution = platform runs row operations with the caller's rights
# (doc/security.md, "Row operations run with the caller's rights"): the
# caller's table privileges are checked in this database before anything is
# sent, with the error of local execution, and the stand-in receives no
# execute-operation request for a role that lacks them.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../tsmanager/standin.sh"

tap_plan 12
standin_start || { echo "Bail out! stand-in did not start"; exit 1; }
msm_psql -c "ALTER DATABASE postgres SET msm.endpoint = '$STANDIN_URL'" \
         -c "ALTER DATABASE postgres SET msm.access_token = '$STANDIN_TOKEN'" \
         -c "ALTER DATABASE postgres SET msm.log_events = off" >/dev/null
msm_psql -c "CREATE EXTENSION msm" -c "SELECT msm.migrate_upgrade()" >/dev/null || { echo "Bail out! migration failed"; exit 1; }
msm_psql -c "SELECT msm.start_engine(models => ARRAY['Asset']) IS NOT NULL" \
         -c "SELECT msm.upsert_asset('PRIV-KEEP', 'equity')" \
         -c "CREATE ROLE msm_nogrant LOGIN" \
         -c "CREATE ROLE msm_reader LOGIN" \
         -c "GRANT SELECT ON public.ms_markets__asset TO msm_reader" >/dev/null \
    || { echo "Bail out! setup failed"; exit 1; }

EXEC=/api/v1/meta-tables/execute-operation/
DENIED="ERROR:  42501: permission denied for table ms_markets__asset"
# as ROLE with msm.execution = MODE, run SQL; prints "SQLSTATE: message" of
# the error (VERBOSITY verbose) or the result
as_role() { # ROLE MODE SQL
    msm_psql -U "$1" -v VERBOSITY=verbose \
             -c "SET msm.execution = $2" \
             -c "SELECT msm.start_engine(models => ARRAY['Asset']) IS NOT NULL" \
             -c "$3" 2>&1 | sed -n 's/^psql:[^E]*ERROR:  //p; /^[^p]/p' | grep -v '^t$' | grep -v '^LOCATION:' | head -1
}
# the same operation locally and on the platform: same error, no request sent
same_refusal() { # ROLE SQL WHAT
    local local_err platform_err
    local_err=$(as_role "$1" local "$2")
    standin_reset
    platform_err=$(as_role "$1" platform "$2")
    tap_is "local: $local_err; platform: $platform_err" "local: $DENIED; platform: $DENIED" \
        "platform $3 by $1 fails like local execution"
    tap_is "$(standin_count POST $EXEC)" "0" "platform $3 by $1: no execute-operation request reached TS Manager"
}

same_refusal msm_nogrant "SELECT msm.upsert_asset('PRIV-NEW', 'equity')" "upsert_asset"
same_refusal msm_nogrant "SELECT msm.upsert('Asset', '{\"unique_identifier\": \"PRIV-NEW\", \"asset_type\": \"equity\"}')" "upsert"
same_refusal msm_nogrant "SELECT msm.get('Asset', '{\"unique_identifier\": \"PRIV-KEEP\"}')" "get"
same_refusal msm_nogrant "SELECT msm.delete('Asset', '{\"unique_identifier\": \"PRIV-KEEP\"}')" "delete"
same_refusal msm_reader "SELECT msm.delete('Asset', '{\"unique_identifier\": \"PRIV-KEEP\"}')" "delete"

# a role with the privilege still goes to the platform
standin_reset
out=$(as_role msm_reader platform "SELECT msm.get('Asset', '{\"unique_identifier\": \"PRIV-KEEP\"}')->>'asset_type'")
tap_is "$out $(standin_count POST $EXEC)" "equity 1" "a reader's platform get is sent and answered"

tap_is "$(msm_psql -c "SELECT string_agg(unique_identifier, ',' ORDER BY unique_identifier) FROM public.ms_markets__asset WHERE unique_identifier IN ('PRIV-KEEP', 'PRIV-NEW')")" "PRIV-KEEP" \
    "nothing was written or deleted by the refused operations"

tap_done
