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
--fail-every N (with ok): every Nth request gets 500, the others 200.
"""
import argparse
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=["ok", "slow", "status", "hang"], default="ok")
    ap.add_argument("--delay", type=float, default=0.5)
    ap.add_argument("--status", type=int, default=500)
    ap.add_argument("--fail-every", type=int, default=0)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--count-file")
    ap.add_argument("--max-requests", type=int, default=1000)
    ap.add_argument("--lifetime", type=float, default=30.0)
    args = ap.parse_args()

    stop = threading.Event()
    lock = threading.Lock()
    state = {"n": 0}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            with lock:
                state["n"] += 1
                n = state["n"]
                if args.count_file:
                    tmp = args.count_file + ".tmp"
                    with open(tmp, "w") as f:
                        f.write("%d\n" % n)
                    os.replace(tmp, args.count_file)
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
            self.send_response(code)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = handle_any

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.replace(tmp, args.port_file)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    stop.wait(args.lifetime)
    # let the answer to the last allowed request go out
    stop.wait(0.2)
    srv.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
