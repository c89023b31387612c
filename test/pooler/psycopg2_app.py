#!/usr/bin/python3
"""test/pooler/psycopg2_app.py: an application that writes markets rows
through a connection pooler with the pattern of doc/runtime.md, "Runtime
scope": one unit of work is one transaction that starts with
msm.start_engine(...) and ends with COMMIT or ROLLBACK.

    /usr/bin/python3 test/pooler/psycopg2_app.py --dsn DSN --prefix P
        --count N [--namespace NS] [--models Asset,Issuer]
        [--style block|autocommit] [--connections K] [--probe-every M]

It runs N transactions, spreading them round robin over K client
connections (so that, behind pgbouncer in transaction mode, consecutive
transactions run on whatever server connection the pool hands out).  Each
transaction attaches the given models in the given namespace and upserts
the asset "P-<i>" (and, when Issuer is among the models, the issuer
"P-<i>").  Every M-th transaction (M > 0) is a probe that runs
msm.upsert_asset WITHOUT attaching first: it must fail with the "requires
an initialized markets runtime" error, whatever the server connection did
for another client before.

Styles: "block" uses psycopg2's `with conn:` transaction block (commit on
success, rollback on error); "autocommit" sends start_engine and the row
operation as one simple-query string, which PostgreSQL runs as one
transaction.

Prints one JSON line: {"prefix", "transactions", "committed", "probes",
"probe_refused", "unexpected_errors", "error_samples", "namespaces_seen"}
and exits 0 when there was no unexpected error.  Needs Debian's
python3-psycopg2 (run it with /usr/bin/python3).
"""
import argparse
import json
import sys

import psycopg2

RUNTIME_REQUIRED = "requires an initialized markets runtime"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--dsn", required=True)
    p.add_argument("--prefix", required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--namespace", default=None)
    p.add_argument("--models", default="Asset")
    p.add_argument("--style", choices=("block", "autocommit"), default="block")
    p.add_argument("--connections", type=int, default=2)
    p.add_argument("--probe-every", type=int, default=0)
    return p.parse_args()


class App:
    def __init__(self, args):
        self.args = args
        self.models = [m for m in args.models.split(",") if m]
        self.conns = [psycopg2.connect(args.dsn) for _ in range(max(1, args.connections))]
        for c in self.conns:
            c.autocommit = args.style == "autocommit"
        self.stats = {"prefix": args.prefix, "transactions": 0, "committed": 0,
                      "probes": 0, "probe_refused": 0, "unexpected_errors": 0,
                      "error_samples": [], "namespaces_seen": []}

    def unexpected(self, what):
        self.stats["unexpected_errors"] += 1
        if len(self.stats["error_samples"]) < 5:
            self.stats["error_samples"].append(what)

    def saw_namespace(self, runtime):
        ns = runtime.get("namespace") if isinstance(runtime, dict) else None
        if ns not in self.stats["namespaces_seen"]:
            self.stats["namespaces_seen"].append(ns)

    def attach_sql(self):
        return ("SELECT msm.start_engine(models => %s::text[], namespace => %s)",
                [self.models, self.args.namespace])

    def unit_of_work(self, conn, i):
        """One transaction: attach, then write the rows of this unit."""
        key = "%s-%d" % (self.args.prefix, i)
        attach, attach_params = self.attach_sql()
        if self.args.style == "block":
            with conn:
                with conn.cursor() as cur:
                    cur.execute(attach, attach_params)
                    self.saw_namespace(cur.fetchone()[0])
                    cur.execute("SELECT uid FROM msm.upsert_asset(%s, %s)", (key, "equity"))
                    cur.fetchone()
                    if "Issuer" in self.models:
                        cur.execute("SELECT msm.upsert('Issuer', %s::jsonb)",
                                    (json.dumps({"unique_identifier": key, "display_name": key}),))
                        cur.fetchone()
        else:
            with conn.cursor() as cur:
                # one simple query = one transaction; the result is the last statement's
                cur.execute(attach + "; SELECT uid FROM msm.upsert_asset(%s, %s)",
                            attach_params + [key, "equity"])
                cur.fetchone()
        self.stats["committed"] += 1

    def probe(self, conn):
        """A transaction that does not attach: its row operation must fail."""
        self.stats["probes"] += 1
        try:
            if self.args.style == "block":
                with conn:
                    with conn.cursor() as cur:
                        cur.execute("SELECT uid FROM msm.upsert_asset(%s)", ("probe-" + self.args.prefix,))
            else:
                with conn.cursor() as cur:
                    cur.execute("SELECT uid FROM msm.upsert_asset(%s)", ("probe-" + self.args.prefix,))
            self.unexpected("probe: a row operation without start_engine succeeded")
        except psycopg2.Error as e:
            if RUNTIME_REQUIRED in (e.pgerror or ""):
                self.stats["probe_refused"] += 1
            else:
                self.unexpected("probe: %s" % (e.pgerror or e).strip())

    def run(self):
        n = len(self.conns)
        for i in range(self.args.count):
            conn = self.conns[i % n]
            self.stats["transactions"] += 1
            if self.args.probe_every > 0 and i % self.args.probe_every == self.args.probe_every - 1:
                self.probe(conn)
                continue
            try:
                self.unit_of_work(conn, i)
            except psycopg2.Error as e:
                self.unexpected("%s: %s" % (i, (e.pgerror or str(e)).strip()))
        for c in self.conns:
            c.close()
        return self.stats


def main():
    stats = App(parse_args()).run()
    print(json.dumps(stats, sort_keys=True))
    return 0 if stats["unexpected_errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
