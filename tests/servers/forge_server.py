#!/usr/bin/env python3
"""GitHub's and GitLab's comment endpoints, for `mlgate comment` tests.

GitHub (REST, docs.github.com "Issue comments"), under --github-prefix:
  GET   /repos/{owner}/{repo}/issues/{n}/comments?per_page=&page=
        200, a JSON array (oldest first), `Link: <...>; rel="next", ...;
        rel="last"` while there are more pages (per_page at most 100;
        --max-per-page lowers that cap so tests page with few comments)
  POST  /repos/{owner}/{repo}/issues/{n}/comments   {"body"} -> 201 comment
  PATCH /repos/{owner}/{repo}/issues/comments/{id}  {"body"} -> 200 comment
  auth: `Authorization: Bearer TOKEN` or `token TOKEN`; otherwise 401
  {"message": "Bad credentials", ...}; an unknown repository or number is
  404 {"message": "Not Found", ...}; a body that is not JSON with a string
  "body" is 422.
GitLab (REST v4, docs.gitlab.com "Notes API"), under --gitlab-prefix:
  GET  /projects/{id}/merge_requests/{iid}/notes?per_page=&page=&sort=&order_by=
       200, a JSON array, with X-Page, X-Per-Page, X-Total, X-Total-Pages,
       X-Next-Page (empty on the last page), X-Prev-Page and Link
  POST /projects/{id}/merge_requests/{iid}/notes          {"body"} -> 201
  PUT  /projects/{id}/merge_requests/{iid}/notes/{note_id} {"body"} -> 200
  auth: `PRIVATE-TOKEN: TOKEN` or `JOB-TOKEN: TOKEN`; otherwise 401
  {"message": "401 Unauthorized"}; unknown project or MR: 404.

--seed JSON seeds the threads: {"github": {"o/r#7": [{"body": "...",
"user": "octo", "type": "User"}, ...]}, "gitlab": {"42!3": [{"body": "...",
"system": false}, ...]}}.  --fault JSON (repeatable): {"method": "PATCH",
"status": 500, "times": 1} answers matching requests with that status.
--redirect-next URL makes GitHub's rel="next" point at URL (another origin).

Only 127.0.0.1, an ephemeral port (--port-file), a bounded life.  Every
request is one JSON line in --log: {"method", "path", "query", "auth",
"status", "body"} where auth is "ok", "bad" or "none" -- never the token.
--dump FILE writes the threads afterwards (JSON)."""
import argparse
import json
import re
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Forge:
    def __init__(self, args):
        self.lock = threading.Lock()
        self.args = args
        seed = json.loads(args.seed) if args.seed else {}
        self.next_id = 1000
        self.gh = {}
        self.gl = {}
        for key, items in seed.get("github", {}).items():
            self.gh[key] = [self.gh_comment(key, c.get("body", ""), c.get("user", "someone"),
                                            c.get("type", "User")) for c in items]
        for key, items in seed.get("gitlab", {}).items():
            self.gl[key] = [self.gl_note(c.get("body", ""), c.get("system", False),
                                         c.get("user", "someone")) for c in items]
        self.faults = [json.loads(f) for f in args.fault]

    def new_id(self):
        self.next_id += 1
        return self.next_id

    def gh_comment(self, key, body, user, utype):
        cid = self.new_id()
        repo, n = key.split("#")
        return {"id": cid, "node_id": "IC_%d" % cid, "body": body,
                "user": {"login": user, "type": utype},
                "html_url": "https://github.invalid/%s/pull/%s#issuecomment-%d" % (repo, n, cid),
                "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}

    def gl_note(self, body, system, user):
        return {"id": self.new_id(), "type": None, "body": body, "system": system,
                "author": {"username": user}, "noteable_type": "MergeRequest",
                "created_at": "2026-01-01T00:00:00.000Z"}

    def dump(self):
        if self.args.dump:
            with open(self.args.dump, "w") as f:
                json.dump({"github": self.gh, "gitlab": self.gl}, f, indent=1, sort_keys=True)


def page_args(query, cap):
    q = urllib.parse.parse_qs(query)
    try:
        per = int(q.get("per_page", ["30" if cap >= 30 else str(cap)])[0])
        page = int(q.get("page", ["1"])[0])
    except ValueError:
        return None
    per = max(1, min(per, cap))
    return per, max(1, page)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "forge-test/1"

    def log_message(self, *a):
        pass

    def log_request_line(self, status):
        # logged before the answer goes out, so the log's order is the
        # order the client saw (it may send the next request at once)
        forge = self.server.forge
        self.status = status
        if forge.args.log and self.entry is not None:
            self.entry["status"] = status
            with open(forge.args.log, "a") as f:
                f.write(json.dumps(self.entry) + "\n")
            self.entry = None

    def reply(self, status, obj, headers=()):
        body = json.dumps(obj).encode()
        self.server.forge.dump()
        self.log_request_line(status)
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)
        self.status = status

    def auth_class(self, gitlab):
        token = self.server.forge.args.token
        if gitlab:
            got = self.headers.get("PRIVATE-TOKEN") or self.headers.get("JOB-TOKEN")
            if got is None:
                return "none"
            return "ok" if got == token else "bad"
        got = self.headers.get("Authorization")
        if got is None:
            return "none"
        return "ok" if got in ("Bearer " + token, "token " + token) else "bad"

    def handle_any(self):
        forge = self.server.forge
        url = urllib.parse.urlsplit(self.path)
        path, query = url.path, url.query
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        self.status = 0
        gh_prefix, gl_prefix = forge.args.github_prefix, forge.args.gitlab_prefix
        gitlab = path.startswith(gl_prefix + "/")
        auth = self.auth_class(gitlab)
        self.entry = {"method": self.command, "path": path, "query": query, "auth": auth,
                      "status": 0, "body": raw.decode("utf-8", "replace")}
        try:
            with forge.lock:
                fault = None
                for f in forge.faults:
                    if f.get("method", self.command) == self.command and f.get("times", 1) > 0:
                        f["times"] = f.get("times", 1) - 1
                        fault = f
                        break
                if fault:
                    self.reply(fault["status"], {"message": "injected"})
                elif gitlab:
                    self.gitlab(path[len(gl_prefix):], query, raw, auth)
                elif path.startswith(gh_prefix + "/"):
                    self.github(path[len(gh_prefix):], query, raw, auth)
                else:
                    self.reply(404, {"message": "Not Found"})
        finally:
            self.log_request_line(self.status)  # no answer: status 0

    def body_of(self, raw):
        try:
            d = json.loads(raw)
        except ValueError:
            return None
        return d.get("body") if isinstance(d, dict) and isinstance(d.get("body"), str) else None

    def github(self, path, query, raw, auth):
        forge = self.server.forge
        if auth != "ok":
            return self.reply(401, {"message": "Bad credentials",
                                    "documentation_url": "https://docs.github.com/rest"})
        m = re.fullmatch(r"/repos/([^/]+/[^/]+)/issues/(\d+)/comments", path)
        if m:
            key = "%s#%s" % (m.group(1), m.group(2))
            if key not in forge.gh:
                return self.reply(404, {"message": "Not Found"})
            if self.command == "GET":
                pa = page_args(query, forge.args.max_per_page)
                if not pa:
                    return self.reply(400, {"message": "bad page"})
                per, page = pa
                items = forge.gh[key]
                last = max(1, (len(items) + per - 1) // per)
                links = []
                base = "http://%s:%d%s%s" % ("127.0.0.1", self.server.server_port,
                                            forge.args.github_prefix, path)
                if page < last:
                    nxt = forge.args.redirect_next or "%s?per_page=%d&page=%d" % (base, per, page + 1)
                    links.append('<%s>; rel="next"' % nxt)
                    links.append('<%s?per_page=%d&page=%d>; rel="last"' % (base, per, last))
                if page > 1:
                    links.append('<%s?per_page=%d&page=%d>; rel="prev"' % (base, per, page - 1))
                    links.append('<%s?per_page=%d&page=1>; rel="first"' % (base, per))
                hdr = [("Link", ", ".join(links))] if links else []
                return self.reply(200, items[(page - 1) * per:page * per], hdr)
            if self.command == "POST":
                body = self.body_of(raw)
                if body is None:
                    return self.reply(422, {"message": "Validation Failed"})
                c = forge.gh_comment(key, body, "github-actions[bot]", "Bot")
                forge.gh[key].append(c)
                return self.reply(201, c)
            return self.reply(404, {"message": "Not Found"})
        m = re.fullmatch(r"/repos/([^/]+/[^/]+)/issues/comments/(\d+)", path)
        if m and self.command == "PATCH":
            body = self.body_of(raw)
            if body is None:
                return self.reply(422, {"message": "Validation Failed"})
            for key, items in forge.gh.items():
                if key.startswith(m.group(1) + "#"):
                    for c in items:
                        if c["id"] == int(m.group(2)):
                            c["body"] = body
                            c["updated_at"] = "2026-01-02T00:00:00Z"
                            return self.reply(200, c)
            return self.reply(404, {"message": "Not Found"})
        return self.reply(404, {"message": "Not Found"})

    def gitlab(self, path, query, raw, auth):
        forge = self.server.forge
        if auth != "ok":
            return self.reply(401, {"message": "401 Unauthorized"})
        m = re.fullmatch(r"/projects/(\d+)/merge_requests/(\d+)/notes(?:/(\d+))?", path)
        if not m:
            return self.reply(404, {"error": "404 Not Found"})
        key = "%s!%s" % (m.group(1), m.group(2))
        if key not in forge.gl:
            return self.reply(404, {"message": "404 Not found"})
        items = forge.gl[key]
        if m.group(3) is None and self.command == "GET":
            pa = page_args(query, forge.args.max_per_page)
            if not pa:
                return self.reply(400, {"message": "400 Bad request"})
            per, page = pa
            total_pages = max(1, (len(items) + per - 1) // per)
            base = "http://127.0.0.1:%d%s%s" % (self.server.server_port, forge.args.gitlab_prefix, path)
            hdr = [("X-Page", str(page)), ("X-Per-Page", str(per)), ("X-Total", str(len(items))),
                   ("X-Total-Pages", str(total_pages)),
                   ("X-Next-Page", str(page + 1) if page < total_pages else ""),
                   ("X-Prev-Page", str(page - 1) if page > 1 else "")]
            links = []
            if page < total_pages:
                links.append('<%s?page=%d&per_page=%d>; rel="next"' % (base, page + 1, per))
            links.append('<%s?page=1&per_page=%d>; rel="first"' % (base, per))
            links.append('<%s?page=%d&per_page=%d>; rel="last"' % (base, total_pages, per))
            hdr.append(("Link", ", ".join(links)))
            return self.reply(200, items[(page - 1) * per:page * per], hdr)
        if m.group(3) is None and self.command == "POST":
            body = self.body_of(raw)
            if body is None:
                return self.reply(400, {"message": "400 Bad request - body is missing"})
            n = forge.gl_note(body, False, "project_42_bot")
            items.append(n)
            return self.reply(201, n)
        if m.group(3) is not None and self.command == "PUT":
            body = self.body_of(raw)
            if body is None:
                return self.reply(400, {"message": "400 Bad request - body is missing"})
            for n in items:
                if n["id"] == int(m.group(3)):
                    n["body"] = body
                    return self.reply(200, n)
            return self.reply(404, {"message": "404 Not found"})
        return self.reply(405, {"message": "405 Method Not Allowed"})

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = handle_any


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log")
    ap.add_argument("--dump")
    ap.add_argument("--token", required=True)
    ap.add_argument("--seed")
    ap.add_argument("--fault", action="append", default=[])
    ap.add_argument("--redirect-next")
    ap.add_argument("--github-prefix", default="/gh")
    ap.add_argument("--gitlab-prefix", default="/api/v4")
    ap.add_argument("--max-per-page", type=int, default=100)
    ap.add_argument("--lifetime", type=float, default=60)
    args = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.forge = Forge(args)
    srv.forge.dump()
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(srv.server_port))
    import os
    os.rename(args.port_file + ".tmp", args.port_file)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    time.sleep(args.lifetime)
    srv.shutdown()


if __name__ == "__main__":
    main()
