#!/usr/bin/env bash
# test/quickstart.sh: README command 1.
#
#   bash test/quickstart.sh
#
# Installs the Debian packages msm needs (only the missing ones), builds and
# installs msm (make clean all install), starts a throwaway PostgreSQL 15
# cluster with shared_preload_libraries = 'msm' (see test/lib.sh), runs the
# demo job test/demo.sql with psql, echoing each query, and stops and removes
# the cluster again (also on failure or Ctrl-C).  Exit status: psql's.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
. test/lib.sh

msm_ensure_packages || exit 1
msm_build_install || exit 1

demo() {
    echo "msm: demo on PostgreSQL $PGPORT@$PGHOST (database $PGDATABASE, user $PGUSER)"
    psql -X --echo-queries -v ON_ERROR_STOP=1 -P pager=off -f test/demo.sql
}
rc=0
MSM_CLUSTER_LABEL=quickstart msm_with_cluster demo || rc=$?
if [ $rc -eq 0 ]; then
    echo "msm: demo finished OK (cluster stopped and removed; server log: test/.work/logs/quickstart-server.log)"
else
    echo "msm: demo FAILED (exit $rc; server log: test/.work/logs/quickstart-server.log)" >&2
fi
exit $rc
