#!/usr/bin/env python3
"""TS Manager stand-in: a real HTTP server implementing the SPEC 9 contract, for tests.

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
"""

import argparse
import datetime
import decimal
import http
import http.server
import itertools
import json
import os
import re
import secrets
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import traceback
import urllib.parse
import uuid

# Columns of a registry row, in msm.meta_table order (the wire row shape).
ROW_FIELDS = [
    "uid", "resource_type", "data_source_uid", "identifier", "namespace",
    "description", "labels", "management_mode", "provisioning_status",
    "is_alembic_managed", "migration_package", "migration_namespace",
    "migration_provider_key", "alembic_version_meta_table_uid",
    "alembic_revision", "physical_schema", "physical_table_name",
    "table_contract", "time_index_name", "cadence", "partition_strategy",
    "schema_management", "created_at", "updated_at",
]
MANAGEMENT_MODES = ("platform_managed", "external_registered")
PROVISIONING_STATUSES = ("reserved", "active", "failed")
OPERATIONS = ("select", "insert", "update", "delete", "upsert")
WRITE_OPERATIONS = ("insert", "update", "delete", "upsert")
NAME_MAX = 63  # PostgreSQL NAMEDATALEN - 1

API = "/api/v1/"
ROUTES = {
    API + "runtime-credentials/token/": ("token", None),
    API + "meta-tables/": ("reserve", "meta_table"),
    API + "time-index-meta-tables/": ("reserve", "time_index"),
    API + "meta-tables/filter/": ("filter", "meta_table"),
    API + "time-index-meta-tables/filter/": ("filter", "time_index"),
    API + "meta-tables/finalize-managed/": ("finalize", None),
    API + "meta-tables/register/": ("register", None),
    API + "meta-tables/execute-operation/": ("execute", None),
}

FAULT_ACTION_KEYS = {
    "delay_ms", "stall", "status", "retry_after", "shape", "message", "body",
    "content_type", "reset", "truncate", "malformed", "oversize_mb",
    "duplicate_rows", "unexpected_rows", "missing_rows", "expire_token",
    "redirect", "close", "after",
}
ERROR_SHAPES = ("detail", "error", "message", "non_field_errors", "errors",
                "text", "html", "empty")


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).isoformat()


def is_uuid(v):
    if not isinstance(v, str):
        return False
    try:
        uuid.UUID(v)
        return True
    except ValueError:
        return False


def norm_uuid(v):
    return str(uuid.UUID(v))


class ApiError(Exception):
    """An HTTP error answer: status and a JSON body."""

    def __init__(self, status, body, headers=None):
        super().__init__(body)
        self.status = status
        self.body = body
        self.headers = headers or []


def detail_error(status, detail, **extra):
    body = {"detail": detail}
    body.update(extra)
    return ApiError(status, body)


def field_errors(detail, errors):
    """400 with a readable summary in detail and the field errors in errors."""
    return ApiError(400, {"detail": detail, "errors": errors})


class Response:
    def __init__(self, status, body=b"", content_type="application/json",
                 headers=None):
        self.status = status
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.body = body
        self.content_type = content_type
        self.headers = list(headers or [])
        self.close = False
        self.obj = None  # the JSON value, when built from one

    @classmethod
    def json(cls, status, obj, headers=None):
        r = cls(status, json.dumps(obj, ensure_ascii=False), headers=headers)
        r.obj = obj
        return r


# ---------------------------------------------------------------------------
# JSON values with exact numbers (execute-operation parameters)
# ---------------------------------------------------------------------------
def json_text(v):
    """Serialize a value parsed with parse_float=Decimal, keeping number digits."""
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, dict):
        return "{" + ", ".join(json.dumps(k, ensure_ascii=False) + ": " + json_text(x)
                               for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(json_text(x) for x in v) + "]"
    return json.dumps(v, ensure_ascii=False)


def sql_quote(s):
    """A standard-conforming SQL string literal."""
    if "\x00" in s:
        raise detail_error(400, "Parameter values cannot contain NUL characters.")
    return "'" + s.replace("'", "''") + "'"


def array_element(v):
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, decimal.Decimal)):
        return str(v)
    s = v if isinstance(v, str) else json_text(v)
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def scalar_literal_text(v):
    """Text of a non-null scalar / JSON value as an untyped literal body."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, decimal.Decimal)):
        return str(v)
    if isinstance(v, str):
        return v
    return json_text(v)  # objects (and arrays not used as SQL arrays) as JSON text


TYPE_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_ ]*(\([0-9, ]*\))?( ?\[\])?$")
PARAM_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
ARRAY_CAST_AFTER_RE = re.compile(
    r"""^\s*(?:::\s*[\w ."]+?(?:\([\d\s,]*\))?\s*\[\s*\]|\s+AS\s+[\w ."]+?(?:\([\d\s,]*\))?\s*\[\s*\]\s*\))""",
    re.I)
CAST_AFTER_RE = re.compile(r"^\s*::")


def translate_pyformat(sql, params, param_types):
    """Replace %(name)s with SQL literals; %% with %.

    Values become untyped literals ('...'), so PostgreSQL infers their type
    from the context as it does for psycopg's client-side binding; JSON null
    becomes NULL; a JSON array placeholder followed by a cast to an array
    type (%(a)s::int[]) becomes an array literal ('{...}'), any other array
    or object becomes its JSON text.  parameter_types add CAST(... AS type)
    unless the placeholder already carries a cast.
    """
    out = []
    i = 0
    n = len(sql)
    used = set()
    while i < n:
        c = sql[i]
        if c != "%":
            out.append(c)
            i += 1
            continue
        if sql.startswith("%%", i):
            out.append("%")
            i += 2
            continue
        if not sql.startswith("%(", i):
            raise detail_error(400, "Invalid pyformat statement: a lone '%%' at offset %d "
                                    "(write %%%% for a literal percent sign)." % i)
        end = sql.find(")s", i + 2)
        if end < 0:
            raise detail_error(400, "Invalid pyformat statement: unterminated placeholder "
                                    "at offset %d." % i)
        name = sql[i + 2:end]
        if name not in params:
            raise detail_error(400, "Missing statement parameter %r." % name)
        used.add(name)
        v = params[name]
        rest = sql[end + 2:]
        typ = param_types.get(name)
        if v is None:
            lit = "NULL"
        elif isinstance(v, list) and (ARRAY_CAST_AFTER_RE.match(rest) or
                                      (typ and not CAST_AFTER_RE.match(rest))):
            lit = sql_quote("{" + ",".join(array_element(x) for x in v) + "}")
            if typ and not CAST_AFTER_RE.match(rest):
                lit = "CAST(%s AS %s[])" % (lit, typ.rstrip("[] "))
                typ = None
        else:
            lit = sql_quote(scalar_literal_text(v))
        if typ and not CAST_AFTER_RE.match(rest):
            lit = "CAST(%s AS %s)" % (lit, typ)
        out.append(lit)
        i = end + 2
    return "".join(out)


# ---------------------------------------------------------------------------
# psql
# ---------------------------------------------------------------------------
class DbError(Exception):
    def __init__(self, kind, message, sqlstate=None, detail=None):
        super().__init__(message)
        self.kind = kind  # "sql", "connection", "timeout"
        self.message = message
        self.sqlstate = sqlstate
        self.detail = detail


ERROR_LINE_RE = re.compile(r"^(?:psql:[^\n]*?:\d+: )?(ERROR|FATAL):  (?:([0-9A-Z]{5}): )?(.*)$", re.M)
DETAIL_LINE_RE = re.compile(r"^DETAIL:  (.*)$", re.M)


class Database:
    def __init__(self, dsn, psql, logger):
        self.dsn = dsn
        self.psql = psql
        self.log = logger

    def run(self, script, timeout_s=60.0):
        """Run a psql script (stdin); return stdout without the final newline."""
        cmd = [self.psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
               "-v", "VERBOSITY=verbose", "-f", "-"]
        if self.dsn:
            cmd += ["-d", self.dsn]
        env = dict(os.environ)
        env.update(PGCONNECT_TIMEOUT="5", PGCLIENTENCODING="UTF8",
                   PGAPPNAME="tsm-standin", PGTZ="UTC")
        env.pop("PGOPTIONS", None)
        try:
            p = subprocess.run(cmd, input=script.encode("utf-8"), capture_output=True,
                               timeout=timeout_s, env=env)
        except subprocess.TimeoutExpired:
            raise DbError("timeout", "the database did not answer within %.0f s" % timeout_s)
        except OSError as e:
            raise DbError("connection", "cannot run psql: %s" % e)
        out = p.stdout.decode("utf-8", "replace")
        err = p.stderr.decode("utf-8", "replace")
        if p.returncode != 0:
            m = ERROR_LINE_RE.search(err)
            if p.returncode == 3 and m and m.group(1) == "ERROR":
                d = DETAIL_LINE_RE.search(err)
                raise DbError("sql", m.group(3).strip(), m.group(2), d.group(1).strip() if d else None)
            msg = err.strip().splitlines()[0] if err.strip() else "psql exit status %d" % p.returncode
            self.log("psql failed (exit %d): %s" % (p.returncode, err.strip()))
            raise DbError("connection", msg)
        if out.endswith("\n"):
            out = out[:-1]
        return out

    # -- finalize-managed: which tables exist (and their contract) -----------
    def check_tables(self, items):
        """items: [(schema, table)] -> [(exists, contract_or_None)] in order."""
        if not items:
            return []
        payload = json.dumps([{"i": i, "s": s, "t": t} for i, (s, t) in enumerate(items)])
        script = r"""
SET client_min_messages = warning;
SET lock_timeout = '2s';
SET statement_timeout = '20s';
CREATE FUNCTION pg_temp.standin_check(j json) RETURNS text LANGUAGE plpgsql AS $standin$
DECLARE
    has_tc boolean := to_regprocedure('msm.table_contract(regclass)') IS NOT NULL;
    res json[] := '{}';
    r record;
    rel regclass;
    tc jsonb;
BEGIN
    FOR r IN SELECT * FROM json_to_recordset(j) AS x(i int, s text, t text) ORDER BY i LOOP
        rel := to_regclass(format('%%I.%%I', r.s, r.t));
        tc := NULL;
        IF rel IS NOT NULL AND has_tc THEN
            BEGIN
                EXECUTE 'SELECT msm.table_contract($1)::jsonb' INTO tc USING rel;
            EXCEPTION WHEN OTHERS THEN
                tc := NULL;
            END;
        END IF;
        res := res || json_build_object('exists', rel IS NOT NULL, 'contract', tc);
    END LOOP;
    RETURN array_to_json(res)::text;
END
$standin$;
SELECT pg_temp.standin_check(%s);
""" % sql_quote(payload)
        out = self.run(script, timeout_s=30)
        res = json.loads(out)
        return [(bool(x["exists"]), x.get("contract")) for x in res]

    # -- execute-operation ----------------------------------------------------
    def execute(self, stmt, offset, limit, timeout_ms):
        """Run one statement; return (row_count, returns_rows, rows_json_text).

        row_count is the number of rows the statement produced (or touched,
        for a statement without RETURNING); rows_json_text holds rows
        offset+1 .. offset+limit as a JSON array written by PostgreSQL.
        """
        script = r"""
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET standard_conforming_strings = on;
CREATE FUNCTION pg_temp.standin_exec(q text, o bigint, l bigint) RETURNS text LANGUAGE plpgsql AS $standin$
DECLARE
    r record;
    n bigint := 0;
    acc json[] := '{}';
    kind text := 'rows';
BEGIN
    BEGIN
        -- any statement returning rows: SELECT, or INSERT/UPDATE/DELETE ... RETURNING
        FOR r IN EXECUTE q LOOP
            n := n + 1;
            IF n > o AND n <= o + l THEN
                acc := acc || to_json(r);
            END IF;
        END LOOP;
    EXCEPTION WHEN invalid_cursor_definition THEN
        IF SQLERRM LIKE 'cannot open multi-query plan%%' THEN
            RAISE EXCEPTION USING ERRCODE = 'syntax_error',
                MESSAGE = 'the operation must be one SQL statement';
        END IF;
        IF SQLERRM !~ '^cannot open (INSERT|UPDATE|DELETE|MERGE) query as cursor' THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = 'only SELECT, INSERT, UPDATE and DELETE statements can be executed';
        END IF;
        -- a statement without RETURNING: run it as is, count the rows it touched
        EXECUTE q;
        GET DIAGNOSTICS n = ROW_COUNT;
        acc := '{}';
        kind := 'count';
    END;
    RETURN n::text || E'\t' || kind || E'\t' || array_to_json(acc)::text;
END
$standin$;
SET statement_timeout = %d;
SELECT pg_temp.standin_exec(%s, %d, %d);
""" % (timeout_ms, sql_quote(stmt), offset, limit)
        out = self.run(script, timeout_s=timeout_ms / 1000.0 + 30)
        total, kind, rows = out.split("\t", 2)
        return int(total), kind == "rows", rows


# ---------------------------------------------------------------------------
# Shared state
# ---------------------------------------------------------------------------
class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.RLock()
        self.rows = {}  # uid -> row (dict, ROW_FIELDS + "_seq")
        self.seq = itertools.count(1)
        self.tokens = {}  # issued token -> expiry (epoch seconds)
        self.static_tokens = set(args.token or ["test-token"])
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
        line = json.dumps(entry, ensure_ascii=False, default=str) + "\n"
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
                doc = json.load(f)
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
            json.dump(doc, f, ensure_ascii=False, indent=1)
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

    # -- faults -------------------------------------------------------------------
    def take_fault(self, method, path):
        with self.lock:
            for rule in self.faults:
                m = rule["match"]
                if m.get("method") and m["method"].upper() != method:
                    continue
                if m.get("path_prefix") and not path.startswith(m["path_prefix"]):
                    continue
                if m.get("path") and path != m["path"]:
                    continue
                if rule["times"] > 0:
                    rule["times"] -= 1
                    rule["used"] += 1
                    if rule["times"] == 0:
                        self.faults.remove(rule)
                else:  # -1: always
                    rule["used"] += 1
                return dict(rule["action"])
        return None


def validate_fault_rules(doc):
    if isinstance(doc, dict):
        doc = [doc]
    if not isinstance(doc, list):
        raise detail_error(400, "Expected a JSON list of fault rules.")
    rules = []
    for n, r in enumerate(doc):
        if not isinstance(r, dict):
            raise detail_error(400, "Fault rule %d is not an object." % n)
        match = r.get("match") or {}
        if not isinstance(match, dict) or set(match) - {"method", "path_prefix", "path"}:
            raise detail_error(400, "Fault rule %d: match takes method, path_prefix, path." % n)
        times = r.get("times", 1)
        if not isinstance(times, int) or isinstance(times, bool) or times == 0 or times < -1:
            raise detail_error(400, "Fault rule %d: times must be a positive integer or -1." % n)
        if "action" in r:
            action = r["action"]
            extra = set(r) - {"match", "times", "action"}
            if extra:
                raise detail_error(400, "Fault rule %d: unknown keys %s." % (n, sorted(extra)))
        else:
            action = {k: v for k, v in r.items() if k not in ("match", "times")}
        if not isinstance(action, dict) or not action:
            raise detail_error(400, "Fault rule %d has no action." % n)
        unknown = set(action) - FAULT_ACTION_KEYS
        if unknown:
            raise detail_error(400, "Fault rule %d: unknown action keys %s." % (n, sorted(unknown)))
        if "status" in action and not (isinstance(action["status"], int) and 100 <= action["status"] <= 599):
            raise detail_error(400, "Fault rule %d: status must be an HTTP status code." % n)
        if action.get("shape", "detail") not in ERROR_SHAPES:
            raise detail_error(400, "Fault rule %d: shape must be one of %s." % (n, ", ".join(ERROR_SHAPES)))
        rules.append({"match": match, "action": action, "times": times, "used": 0})
    return rules


# ---------------------------------------------------------------------------
# Validation helpers
# ---------------------------------------------------------------------------
def check_row_fields(row, resource_type, errs):
    def want_str(k, required=False, max_len=None):
        v = row.get(k)
        if v is None:
            if required:
                errs[k] = ["This field is required."]
            return
        if not isinstance(v, str):
            errs[k] = ["Not a valid string."]
        elif required and not v.strip():
            errs[k] = ["This field may not be blank."]
        elif max_len and len(v.encode("utf-8")) > max_len:
            errs[k] = ["Ensure this field has no more than %d characters." % max_len]

    def want_uuid(k, required=False):
        v = row.get(k)
        if v is None:
            if required:
                errs[k] = ["This field is required."]
        elif not is_uuid(v):
            errs[k] = ["Must be a valid UUID."]

    want_uuid("data_source_uid", True)
    want_str("identifier", True)
    want_str("physical_schema", True, NAME_MAX)
    want_str("physical_table_name", True, NAME_MAX)
    for k in ("namespace", "description", "migration_package", "migration_namespace",
              "migration_provider_key", "alembic_revision", "cadence", "partition_strategy",
              "schema_management", "time_index_name"):
        want_str(k)
    want_uuid("alembic_version_meta_table_uid")
    if resource_type == "time_index":
        want_str("time_index_name", True)
    if row.get("labels") is not None and not isinstance(row["labels"], list):
        errs["labels"] = ["Expected a list of items."]
    if row.get("table_contract") is not None and not isinstance(row["table_contract"], dict):
        errs["table_contract"] = ["Expected a JSON object."]
    if row.get("is_alembic_managed") is not None and not isinstance(row["is_alembic_managed"], bool):
        errs["is_alembic_managed"] = ["Must be a valid boolean."]
    mm = row.get("management_mode")
    if mm is not None and mm not in MANAGEMENT_MODES:
        errs["management_mode"] = ['"%s" is not a valid choice.' % mm]
    ps = row.get("provisioning_status")
    if ps is not None and ps not in PROVISIONING_STATUSES:
        errs["provisioning_status"] = ['"%s" is not a valid choice.' % ps]


def summarize_errors(errors):
    parts = []
    for key, val in errors.items():
        if isinstance(val, dict):
            for f, msgs in val.items():
                parts.append("row %s: %s: %s" % (key, f, " ".join(msgs)))
        else:
            parts.append("%s: %s" % (key, " ".join(val)))
    return "; ".join(parts)


def int_param(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(value)
        except (TypeError, ValueError):
            raise field_errors("%s: A valid integer is required." % name,
                               {name: ["A valid integer is required."]})
    if value < minimum:
        raise field_errors("%s: Ensure this value is greater than or equal to %d." % (name, minimum),
                           {name: ["Ensure this value is greater than or equal to %d." % minimum]})
    return value


# ---------------------------------------------------------------------------
# The API
# ---------------------------------------------------------------------------
class Api:
    def __init__(self, state, db):
        self.state = state
        self.db = db

    # POST runtime-credentials/token/
    def token(self, body, req):
        if not isinstance(body, dict):
            raise detail_error(400, "Expected a JSON object.")
        errs = {k: ["This field is required."] for k in ("credential_id", "credential_secret")
                if not isinstance(body.get(k), str) or not body.get(k)}
        if errs:
            raise field_errors(summarize_errors(errs), errs)
        st = self.state
        if st.credentials.get(body["credential_id"]) != body["credential_secret"]:
            raise detail_error(401, "Invalid runtime credential.")
        ttl = int(st.config["token_ttl"])
        tok = "tsm-" + secrets.token_hex(20)
        with st.lock:
            now = time.time()
            st.tokens = {t: e for t, e in st.tokens.items() if e > now}
            st.tokens[tok] = now + ttl
        return Response.json(200, {"access": tok, "token_type": "Bearer", "expires_in": ttl})

    # POST <resource>/filter/
    def filter(self, body, req, resource_type):
        if not isinstance(body, dict):
            raise detail_error(400, "Expected a JSON object.")
        names = body.get("physical_table_name__in")
        if not isinstance(names, list) or not all(isinstance(x, str) for x in names):
            errs = {"physical_table_name__in": ["Expected a list of strings."]}
            raise field_errors(summarize_errors(errs), errs)
        mm = body.get("management_mode")
        if mm is not None and mm not in MANAGEMENT_MODES:
            errs = {"management_mode": ['"%s" is not a valid choice.' % mm]}
            raise field_errors(summarize_errors(errs), errs)
        ds = body.get("data_source_uid")
        cfg = self.state.config
        q = req["query"]
        limit = q["limit"][-1] if "limit" in q else body.get("limit", cfg["default_limit"])
        offset = q["offset"][-1] if "offset" in q else body.get("offset", 0)
        limit = int_param(limit, "limit", 1)
        offset = int_param(offset, "offset", 0)
        if cfg["page_size"]:
            limit = min(limit, int(cfg["page_size"]))
        wanted = set(names)
        with self.state.lock:
            rows = [r for r in self.state.rows.values()
                    if r["resource_type"] == resource_type
                    and r["physical_table_name"] in wanted
                    and (mm is None or r["management_mode"] == mm)
                    and (ds is None or r["data_source_uid"] == ds)]
            rows.sort(key=lambda r: (r["physical_table_name"], r["_seq"]))
            rows = [State.public(r) for r in rows]
        page = rows[offset:offset + limit]
        page = self.apply_row_faults(page, names, req.get("row_faults") or {}, resource_type)
        if not cfg["paginate"]:
            return Response.json(200, page)
        base = "http://%s%s" % (req["host"], req["path"])

        def link(off):
            return base + "?" + urllib.parse.urlencode({"limit": limit, "offset": off})
        nxt = link(offset + limit) if offset + limit < len(rows) else None
        prev = link(max(0, offset - limit)) if offset > 0 else None
        return Response.json(200, {"count": len(rows), "next": nxt, "previous": prev,
                                   "results": page})

    @staticmethod
    def apply_row_faults(page, names, f, resource_type):
        if not f:
            return page
        page = list(page)
        dup = f.get("duplicate_rows")
        if dup:
            if isinstance(dup, list):
                page += [dict(r, uid=str(uuid.uuid4())) for r in page if r["physical_table_name"] in dup]
            elif page:
                page.append(dict(page[0], uid=str(uuid.uuid4())))
        miss = f.get("missing_rows")
        if miss:
            if isinstance(miss, list):
                page = [r for r in page if r["physical_table_name"] not in miss]
            elif isinstance(miss, int) and not isinstance(miss, bool):
                page = page[:max(0, len(page) - miss)]
            else:
                page = []
        unexp = f.get("unexpected_rows")
        if unexp:
            name = unexp if isinstance(unexp, str) else "unexpected__table_%s" % secrets.token_hex(4)
            template = page[0] if page else {}
            ts = now_iso()
            row = {k: template.get(k) for k in ROW_FIELDS}
            row.update(uid=str(uuid.uuid4()), resource_type=resource_type, identifier=name,
                       physical_table_name=name, provisioning_status="active",
                       management_mode=template.get("management_mode") or "platform_managed",
                       created_at=ts, updated_at=ts)
            page.append(row)
        return page

    # POST <resource>/  (reserve)
    def reserve(self, body, req, resource_type):
        if not isinstance(body, list):
            msg = 'Expected a list of items but got type "%s".' % type(body).__name__
            raise ApiError(400, {"detail": msg, "non_field_errors": [msg]})
        errors = {}
        for n, row in enumerate(body):
            errs = {}
            if not isinstance(row, dict):
                errs["non_field_errors"] = ["Invalid data. Expected a dictionary."]
            else:
                check_row_fields(row, resource_type, errs)
            if errs:
                errors[str(n)] = errs
        if errors:
            raise field_errors(summarize_errors(errors), errors)
        st = self.state
        with st.lock:
            conflicts = []
            seen = set()
            for row in body:
                ident = (norm_uuid(row["data_source_uid"]), row["physical_schema"], row["physical_table_name"])
                if ident in seen or st.find_identity(ident) is not None:
                    conflicts.append(row["physical_table_name"])
                seen.add(ident)
            if conflicts:
                raise ApiError(409, {"detail": "MetaTable already exists.",
                                     "physical_table_names": conflicts})
            created = []
            for row in body:
                fields = dict(row)
                fields["data_source_uid"] = norm_uuid(row["data_source_uid"])
                if fields.get("alembic_version_meta_table_uid"):
                    fields["alembic_version_meta_table_uid"] = norm_uuid(fields["alembic_version_meta_table_uid"])
                fields.setdefault("labels", [])
                if fields.get("labels") is None:
                    fields["labels"] = []
                for k, d in (("management_mode", "platform_managed"),
                             ("provisioning_status", "reserved"), ("is_alembic_managed", True)):
                    if fields.get(k) is None:
                        fields[k] = d
                r = st.new_row(fields, resource_type)
                st.rows[r["uid"]] = r
                created.append(State.public(r))
        st.save()
        return Response.json(201, created)

    # POST meta-tables/finalize-managed/
    def finalize(self, body, req):
        if not isinstance(body, dict):
            raise detail_error(400, "Expected a JSON object.")
        errs = {}
        uids = body.get("meta_table_uids")
        if not isinstance(uids, list):
            errs["meta_table_uids"] = ["Expected a list of items."]
        elif not all(is_uuid(u) for u in uids):
            errs["meta_table_uids"] = ["Must be a list of valid UUIDs."]
        for k in ("migration_package", "migration_namespace", "migration_provider_key", "alembic_revision"):
            if body.get(k) is not None and not isinstance(body[k], str):
                errs[k] = ["Not a valid string."]
        av = body.get("alembic_version_meta_table_uid")
        if av is not None and not is_uuid(av):
            errs["alembic_version_meta_table_uid"] = ["Must be a valid UUID."]
        if errs:
            raise field_errors(summarize_errors(errs), errs)
        st = self.state
        uids = [norm_uuid(u) for u in uids]
        with st.lock:
            snap = [(u, dict(st.rows[u]) if u in st.rows else None) for u in uids]
        known = [(r["physical_schema"], r["physical_table_name"]) for _, r in snap if r]
        if st.config["finalize_check"] == "trust":
            checks = [(True, None)] * len(known)
        else:
            try:
                checks = self.db.check_tables(known)
            except DbError as e:
                raise detail_error(503, "Cannot check the physical tables: %s" % e.message)
        tables = []
        it = iter(checks)
        ts = now_iso()
        with st.lock:
            for u, old in snap:
                if old is None:
                    tables.append({"meta_table_uid": u, "physical_table_name": None,
                                   "provisioning_status": None, "physical_table_exists": False,
                                   "error": "meta_table_not_found", "_old": None})
                    continue
                exists, contract = next(it)
                cur = st.rows.get(u)
                if exists and cur is not None:
                    cur["provisioning_status"] = "active"
                    for k in ("migration_package", "migration_namespace", "migration_provider_key",
                              "alembic_revision"):
                        if body.get(k) is not None:
                            cur[k] = body[k]
                    if av is not None:
                        cur["alembic_version_meta_table_uid"] = norm_uuid(av)
                    if contract is not None:
                        cur["table_contract"] = contract
                    cur["updated_at"] = ts
                tables.append({"meta_table_uid": u, "physical_table_name": old["physical_table_name"],
                               "provisioning_status": "active" if exists else old["provisioning_status"],
                               "physical_table_exists": exists,
                               "error": None if exists else "physical_table_missing",
                               "_old": old["provisioning_status"]})
        st.save()
        ok = all(t["physical_table_exists"] for t in tables)
        doc = {
            "ok": ok,
            "finalized_count": sum(1 for t in tables if t["physical_table_exists"]),
            "active_count": sum(1 for t in tables if t["physical_table_exists"]),
            "reserved_count": sum(1 for t in tables if t["_old"] == "reserved" and not t["physical_table_exists"]),
            "failed_count": sum(1 for t in tables if not t["physical_table_exists"]),
            "tables": [{k: v for k, v in t.items() if k != "_old"} for t in tables],
        }
        return Response.json(200 if ok else 409, doc)

    # POST meta-tables/register/
    def register(self, body, req):
        if not isinstance(body, dict):
            raise detail_error(400, "Expected a JSON object.")
        row = dict(body)
        tc = row.get("table_contract")
        if row.get("physical_table_name") is None and isinstance(tc, dict) \
                and isinstance(tc.get("physical"), dict):
            row["physical_table_name"] = tc["physical"].get("table_name")
        if row.get("management_mode") is None:
            row["management_mode"] = "external_registered"
        errs = {}
        check_row_fields(row, "meta_table", errs)
        if errs:
            raise field_errors(summarize_errors(errs), errs)
        st = self.state
        ident = (norm_uuid(row["data_source_uid"]), row["physical_schema"], row["physical_table_name"])
        with st.lock:
            cur = st.find_identity(ident)
            if cur is not None:
                if cur["management_mode"] != row["management_mode"]:
                    raise detail_error(409, "MetaTable already exists with management mode %s."
                                       % cur["management_mode"])
                for k in ("identifier", "namespace", "description", "table_contract", "schema_management"):
                    cur[k] = row.get(k)
                if row.get("labels") is not None:
                    cur["labels"] = row["labels"]
                cur["provisioning_status"] = "active"
                cur["updated_at"] = now_iso()
                status, out = 200, State.public(cur)
            else:
                fields = {k: row.get(k) for k in ("identifier", "namespace", "description",
                                                   "physical_schema", "physical_table_name",
                                                   "table_contract", "schema_management",
                                                   "management_mode")}
                fields.update(data_source_uid=ident[0], labels=row.get("labels") or [],
                              provisioning_status="active", is_alembic_managed=False)
                r = st.new_row(fields, "meta_table")
                st.rows[r["uid"]] = r
                status, out = 201, State.public(r)
        st.save()
        return Response.json(status, out)

    # POST meta-tables/execute-operation/
    def execute(self, body, req):
        # parameters keep their exact digits: parse the body again with Decimal
        try:
            env = json.loads(req["raw"].decode("utf-8"), parse_float=decimal.Decimal)
        except ValueError:
            env = body
        if not isinstance(env, dict):
            raise detail_error(400, "Expected a JSON object.")
        if env.get("version") != "compiled-sql.v1":
            raise detail_error(400, "Unsupported compiled SQL version %r." % env.get("version"))
        if env.get("dialect") != "postgresql":
            raise detail_error(400, "Unsupported SQL dialect %r." % env.get("dialect"))
        op = env.get("operation")
        if op not in OPERATIONS:
            raise detail_error(400, "Unsupported operation %r." % op)
        stmt = env.get("statement")
        if not isinstance(stmt, dict):
            raise detail_error(400, "statement must be an object.")
        if stmt.get("paramstyle") != "pyformat":
            raise detail_error(400, "Unsupported paramstyle %r." % stmt.get("paramstyle"))
        sql = stmt.get("sql")
        if not isinstance(sql, str) or not sql.strip():
            raise detail_error(400, "statement.sql is required.")
        params = stmt.get("parameters", {})
        ptypes = stmt.get("parameter_types") or {}
        if not isinstance(params, dict) or not isinstance(ptypes, dict):
            raise detail_error(400, "statement.parameters and statement.parameter_types must be objects.")
        for k, t in ptypes.items():
            if not isinstance(t, str) or not TYPE_NAME_RE.match(t):
                raise detail_error(400, "Invalid parameter type %r for %r." % (t, k))
        for k in params:
            if not PARAM_NAME_RE.match(k):
                raise detail_error(400, "Invalid parameter name %r." % k)
        scope = env.get("scope")
        tables = scope.get("tables") if isinstance(scope, dict) else None
        if not isinstance(tables, list) or not tables:
            raise detail_error(400, "scope.tables must be a non-empty list.")
        st = self.state
        has_write = False
        with st.lock:
            for t in tables:
                if not isinstance(t, dict) or not is_uuid(t.get("meta_table_uid")):
                    raise detail_error(400, "Every scope table needs a valid meta_table_uid.")
                if t.get("access") not in ("read", "write"):
                    raise detail_error(400, "scope access must be read or write.")
                has_write = has_write or t["access"] == "write"
                r = st.rows.get(norm_uuid(t["meta_table_uid"]))
                if r is None:
                    raise detail_error(403, "MetaTable %s is not registered." % t["meta_table_uid"])
                if r["provisioning_status"] != "active":
                    raise detail_error(403, "MetaTable %s is not active (provisioning_status %s)."
                                       % (t["meta_table_uid"], r["provisioning_status"]))
        if op in WRITE_OPERATIONS and not has_write:
            raise detail_error(403, "Operation %s needs write access to a scope table." % op)
        limits = env.get("limits") or {}
        if not isinstance(limits, dict):
            raise detail_error(400, "limits must be an object.")
        max_rows = limits.get("max_rows", st.config["default_max_rows"])
        offset = limits.get("offset", 0)
        timeout_ms = limits.get("statement_timeout_ms", 15000)
        for name, v, lo in (("max_rows", max_rows, 1), ("offset", offset, 0),
                            ("statement_timeout_ms", timeout_ms, 1)):
            if isinstance(v, bool) or not isinstance(v, int) or v < lo:
                raise detail_error(400, "limits.%s must be an integer >= %d." % (name, lo))
        text = translate_pyformat(sql.strip().rstrip(";").rstrip(), params, ptypes)
        try:
            total, returns_rows, rows_text = self.db.execute(text, offset, max_rows, timeout_ms)
        except DbError as e:
            if e.kind == "sql":
                status = 408 if e.sqlstate == "57014" else 400
                extra = {"code": e.sqlstate}
                if e.detail:
                    extra["pg_detail"] = e.detail
                raise detail_error(status, e.message, **extra)
            if e.kind == "timeout":
                raise detail_error(504, e.message)
            raise detail_error(503, "Database unavailable: %s" % e.message)
        truncated = returns_rows and total > offset + max_rows
        # rows are spliced as PostgreSQL wrote them (exact numbers)
        head = json.dumps({"ok": True, "operation": op, "row_count": total})[:-1]
        tail = json.dumps({"truncated": truncated, "max_rows": max_rows,
                           "pagination": {"offset": offset, "limit": max_rows,
                                          "has_more": truncated}})[1:]
        return Response(200, head + ', "rows": ' + rows_text + ", " + tail)


# ---------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------
class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, addr, state, api):
        self.state = state
        self.api = api
        self.stopping = threading.Event()
        super().__init__(addr, Handler)

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError, socket.timeout)):
            self.state.log("connection %s: %s" % (client_address, exc))
        else:
            self.state.internal_errors += 1
            self.state.log("unhandled error for %s:\n%s" % (client_address, traceback.format_exc()))


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # answer at once on kept-alive connections (no Nagle + delayed-ACK stalls)
    disable_nagle_algorithm = True
    server_version = "tsm-standin/1.0"
    sys_version = ""

    def setup(self):
        self.timeout = self.server.state.args.idle_timeout
        super().setup()
        self.conn_id = next(self.server.state.conn_ids)
        self.conn_seq = 0

    def log_message(self, fmt, *args):
        self.server.state.log("%s:%s conn=%d %s" % (self.client_address[0], self.client_address[1],
                                                    getattr(self, "conn_id", 0), fmt % args))

    def do_GET(self):
        self.dispatch()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_GET

    # -- body -----------------------------------------------------------------
    def read_body(self):
        te = (self.headers.get("Transfer-Encoding") or "").lower()
        limit = int(self.server.state.args.max_body_mb * 1048576)
        if "chunked" in te:
            chunks = []
            size = 0
            while True:
                line = self.rfile.readline(65537)
                if not line:
                    raise ConnectionError("client closed during a chunked body")
                n = int(line.split(b";", 1)[0].strip() or b"0", 16)
                if n == 0:
                    while True:  # trailers
                        t = self.rfile.readline(65537)
                        if t in (b"\r\n", b"\n", b""):
                            break
                    break
                size += n
                if size > limit:
                    raise ValueError("body too large")
                data = self.rfile.read(n)
                if len(data) < n:
                    raise ConnectionError("client closed during a chunked body")
                chunks.append(data)
                self.rfile.readline(3)
            return b"".join(chunks)
        length = self.headers.get("Content-Length")
        if not length:
            return b""
        n = int(length)
        if n < 0:
            raise ValueError("negative Content-Length")
        if n > limit:
            raise ValueError("body too large")
        data = self.rfile.read(n)
        if len(data) < n:
            raise ConnectionError("client closed during the body")
        return data

    # -- sending ----------------------------------------------------------------
    def send(self, resp, truncate=False):
        try:
            self.send_response(resp.status)
            for k, v in resp.headers:
                self.send_header(k, v)
            if resp.content_type:
                self.send_header("Content-Type", resp.content_type)
            body = resp.body
            if truncate:
                self.send_header("Content-Length", str(len(body) + 64))
                body = body[:len(body) // 2]
                resp.close = True
            else:
                self.send_header("Content-Length", str(len(body)))
            if resp.close:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if self.command != "HEAD":
                view = memoryview(body)
                for i in range(0, len(view), 1 << 20):
                    self.wfile.write(view[i:i + (1 << 20)])
            if truncate:
                self.close_connection = True
        except OSError as e:
            self.close_connection = True
            self.server.state.log("conn=%d: client went away while answering: %s" % (self.conn_id, e))

    def reset(self):
        """Close abruptly: SO_LINGER 0 then close -> the peer sees a connection reset."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        for f in (self.rfile, self.connection):
            try:
                f.close()
            except OSError:
                pass

    def stall(self):
        """Answer nothing until the client disconnects or the server stops."""
        self.close_connection = True
        sock = self.connection
        stopping = self.server.stopping
        while not stopping.is_set():
            try:
                r, _, _ = select.select([sock], [], [], 0.2)
                if r:
                    data = sock.recv(1, socket.MSG_PEEK)
                    if not data:
                        return "client disconnected"
                    stopping.wait(0.2)  # pipelined bytes: keep stalling
            except (OSError, ValueError):
                return "connection error"
        return "server shutdown"

    def fault_response(self, action, method):
        if "redirect" in action:
            return Response.json(302, {"detail": "Moved."}, headers=[("Location", str(action["redirect"]))])
        if action.get("malformed"):
            return Response(200, b'[{"uid": "3f1c", "physical_table_name": ')
        if "oversize_mb" in action:
            total = int(float(action["oversize_mb"]) * 1048576)
            pre, post = b'[{"padding": "', b'"}]'
            pad = max(0, total - len(pre) - len(post))
            return Response(200, pre + b"x" * pad + post)
        status = int(action["status"])
        msg = action.get("message") or "%s (injected by the stand-in)" % (
            http.HTTPStatus(status).phrase if status in http.HTTPStatus._value2member_map_ else "Error")
        headers = []
        if action.get("retry_after") is not None:
            headers.append(("Retry-After", str(action["retry_after"])))
        if "body" in action:
            b = action["body"]
            r = Response(status, b if isinstance(b, str) else json.dumps(b),
                         content_type=action.get("content_type", "application/json"), headers=headers)
            return r
        shape = action.get("shape", "detail")
        if shape == "text":
            return Response(status, msg, content_type="text/plain; charset=utf-8", headers=headers)
        if shape == "html":
            return Response(status, "<html><body><h1>%d</h1><p>%s</p></body></html>" % (status, msg),
                            content_type="text/html; charset=utf-8", headers=headers)
        if shape == "empty":
            return Response(status, b"", content_type=None, headers=headers)
        if shape == "non_field_errors":
            obj = {"non_field_errors": [msg]}
        elif shape == "errors":
            obj = {"errors": {"__all__": [msg]}}
        else:
            obj = {shape: msg}
        return Response.json(status, obj, headers=headers)

    # -- dispatch ---------------------------------------------------------------
    def dispatch(self):
        st = self.server.state
        t0 = time.time()
        self.conn_seq += 1
        url = urllib.parse.urlsplit(self.path)
        path = url.path
        query = urllib.parse.parse_qs(url.query)
        try:
            raw = self.read_body()
        except ValueError as e:
            self.send(Response.json(413 if "large" in str(e) else 400, {"detail": "Bad request body: %s" % e}))
            self.close_connection = True
            return
        except (ConnectionError, OSError) as e:
            self.close_connection = True
            st.log("conn=%d: %s" % (self.conn_id, e))
            return
        try:
            if path.startswith("/__admin__/"):
                self.send(self.admin(self.command, path, query, raw))
                return
            self.api_request(path, query, raw, t0)
        except Exception:  # a stand-in bug: say so loudly, keep serving
            st.internal_errors += 1
            st.log("internal error on %s %s:\n%s" % (self.command, self.path, traceback.format_exc()))
            self.send(Response.json(500, {"detail": "stand-in internal error (see server.log)"}))

    def api_request(self, path, query, raw, t0):
        st = self.server.state
        method = self.command
        auth = self.headers.get("Authorization")
        token = None
        if auth is not None:
            parts = auth.split(None, 1)
            if len(parts) == 2 and parts[0].lower() == "bearer":
                token = parts[1].strip()
        tok_kind = st.token_status(token)
        try:
            body = json.loads(raw.decode("utf-8")) if raw else None
            body_log = body
        except (ValueError, UnicodeDecodeError):
            body = None
            body_log = {"_raw": raw[:2000].decode("utf-8", "replace")}
        if isinstance(body_log, dict) and "credential_secret" in body_log:
            body_log = dict(body_log, credential_secret="***")
        entry = {
            "time": now_iso(), "t": round(t0, 6), "method": method, "path": self.path,
            "headers": {k: v for k, v in self.headers.items() if k.lower() != "authorization"},
            "auth": {"present": auth is not None, "valid": tok_kind is not None},
            "body": body_log, "status": None, "fault": None,
            "conn": self.conn_id, "conn_seq": self.conn_seq,
            "client_port": self.client_address[1],
        }
        action = st.take_fault(method, path) or {}
        if action:
            entry["fault"] = action

        def finish(resp, status=None, note=None):
            entry["status"] = status if status is not None else (resp.status if resp else None)
            if note:
                entry["note"] = note
            entry["duration_ms"] = round((time.time() - t0) * 1000, 1)
            st.record(entry)

        if action.get("delay_ms"):
            self.server.stopping.wait(float(action["delay_ms"]) / 1000.0)
        after = bool(action.get("after"))
        replace = any(k in action for k in ("status", "redirect", "malformed", "oversize_mb"))

        if not after:
            if action.get("stall"):
                finish(None, note="stall")
                why = self.stall()
                st.log("conn=%d: stall ended: %s" % (self.conn_id, why))
                return
            if action.get("reset"):
                finish(None, note="reset")
                self.reset()
                return
            if replace:
                resp = self.fault_response(action, method)
                self.send(resp)
                finish(resp)
                return

        req = {"query": query, "raw": raw, "path": path,
               "host": self.headers.get("Host") or "127.0.0.1:%d" % self.server.server_address[1],
               "row_faults": {k: action[k] for k in ("duplicate_rows", "unexpected_rows", "missing_rows")
                              if k in action}}
        if action.get("expire_token") and tok_kind is not None:
            if tok_kind == "issued":
                with st.lock:
                    st.tokens.pop(token, None)
            tok_kind = None
        resp = self.route(method, path, raw, body, tok_kind, req)

        if after:
            entry["processed_status"] = resp.status
            if action.get("stall"):
                finish(None, note="stall after processing")
                why = self.stall()
                st.log("conn=%d: stall ended: %s" % (self.conn_id, why))
                return
            if action.get("reset"):
                finish(None, note="reset after processing")
                self.reset()
                return
            if replace:
                resp = self.fault_response(action, method)
        if action.get("close"):
            resp.close = True
        truncate = bool(action.get("truncate"))
        self.send(resp, truncate=truncate)
        finish(resp, note="truncated" if truncate else None)

    def route(self, method, path, raw, body, tok_kind, req):
        api = self.server.api
        target = ROUTES.get(path)
        if target is None:
            return Response.json(404, {"detail": "Not found."})
        name, resource = target
        try:
            if name != "token" and tok_kind is None:
                raise ApiError(401, {"detail": "Invalid token."},
                               headers=[("WWW-Authenticate", 'Bearer realm="api"')])
            if method != "POST":
                raise ApiError(405, {"detail": 'Method "%s" not allowed.' % method},
                               headers=[("Allow", "POST, OPTIONS")])
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if ctype != "application/json":
                raise detail_error(415, 'Unsupported media type "%s" in request.' % ctype)
            if not raw:
                raise detail_error(400, "JSON parse error - request body is empty.")
            if body is None and raw.strip() != b"null":
                try:
                    json.loads(raw.decode("utf-8"))
                except (ValueError, UnicodeDecodeError) as e:
                    raise detail_error(400, "JSON parse error - %s" % e)
            fn = getattr(api, name)
            return fn(body, req, resource) if resource else fn(body, req)
        except ApiError as e:
            return Response.json(e.status, e.body, headers=e.headers)

    # -- admin --------------------------------------------------------------------
    def admin(self, method, path, query, raw):
        st = self.server.state
        try:
            doc = json.loads(raw.decode("utf-8")) if raw.strip() else None
        except (ValueError, UnicodeDecodeError) as e:
            return Response.json(400, {"detail": "JSON parse error - %s" % e})

        def q(name):
            v = query.get(name)
            return v[-1] if v else None

        def select_requests():
            out = []
            with st.log_lock:
                entries = list(st.requests)
            for e in entries:
                if q("method") and e["method"] != q("method").upper():
                    continue
                p = e["path"].split("?", 1)[0]
                if q("path_prefix") and not p.startswith(q("path_prefix")):
                    continue
                if q("path") and p != q("path"):
                    continue
                if q("status") and str(e["status"]) != q("status"):
                    continue
                out.append(e)
            return out

        try:
            if path == "/__admin__/health/":
                return Response.json(200, {"ok": True, "pid": os.getpid(),
                                           "port": self.server.server_address[1],
                                           "rows": len(st.rows), "faults": len(st.faults),
                                           "requests": len(st.requests),
                                           "internal_errors": st.internal_errors})
            if path == "/__admin__/faults/":
                if method == "GET":
                    with st.lock:
                        return Response.json(200, list(st.faults))
                if method == "DELETE":
                    with st.lock:
                        st.faults = []
                    return Response.json(200, [])
                rules = validate_fault_rules(doc if doc is not None else [])
                with st.lock:
                    if q("append") in ("1", "true"):
                        st.faults.extend(rules)
                    else:
                        st.faults = rules
                    return Response.json(200, list(st.faults))
            if path == "/__admin__/reset/":
                doc = doc or {}
                with st.lock:
                    st.faults = []
                    if doc.get("state"):
                        st.rows = {}
                    if doc.get("tokens"):
                        st.tokens = {}
                    if doc.get("config"):
                        st.config = st.default_config()
                st.clear_requests()
                if doc.get("state"):
                    st.save()
                return Response.json(200, {"ok": True})
            if path == "/__admin__/requests/":
                return Response.json(200, select_requests())
            if path == "/__admin__/requests/count/":
                return Response.json(200, {"count": len(select_requests())})
            if path == "/__admin__/rows/":
                if method == "GET":
                    with st.lock:
                        return Response.json(200, [State.public(r) for r in st.ordered_rows()])
                if not isinstance(doc, list):
                    return Response.json(400, {"detail": "Expected a JSON list of rows."})
                out = []
                with st.lock:
                    for r in doc:
                        if not isinstance(r, dict):
                            return Response.json(400, {"detail": "Rows must be objects."})
                        cur = st.rows.get(r.get("uid") or "")
                        if cur is not None:
                            cur.update({k: v for k, v in r.items() if k in ROW_FIELDS and k != "uid"})
                            cur["updated_at"] = now_iso()
                        else:
                            fields = {"labels": [], "management_mode": "platform_managed",
                                      "provisioning_status": "active", "is_alembic_managed": False}
                            fields.update(r)
                            cur = st.new_row(fields, r.get("resource_type") or "meta_table")
                            if r.get("uid"):
                                cur["uid"] = r["uid"]
                            st.rows[cur["uid"]] = cur
                        out.append(State.public(cur))
                st.save()
                return Response.json(200, out)
            if path == "/__admin__/config/":
                if method != "GET":
                    if not isinstance(doc, dict) or set(doc) - set(st.config):
                        return Response.json(400, {"detail": "Config keys: %s." % ", ".join(sorted(st.config))})
                    with st.lock:
                        st.config.update(doc)
                        if "page_size" in doc and doc["page_size"] and "paginate" not in doc:
                            st.config["paginate"] = True
                return Response.json(200, st.config)
            return Response.json(404, {"detail": "Not found."})
        except ApiError as e:
            return Response.json(e.status, e.body)


# ---------------------------------------------------------------------------
def parse_args(argv):
    p = argparse.ArgumentParser(description="TS Manager stand-in for msm tests (SPEC 9).")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0 = a free port")
    p.add_argument("--port-file", help="write the bound port here (atomically)")
    p.add_argument("--state-dir", required=True, help="requests.jsonl, server.log, state.json")
    p.add_argument("--dsn", default="", help="libpq conninfo of the data source database (psql -d)")
    p.add_argument("--psql", default=None, help="psql binary (default: PostgreSQL 15's, else PATH)")
    p.add_argument("--token", action="append", help="static bearer token (repeatable; default test-token)")
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
