#!/usr/bin/env python3
"""TS Manager stand-in: a real HTTP server implementing the doc/tsmanager.md contract, for tests.

Python 3 standard library only.  See test/tsmanager/README.md for the full
contract (CLI, API, admin API, fault injection); the short version:

    python3 test/tsmanager/server.py --port 0 --port-file F --state-dir D \
        --dsn 'host=... port=... dbname=... user=...'

binds 127.0.0.1 (port 0 = a free port, written to F), answers HTTP/1.1 with
keep-alive, logs every API request as one JSON line to D/requests.jsonl and
its own diagnostics to D/server.log, and serves under /api/v1/:

    POST runtime-credentials/token/          credential exchange (no bearer)
    POST meta-tables/filter/                 lookup by physical_table_name__in
    POST time-index-meta-tables/filter/
    POST meta-tables/                        reserve (a JSON list of rows)
    POST time-index-meta-tables/
    POST meta-tables/finalize-managed/       checks the tables in the database (psql)
    POST meta-tables/register/               external_registered upsert
    POST meta-tables/execute-operation/      compiled-sql.v1 envelope, run with psql

plus the unauthenticated admin API under /__admin__/ (faults, reset, request
log, rows, config, health).  SIGTERM/SIGINT end it cleanly (exit status 0).

This file is the command line; the server is in the modules beside it:
serving.py (HTTP), api.py (the API routes), admin.py (the admin API),
faults.py (fault injection), state.py (shared state), database.py (psql),
sql_literals.py (SQL text from JSON values), wire.py (row fields, errors,
responses).
"""

import argparse
import os
import signal
import sys
import threading

sys.dont_write_bytecode = True  # no __pycache__ beside the modules below

from api import Api
from database import Database
from serving import Server
from state import State


def parse_args(argv):
    p = argparse.ArgumentParser(description="TS Manager stand-in for msm tests (doc/tsmanager.md).")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0 = a free port")
    p.add_argument("--port-file", help="write the bound port here (atomically)")
    p.add_argument("--state-dir", required=True, help="requests.jsonl, server.log, state.json")
    p.add_argument("--dsn", default="", help="libpq conninfo of the data source database (psql -d)")
    p.add_argument("--psql", default=None, help="psql binary (default: PostgreSQL 15's, else PATH)")
    p.add_argument("--token", action="append", help="static bearer token (repeatable; default test-token)")
    p.add_argument("--token-data-source", action="append", metavar="TOKEN=UID",
                   help="a static token scoped to one data source: its lookups see only that data "
                        "source's rows, its writes may name no other (repeatable)")
    p.add_argument("--credential", action="append",
                   help="ID:SECRET runtime credential (repeatable; default test-credential:test-secret)")
    p.add_argument("--token-ttl", type=int, default=3600, help="expires_in of issued tokens (s)")
    p.add_argument("--page-size", type=int, default=0,
                   help="answer filters paginated with at most this many results per page")
    p.add_argument("--paginate", action="store_true",
                   help="answer filters paginated (page size = the request's limit)")
    p.add_argument("--default-limit", type=int, default=100, help="filter limit when the body has none")
    p.add_argument("--default-max-rows", type=int, default=1000,
                   help="execute-operation max_rows when limits has none")
    p.add_argument("--finalize-check", choices=("db", "trust"), default="db",
                   help="db: finalize checks the tables with psql; trust: every table exists")
    p.add_argument("--persist", action="store_true", help="keep rows in STATE_DIR/state.json")
    p.add_argument("--idle-timeout", type=float, default=60.0, help="keep-alive idle timeout (s)")
    p.add_argument("--max-body-mb", type=float, default=64.0)
    a = p.parse_args(argv)
    if a.psql is None:
        a.psql = "/usr/lib/postgresql/15/bin/psql" if os.path.exists("/usr/lib/postgresql/15/bin/psql") else "psql"
    return a


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    state = State(args)
    db = Database(args.dsn, args.psql, state.log)
    api = Api(state, db)
    server = Server((args.host, args.port), state, api)
    port = server.server_address[1]
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, args.port_file)
    state.log("listening on http://%s:%d (pid %d, state dir %s)" % (args.host, port, os.getpid(), args.state_dir))

    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    try:
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    except (AttributeError, ValueError):
        pass

    t = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                         name="serve", daemon=True)
    t.start()
    while not stop.wait(0.5):
        if not t.is_alive():
            break
    server.stopping.set()  # ends stalls and delays
    server.shutdown()
    server.server_close()
    try:
        state.save()
    except OSError as e:
        state.log("cannot save state: %s" % e)
    state.log("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
