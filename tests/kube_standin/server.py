"""A Kubernetes API stand-in for epi's tests: no kube-apiserver can run on these machines.

Serves over HTTPS (certificate and key given on the command line; the tests make a CA and a leaf
certificate signed by it) the part of the API epi calls, with the real API's semantics:

- core/v1 ServiceAccounts and Pods: list across all namespaces (/api/v1/serviceaccounts) and per
  namespace, with `limit` and `continue` paging, `labelSelector=key=value`; get; create (POST);
  merge patch (PATCH, application/merge-patch+json; a null removes a key); delete.
- core/v1 Nodes (cluster-scoped): the same verbs, at /api/v1/nodes.
- apps/v1 Deployments, StatefulSets and DaemonSets: the same verbs (a `status` given on create is
  kept, so a test can seed a DaemonSet's rollout).
- Errors are Status objects: 404 NotFound, 409 AlreadyExists, 422 Invalid (bad names), 415 for
  patch types other than merge patch, 401 without a bearer token.

Usage: python server.py --port P --cert leaf.pem --key leaf-key.pem [--page-limit N]
(--page-limit caps every page, so that tests reach `continue` with few objects.)
State lives in memory; GET /_standin/requests lists the requests seen (method, path, query).
"""

import argparse
import base64
import json
import re
import ssl
import threading
import uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

LOCK = threading.Lock()
STORE = {}  # (group_version, plural) -> {(namespace, name): object}
REQUESTS = []
VERSION = [1000]
PAGE_LIMIT = [0]

CLUSTER_SCOPED = {"Node"}
KINDS = {
    ("v1", "serviceaccounts"): "ServiceAccount",
    ("v1", "pods"): "Pod",
    ("v1", "nodes"): "Node",
    ("apps/v1", "deployments"): "Deployment",
    ("apps/v1", "statefulsets"): "StatefulSet",
    ("apps/v1", "daemonsets"): "DaemonSet",
}
NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")


def status(code, reason, message):
    return code, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                  "message": message, "reason": reason, "code": code}


def merge(target, patch):
    if not isinstance(patch, dict):
        return patch
    if not isinstance(target, dict):
        target = {}
    for k, v in patch.items():
        if v is None:
            target.pop(k, None)
        else:
            target[k] = merge(target.get(k), v)
    return target


def route(path):
    m = re.fullmatch(r"/(api/v1|apis/apps/v1)(?:/namespaces/([^/]+))?/([a-z]+)(?:/([^/]+))?", path)
    if not m:
        return None
    gv = "v1" if m.group(1) == "api/v1" else "apps/v1"
    if (gv, m.group(3)) not in KINDS:
        return None
    return gv, m.group(2), m.group(3), m.group(4)


def next_version():
    VERSION[0] += 1
    return str(VERSION[0])


def matches(obj, selector):
    if not selector:
        return True
    labels = obj.get("metadata", {}).get("labels") or {}
    for term in selector.split(","):
        key, _, value = term.partition("=")
        if labels.get(key) != value:
            return False
    return True


def handle(method, path, query, body, headers):
    r = route(path)
    if r is None:
        return status(404, "NotFound", f"the server could not find the requested resource ({path})")
    gv, ns, plural, name = r
    kind = KINDS[(gv, plural)]
    store = STORE.setdefault((gv, plural), {})
    if method == "GET" and name is None:
        items = sorted((k, v) for k, v in store.items() if ns is None or k[0] == ns)
        items = [v for _, v in items if matches(v, query.get("labelSelector", [""])[0])]
        start = 0
        token = query.get("continue", [""])[0]
        if token:
            try:
                start = int(base64.urlsafe_b64decode(token.encode()).decode())
            except Exception:
                return status(400, "BadRequest", "invalid continue token")
        limit = int(query.get("limit", ["0"])[0] or 0)
        # The API server may return fewer items than asked, with a continue token: so may we.
        if PAGE_LIMIT[0] and (not limit or limit > PAGE_LIMIT[0]):
            limit = PAGE_LIMIT[0]
        page = items[start:start + limit] if limit else items[start:]
        meta = {"resourceVersion": str(VERSION[0])}
        if limit and start + limit < len(items):
            meta["continue"] = base64.urlsafe_b64encode(str(start + limit).encode()).decode()
            meta["remainingItemCount"] = len(items) - start - limit
        return 200, {"kind": kind + "List", "apiVersion": gv, "metadata": meta, "items": page}
    if ns is None and kind not in CLUSTER_SCOPED:
        return status(405, "MethodNotAllowed", "namespace required")
    if ns is not None and kind in CLUSTER_SCOPED:
        return status(404, "NotFound", f"the server could not find the requested resource ({path})")
    if method == "POST" and name is None:
        obj = json.loads(body or b"{}")
        name = obj.get("metadata", {}).get("name", "")
        if not NAME.match(name or "") or len(name) > 253:
            return status(422, "Invalid", f'{kind} "{name}" is invalid: metadata.name: Invalid value')
        if (ns, name) in store:
            return status(409, "AlreadyExists", f'{plural} "{name}" already exists')
        obj["apiVersion"], obj["kind"] = gv, kind
        md = obj.setdefault("metadata", {})
        if ns is not None:
            md["namespace"] = ns
        md.setdefault("uid", str(uuid.uuid4()))
        md.setdefault("creationTimestamp", datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
        md["resourceVersion"] = next_version()
        if kind in ("Deployment", "StatefulSet", "DaemonSet"):
            obj.setdefault("metadata", {}).setdefault("generation", 1)
        store[(ns, name)] = obj
        return 201, obj
    obj = store.get((ns, name))
    if obj is None:
        return status(404, "NotFound", f'{plural} "{name}" not found')
    if method == "GET":
        return 200, obj
    if method == "PATCH":
        ctype = headers.get("content-type", "")
        if "merge-patch+json" not in ctype and "strategic-merge-patch+json" not in ctype:
            return status(415, "UnsupportedMediaType", f"the body of the request was in an unknown format: {ctype}")
        patch = json.loads(body or b"{}")
        updated = merge(json.loads(json.dumps(obj)), patch)
        updated["metadata"]["name"] = name
        if ns is not None:
            updated["metadata"]["namespace"] = ns
        updated["metadata"]["resourceVersion"] = next_version()
        if kind in ("Deployment", "StatefulSet", "DaemonSet") and "spec" in patch:
            updated["metadata"]["generation"] = obj["metadata"].get("generation", 1) + 1
        store[(ns, name)] = updated
        return 200, updated
    if method == "DELETE":
        del store[(ns, name)]
        return 200, obj
    return status(405, "MethodNotAllowed", f"{method} is not allowed")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _serve(self, method):
        url = urlparse(self.path)
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        query = parse_qs(url.query)
        headers = {k.lower(): v for k, v in self.headers.items()}
        with LOCK:
            if url.path == "/_standin/requests":
                code, payload = 200, list(REQUESTS)
            elif not headers.get("authorization", "").startswith("Bearer "):
                code, payload = status(401, "Unauthorized", "Unauthorized")
            else:
                REQUESTS.append({"method": method, "path": url.path,
                                 "query": {k: v[0] for k, v in query.items()},
                                 "token": headers.get("authorization", "")[len("Bearer "):]})
                code, payload = handle(method, url.path, query, body, headers)
        data = json.dumps(payload).encode()
        self.send_response(code)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self._serve("GET")

    def do_POST(self):
        self._serve("POST")

    def do_PATCH(self):
        self._serve("PATCH")

    def do_DELETE(self):
        self._serve("DELETE")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--page-limit", type=int, default=0)
    args = parser.parse_args()
    PAGE_LIMIT[0] = args.page_limit
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
