#!/usr/bin/env bash
# The shape of the source tree (doc/architecture.md, "Source layout"):
#   * no C file or header in src/ over 800 lines;
#   * no dependency cycle between the C files (test/tools/source_graph.py
#     reads the object files the build left in src/);
#   * no comment or text cites a specification outside the repository
#     ("SPEC n.m"); the frozen release scripts in sql/released/ keep their
#     historical text and are not checked;
#   * README.md is the front door: at most 400 lines, and its first two code
#     blocks are the two commands; .ci/run runs the second and nothing else.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$MSM_REPO" || exit 1

tap_plan 6

long=$(wc -l src/*.c src/*.h | awk '$2 != "total" && $1 > 800 { print $2 " (" $1 " lines)" }')
tap_is "$long" "" "no file in src/ is over 800 lines"

graph=$(python3 test/tools/source_graph.py --edges 2>&1); st=$?
tap_is "$st" 0 "no dependency cycle between the C files of src/" || tap_diag "$graph"

cites=$(git ls-files -co --exclude-standard | grep -v '^sql/released/' |
        xargs -d '\n' grep -nIE '\bSPEC( [0-9]+(\.[0-9]+)?|\.md)\b' 2>/dev/null |
        grep -v '^test/integration/01_source_structure.sh:')
tap_is "$cites" "" "no citation of a document outside the repository"

tap_ok "README.md has at most 400 lines ($(wc -l <README.md))" test "$(wc -l <README.md)" -le 400
blocks=$(awk '/^```/ { if (inb) { inb = 0; n++; if (n == 2) exit } else { inb = 1; next } } inb && n < 2 { print }' README.md)
tap_is "$blocks" "$(printf 'bash test/quickstart.sh\nbash test/run_all.sh')" \
    "README.md starts with the two commands"
tap_is "$(grep -vE '^(#|set |cd |$)' .ci/run)" "exec bash test/run_all.sh" ".ci/run runs the test suite and nothing else"
tap_done
