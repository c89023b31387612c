#!/usr/bin/env python3
"""Tiny HTTP/1.1 test server for the msm http worker tests (stdlib only).

    python3 echo_server.py PORTFILE [LOGFILE]

Listens on 127.0.0.1 on a free port, writes the port to PORTFILE once it
accepts connections, and appends one JSON line per request to LOGFILE
(method, path, client_port; never header values).  Keep-alive: responses
always carry Content-Length (or are chunked), so clients can reuse
connections.

Paths (any method):
  /echo                  200, JSON {method, path, client_port, body,
                         content_type, accept, authorization}
  /status/N              status N with a small JSON body
  /retry-after/N         429 with "Retry-After: N"
  /retry-after-date/N    503 with Retry-After as an HTTP date N s ahead
  /delay/MS              200 after MS milliseconds
  /stall/S               200 after S seconds (client gone: nothing sent)
  /big/N                 200 with N bytes (Content-Length)
  /big-chunked/N         200 with N bytes, chunked, no Content-Length
  /redirect              302 to /echo on 127.0.0.2 (another host)
  /redirect-same         302 to /echo (same host)
"""
import email.utils
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG_LOCK = threading.Lock()
LOGFILE = sys.argv[2] if len(sys.argv) > 2 else None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "msm-echo/1"

    def log_message(self, fmt, *args):  # quiet
        pass

    def _log(self):
        if not LOGFILE:
            return
        rec = {"method": self.command, "path": self.path,
               "client_port": self.client_address[1], "t": time.time()}
        with LOG_LOCK, open(LOGFILE, "a") as f:
            f.write(json.dumps(rec) + "\n")

    def _send(self, status, body, headers=None, ctype="application/json"):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _handle(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        self._log()
        parts = self.path.split("?")[0].strip("/").split("/")
        head, arg = parts[0], (parts[1] if len(parts) > 1 else "")
        if head == "echo":
            auth = self.headers.get("Authorization")
            self._send(200, json.dumps({
                "method": self.command, "path": self.path,
                "client_port": self.client_address[1],
                "body": body.decode("utf-8", "replace"),
                "content_type": self.headers.get("Content-Type"),
                "accept": self.headers.get("Accept"),
                "authorization": auth}))
        elif head == "status":
            code = int(arg)
            self._send(code, json.dumps({"status": code}))
        elif head == "retry-after":
            self._send(429, json.dumps({"detail": "slow down"}), {"Retry-After": arg})
        elif head == "retry-after-date":
            when = email.utils.formatdate(time.time() + int(arg), usegmt=True)
            self._send(503, json.dumps({"detail": "later"}), {"Retry-After": when})
        elif head == "delay":
            time.sleep(int(arg) / 1000.0)
            self._send(200, json.dumps({"delayed_ms": int(arg),
                                        "client_port": self.client_address[1]}))
        elif head == "stall":
            time.sleep(float(arg))
            try:
                self._send(200, json.dumps({"stalled_s": float(arg)}))
            except OSError:
                pass
        elif head == "big":
            self._send(200, b"x" * int(arg), ctype="text/plain")
        elif head == "big-chunked":
            total = int(arg)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"y" * 65536
            try:
                while total > 0:
                    c = chunk[:min(total, len(chunk))]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(c), c))
                    total -= len(c)
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                self.close_connection = True
        elif head == "redirect":
            port = self.server.server_address[1]
            self._send(302, json.dumps({"redirect": True}),
                       {"Location": "http://127.0.0.2:%d/echo" % port})
        elif head == "redirect-same":
            self._send(302, json.dumps({"redirect": True}), {"Location": "/echo"})
        else:
            self._send(404, json.dumps({"detail": "not found"}))

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _handle


class Server(ThreadingHTTPServer):
    daemon_threads = True
    # many concurrent connects: the default backlog of 5 drops SYNs, and a
    # retransmitted SYN (1 s) would exceed msm.http_connect_timeout_ms
    request_queue_size = 128


def main():
    server = Server(("127.0.0.1", 0), Handler)
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    import os
    os.replace(sys.argv[1] + ".tmp", sys.argv[1])
    server.serve_forever()


if __name__ == "__main__":
    main()
