#!/usr/bin/env bash
# Released scripts (doc/operations.md, "Versions and upgrades"):
#   * every file in sql/released/ is frozen: its SHA-256 is the one recorded
#     in sql/released/SHA256SUMS when it was released;
#   * `make install` installed exactly the committed scripts;
#   * CREATE EXTENSION msm VERSION '0.1.0' runs the committed 0.1.0 script:
#     the objects it creates are those the committed file creates when it is
#     run by hand in another database (same fingerprint, see
#     lib/schema_fingerprint.sql);
#   * ALTER EXTENSION msm UPDATE from 0.1.0 gives the objects of a fresh
#     CREATE EXTENSION msm, and both are at msm.control's default_version.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$MSM_REPO" || exit 1

FP=$MSM_REPO/test/integration/lib/schema_fingerprint.sql
SHAREDIR=$("$MSM_PGBIN/pg_config" --sharedir)/extension
DEFAULT=$(sed -n "s/^default_version *= *'\([^']*\)'.*/\1/p" msm.control)
released=(sql/released/msm--*.sql)
next=(sql/next/msm--*.sql)

tap_plan $(( ${#released[@]} * 2 + ${#next[@]} + 10 ))

# same_objects DB1 DB2: the fingerprints of both databases could be taken,
# are not trivially small, and are equal (the diff is shown on failure)
same_objects() {
    msm_psql -d "$1" -f "$FP" >"$MSM_WORKDIR/fp.$1" || return 1
    msm_psql -d "$2" -f "$FP" >"$MSM_WORKDIR/fp.$2" || return 1
    [ "$(wc -l <"$MSM_WORKDIR/fp.$1")" -ge 200 ] || { echo "only $(wc -l <"$MSM_WORKDIR/fp.$1") objects in $1"; return 1; }
    diff "$MSM_WORKDIR/fp.$1" "$MSM_WORKDIR/fp.$2"
}

for f in "${released[@]}"; do
    want=$(awk -v n="$(basename "$f")" '$2 == n { print $1 }' sql/released/SHA256SUMS)
    tap_is "$(sha256sum "$f" | cut -d' ' -f1)" "${want:-<not recorded in SHA256SUMS>}" \
        "$(basename "$f") is frozen (SHA-256 as recorded at release)"
done
for f in "${released[@]}" "${next[@]}"; do
    tap_ok "$(basename "$f") is installed as committed" cmp "$f" "$SHAREDIR/$(basename "$f")"
done

tap_is "$(msm_psql -c "SELECT string_agg(version, ',' ORDER BY version COLLATE \"C\") FROM pg_catalog.pg_available_extension_versions WHERE name = 'msm'")" \
    "$(ls sql/released sql/next | sed -n 's/^msm--\([^-]*\)\.sql$/\1/p; s/^msm--[^-]*--\(.*\)\.sql$/\1/p' | sort -u | paste -sd,)" \
    "the installable versions are those of the committed scripts"

for db in ext010 byhand upgraded fresh; do msm_psql -c "CREATE DATABASE $db"; done

tap_ok "CREATE EXTENSION msm VERSION '0.1.0'" msm_psql -d ext010 -c "CREATE EXTENSION msm VERSION '0.1.0'"
tap_is "$(msm_psql -d ext010 -c "SELECT extversion FROM pg_extension WHERE extname = 'msm'")" 0.1.0 \
    "the extension is at 0.1.0"

# The committed file run by hand: without its \echo guard, with the library
# path substituted and without the extension-only config_dump calls.
hand=$MSM_WORKDIR/msm-0.1.0-by-hand.sql
sed -e '/^\\echo .*\\quit$/d' \
    -e "s|MODULE_PATHNAME|\$libdir/msm|g" \
    -e '/pg_catalog.pg_extension_config_dump(/d' sql/released/msm--0.1.0.sql >"$hand"
tap_ok "the committed 0.1.0 script runs by hand" \
    msm_psql -d byhand -c 'CREATE SCHEMA msm' -f "$hand"
tap_ok "CREATE EXTENSION msm VERSION '0.1.0' creates what the committed script creates" \
    same_objects ext010 byhand

tap_ok "ALTER EXTENSION msm UPDATE from 0.1.0" \
    msm_psql -d upgraded -c "CREATE EXTENSION msm VERSION '0.1.0'" -c "ALTER EXTENSION msm UPDATE"
tap_ok "fresh CREATE EXTENSION msm" msm_psql -d fresh -c "CREATE EXTENSION msm"
tap_is "$(msm_psql -d upgraded -c "SELECT extversion FROM pg_extension WHERE extname = 'msm'") $(msm_psql -d fresh -c "SELECT extversion FROM pg_extension WHERE extname = 'msm'")" \
    "$DEFAULT $DEFAULT" "upgraded and fresh installs are at default_version $DEFAULT"
tap_ok "an upgraded 0.1.0 database has the objects of a fresh install" \
    same_objects upgraded fresh
members="SELECT pg_catalog.pg_describe_object(classid, objid, 0) FROM pg_catalog.pg_depend WHERE refclassid = 'pg_catalog.pg_extension'::regclass AND deptype = 'e' AND refobjid = (SELECT oid FROM pg_catalog.pg_extension WHERE extname = 'msm') ORDER BY 1"
tap_ok "and the same extension members" \
    diff <(msm_psql -d upgraded -c "$members") <(msm_psql -d fresh -c "$members")
tap_done
