#!/usr/bin/env bash
# test/run_all.sh: the whole msm test suite (README command 2, .ci/run; how to
# run, read and add tests: doc/testing.md).
#
#   bash test/run_all.sh [--only regress|pgtap|integration[,...]] [--no-build] [FILE...]
#
# Steps: install missing Debian packages (test/lib.sh), make clean/all/install,
# then the three suites, each against throwaway PostgreSQL 15 clusters with
# shared_preload_libraries = 'msm' (see test/lib.sh for how they are run):
#
#   regress      pg_regress through `make installcheck` (REGRESS in the
#                Makefile: sql/NAME.sql vs expected/NAME.out; results and
#                regression.diffs in test/.work/regress).  Counts one per test
#                ("ok" passed, "FAILED" failed).  Skipped when there is no
#                sql/*.sql test.
#   pgtap        every test/pgtap/*.sql, each in a FRESH DATABASE of its own
#                (pgtap_<file name>, dropped afterwards) on the shared
#                cluster, run with psql -X -A -t -v ON_ERROR_STOP=1 (what
#                pg_prove does); files create their extensions themselves.
#   integration  every test/integration/*.sh (run directly when executable,
#                else with bash), each with a FRESH CLUSTER of its own, so it
#                may restart, reconfigure or crash the server freely.
#
# pgtap and integration files emit TAP; each assertion counts: "ok" passed,
# "not ok" failed ("not ok ... # TODO" counts as passed).  A file whose plan
# was not met counts its missing assertions as failed; a file that has no
# plan, bails out, times out or exits nonzero without any failed or missing
# assertion counts as one failure.  Per-file time limit: MSM_TEST_TIMEOUT
# seconds (default 900).  Outputs: test/.work/{pgtap,integration}/NAME.{tap,err},
# server logs: test/.work/logs/.
#
# Ends with a per-suite table and, as its last line, "N passed, N failed";
# exits 1 when anything failed.
#
#   --only S      run only these suites (comma-separated or repeated)
#   --no-build    skip make clean/all/install (use the installed msm)
#   FILE...       run only these files: test/pgtap/X.sql,
#                 test/integration/X.sh, sql/X.sql (regress test X)
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
. test/lib.sh

ALL_SUITES="regress pgtap integration"
ONLY=
BUILD=1
FILES=()
usage() { sed -n '2,/^set -uo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
    case $1 in
        --only) [ $# -ge 2 ] || { usage >&2; exit 2; }; ONLY="$ONLY ${2//,/ }"; shift 2 ;;
        --only=*) v=${1#--only=}; ONLY="$ONLY ${v//,/ }"; shift ;;
        --no-build) BUILD=; shift ;;
        -h|--help) usage; exit 0 ;;
        -*) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
        *) FILES+=("$1"); shift ;;
    esac
done
for s in $ONLY; do
    case " $ALL_SUITES " in *" $s "*) ;; *) echo "unknown suite: $s" >&2; exit 2 ;; esac
done

# Explicit files select their suites.
SEL_REGRESS=() SEL_PGTAP=() SEL_INTEGRATION=()
for f in "${FILES[@]}"; do
    f=${f#./}
    [ -e "$f" ] || { echo "no such file: $f" >&2; exit 2; }
    case $f in
        test/pgtap/*.sql) SEL_PGTAP+=("$f") ;;
        test/integration/*) SEL_INTEGRATION+=("$f") ;;
        sql/*.sql) SEL_REGRESS+=("$(basename "$f" .sql)") ;;
        *) echo "not a test file: $f" >&2; exit 2 ;;
    esac
done
if [ ${#FILES[@]} -gt 0 ] && [ -z "$ONLY" ]; then
    [ ${#SEL_REGRESS[@]} -gt 0 ] && ONLY="$ONLY regress"
    [ ${#SEL_PGTAP[@]} -gt 0 ] && ONLY="$ONLY pgtap"
    [ ${#SEL_INTEGRATION[@]} -gt 0 ] && ONLY="$ONLY integration"
fi
read -ra _only <<<"$ONLY"; ONLY="${_only[*]:-}"
[ -n "$ONLY" ] || ONLY=$ALL_SUITES
want() { case " $ONLY " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

TIMEOUT=${MSM_TEST_TIMEOUT:-900}
W=$MSM_WORK
RESULTS=$W/results.tsv
START=$SECONDS
mkdir -p "$W"
rm -rf "$W/regress" "$W/pgtap" "$W/integration" "$W/logs" "$RESULTS"
mkdir -p "$W/regress" "$W/pgtap" "$W/integration" "$W/logs"
: >"$RESULTS"

# record SUITE NAME PASSED FAILED [NOTE]
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "${5:-}" >>"$RESULTS"; }

# tap_count FILE EXIT_STATUS: prints "PASSED FAILED NOTE" for a TAP stream.
tap_count() {
    awk -v rc="$2" '
        /^ok([ \t]|$)/      { ran++; pass++; next }
        /^not ok([ \t]|$)/  { ran++; if (tolower($0) ~ /#[ \t]*todo/) pass++; else fail++; next }
        /^1\.\.[0-9]+/      { plans++; match($0, /^1\.\.[0-9]+/); planned = substr($0, 4, RLENGTH - 3) + 0; next }
        /^Bail out!/        { bail = 1 }
        function add(s) { why = why (why == "" ? "" : "; ") s }
        END {
            missing = 0
            if (plans == 0) add("no plan")
            else if (plans > 1) add("more than one plan")
            else if (ran != planned) {
                add("planned " planned ", ran " ran + 0)
                if (ran < planned) missing = planned - ran
            }
            if (bail) add("bailed out")
            if (rc == 124 || rc == 137) add("timed out")
            else if (rc != 0) add("exit status " rc)
            extra = missing
            if (why != "" && fail + missing == 0) extra = 1
            printf "%d %d %s\n", pass, fail + extra, why
        }' "$1"
}

# report_file SUITE NAME OUT ERR RC: count, record, print one line (and the
# output when something failed).
report_file() {
    local suite=$1 name=$2 out=$3 err=$4 rc=$5 p f why
    read -r p f why < <(tap_count "$out" "$rc")
    record "$suite" "$name" "$p" "$f" "$why"
    if [ "$f" -eq 0 ]; then
        printf '  %-50s ok      %4d passed\n' "$name" "$p"
    else
        printf '  %-50s FAILED  %4d passed, %d failed%s\n' "$name" "$p" "$f" "${why:+ ($why)}"
        echo "  ---- $out"
        sed 's/^/  | /' "$out"
        if [ -s "$err" ]; then
            echo "  ---- $err (last 60 lines)"
            tail -n 60 "$err" | sed 's/^/  | /'
        fi
        echo "  ----"
    fi
}

# ---------------------------------------------------------------------------
# (a) pg_regress
# ---------------------------------------------------------------------------
suite_regress() {
    local tests=() t st out=$W/regress/pg_regress.out rc=0 failed=0
    if [ ${#SEL_REGRESS[@]} -gt 0 ]; then
        tests=("${SEL_REGRESS[@]}")
    else
        for t in sql/*.sql; do
            [ -e "$t" ] || continue
            case $(basename "$t") in msm--*) continue ;; esac
            tests+=("$(basename "$t" .sql)")
        done
    fi
    echo "== regress: ${#tests[@]} test(s)"
    if [ ${#tests[@]} -eq 0 ]; then
        echo "  (no sql/*.sql tests: skipped)"
        return 0
    fi
    # Tests without expected/NAME.out would abort pg_regress: run them apart
    # (against an empty expected file) so that their output can be reviewed
    # and copied: test/.work/regress/new/results/NAME.out.
    local have=() new=() nrc=0
    for t in "${tests[@]}"; do
        if [ -f "expected/$t.out" ]; then have+=("$t"); else new+=("$t"); fi
    done
    failed=0
    if [ ${#have[@]} -gt 0 ]; then
        timeout --foreground -k 10 "$TIMEOUT" \
            make -s PG_CONFIG="$MSM_PGBIN/pg_config" installcheck REGRESS="${have[*]}" >"$out" 2>&1 || rc=$?
        sed 's/^/  | /' "$out"
        # PG 15 prints "test NAME ... ok|FAILED" (or "     NAME ... " in a parallel group)
        for t in "${have[@]}"; do
            st=$(sed -nE "s/^(test)? +$t +\.\.\. +(ok|FAILED|failed)( .*)?\$/\2/p" "$out" | head -n 1)
            case $st in
                ok) record regress "$t" 1 0 ;;
                FAILED|failed) record regress "$t" 0 1 "see test/.work/regress/regression.diffs"; failed=1 ;;
                *) record regress "$t" 0 1 "did not run (pg_regress exit status $rc)"; failed=1 ;;
            esac
        done
        if [ $rc -ne 0 ] && [ $failed -eq 0 ]; then
            record regress "make installcheck" 0 1 "exit status $rc"; failed=1
        fi
    fi
    if [ ${#new[@]} -gt 0 ]; then
        local nd=$W/regress/new
        mkdir -p "$nd/sql" "$nd/expected"
        for t in "${new[@]}"; do
            ln -sf "$PWD/sql/$t.sql" "$nd/sql/$t.sql"
            : >"$nd/expected/$t.out"
        done
        timeout --foreground -k 10 "$TIMEOUT" \
            make -s PG_CONFIG="$MSM_PGBIN/pg_config" installcheck REGRESS="${new[*]}" \
                REGRESS_OPTS="--inputdir=$nd --outputdir=$nd --dbname=contrib_regression" \
                >"$nd/pg_regress.out" 2>&1 || nrc=$?
        for t in "${new[@]}"; do
            if [ -f "$nd/results/$t.out" ]; then
                record regress "$t" 0 1 "no expected/$t.out; review and copy test/.work/regress/new/results/$t.out"
            else
                record regress "$t" 0 1 "no expected/$t.out (and pg_regress exit status $nrc)"
            fi
            echo "  $t: no expected/$t.out (its output: test/.work/regress/new/results/$t.out)"
        done
    fi
    if [ $failed -gt 0 ] && [ -s "$W/regress/regression.diffs" ]; then
        echo "  ---- $W/regress/regression.diffs (first 400 lines)"
        head -n 400 "$W/regress/regression.diffs" | sed 's/^/  | /'
        echo "  ----"
    fi
    return 0
}

# ---------------------------------------------------------------------------
# (b) pgTAP: one fresh database per file
# ---------------------------------------------------------------------------
suite_pgtap() {
    local files=() f base db out err rc
    if [ ${#SEL_PGTAP[@]} -gt 0 ]; then files=("${SEL_PGTAP[@]}"); else
        for f in test/pgtap/*.sql; do [ -e "$f" ] && files+=("$f"); done
    fi
    echo "== pgtap: ${#files[@]} file(s)"
    for f in "${files[@]}"; do
        base=$(basename "$f" .sql)
        db=pgtap_$(printf '%s' "$base" | tr -c 'A-Za-z0-9_' '_' | tr 'A-Z' 'a-z')
        out=$W/pgtap/$base.tap
        err=$W/pgtap/$base.err
        rc=0
        if ! psql -X -q -v ON_ERROR_STOP=1 -d postgres \
                -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" \
                -c "CREATE DATABASE \"$db\"" >"$err" 2>&1; then
            : >"$out"; rc=1
        else
            timeout --foreground -k 10 "$TIMEOUT" \
                psql -X -q -A -t -v ON_ERROR_STOP=1 -P pager=off -d "$db" -f "$f" >"$out" 2>"$err" || rc=$?
            psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >>"$err" 2>&1 || true
        fi
        report_file pgtap "$f" "$out" "$err" "$rc"
    done
    return 0
}

# ---------------------------------------------------------------------------
# (c) integration: one fresh cluster per script (run inside msm_with_cluster)
# ---------------------------------------------------------------------------
run_integration_script() {
    local f=$1 base out err rc=0
    base=$(basename "$f")
    out=$W/integration/$base.tap
    err=$W/integration/$base.err
    if [ -x "$f" ]; then
        timeout --foreground -k 10 "$TIMEOUT" "./$f" >"$out" 2>"$err" || rc=$?
    else
        timeout --foreground -k 10 "$TIMEOUT" bash "$f" >"$out" 2>"$err" || rc=$?
    fi
    report_file integration "$f" "$out" "$err" "$rc"
}

suite_integration() {
    local files=() f
    if [ ${#SEL_INTEGRATION[@]} -gt 0 ]; then files=("${SEL_INTEGRATION[@]}"); else
        for f in test/integration/*.sh; do [ -e "$f" ] && files+=("$f"); done
    fi
    echo "== integration: ${#files[@]} script(s)"
    # HOOK (TS Manager stand-in): start the stand-in server here, before the
    # scripts, export its address (e.g. MSM_TSM_URL) for them, and stop it
    # after the loop below AND in the INT/TERM/HUP/EXIT cleanup (the way
    # msm_with_cluster does for clusters), so that it never outlives this run.
    for f in "${files[@]}"; do
        MSM_CLUSTER_LABEL="integration-$(basename "$f" .sh)" \
            msm_with_cluster run_integration_script "$f"
        if [ -n "${MSM_CLUSTER_START_FAILED:-}" ]; then
            record integration "$f" 0 1 "cluster did not start"
            printf '  %-50s FAILED  (cluster did not start)\n' "$f"
        fi
    done
}

sql_suites() {
    want regress && suite_regress
    want pgtap && suite_pgtap
    return 0
}

# ---------------------------------------------------------------------------
summary() {
    local s n p f tp=0 tf=0 tn=0
    echo
    echo "================ summary ($((SECONDS - START)) s) ================"
    printf '%-14s %7s %8s %8s\n' suite items passed failed
    for s in setup $ALL_SUITES; do
        if [ "$s" != setup ] && ! want "$s"; then
            printf '%-14s %s\n' "$s" "(not selected)"; continue
        fi
        read -r n p f < <(awk -F'\t' -v s="$s" '$1 == s { n++; p += $3; f += $4 } END { printf "%d %d %d\n", n, p, f }' "$RESULTS")
        [ "$s" = setup ] && [ "$n" -eq 0 ] && continue
        printf '%-14s %7d %8d %8d\n' "$s" "$n" "$p" "$f"
        tn=$((tn + n)); tp=$((tp + p)); tf=$((tf + f))
    done
    printf '%-14s %7d %8d %8d\n' total "$tn" "$tp" "$tf"
    awk -F'\t' '$4 > 0 { printf "FAILED: %s %s: %d failed%s\n", $1, $2, $4, ($5 != "" ? " (" $5 ")" : "") }' "$RESULTS"
    echo "$tp passed, $tf failed"
    [ "$tf" -eq 0 ]
}

echo "msm test suite: $(date -u '+%Y-%m-%d %H:%M:%S UTC'), suites: $ONLY"
if ! msm_ensure_packages; then
    record setup "apt-get install" 0 1 "package installation failed"
    summary; exit 1
fi
echo "$("$MSM_PGBIN/pg_config" --version), pgTAP $(sed -n "s/^default_version *= *'\(.*\)'/\1/p" /usr/share/postgresql/15/extension/pgtap.control 2>/dev/null)"
if [ -n "$BUILD" ]; then
    if ! msm_build_install; then
        record setup "build (make clean all install)" 0 1 "build failed"
        summary; exit 1
    fi
else
    echo "msm: --no-build: using the installed msm"
fi

if want regress || want pgtap; then
    MSM_CLUSTER_LABEL=sql msm_with_cluster sql_suites
    if [ -n "${MSM_CLUSTER_START_FAILED:-}" ]; then
        record setup "cluster for regress/pgtap" 0 1 "cluster did not start"
    fi
fi
want integration && suite_integration

summary
