#!/usr/bin/env bash
# A library newer than the installed extension refuses the registry-backed
# calls until ALTER EXTENSION msm UPDATE (doc/operations.md, "Versions and
# upgrades"): msm._registry_* and start_engine compare the library's version with
# pg_extension.extversion.  The check stays out of the way of the
# extension's own CREATE/ALTER EXTENSION scripts.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"

tap_plan 11

lib_version=$(msm_psql -c "SELECT default_version FROM pg_catalog.pg_available_extensions WHERE name = 'msm'")
tap_ok "the library's version is not the released 0.1.0 (an update path exists)" \
    test -n "$lib_version" -a "$lib_version" != 0.1.0

tap_ok "CREATE EXTENSION msm VERSION '0.1.0'" msm_psql -c "CREATE EXTENSION msm VERSION '0.1.0'"
tap_is "$(msm_psql -c "SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'msm'")" \
    0.1.0 "the installed version is 0.1.0"

out=$(msm_psql -c "SELECT msm.migrate_upgrade()" 2>&1)
st=$?
tap_ok "migrate_upgrade fails against the old extension version" test "$st" -ne 0
tap_ok "the error names both versions" \
    grep -qF "ERROR:  msm library version $lib_version does not match the installed extension version 0.1.0" <<<"$out"
tap_ok "the hint says how to fix it" grep -qF "HINT:  Run ALTER EXTENSION msm UPDATE." <<<"$out"
tap_diag "$out"
out=$(msm_psql -c "SELECT msm.start_engine(models => ARRAY['Asset'])" 2>&1)
st=$?
tap_ok "start_engine fails against the old extension version" test "$st" -ne 0
tap_ok "with the same error" \
    grep -qF "ERROR:  msm library version $lib_version does not match the installed extension version 0.1.0" <<<"$out"

tap_ok "ALTER EXTENSION msm UPDATE" msm_psql -c "ALTER EXTENSION msm UPDATE"
tap_is "$(msm_psql -c "SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'msm'")" \
    "$lib_version" "the installed version is the library's"
tap_ok "the same call succeeds after the update" msm_psql -c "SELECT msm.migrate_upgrade()"
tap_done
