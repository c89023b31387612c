"""The API of the TS Manager stand-in: the routes under /api/v1/ and their
handlers (token, filter, reserve, finalize-managed, register,
execute-operation), with the request validation they share.  Api.route
answers one request; serving.py does the HTTP around it.
"""

import decimal
import json
import secrets
import time
import urllib.parse

from contract import check_filter, check_finalize, check_register, check_reserve_row
from database import DbError
from faults import apply_row_faults
from sql_literals import PARAM_NAME_RE, TYPE_NAME_RE, translate_pyformat
from state import State
from wire import (MANAGEMENT_MODES, NAME_MAX, OPERATIONS, PROVISIONING_STATUSES, WRITE_OPERATIONS,
                  ApiError, Response, detail_error, field_errors, is_uuid, norm_uuid, now_iso)

API = "/api/v1/"
ROUTES = {
    API + "runtime-credentials/token/": ("token", None),
    API + "meta-tables/": ("reserve", "meta_table"),
    API + "time-index-meta-tables/": ("reserve", "time_index"),
    API + "meta-tables/filter/": ("filter", "meta_table"),
    API + "time-index-meta-tables/filter/": ("filter", "time_index"),
    API + "meta-tables/finalize-managed/": ("finalize", None),
    API + "meta-tables/register/": ("register", "meta_table"),
    API + "time-index-meta-tables/register/": ("register", "time_index"),
    API + "meta-tables/execute-operation/": ("execute", None),
}


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
        errs = check_filter(body, resource_type)
        if errs:
            raise field_errors(summarize_errors(errs), errs)
        ds_in = [norm_uuid(u) for u in body.get("data_source__uid__in") or []]
        if body.get("data_source__uid") is not None:
            ds_in = [norm_uuid(body["data_source__uid"])] if is_uuid(body["data_source__uid"]) else ["-"]
        schemas = body.get("physical_schema__in")
        ns = body.get("namespace")
        scope = self.state.token_data_source(req.get("token"))
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
                    and (not ds_in or r["data_source_uid"] in ds_in)
                    and (schemas is None or r["physical_schema"] in schemas)
                    and (ns is None or r["namespace"] == ns)
                    and (scope is None or r["data_source_uid"] == scope)]
            rows.sort(key=lambda r: (r["physical_table_name"], r["_seq"]))
            rows = [State.public(r) for r in rows]
        page = rows[offset:offset + limit]
        page = apply_row_faults(page, names, req.get("row_faults") or {}, resource_type)
        if not cfg["paginate"]:
            return Response.json(200, page)
        base = "http://%s%s" % (req["host"], req["path"])

        def link(off):
            return base + "?" + urllib.parse.urlencode({"limit": limit, "offset": off})
        nxt = link(offset + limit) if offset + limit < len(rows) else None
        prev = link(max(0, offset - limit)) if offset > 0 else None
        return Response.json(200, {"count": len(rows), "next": nxt, "previous": prev,
                                   "results": page})

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
                if not errs:
                    errs = check_reserve_row(row, resource_type)
            if errs:
                errors[str(n)] = errs
        if errors:
            raise field_errors(summarize_errors(errors), errors)
        st = self.state
        self.check_scope(req, [r["data_source_uid"] for r in body])
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
        if not errs:
            errs = check_finalize(body)
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
                    if av is not None and norm_uuid(av) != u:  # the root is no child of itself
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

    # POST <resource>/register/
    def register(self, body, req, resource_type):
        if not isinstance(body, dict):
            raise detail_error(400, "Expected a JSON object.")
        errs = check_register(body, resource_type)
        if errs:
            raise field_errors(summarize_errors(errs), errs)
        row = dict(body)
        tc = row.get("table_contract")
        if row.get("physical_table_name") is None and isinstance(tc, dict) \
                and isinstance(tc.get("physical"), dict):
            row["physical_table_name"] = tc["physical"].get("table_name")
        if row.get("management_mode") is None:
            row["management_mode"] = "platform_managed" if resource_type == "time_index" else "external_registered"
        if isinstance(row.get("schema_management"), dict):
            row["schema_management"] = row["schema_management"].get("mode")
        errs = {}
        check_row_fields(row, resource_type, errs)
        if errs:
            raise field_errors(summarize_errors(errs), errs)
        st = self.state
        self.check_scope(req, [row["data_source_uid"]])
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
                                                   "management_mode", "time_index_name", "cadence",
                                                   "partition_strategy")}
                fields.update(data_source_uid=ident[0], labels=row.get("labels") or [],
                              provisioning_status="active", is_alembic_managed=False)
                r = st.new_row(fields, resource_type)
                st.rows[r["uid"]] = r
                status, out = 201, State.public(r)
        st.save()
        return Response.json(status, out)

    def check_scope(self, req, data_source_uids):
        """A token scoped to a data source (--token-data-source) writes only its rows."""
        scope = self.state.token_data_source(req.get("token"))
        if scope is not None and any(norm_uuid(u) != scope for u in data_source_uids):
            raise detail_error(403, "The token's project does not own that data source.")

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
        returned = min(max(total - offset, 0), max_rows) if returns_rows else 0
        head = json.dumps({"ok": True, "operation": op, "dialect": "postgresql",
                           "row_count": total})[:-1]
        tail = json.dumps({"truncated": truncated, "max_rows": max_rows,
                           "pagination": {"limit": max_rows, "offset": offset,
                                          "returned_count": returned, "has_more": truncated,
                                          "next_offset": offset + max_rows if truncated else None}})[1:]
        return Response(200, head + ', "rows": ' + rows_text + ", " + tail)

    def route(self, method, path, raw, body, tok_kind, content_type, req):
        """The answer to an API request (method, path, body, token kind) as a Response."""
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
            ctype = (content_type or "").split(";")[0].strip().lower()
            if ctype != "application/json":
                raise detail_error(415, 'Unsupported media type "%s" in request.' % ctype)
            if not raw:
                raise detail_error(400, "JSON parse error - request body is empty.")
            if body is None and raw.strip() != b"null":
                try:
                    json.loads(raw.decode("utf-8"))
                except (ValueError, UnicodeDecodeError) as e:
                    raise detail_error(400, "JSON parse error - %s" % e)
            fn = getattr(self, name)
            return fn(body, req, resource) if resource else fn(body, req)
        except ApiError as e:
            return Response.json(e.status, e.body, headers=e.headers)
