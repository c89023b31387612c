#!/usr/bin/env python3
"""test/tools/source_graph.py: the dependency graph between the C files of src/.

    python3 test/tools/source_graph.py [--edges] [OBJ_DIR]

Reads the object files the build left in OBJ_DIR (default: src/) with `nm`:
a file A depends on a file B when A.o refers to a global symbol (function or
variable) that B.o defines.  Prints the edges with --edges; always prints
each cycle (a strongly connected set of two or more files) as one line
"cycle: a.c <-> b.c", and exits 1 when there is one, 2 when there are no
object files (build first).  It also prints (and fails on) include circles:
a.c includes "b.h" while b.c includes "a.h".
"""
import re
import glob
import os
import subprocess
import sys


def symbols(obj):
    out = subprocess.run(["nm", "-P", obj], check=True, capture_output=True, text=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        name, kind = parts[0], parts[1]
        if kind == "U":
            used.add(name)
        elif kind in "TDBRCGSV":  # global text, data, bss, read-only, common
            defined.add(name)
    return defined, used


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    objdir = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src")
    # only objects of C files that exist (a renamed file leaves a stale .o)
    objs = sorted(o for o in glob.glob(os.path.join(objdir, "*.o")) if os.path.exists(o[:-2] + ".c"))
    if not objs:
        print("no object files in %s: build first" % objdir, file=sys.stderr)
        return 2
    name = {o: os.path.basename(o)[:-2] + ".c" for o in objs}
    syms = {o: symbols(o) for o in objs}
    owner = {}
    for o in objs:
        for s in syms[o][0]:
            owner[s] = name[o]
    edges = {name[o]: sorted({owner[s] for s in syms[o][1] if s in owner and owner[s] != name[o]})
             for o in objs}
    if "--edges" in sys.argv:
        for f in sorted(edges):
            print("%s -> %s" % (f, ", ".join(edges[f]) or "(none)"))
    # Tarjan's strongly connected components
    index, low, stack, on, cycles = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for f in sorted(edges):
        if f not in index:
            visit(f)
    for comp in cycles:
        print("cycle: " + " <-> ".join(comp))
    # include circles between a file's own header and another's
    srcdir = os.path.dirname(objs[0])
    includes = {}
    for c in sorted(glob.glob(os.path.join(srcdir, "*.c"))):
        base = os.path.basename(c)[:-2]
        with open(c, encoding="utf-8") as fh:
            includes[base] = set(re.findall(r'^#include "([A-Za-z0-9_]+)\.h"', fh.read(), re.M)) - {base}
    circles = sorted({tuple(sorted((a, b))) for a in includes for b in includes[a]
                      if a in includes.get(b, ())})
    for a, b in circles:
        print("include circle: %s.c includes %s.h and %s.c includes %s.h" % (a, b, b, a))
    return 1 if cycles or circles else 0


if __name__ == "__main__":
    sys.exit(main())
