#!/usr/bin/env python3
"""A small MLflow Model Registry (REST API 2.0) for mlgate's tests.

It behaves as doc ../shared/reference/mlflow-registry-api.md describes a
2.10.2 server: `version` is a JSON string, POST/DELETE need
`Content-Type: application/json` and a JSON body (DELETE too), a missing
alias is 400 INVALID_PARAMETER_VALUE (not 404), empty arrays are omitted,
success bodies are pretty-printed and errors compact, unknown paths get an
HTML 404, and with basic auth on a bad credential gets a text/html 401.

Only 127.0.0.1, an ephemeral port (printed on stdout and written to
--port-file), and a bounded life (--max-requests, --lifetime).

Every request is appended to --log as one JSON line:
  {"n", "method", "path", "query", "content_type", "auth", "body", "status"}
where "auth" is a classification ("none", "basic-ok", "basic-bad",
"bearer-ok", "bearer-bad", "other") -- never the credential itself, so the
log can be grepped for secrets like every other output of a test.

--state FILE (JSON) seeds the registry:
  {"models": {"NAME": {"versions": {"3": {"status": "READY", "run_id": "r3",
                                          "current_stage": "None", "tags": {}}},
                       "aliases": {"champion": "2"}}},
   "runs": {"r2": {"metrics": {"f1_score": 0.9}, "artifacts": ["model/MLmodel"]}},
   "register": {"polls": 2, "final": "READY", "status_message": ""}}
A version made by model-versions/create answers PENDING_REGISTRATION to the
first "polls" model-versions/get calls, then "final" (READY by default, or
FAILED_REGISTRATION with "status_message"): MLflow's SQL store is READY at
once, so this is how the tests see a registry that registers slowly.
--dump FILE writes the final registry state there (JSON) on every change.

--fault JSON (repeatable) injects a fault into matching requests:
  {"path": "registered-models/alias",  # suffix of the URL path (required)
   "method": "POST",                   # optional
   "skip": 0,                          # let this many matches through first
   "times": 1,                         # then apply this many times (default: always)
   "kind": "status" | "slow" | "truncate" | "redirect" | "close" | "move_alias",
   "status": 503, "body": "...", "content_type": "...", "retry_after": "1",
   "seconds": 2.0,                     # slow: sleep, then answer normally
   "location": "http://...",           # redirect (302)
   "model": "m", "alias": "champion", "version": "4"}   # move_alias: after answering
Generic endpoints for the HTTP client's tests live under /test/:
  /test/echo (the request as JSON), /test/big?n=N, /test/slow?ms=M,
  /test/status?code=C[&ct=..][&body=..][&retry_after=..], /test/redirect?to=URL,
  /test/truncate.  /hook* is a deploy hook (answers --hook-status, 202).
"""
import argparse
import base64
import json
import os
import re
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API = "/api/2.0/mlflow/"
STAGES = ["None", "Staging", "Production", "Archived"]


class Registry:
    def __init__(self, state, dump):
        self.lock = threading.Lock()
        self.models = state.get("models", {})
        self.runs = state.get("runs", {})
        self.register = state.get("register", {})
        self.dump_path = dump
        for name, m in self.models.items():
            m.setdefault("versions", {})
            m.setdefault("aliases", {})
            for v, mv in m["versions"].items():
                mv.setdefault("status", "READY")
                mv.setdefault("current_stage", "None")
                mv.setdefault("tags", {})
                mv.setdefault("run_id", "")

    def dump(self):
        if not self.dump_path:
            return
        tmp = self.dump_path + ".tmp"
        with open(tmp, "w") as f:
            json.dump({"models": self.models, "runs": self.runs}, f, indent=2, sort_keys=True)
        os.replace(tmp, self.dump_path)

    def version_json(self, name, v, with_aliases=True):
        m = self.models[name]
        mv = m["versions"][v]
        out = {
            "name": name,
            "version": v,
            "creation_timestamp": 1700000000000 + int(v),
            "last_updated_timestamp": 3000000000000,  # > 2^31: parse as 64-bit
            "current_stage": mv["current_stage"],
            "description": "",
            "source": mv.get("source", "s3://bucket/model/%s" % v),
            "run_id": mv["run_id"],
            "status": mv["status"],
        }
        if mv.get("status_message"):
            out["status_message"] = mv["status_message"]
        if mv["tags"]:
            out["tags"] = [{"key": k, "value": val} for k, val in sorted(mv["tags"].items())]
        aliases = sorted(a for a, av in m["aliases"].items() if av == v)
        if with_aliases and aliases:
            out["aliases"] = aliases
        return out


class ApiError(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def need(fields, key):
    if key not in fields or fields[key] in (None, ""):
        raise ApiError(400, "INVALID_PARAMETER_VALUE",
                       "Missing value for required parameter '%s'. See the API docs for more "
                       "information about request parameters." % key)
    return fields[key]


def need_str(fields, key):
    v = need(fields, key)
    if not isinstance(v, str):
        raise ApiError(400, "INVALID_PARAMETER_VALUE",
                       "Invalid value %s for parameter '%s' supplied. Hint: Value was of type '%s'. "
                       "See the API docs for more information about request parameters."
                       % (json.dumps(v), key, type(v).__name__))
    return v


def check_alias_name(alias):
    if not re.fullmatch(r"[\w\-]*", alias) or len(alias) > 255:
        raise ApiError(400, "INVALID_PARAMETER_VALUE", "Invalid alias name: '%s'." % alias)
    if alias.lower() == "latest":
        raise ApiError(400, "INVALID_PARAMETER_VALUE",
                       "'latest' alias name (case insensitive) is reserved.")
    if re.fullmatch(r"v\d+", alias):
        raise ApiError(400, "INVALID_PARAMETER_VALUE", "Version alias name '%s' is reserved." % alias)


class Handler(BaseHTTPRequestHandler):
    server_version = "fake-mlflow/2.10.2"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet
        pass

    # -- plumbing ---------------------------------------------------------
    def classify_auth(self):
        h = self.headers.get("Authorization")
        srv = self.server
        if not h:
            return "none"
        if h.startswith("Basic "):
            try:
                user, _, pw = base64.b64decode(h[6:]).decode().partition(":")
            except Exception:
                return "basic-bad"
            ok = srv.auth and srv.auth[0] == "basic" and (user, pw) == (srv.auth[1], srv.auth[2])
            return "basic-ok" if ok else "basic-bad"
        if h.startswith("Bearer "):
            ok = srv.auth and srv.auth[0] == "bearer" and h[7:] == srv.auth[1]
            return "bearer-ok" if ok else "bearer-bad"
        return "other"

    def record(self, status):
        # Logged before the response goes out, so that a client that has
        # its answer always finds its request in the log.
        if self.entry is not None:
            self.entry["status"] = status
            self.server.log(self.entry)
            self.entry = None
        # Side effects of a fault happen once the answer is computed but
        # before it is sent, so the client's next request sees them.
        for f in self.after:
            f()
        self.after = []

    def send(self, status, body, ctype="application/json", extra=None, length=None):
        data = body.encode() if isinstance(body, str) else body
        self.record(status)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data) if length is None else length))
        self.send_header("Connection", "close")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)
        self.close_connection = True

    def send_ok(self, obj):
        self.send(200, json.dumps(obj, indent=2) + "\n")

    def send_err(self, e):
        self.send(e.status, json.dumps({"error_code": e.code, "message": e.message}))

    def html(self, status, title):
        self.send(status, "<!doctype html>\n<html lang=en>\n<title>%d %s</title>\n<h1>%s</h1>\n"
                  % (status, title, title), "text/html; charset=utf-8")

    def handle_any(self):
        srv = self.server
        self.entry = None
        self.after = []
        url = urllib.parse.urlsplit(self.path)
        path, query = url.path, url.query
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n > 0 else b""
        body = raw.decode("utf-8", "replace")
        with srv.count_lock:
            srv.count += 1
            num = srv.count
        entry = {"n": num, "method": self.command, "path": path, "query": query,
                 "content_type": self.headers.get("Content-Type"),
                 "auth": self.classify_auth(), "body": body}
        if srv.check_headers:
            entry["checked"] = {
                k: ("missing" if self.headers.get(k) is None else
                    "ok" if self.headers.get(k) == v else "wrong")
                for k, v in srv.check_headers.items()}
        self.entry = entry
        self.after = after = []
        try:
            fault = srv.take_fault(self.command, path)
            if fault and self.apply_fault(fault, after):
                return
            if path.startswith("/hook"):
                # a deploy hook: answers 202 with a small JSON body
                self.send(int(srv.hook_status), '{"accepted": true}')
            elif path.startswith("/test/"):
                self.test_endpoint(path, query, raw)
            elif path.startswith(API):
                self.api(path[len(API):], query, raw)
            else:
                self.html(404, "Not Found")
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            self.record(0)
            if srv.max_requests and num >= srv.max_requests:
                srv.stop.set()

    do_GET = do_POST = do_DELETE = do_PATCH = do_PUT = handle_any

    def apply_fault(self, f, after):
        kind = f.get("kind")
        if kind == "status":
            extra = {}
            if "retry_after" in f:
                extra["Retry-After"] = str(f["retry_after"])
            body = f.get("body")
            if body is None:
                body = json.dumps({"error_code": "TEMPORARILY_UNAVAILABLE",
                                   "message": "injected %d" % f.get("status", 503)})
            self.send(f.get("status", 503), body, f.get("content_type", "application/json"), extra)
            return True
        if kind == "slow":
            self.record("slow")
            time.sleep(float(f.get("seconds", 2)))
            return False
        if kind == "truncate":
            self.send(200, b'{"model_version": {"na', length=4096)
            return True
        if kind == "redirect":
            self.send(302, "", "text/html", {"Location": f["location"]})
            return True
        if kind == "close":
            self.record("closed")
            self.close_connection = True
            self.connection.shutdown(2)
            return True
        if kind == "move_alias":
            reg = self.server.registry

            def move():
                with reg.lock:
                    reg.models[f["model"]]["aliases"][f["alias"]] = f["version"]
                    reg.dump()
            after.append(move)
            return False
        raise ValueError("unknown fault kind %r" % kind)

    # -- generic endpoints for the HTTP client's tests ---------------------
    def test_endpoint(self, path, query, raw):
        q = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
        if path == "/test/echo":
            hdrs = {k.lower(): v for k, v in self.headers.items()}
            self.send(200, json.dumps({"method": self.command, "path": path, "query": query,
                                       "headers": hdrs, "body": raw.decode("utf-8", "replace")}))
        elif path == "/test/big":
            self.send(200, "x" * int(q.get("n", "100")), "text/plain")
        elif path == "/test/slow":
            self.record("slow")
            time.sleep(int(q.get("ms", "1000")) / 1000.0)
            self.send(200, "slow", "text/plain")
        elif path == "/test/status":
            extra = {"Retry-After": q["retry_after"]} if "retry_after" in q else None
            self.send(int(q.get("code", "200")), q.get("body", ""), q.get("ct", "text/plain"), extra)
        elif path == "/test/redirect":
            self.send(302, "", "text/html", {"Location": q["to"]})
        elif path == "/test/truncate":
            self.send(200, "0123456789", "text/plain", length=100)
        else:
            self.html(404, "Not Found")

    # -- the registry ------------------------------------------------------
    def api(self, ep, query, raw):
        srv = self.server
        auth = self.classify_auth()
        if srv.auth:
            if srv.auth[0] == "basic" and auth != "basic-ok":
                self.send(401, "You are not authenticated. Please see "
                          "https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow "
                          "on how to authenticate.", "text/html; charset=utf-8",
                          {"WWW-Authenticate": 'Basic realm="mlflow"'})
                return
            if srv.auth[0] == "bearer" and auth != "bearer-ok":
                self.send_err(ApiError(401, "UNAUTHENTICATED", "Credential was not sent or was invalid."))
                return
        routes = {
            ("GET", "registered-models/get"): self.get_model,
            ("GET", "model-versions/get"): self.get_version,
            ("POST", "model-versions/transition-stage"): self.transition,
            ("POST", "registered-models/alias"): self.set_alias,
            ("DELETE", "registered-models/alias"): self.delete_alias,
            ("GET", "registered-models/alias"): self.get_alias,
            ("POST", "model-versions/set-tag"): self.set_tag,
            ("DELETE", "model-versions/delete-tag"): self.delete_tag,
            ("GET", "runs/get"): self.get_run,
            ("POST", "registered-models/create"): self.create_model,
            ("POST", "model-versions/create"): self.create_version,
            ("GET", "model-versions/search"): self.search_versions,
            ("GET", "artifacts/list"): self.list_artifacts,
        }
        if not any(e == ep for (_, e) in routes):
            self.html(404, "Not Found")
            return
        fn = routes.get((self.command, ep))
        if not fn:
            self.html(405, "Method Not Allowed")
            return
        try:
            if self.command == "GET":
                fields = {}
                for k, v in urllib.parse.parse_qsl(query, keep_blank_values=True):
                    fields[k] = v
            else:
                ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip()
                if ctype != "application/json":
                    raise ApiError(400, "INVALID_PARAMETER_VALUE",
                                   "Bad Request. Content-Type must be one of ['application/json'].")
                try:
                    fields = json.loads(raw.decode("utf-8")) if raw else {}
                except ValueError:
                    raise ApiError(400, "MALFORMED_REQUEST", "Malformed request body")
                if not isinstance(fields, dict):
                    raise ApiError(400, "MALFORMED_REQUEST", "Malformed request body")
            with srv.registry.lock:
                out = fn(srv.registry, fields)
                if self.command != "GET":
                    srv.registry.dump()
            self.send_ok(out)
        except ApiError as e:
            self.send_err(e)

    @staticmethod
    def model(reg, fields):
        name = need_str(fields, "name")
        if name not in reg.models:
            raise ApiError(404, "RESOURCE_DOES_NOT_EXIST", "Registered Model with name=%s not found" % name)
        return name

    @classmethod
    def version(cls, reg, fields):
        name = cls.model(reg, fields)
        v = need_str(fields, "version")
        if not re.fullmatch(r"\d+", v):
            raise ApiError(400, "INVALID_PARAMETER_VALUE", "Model version must be an integer, got '%s'" % v)
        if v not in reg.models[name]["versions"]:
            raise ApiError(404, "RESOURCE_DOES_NOT_EXIST",
                           "Model Version (name=%s, version=%s) not found" % (name, v))
        return name, v

    def get_model(self, reg, f):
        name = self.model(reg, f)
        m = reg.models[name]
        out = {"name": name, "creation_timestamp": 1700000000000, "last_updated_timestamp": 3000000000000}
        if m["aliases"]:
            out["aliases"] = [{"alias": a, "version": v} for a, v in sorted(m["aliases"].items())]
        return {"registered_model": out}

    def get_version(self, reg, f):
        name, v = self.version(reg, f)
        mv = reg.models[name]["versions"][v]
        if mv["status"] == "PENDING_REGISTRATION" and "polls_left" in mv:
            if mv["polls_left"] <= 0:
                mv["status"] = reg.register.get("final", "READY")
                if reg.register.get("status_message"):
                    mv["status_message"] = reg.register["status_message"]
            mv["polls_left"] -= 1
            reg.dump()
        return {"model_version": reg.version_json(name, v)}

    def create_model(self, reg, f):
        name = need_str(f, "name")
        if name in reg.models:
            raise ApiError(400, "RESOURCE_ALREADY_EXISTS",
                           "Registered Model (name=%s) already exists. Error: (sqlite3.IntegrityError) "
                           "UNIQUE constraint failed: registered_models.name" % name)
        reg.models[name] = {"versions": {}, "aliases": {}}
        return {"registered_model": {"name": name, "creation_timestamp": 1700000000000,
                                     "last_updated_timestamp": 3000000000000}}

    def create_version(self, reg, f):
        name = self.model(reg, f)
        source = need_str(f, "source")
        versions = reg.models[name]["versions"]
        v = str(max([int(x) for x in versions] + [0]) + 1)
        polls = int(reg.register.get("polls", 0))
        versions[v] = {"run_id": f.get("run_id", ""), "source": source, "current_stage": "None",
                       "tags": {}, "status": "PENDING_REGISTRATION" if polls else
                       reg.register.get("final", "READY")}
        if polls:
            versions[v]["polls_left"] = polls
        elif reg.register.get("status_message"):
            versions[v]["status_message"] = reg.register["status_message"]
        return {"model_version": reg.version_json(name, v, with_aliases=False)}

    def search_versions(self, reg, f):
        conds = dict(re.findall(r"(\w+)\s*=\s*'([^']*)'", f.get("filter", "")))
        hits = []
        for name, m in reg.models.items():
            if "name" in conds and conds["name"] != name:
                continue
            for v, mv in m["versions"].items():
                if "run_id" in conds and conds["run_id"] != mv["run_id"]:
                    continue
                hits.append((name, v))
        hits.sort(key=lambda h: -int(h[1]))
        hits = hits[:int(f.get("max_results", "10000"))]
        if not hits:
            return {}
        return {"model_versions": [reg.version_json(n, v, with_aliases=False) for n, v in hits]}

    def list_artifacts(self, reg, f):
        rid = need_str(f, "run_id")
        run = reg.runs.get(rid)
        if run is None:
            raise ApiError(404, "RESOURCE_DOES_NOT_EXIST", "Run with id=%s not found" % rid)
        prefix = f.get("path", "").rstrip("/") + "/"
        files = [{"path": a, "is_dir": False, "file_size": 5}
                 for a in run.get("artifacts", []) if a.startswith(prefix)]
        out = {"root_uri": "mlflow-artifacts:/0/%s/artifacts" % rid}
        if files:
            out["files"] = files
        return out

    def transition(self, reg, f):
        name, v = self.version(reg, f)
        stage = need_str(f, "stage")
        canon = {s.lower(): s for s in STAGES}.get(stage.lower())
        if not canon:
            raise ApiError(400, "INVALID_PARAMETER_VALUE",
                           "Invalid Model Version stage: %s. Value must be one of None, Staging, "
                           "Production, Archived." % stage)
        archive = f.get("archive_existing_versions", False)
        if not isinstance(archive, bool):
            raise ApiError(400, "INVALID_PARAMETER_VALUE",
                           "Invalid value %s for parameter 'archive_existing_versions' supplied." % json.dumps(archive))
        if archive and canon not in ("Staging", "Production"):
            raise ApiError(500, "INTERNAL_ERROR",
                           "Model version transition cannot archive existing model versions because "
                           "'%s' is not an Active stage." % canon)
        versions = reg.models[name]["versions"]
        if archive:
            for ov, mv in versions.items():
                if ov != v and mv["current_stage"] == canon:
                    mv["current_stage"] = "Archived"
        versions[v]["current_stage"] = canon
        return {"model_version": reg.version_json(name, v, with_aliases=False)}

    def set_alias(self, reg, f):
        name = self.model(reg, f)
        alias = need_str(f, "alias")
        check_alias_name(alias)
        name, v = self.version(reg, f)
        reg.models[name]["aliases"][alias] = v
        return {}

    def delete_alias(self, reg, f):
        name = self.model(reg, f)
        alias = need_str(f, "alias")
        reg.models[name]["aliases"].pop(alias, None)
        return {}

    def get_alias(self, reg, f):
        name = self.model(reg, f)
        alias = need_str(f, "alias")
        v = reg.models[name]["aliases"].get(alias)
        if v is None:
            raise ApiError(400, "INVALID_PARAMETER_VALUE", "Registered model alias %s not found." % alias)
        return {"model_version": reg.version_json(name, v)}

    def set_tag(self, reg, f):
        name, v = self.version(reg, f)
        key = need_str(f, "key")
        value = f.get("value", "")
        if not isinstance(value, str):
            raise ApiError(400, "INVALID_PARAMETER_VALUE",
                           "Invalid value %s for parameter 'value' supplied." % json.dumps(value))
        reg.models[name]["versions"][v]["tags"][key] = value
        return {}

    def delete_tag(self, reg, f):
        name, v = self.version(reg, f)
        reg.models[name]["versions"][v]["tags"].pop(need_str(f, "key"), None)
        return {}

    def get_run(self, reg, f):
        rid = need_str(f, "run_id")
        run = reg.runs.get(rid)
        if run is None:
            raise ApiError(404, "RESOURCE_DOES_NOT_EXIST", "Run with id=%s not found" % rid)
        data = {}
        if run.get("metrics"):
            data["metrics"] = [{"key": k, "value": val, "timestamp": 1700000000000, "step": 0}
                               for k, val in sorted(run["metrics"].items())]
        return {"run": {"info": {"run_id": rid, "run_uuid": rid, "status": "FINISHED", "experiment_id": "0",
                                 "artifact_uri": "mlflow-artifacts:/0/%s/artifacts" % rid},
                        "data": data}}


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, args):
        super().__init__(("127.0.0.1", 0), Handler)
        state = {}
        if args.state:
            with open(args.state) as f:
                state = json.load(f)
        self.registry = Registry(state, args.dump)
        self.registry.dump()
        self.auth = tuple(args.auth.split(":", 2)) if args.auth else None
        self.faults = [dict(json.loads(x), used=0, seen=0) for x in args.fault]
        self.fault_lock = threading.Lock()
        self.count = 0
        self.count_lock = threading.Lock()
        self.log_path = args.log
        self.log_lock = threading.Lock()
        self.max_requests = args.max_requests
        self.check_headers = dict(h.split("=", 1) for h in args.check_header)
        self.hook_status = args.hook_status
        self.stop = threading.Event()

    def take_fault(self, method, path):
        with self.fault_lock:
            for f in self.faults:
                if not path.endswith(f["path"]) or f.get("method", method) != method:
                    continue
                f["seen"] += 1
                if f["seen"] <= f.get("skip", 0):
                    continue
                if "times" in f and f["used"] >= f["times"]:
                    continue
                f["used"] += 1
                return f
        return None

    def log(self, entry):
        if not self.log_path:
            return
        with self.log_lock, open(self.log_path, "a") as f:
            f.write(json.dumps(entry, sort_keys=True) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port-file")
    ap.add_argument("--log")
    ap.add_argument("--state")
    ap.add_argument("--dump")
    ap.add_argument("--auth", help="basic:USER:PASS or bearer:TOKEN")
    ap.add_argument("--fault", action="append", default=[])
    ap.add_argument("--check-header", action="append", default=[],
                    help="NAME=VALUE: log whether each request carried it (ok/missing/wrong), "
                         "never the value")
    ap.add_argument("--hook-status", default="202", help="status of /hook* answers")
    ap.add_argument("--max-requests", type=int, default=200)
    ap.add_argument("--lifetime", type=float, default=60.0)
    args = ap.parse_args()
    srv = Server(args)
    port = srv.server_address[1]
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, args.port_file)
    print(port, flush=True)
    t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    t.start()
    srv.stop.wait(args.lifetime)
    # let the last response finish writing before the process exits
    time.sleep(0.05)
    srv.shutdown()
    srv.server_close()


if __name__ == "__main__":
    sys.exit(main())
