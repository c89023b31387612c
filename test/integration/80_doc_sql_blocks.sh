#!/usr/bin/env bash
# Every SQL block of the documentation runs as shown.
#
# For README.md and every doc/*.md, in that order, the fenced blocks whose
# info string is exactly `sql` or `sql error` are extracted in order and run
# in a fresh database of that file's own (doc_<file>), each block as one
# `psql -X -v ON_ERROR_STOP=1 -f BLOCK` session, so session state (SET,
# msm.start_engine) does not carry from one block to the next while the
# database does.  One block is one assertion:
#   ```sql        must succeed;
#   ```sql error  must fail with an ERROR, and when the next fenced block is a
#                 ```text block that shows ERROR lines, the first of them must
#                 be what psql printed.
# Blocks that need what this cluster cannot give (postgresql.conf, a
# TS Manager) use another info string (```conf, ```sh, ```pgsql, ```text)
# and are not run.  The plan is the number of blocks found, so adding a
# block adds an assertion.  Each block and its output are kept in
# test/.work/integration/doc_blocks/<file>/ for review.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$MSM_REPO" || exit 1

OUT=$MSM_WORK/integration/doc_blocks
rm -rf "$OUT"
mkdir -p "$OUT"

docs=(README.md)
for f in doc/*.md; do [ -e "$f" ] && docs+=("$f"); done

# extract FILE DIR: writes DIR/NNN.sql, DIR/NNN.expect (first ERROR line of
# the following text block, for error blocks) and DIR/index lines
# "NNN KIND LINE" (KIND sql or error).
extract() {
    awk -v dir="$2" '
        function flush_expect() { if (pending != "") { close(pending); pending = "" } }
        !inb && /^```/ {
            info = substr($0, 4); sub(/[ \t]+$/, "", info)
            inb = 1; kind = ""; textb = 0
            if (info == "sql" || info == "sql error") {
                flush_expect()
                n++; name = sprintf("%s/%03d", dir, n)
                kind = (info == "sql") ? "sql" : "error"
                printf "%03d %s %d\n", n, kind, NR >> (dir "/index")
                if (kind == "error") pending = name ".expect"
            } else if (info == "text" && pending != "") {
                textb = 1
            } else if (info != "text") {
                flush_expect()
            }
            next
        }
        inb && /^```[ \t]*$/ {
            inb = 0
            if (kind != "") close(name ".sql")
            if (textb) flush_expect()
            kind = ""; textb = 0
            next
        }
        inb && kind != "" { print > (name ".sql"); next }
        inb && textb && /^ERROR:  / { if (!got[pending]++) print > pending; next }
    ' "$1"
}

total=0
for f in "${docs[@]}"; do
    d=$OUT/$(echo "$f" | tr '/.' '__')
    mkdir -p "$d"
    : >"$d/index"
    extract "$f" "$d"
    total=$((total + $(wc -l <"$d/index")))
done

tap_plan "$total"
[ "$total" -gt 0 ] || { tap_diag "no sql block found"; tap_done; exit 1; }

# run_block DB KIND SQLFILE EXPECTFILE OUTFILE ERRFILE
run_block() {
    local db=$1 kind=$2 sql=$3 expect=$4 out=$5 err=$6 rc=0
    psql -X -v ON_ERROR_STOP=1 -d "$db" -f "$sql" >"$out" 2>"$err" || rc=$?
    if [ "$kind" = sql ]; then
        [ $rc -eq 0 ] && ! grep -q 'ERROR:' "$err" && return 0
        cat "$err"; return 1
    fi
    if [ $rc -ne 3 ] || ! grep -q 'ERROR:  ' "$err"; then
        echo "expected the block to fail with an ERROR (psql exit 3), got exit $rc"; cat "$err"; return 1
    fi
    if [ -s "$expect" ] && ! grep -qF -- "$(cat "$expect")" "$err"; then
        echo "the error differs from the documented one"
        echo "documented: $(cat "$expect")"; cat "$err"; return 1
    fi
    return 0
}

for f in "${docs[@]}"; do
    d=$OUT/$(echo "$f" | tr '/.' '__')
    db=doc_$(basename "$d")
    db=${db,,}
    created=1
    psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS \"$db\"" -c "CREATE DATABASE \"$db\"" \
        >"$d/createdb.log" 2>&1 || created=
    while read -r n kind line; do
        desc="$f block $((10#$n)) (line $line)"
        [ "$kind" = error ] && desc="$desc fails as documented"
        if [ -z "$created" ]; then
            tap_ok "$desc" sh -c "cat '$d/createdb.log'; exit 1"
            continue
        fi
        tap_ok "$desc" run_block "$db" "$kind" "$d/$n.sql" "$d/$n.expect" "$d/$n.out" "$d/$n.err"
    done <"$d/index"
done
tap_done
