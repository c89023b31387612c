"""The shared state of the TS Manager stand-in: registry rows, tokens and
credentials, fault rules, configuration, the request log and the optional
persistence in STATE_DIR/state.json.  Every change happens under State.lock
(the request log under State.log_lock).
"""

import itertools
import json
import os
import sys
import threading
import time
import uuid

from wire import ROW_FIELDS, dumps_exact, loads_exact, now_iso


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.RLock()
        self.rows = {}  # uid -> row (dict, ROW_FIELDS + "_seq")
        self.seq = itertools.count(1)
        self.tokens = {}  # issued token -> expiry (epoch seconds)
        self.static_tokens = set(args.token or ["test-token"])
        self.token_scopes = {}  # static token -> the one data source uid it may see
        for spec in (getattr(args, "token_data_source", None) or []):
            tok, sep, ds = spec.partition("=")
            if not sep:
                sys.exit("--token-data-source must be TOKEN=UID")
            self.static_tokens.add(tok)
            self.token_scopes[tok] = str(uuid.UUID(ds))
        self.credentials = {}
        for c in (args.credential or ["test-credential:test-secret"]):
            cid, sep, secret = c.partition(":")
            if not sep:
                sys.exit("--credential must be ID:SECRET")
            self.credentials[cid] = secret
        self.faults = []
        self.config = self.default_config()
        self.requests = []
        self.internal_errors = 0
        self.conn_ids = itertools.count(1)
        os.makedirs(args.state_dir, exist_ok=True)
        self.requests_path = os.path.join(args.state_dir, "requests.jsonl")
        self.state_path = os.path.join(args.state_dir, "state.json")
        self.server_log_path = os.path.join(args.state_dir, "server.log")
        self.log_lock = threading.Lock()
        self.server_log = open(self.server_log_path, "a", encoding="utf-8")
        self.requests_file = open(self.requests_path, "a", encoding="utf-8")
        if args.persist:
            self.load()

    def default_config(self):
        a = self.args
        return {
            "page_size": a.page_size or None,
            "paginate": bool(a.paginate or a.page_size),
            "token_ttl": a.token_ttl,
            "default_limit": a.default_limit,
            "default_max_rows": a.default_max_rows,
            "finalize_check": a.finalize_check,
        }

    # -- logs ------------------------------------------------------------------
    def log(self, msg):
        line = "%s [%s] %s\n" % (now_iso(), threading.current_thread().name, msg)
        with self.log_lock:
            try:
                self.server_log.write(line)
                self.server_log.flush()
            except (OSError, ValueError):
                pass

    def record(self, entry):
        line = dumps_exact(entry) + "\n"
        with self.log_lock:
            self.requests.append(entry)
            try:
                self.requests_file.write(line)
                self.requests_file.flush()
            except (OSError, ValueError):
                pass

    def clear_requests(self):
        with self.log_lock:
            self.requests = []
            try:
                self.requests_file.close()
            except OSError:
                pass
            self.requests_file = open(self.requests_path, "w", encoding="utf-8")

    # -- persistence --------------------------------------------------------------
    def load(self):
        try:
            with open(self.state_path, encoding="utf-8") as f:
                doc = loads_exact(f.read())
        except FileNotFoundError:
            return
        except (OSError, ValueError) as e:
            self.log("cannot load %s: %s" % (self.state_path, e))
            return
        rows = doc.get("rows", [])
        for r in rows:
            r["_seq"] = next(self.seq)
            self.rows[r["uid"]] = r
        self.log("loaded %d rows from %s" % (len(rows), self.state_path))

    def save(self):
        if not self.args.persist:
            return
        with self.lock:
            doc = {"rows": [self.public(r) for r in self.ordered_rows()]}
        tmp = self.state_path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(dumps_exact(doc))
        os.replace(tmp, self.state_path)

    # -- rows ---------------------------------------------------------------------
    def ordered_rows(self):
        return sorted(self.rows.values(), key=lambda r: r["_seq"])

    @staticmethod
    def public(row):
        return {k: row.get(k) for k in ROW_FIELDS}

    @staticmethod
    def identity(row):
        return (row.get("data_source_uid"), row.get("physical_schema"), row.get("physical_table_name"))

    def find_identity(self, ident):
        for r in self.rows.values():
            if self.identity(r) == ident:
                return r
        return None

    def new_row(self, fields, resource_type):
        ts = now_iso()
        row = {k: None for k in ROW_FIELDS}
        row.update({k: v for k, v in fields.items() if k in ROW_FIELDS})
        row["uid"] = str(uuid.uuid4())
        row["resource_type"] = resource_type
        row["created_at"] = ts
        row["updated_at"] = ts
        row["_seq"] = next(self.seq)
        return row

    # -- tokens -------------------------------------------------------------------
    def token_data_source(self, token):
        """The data source a token is scoped to, or None (it sees every row)."""
        return self.token_scopes.get(token) if token is not None else None

    def token_status(self, token):
        """'static', 'issued' or None (unknown or expired)."""
        if token is None:
            return None
        if token in self.static_tokens:
            return "static"
        with self.lock:
            exp = self.tokens.get(token)
            if exp is not None and exp > time.time():
                return "issued"
        return None
