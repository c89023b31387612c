"""Fault injection of the TS Manager stand-in: the fault rules the admin API
sets (validate_fault_rules), picking the rule for a request (take_fault),
and what a fault does: a replaced answer (fault_response), altered filter
rows (apply_row_faults), a reset or a stalled connection.  The action keys
are listed in test/tsmanager/README.md, "Fault rules".
"""

import http
import json
import secrets
import select
import socket
import struct
import uuid

from wire import ROW_FIELDS, Response, detail_error, dumps_exact, now_iso

FAULT_ACTION_KEYS = {
    "delay_ms", "stall", "status", "retry_after", "shape", "message", "body", "body_hex",
    "content_type", "reset", "truncate", "malformed", "oversize_mb",
    "duplicate_rows", "unexpected_rows", "missing_rows", "expire_token",
    "redirect", "close", "after",
}
ERROR_SHAPES = ("detail", "error", "message", "non_field_errors", "errors",
                "text", "html", "empty")


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
        if "body_hex" in action:
            try:
                bytes.fromhex(action["body_hex"])
            except (TypeError, ValueError):
                raise detail_error(400, "Fault rule %d: body_hex must be hexadecimal digits." % n)
        if action.get("shape", "detail") not in ERROR_SHAPES:
            raise detail_error(400, "Fault rule %d: shape must be one of %s." % (n, ", ".join(ERROR_SHAPES)))
        rules.append({"match": match, "action": action, "times": times, "used": 0})
    return rules


def take_fault(state, method, path):
    """The action of the first fault rule matching METHOD PATH (used up once), or None."""
    with state.lock:
        for rule in state.faults:
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
                    state.faults.remove(rule)
            else:  # -1: always
                rule["used"] += 1
            return dict(rule["action"])
    return None


def apply_row_faults(page, names, f, resource_type):
    """A filter answer page with the row faults F (duplicate_rows, missing_rows,
    unexpected_rows) applied."""
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


def fault_response(action):
    """The answer that replaces the real one for a status, redirect, malformed
    or oversize_mb fault ACTION."""
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
    if "body_hex" in action:
        return Response(status, bytes.fromhex(action["body_hex"]),
                        content_type=action.get("content_type", "application/json"), headers=headers)
    if "body" in action:
        b = action["body"]
        r = Response(status, b if isinstance(b, str) else dumps_exact(b),
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


def reset_connection(handler):
    """Close abruptly: SO_LINGER 0 then close -> the peer sees a connection reset."""
    handler.close_connection = True
    try:
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    for f in (handler.rfile, handler.connection):
        try:
            f.close()
        except OSError:
            pass


def stall_connection(handler):
    """Answer nothing until the client disconnects or the server stops."""
    handler.close_connection = True
    sock = handler.connection
    stopping = handler.server.stopping
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
