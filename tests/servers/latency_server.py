#!/usr/bin/env python3
"""A loopback HTTP server for mlgate's latency-probe tests.

Listens on 127.0.0.1 only, on an ephemeral port written to --port-file
(atomically), and lives at most --lifetime seconds and --max-requests
requests.  --count-file gets the number of requests received so far
(rewritten after each one), so a test can check how many calls a probe made.

--mode:
  ok      200 "ok\\n" to every request
  slow    sleep --delay seconds, then 200
  status  answer --status (e.g. 500) to every request
  hang    accept the request and never answer (until the server stops)
  model   a model server, by path: /predict answers {"prediction": 1} at
          once, /slow the same after --delay seconds, /wrong
          {"prediction": 0}, /error 500 with a JSON error body; anything
          else (/health) 200 "ok"
--fail-every N (with ok): every Nth request gets 500, the others 200.
--port P binds P instead of an ephemeral port; --ready-line TEXT prints
TEXT on stdout once listening (a server mlgate starts with `serve:`).
--conn-file gets the number of TCP connections accepted so far, so a test
can tell a kept-alive connection from one per request.
"""
import argparse
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=["ok", "slow", "status", "hang", "model"], default="ok")
    ap.add_argument("--delay", type=float, default=0.5)
    ap.add_argument("--status", type=int, default=500)
    ap.add_argument("--fail-every", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--ready-line")
    ap.add_argument("--conn-file")
    ap.add_argument("--count-file")
    ap.add_argument("--max-requests", type=int, default=1000)
    ap.add_argument("--lifetime", type=float, default=30.0)
    args = ap.parse_args()

    stop = threading.Event()
    lock = threading.Lock()
    state = {"n": 0, "conns": 0}

    def write_count(path, n):
        tmp = path + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % n)
        os.replace(tmp, path)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # headers and body go out in two writes: without this, Nagle's
        # algorithm holds the body until the client's delayed ACK (40 ms
        # on Linux) on a kept-alive connection
        disable_nagle_algorithm = True

        def log_message(self, *a):
            pass

        def setup(self):
            BaseHTTPRequestHandler.setup(self)
            with lock:
                state["conns"] += 1
                if args.conn_file:
                    write_count(args.conn_file, state["conns"])

        def model(self):
            path = self.path.split("?")[0]
            if path == "/slow":
                stop.wait(args.delay)
            if path in ("/predict", "/slow"):
                return 200, b'{"prediction": 1}\n', "application/json"
            if path == "/wrong":
                return 200, b'{"prediction": 0}\n', "application/json"
            if path == "/error":
                return 500, b'{"error": "model failed"}\n', "application/json"
            return 200, b"ok\n", "text/plain"

        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            with lock:
                state["n"] += 1
                n = state["n"]
                if args.count_file:
                    write_count(args.count_file, n)
            if n >= args.max_requests:
                stop.set()
            code = 200
            if args.mode == "hang":
                stop.wait(args.lifetime)
                return
            if args.mode == "slow":
                stop.wait(args.delay)
            if args.mode == "status":
                code = args.status
            if args.fail_every and n % args.fail_every == 0:
                code = 500
            body = b"ok\n" if code == 200 else b"error\n"
            ctype = "text/plain"
            if args.mode == "model":
                code, body, ctype = self.model()
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = handle_any

    srv = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    srv.daemon_threads = True
    if args.port_file:
        write_count(args.port_file, srv.server_address[1])
    if args.ready_line:
        print(args.ready_line, flush=True)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    stop.wait(args.lifetime)
    # let the answer to the last allowed request go out
    stop.wait(0.2)
    srv.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
