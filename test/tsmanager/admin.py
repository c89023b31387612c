"""The admin API of the TS Manager stand-in, under /__admin__/ (no
authentication): health, faults, reset, the request log, rows and config
(test/tsmanager/README.md, "Admin API").
"""

import json
import os

from faults import validate_fault_rules
from state import State
from wire import ROW_FIELDS, ApiError, Response, loads_exact, now_iso


def admin_response(st, port, method, path, query, raw):
    """The answer to an admin request (state ST, the server's PORT) as a Response."""
    try:
        doc = loads_exact(raw.decode("utf-8")) if raw.strip() else None
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
                                       "port": port,
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
