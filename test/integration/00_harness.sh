#!/usr/bin/env bash
# Harness self-test: the throwaway cluster is reachable as a superuser, has
# msm preloaded, and exports what integration tests rely on.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"

tap_plan 5
tap_ok "psql connects" msm_psql -c 'SELECT 1'
tap_is "$(msm_psql -c 'SELECT rolsuper FROM pg_roles WHERE rolname = current_user')" t \
    "connected as a superuser"
tap_ok "shared_preload_libraries contains msm" \
    sh -c "psql -X -A -t -c 'SHOW shared_preload_libraries' | tr -d ' ' | tr ',' '\n' | grep -qx msm"
tap_is "$(msm_psql -c 'SHOW data_directory')" "$MSM_PGDATA" "MSM_PGDATA is the data directory"
tap_ok "MSM_PGLOG is the server log, owned by MSM_PGOWNER" \
    sh -c '[ -s "$MSM_PGLOG" ] && [ "$(stat -c %U "$MSM_PGLOG")" = "$MSM_PGOWNER" ]'
tap_done
