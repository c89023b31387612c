"""HTTP serving of the TS Manager stand-in: a threading HTTP/1.1 server with
keep-alive (Server) and its request handler (Handler): reading bodies
(Content-Length or chunked), sending answers, logging every API request,
and applying the fault picked for it (faults.py) around the answer of the
API (api.py) or the admin API (admin.py).
"""

import http.server
import json
import socket
import sys
import threading
import time
import traceback
import urllib.parse

from admin import admin_response
from faults import fault_response, reset_connection, stall_connection, take_fault
from wire import Response, loads_exact, now_iso


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
                self.send(admin_response(st, self.server.server_address[1], self.command, path, query, raw))
                return
            self.api_request(path, query, raw, t0)
        except Exception:  # a stand-in bug: say so loudly, keep serving
            st.internal_errors += 1
            st.log("internal error on %s %s:\n%s" % (self.command, self.path, traceback.format_exc()))
            self.send(Response.json(500, {"detail": "stand-in internal error (see server.log)"}))

    def cut_off(self, action, finish, when):
        """Apply a stall or reset fault ACTION (logged with finish, its note
        ending in WHEN); True when it cut the answer off."""
        if action.get("stall"):
            finish(None, note="stall" + when)
            why = stall_connection(self)
            self.server.state.log("conn=%d: stall ended: %s" % (self.conn_id, why))
            return True
        if action.get("reset"):
            finish(None, note="reset" + when)
            reset_connection(self)
            return True
        return False

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
            body = loads_exact(raw.decode("utf-8")) if raw else None
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
            # the exact text received (not for the token exchange: it carries the secret)
            "body_text": raw[:65536].decode("utf-8", "replace") if b"credential_secret" not in raw else None,
            "conn": self.conn_id, "conn_seq": self.conn_seq,
            "client_port": self.client_address[1],
        }
        action = take_fault(st, method, path) or {}
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
            if self.cut_off(action, finish, ""):
                return
            if replace:
                resp = fault_response(action)
                self.send(resp)
                finish(resp)
                return

        req = {"query": query, "raw": raw, "path": path, "token": token,
               "host": self.headers.get("Host") or "127.0.0.1:%d" % self.server.server_address[1],
               "row_faults": {k: action[k] for k in ("duplicate_rows", "unexpected_rows", "missing_rows")
                              if k in action}}
        if action.get("expire_token") and tok_kind is not None:
            if tok_kind == "issued":
                with st.lock:
                    st.tokens.pop(token, None)
            tok_kind = None
        resp = self.server.api.route(method, path, raw, body, tok_kind, self.headers.get("Content-Type"), req)

        if after:
            entry["processed_status"] = resp.status
            if self.cut_off(action, finish, " after processing"):
                return
            if replace:
                resp = fault_response(action)
        if action.get("close"):
            resp.close = True
        truncate = bool(action.get("truncate"))
        self.send(resp, truncate=truncate)
        finish(resp, note="truncated" if truncate else None)
