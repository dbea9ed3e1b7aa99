"""A Kubernetes API stand-in for epi's tests: no kube-apiserver can run on these machines.

Serves over HTTPS (certificate and key given on the command line; the tests make a CA and a leaf
certificate signed by it) the part of the API epi calls, with the real API's semantics:

- core/v1 ServiceAccounts and Pods: list across all namespaces (/api/v1/serviceaccounts) and per
  namespace, with `limit` and `continue` paging, `labelSelector=key=value`; get; create (POST);
  merge patch (PATCH, application/merge-patch+json; a null removes a key); delete.
- core/v1 Nodes and Namespaces (cluster-scoped): the same verbs, at /api/v1/nodes and
  /api/v1/namespaces; core/v1 Events (namespaced). Objects are kept as created, `status` included,
  so a test can seed pods' start times, conditions and container states, nodes' labels and
  addresses, and the events the kubelet would record.
- apps/v1 Deployments, StatefulSets and DaemonSets: the same verbs (a `status` given on create is
  kept, so a test can seed a DaemonSet's rollout).
- Errors are Status objects: 404 NotFound, 409 AlreadyExists, 422 Invalid (bad names), 415 for
  patch types other than merge patch, 401 without a bearer token.

Usage: python server.py --port P --cert leaf.pem --key leaf-key.pem [--page-limit N]
                        [--emulate-rollout --eks-endpoint URL --eks-cluster NAME --eks-access-key ID]
(--page-limit caps every page, so that tests reach `continue` with few objects.)

--emulate-rollout (for scripts/sandbox, not for tests that check epi's own calls): a patch that
changes a Deployment's, StatefulSet's or DaemonSet's pod template replaces its pods, as the
controllers would, and the new pods get what the admission webhooks would give them: when EKS has a
Pod Identity association for the pod's service account (asked of --eks-endpoint, the local AWS
test bed, for --eks-cluster in the account of --eks-access-key), the container-credential variables
instead of IRSA's; otherwise the IRSA variables when the service account still has the annotation.
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

CLUSTER_SCOPED = {"Node", "Namespace"}
KINDS = {
    ("v1", "serviceaccounts"): "ServiceAccount",
    ("v1", "pods"): "Pod",
    ("v1", "nodes"): "Node",
    ("v1", "namespaces"): "Namespace",
    ("v1", "events"): "Event",
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


ROLLOUT = {}  # --emulate-rollout settings: endpoint, cluster, access_key, region
POD_IDENTITY_ENV = [
    {"name": "AWS_CONTAINER_CREDENTIALS_FULL_URI", "value": "http://169.254.170.23/v1/credentials"},
    {"name": "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
     "value": "/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token"},
]
AWS_ENV = {"AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
           "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE"}


def has_association(namespace, service_account):
    """Asks the AWS test bed, as the Pod Identity webhook asks EKS."""
    import urllib.request
    from urllib.parse import urlencode
    url = "%s/clusters/%s/pod-identity-associations?%s" % (
        ROLLOUT["endpoint"], ROLLOUT["cluster"],
        urlencode({"namespace": namespace, "serviceAccount": service_account}))
    # The test bed takes the account from the access key id in the credential scope.
    auth = ("AWS4-HMAC-SHA256 Credential=%s/20260101/%s/eks/aws4_request, "
            "SignedHeaders=host, Signature=0" % (ROLLOUT["access_key"], ROLLOUT["region"]))
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Authorization": auth}),
                                    timeout=5) as answer:
            return bool(json.load(answer).get("associations"))
    except Exception:
        return False


def webhook_env(namespace, pod):
    spec = pod.get("spec", {})
    sa = spec.get("serviceAccountName", "default")
    if has_association(namespace, sa):
        extra = POD_IDENTITY_ENV
    else:
        account = STORE.get(("v1", "serviceaccounts"), {}).get((namespace, sa), {})
        role = (account.get("metadata", {}).get("annotations") or {}).get("eks.amazonaws.com/role-arn")
        extra = [{"name": "AWS_ROLE_ARN", "value": role},
                 {"name": "AWS_WEB_IDENTITY_TOKEN_FILE",
                  "value": "/var/run/secrets/eks.amazonaws.com/serviceaccount/token"}] if role else []
    for c in spec.get("containers", []):
        c["env"] = [e for e in c.get("env") or [] if e.get("name") not in AWS_ENV] + json.loads(json.dumps(extra))


def roll_out(kind, namespace, name, template_hash):
    pods = STORE.setdefault(("v1", "pods"), {})
    for (ns, pod_name), pod in list(pods.items()):
        if ns != namespace:
            continue
        owners = pod.get("metadata", {}).get("ownerReferences") or []
        owner = owners[0] if owners else {}
        if kind == "Deployment":
            mine = owner.get("kind") == "ReplicaSet" and owner.get("name", "").startswith(name + "-")
        else:
            mine = owner.get("kind") == kind and owner.get("name") == name
        if not mine:
            continue
        del pods[(ns, pod_name)]
        new = json.loads(json.dumps(pod))
        md = new["metadata"]
        suffix = uuid.uuid4().hex[:5]
        if kind == "Deployment":
            md["name"] = "%s-%s-%s" % (name, template_hash, suffix)
            md.setdefault("labels", {})["pod-template-hash"] = template_hash
            md["ownerReferences"] = [{"apiVersion": "apps/v1", "kind": "ReplicaSet",
                                      "name": "%s-%s" % (name, template_hash), "uid": str(uuid.uuid4()),
                                      "controller": True}]
        else:
            md["name"] = "%s-%s" % (name, suffix)
        md["uid"] = str(uuid.uuid4())
        md["creationTimestamp"] = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        md["resourceVersion"] = next_version()
        webhook_env(ns, new)
        pods[(ns, md["name"])] = new


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
        if ROLLOUT and kind in ("Deployment", "StatefulSet", "DaemonSet") \
                and "template" in (patch.get("spec") or {}):
            roll_out(kind, ns, name, uuid.uuid4().hex[:9])
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
    parser.add_argument("--emulate-rollout", action="store_true")
    parser.add_argument("--eks-endpoint")
    parser.add_argument("--eks-cluster")
    parser.add_argument("--eks-access-key")
    parser.add_argument("--eks-region", default="us-east-1")
    args = parser.parse_args()
    PAGE_LIMIT[0] = args.page_limit
    if args.emulate_rollout:
        ROLLOUT.update(endpoint=args.eks_endpoint, cluster=args.eks_cluster,
                       access_key=args.eks_access_key, region=args.eks_region)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
