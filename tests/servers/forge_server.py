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

GitHub check runs (REST, docs.github.com "REST API endpoints for check runs"),
for `mlgate check-run`:
  POST  /repos/{owner}/{repo}/check-runs  {name, head_sha, status, conclusion,
        output: {title, summary, text, annotations}} -> 201 check run
  PATCH /repos/{owner}/{repo}/check-runs/{id}  -> 200; annotations are appended
  GET   /repos/{owner}/{repo}/check-runs/{id}  -> 200 the run
  GET   /repos/{owner}/{repo}/check-runs/{id}/annotations?per_page=&page=
        -> 200 the annotations (per_page at most 100, Link rel="next")
  validated as GitHub documents them, else 422 {"message": "Validation
  Failed", "errors": [...]}: name and head_sha (40 hex) required; status
  queued | in_progress | completed; conclusion one of the eight, required
  with status completed; output needs title and summary (at most 65535
  characters); at most 50 annotations per request, each with path,
  start_line, end_line >= start_line, annotation_level notice | warning |
  failure and message, title at most 255 characters, columns only on one
  line.  --checks-forbidden answers POST/PATCH with 403 "Resource not
  accessible by integration" (a token without checks: write).  Each run
  records the number of annotations of every request ("batches").

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
        self.checks = {}

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
                json.dump({"github": self.gh, "gitlab": self.gl, "checks": self.checks}, f, indent=1, sort_keys=True)


def page_args(query, cap):
    q = urllib.parse.parse_qs(query)
    try:
        per = int(q.get("per_page", ["30" if cap >= 30 else str(cap)])[0])
        page = int(q.get("page", ["1"])[0])
    except ValueError:
        return None
    per = max(1, min(per, cap))
    return per, max(1, page)


CONCLUSIONS = ("action_required", "cancelled", "failure", "neutral", "success", "skipped",
               "stale", "timed_out")


def check_errors(body, create):
    """What GitHub's validation of a check-run request would refuse."""
    if not isinstance(body, dict):
        return ["body is not an object"]
    err = []

    def text(obj, key, required, limit=None):
        v = obj.get(key)
        if v is None:
            if required:
                err.append("%s is missing" % key)
            return
        if not isinstance(v, str) or (required and not v):
            err.append("%s is not a non-empty string" % key)
        elif limit and len(v) > limit:
            err.append("%s is longer than %d characters" % (key, limit))

    text(body, "name", create)
    if "head_sha" in body or create:
        sha = body.get("head_sha")
        if not isinstance(sha, str) or not re.fullmatch(r"[0-9a-f]{40}", sha):
            err.append("head_sha is not a commit id")
    if "status" in body and body["status"] not in ("queued", "in_progress", "completed"):
        err.append("status is not one of queued, in_progress, completed")
    if "conclusion" in body and body["conclusion"] not in CONCLUSIONS:
        err.append("conclusion is not valid")
    if (body.get("status") == "completed" or "completed_at" in body) and "conclusion" not in body:
        err.append("conclusion is required when status is completed")
    out = body.get("output")
    if out is None:
        return err
    if not isinstance(out, dict):
        return err + ["output is not an object"]
    text(out, "title", True)
    text(out, "summary", True, 65535)
    text(out, "text", False, 65535)
    ann = out.get("annotations", [])
    if not isinstance(ann, list):
        return err + ["annotations is not an array"]
    if len(ann) > 50:
        err.append("at most 50 annotations per request (got %d)" % len(ann))
    for i, a in enumerate(ann):
        where = "annotations[%d]" % i
        if not isinstance(a, dict):
            err.append(where + " is not an object")
            continue
        ok = True
        for k in ("path", "message"):
            if not isinstance(a.get(k), str) or not a[k]:
                err.append("%s.%s is missing" % (where, k))
                ok = False
        for k in ("start_line", "end_line"):
            if not isinstance(a.get(k), int) or isinstance(a.get(k), bool) or a[k] < 1:
                err.append("%s.%s is not a line number" % (where, k))
                ok = False
        if ok and a["end_line"] < a["start_line"]:
            err.append(where + ".end_line is before start_line")
        if ok and ("start_column" in a or "end_column" in a) and a["start_line"] != a["end_line"]:
            err.append(where + ": columns only on one line")
        if a.get("annotation_level") not in ("notice", "warning", "failure"):
            err.append(where + ".annotation_level is not notice, warning or failure")
        if ok and len(a["message"].encode()) > 65536:
            err.append(where + ".message is longer than 64 KB")
        if "title" in a and (not isinstance(a["title"], str) or len(a["title"]) > 255):
            err.append(where + ".title is longer than 255 characters")
        if "raw_details" in a and (not isinstance(a["raw_details"], str) or
                                   len(a["raw_details"].encode()) > 65536):
            err.append(where + ".raw_details is longer than 64 KB")
    return err


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
        m = re.fullmatch(r"/repos/([^/]+/[^/]+)/check-runs(?:/(\d+)(/annotations)?)?", path)
        if m:
            return self.check_runs(m.group(1), m.group(2), m.group(3), query, raw)
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

    def check_runs(self, repo, cid, annotations, query, raw):
        forge = self.server.forge
        if self.command in ("POST", "PATCH") and forge.args.checks_forbidden:
            return self.reply(403, {"message": "Resource not accessible by integration",
                                    "documentation_url": "https://docs.github.com/rest/checks/runs",
                                    "status": "403"})
        run = forge.checks.get(cid) if cid else None
        if cid and (run is None or run["repo"] != repo):
            return self.reply(404, {"message": "Not Found"})
        if self.command == "GET" and run and annotations:
            pa = page_args(query, forge.args.max_per_page)
            if not pa:
                return self.reply(400, {"message": "bad page"})
            per, page = pa
            items = run["annotations"]
            base = "http://127.0.0.1:%d%s/repos/%s/check-runs/%s/annotations" % (
                self.server.server_port, forge.args.github_prefix, repo, cid)
            hdr = []
            if page * per < len(items):
                hdr = [("Link", '<%s?per_page=%d&page=%d>; rel="next"' % (base, per, page + 1))]
            return self.reply(200, items[(page - 1) * per:page * per], hdr)
        if self.command == "GET" and run and not annotations:
            return self.reply(200, self.check_view(run))
        if annotations or self.command not in (("PATCH",) if cid else ("POST",)):
            return self.reply(404, {"message": "Not Found"})
        try:
            body = json.loads(raw)
        except ValueError:
            return self.reply(400, {"message": "Problems parsing JSON"})
        errors = check_errors(body, create=cid is None)
        if errors:
            return self.reply(422, {"message": "Validation Failed", "errors": errors,
                                    "documentation_url": "https://docs.github.com/rest/checks/runs"})
        if cid is None:
            cid = str(forge.new_id())
            run = forge.checks[cid] = {"id": int(cid), "repo": repo, "annotations": [],
                                       "batches": [], "output": {}}
        for k in ("name", "head_sha", "status", "conclusion", "details_url", "external_id"):
            if k in body:
                run[k] = body[k]
        if body.get("conclusion") and "status" not in body:
            run["status"] = "completed"
        run.setdefault("status", "queued")
        out = body.get("output")
        if out is not None:
            for k in ("title", "summary", "text"):
                if k in out:
                    run["output"][k] = out[k]
            ann = out.get("annotations", [])
            run["annotations"].extend(ann)
            run["batches"].append(len(ann))
        return self.reply(201 if self.command == "POST" else 200, self.check_view(run))

    def check_view(self, run):
        base = "http://127.0.0.1:%d%s/repos/%s/check-runs/%d" % (
            self.server.server_port, self.server.forge.args.github_prefix, run["repo"], run["id"])
        out = dict(run["output"])
        out.update({"annotations_count": len(run["annotations"]),
                    "annotations_url": base + "/annotations"})
        return {"id": run["id"], "node_id": "CR_%d" % run["id"], "name": run.get("name"),
                "head_sha": run.get("head_sha"), "status": run.get("status"),
                "conclusion": run.get("conclusion"), "url": base, "output": out,
                "app": {"slug": "github-actions"}}

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
    ap.add_argument("--checks-forbidden", action="store_true")
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
