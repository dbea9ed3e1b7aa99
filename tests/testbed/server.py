"""epi's local AWS test bed: ministack (EKS, IAM, STS on one port) with the gaps epi's tests need closed.

Started by the integration tests (tests/common/testbed.rs) as

    BIND_HOST=127.0.0.1 GATEWAY_PORT=<port> python tests/testbed/server.py

Each test process starts its own server, so no state is shared between tests.
What this adds to ministack 1.5.33 (docs/testing.md lists it with the differences from AWS):

1. Pagination for ListClusters, ListAddons and ListPodIdentityAssociations. ministack cuts the list at
   maxResults and never returns nextToken; here the full list is paged with an opaque nextToken, and a
   token that was not issued here is an InvalidParameterException, as on AWS.
2. DescribeAddonVersions (GET /addons/supported-versions) and DescribeAddonConfiguration
   (GET /addons/configuration-schemas), answered from a catalogue the test sets.
3. ListFargateProfiles (GET /clusters/{name}/fargate-profiles), answered from profiles the test sets.
   UpdateAddon with podIdentityAssociations creates (or, with an empty list, deletes) associations
   owned by the add-on, and DescribeAddon lists their ARNs, as EKS does (in kube-system).
   TagResource and UntagResource work on associations, DescribePodIdentityAssociation answers with
   the association's live tags, and an UpdatePodIdentityAssociation with an empty targetRoleArn or policy
   removes it.
4. Athena reads a CloudTrail table as Athena does, and knows json_extract_scalar and regexp_like
   (tests/testbed/athena_cloudtrail.py; ministack runs Athena's SQL on DuckDB).
5. Test control under /_epi/ (not an AWS API; JSON bodies):
     POST /_epi/catalogue                {"<addonName>": [AddonVersionInfo, ...],
                                          "_configuration": {"<addonName>": DescribeAddonConfiguration answer,
                                                             or {"byVersion": {"<version>": answer}}}}
     POST /_epi/clusters/<name>          fields merged into every DescribeCluster answer for <name>
                                         (CreateCluster itself takes the VPC from the first subnet,
                                         as EKS does: ministack would record vpc-00000000)
     POST /_epi/addons/<cluster>/<addon> {"states": [{...}, ...]}: successive DescribeAddon answers merge
                                         these fields in turn (the last one sticks), e.g. status, health
     POST /_epi/fargate/<cluster>        {"profiles": ["name", ...]}
     POST /_epi/faults                   {"rate": 0.3, "status": 429, "code": "ThrottlingException",
                                          "operations": ["GET /clusters/*/pod-identity-associations*"]}
     POST /_epi/associations/<cluster>/<id>  fields merged into Describe and List answers for that
                                         association (e.g. {"ownerArn": "arn:…:addon/…"})
     GET  /_epi/calls                    every EKS call seen: [{"method", "path", "query", "userAgent"}]
     POST /_epi/hang                     {"after": N}: every AWS request (any service) after the Nth is
                                         held without an answer, so a test can kill the client at a
                                         known point; {"after": null} stops holding new ones
     GET  /_epi/requests                 {"count": AWS requests seen so far, any service,
                                          "assumeRole": STS AssumeRole requests among them}
     POST /_epi/regions                  {"regions": [name, ...]} or {"fail": true}: what the Account API's
                                         ListRegions answers (ministack's own list lacks newer regions
                                         such as ap-east-2), or AccessDeniedException
     POST /_epi/trust-quota              {"trust": 4096}: the role trust policy quota IAM enforces
                                         (2048 by default, as on AWS; ministack has none)
     POST /_epi/deny-assume-role         {"roleArns": [ARN, ...]}: AssumeRole of these is refused with
                                         AccessDenied, as a trust policy that does not admit the caller
     POST /_epi/slow-trust-write         {"role": NAME, "seconds": S}: the next UpdateAssumeRolePolicy of
                                         the role is held S seconds before IAM takes it (a write that
                                         lands late, over what others wrote meanwhile)
     POST /_epi/role-last-used           {"role": NAME, "date": "2026-12-07T10:00:00Z", "region": R}:
                                         GetRole answers with this RoleLastUsed (ministack records no
                                         use of a role; IAM API reference, RoleLastUsed)
"""

import asyncio
import base64
import fnmatch
import json
import os
import random
import re
import sys
import threading
import urllib.parse

import ministack.app as msapp
from ministack.services import eks

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import athena_cloudtrail  # noqa: E402

athena_cloudtrail.install()

_lock = threading.Lock()
_catalogue = {}
_configuration = {}
_cluster_overrides = {}
_addon_states = {}
_fargate = {}
_association_overrides = {}
_faults = {}
_calls = []
_rng = random.Random(int(os.environ.get("EPI_TESTBED_SEED", "7")))

_PAGED = [
    (re.compile(r"/clusters"), "clusters"),
    (re.compile(r"/clusters/[A-Za-z0-9_-]+/addons"), "addons"),
    (re.compile(r"/clusters/[A-Za-z0-9_-]+/pod-identity-associations"), "associations"),
]

_original = eks._handle_request_sync


def _json(status, body, code=None):
    headers = {"Content-Type": "application/json"}
    if code:
        headers["x-amzn-errortype"] = code
    return status, headers, json.dumps(body).encode()


def _error(status, code, message):
    return _json(status, {"__type": code, "message": message}, code)


def _single(query, name):
    v = query.get(name)
    if isinstance(v, list):
        return v[0] if v else None
    return v


def _page(method, path, headers, body, query, key):
    max_results = _single(query, "maxResults")
    token = _single(query, "nextToken")
    try:
        limit = int(max_results) if max_results is not None else 100
    except ValueError:
        return _error(400, "InvalidParameterException", f"maxResults {max_results} is not a number")
    if not 1 <= limit <= 100:
        return _error(400, "InvalidParameterException", "maxResults must be between 1 and 100")
    start = 0
    if token:
        try:
            decoded = json.loads(base64.urlsafe_b64decode(token.encode()).decode())
            start = int(decoded["offset"])
            if decoded.get("path") != path:
                raise ValueError("token of another list")
        except Exception:
            return _error(400, "InvalidParameterException", "The nextToken is invalid.")
    full_query = {k: v for k, v in query.items() if k not in ("maxResults", "nextToken")}
    full_query["maxResults"] = ["1000000"]
    status, resp_headers, resp_body = _original(method, path, headers, body, full_query)
    if status != 200:
        return status, resp_headers, resp_body
    data = json.loads(resp_body)
    items = data.get(key, [])
    data[key] = items[start:start + limit]
    if start + limit < len(items):
        data["nextToken"] = base64.urlsafe_b64encode(
            json.dumps({"offset": start + limit, "path": path}).encode()).decode()
    return _json(200, data)


def _addon_versions(query):
    name = _single(query, "addonName")
    k8s = _single(query, "kubernetesVersion")
    addons = []
    for addon_name, versions in _catalogue.items():
        if name and addon_name != name:
            continue
        vs = []
        for v in versions:
            compat = [c for c in v.get("compatibilities", []) if not k8s or c.get("clusterVersion") == k8s]
            if k8s and not compat:
                continue
            vs.append(dict(v, compatibilities=compat))
        addons.append({"addonName": addon_name, "type": "security", "addonVersions": vs,
                       "owner": "aws", "publisher": "eks"})
    # Paged one add-on per page when there are several, to exercise nextToken.
    token = _single(query, "nextToken")
    start = int(token) if token and token.isdigit() else 0
    page = addons[start:start + 1]
    out = {"addons": page}
    if start + 1 < len(addons):
        out["nextToken"] = str(start + 1)
    return _json(200, out)


def _addon_associations(cluster, addon, headers, body_bytes):
    """UpdateAddon with podIdentityAssociations, as EKS does it: the add-on owns associations for
    the pairs given (an empty list deletes them), and DescribeAddon lists their ARNs. ministack
    only stores the pairs, which DescribeAddon would then return in the wrong shape."""
    body = json.loads(body_bytes or b"{}")
    if "podIdentityAssociations" not in body:
        return body_bytes
    status, _, resp = _original("GET", f"/clusters/{cluster}/addons/{addon}", headers, b"", {})
    if status != 200:
        return body_bytes
    addon_arn = json.loads(resp)["addon"]["addonArn"]
    for (c, assoc_id), override in list(_association_overrides.items()):
        if c == cluster and override.get("ownerArn") == addon_arn:
            _original("DELETE", f"/clusters/{cluster}/pod-identity-associations/{assoc_id}", headers, b"", {})
            del _association_overrides[(c, assoc_id)]
    arns = []
    for pair in body["podIdentityAssociations"]:
        status, _, resp = _original("POST", f"/clusters/{cluster}/pod-identity-associations", headers,
                                    json.dumps({"namespace": "kube-system", "serviceAccount": pair["serviceAccount"],
                                                "roleArn": pair["roleArn"]}).encode(), {})
        if status == 200:
            created = json.loads(resp)["association"]
            _association_overrides[(cluster, created["associationId"])] = {"ownerArn": addon_arn}
            arns.append(created["associationArn"])
    body["podIdentityAssociations"] = arns
    return json.dumps(body).encode()


def _overridden(response):
    """Applies /_epi/associations overrides to any answer that carries associations, and gives a
    described association its live tags (ministack keeps the tags of the create request only, while
    EKS answers with those TagResource and UntagResource left)."""
    status, headers, body = response
    if status != 200:
        return response
    data = json.loads(body)
    if isinstance(data.get("association"), dict) and data["association"].get("associationArn"):
        data["association"]["tags"] = dict(eks._tags.get(data["association"]["associationArn"], {}))
        body = json.dumps(data).encode()
        response = (status, headers, body)
    if not _association_overrides:
        return response
    items = list(data.get("associations", []))
    if isinstance(data.get("association"), dict):
        items.append(data["association"])
    for item in items:
        override = _association_overrides.get((item.get("clusterName"), item.get("associationId")))
        if override:
            item.update(override)
    return _json(200, data)


def _tag_association(method, arn, body_bytes, query_params):
    """TagResource and UntagResource on an association (ministack refuses association ARNs)."""
    if not any(a.get("associationArn") == arn for a in eks._pod_identity_associations.values()):
        return _error(404, "ResourceNotFoundException", f"No resource found for ARN: {arn}.")
    tags = dict(eks._tags.get(arn, {}))
    if method == "POST":
        tags.update(json.loads(body_bytes or b"{}").get("tags", {}))
    elif method == "DELETE":
        keys = query_params.get("tagKeys", [])
        for k in keys if isinstance(keys, list) else [keys]:
            tags.pop(k, None)
    elif method == "GET":
        return _json(200, {"tags": tags})
    eks._tags[arn] = tags
    return _json(200, {})


def _cluster_vpc(body_bytes):
    """CreateCluster: EKS takes the cluster's VPC from its subnets (CreateCluster's
    resourcesVpcConfig has no vpcId); ministack records vpc-00000000 unless told. The subnets are
    looked up in the emulator's EC2, where the default VPC's exist from the first EC2 call on."""
    data = json.loads(body_bytes or b"{}")
    config = data.get("resourcesVpcConfig") or {}
    subnets = config.get("subnetIds") or []
    if subnets and "vpcId" not in config:
        if not _ms_ec2._subnets.get(subnets[0]):
            _ms_ec2._init_defaults()
        subnet = _ms_ec2._subnets.get(subnets[0])
        if subnet:
            config["vpcId"] = subnet["VpcId"]
            data["resourcesVpcConfig"] = config
            return json.dumps(data).encode()
    return body_bytes


def _merge(dst, src):
    for k, v in src.items():
        if isinstance(v, dict) and isinstance(dst.get(k), dict):
            _merge(dst[k], v)
        else:
            dst[k] = v


def patched(method, path, headers, body_bytes, query_params):
    query = {k: v for k, v in query_params.items()}
    with _lock:
        _calls.append({"method": method, "path": path,
                       "query": {k: _single(query, k) for k in query},
                       "userAgent": {k.lower(): v for k, v in headers.items()}.get("user-agent", "")})
        fault = dict(_faults)
    if fault and any(fnmatch.fnmatch(f"{method} {path}", pat) for pat in fault.get("operations", ["*"])):
        with _lock:
            hit = _rng.random() < float(fault.get("rate", 1.0))
        if hit:
            return _error(int(fault.get("status", 429)), fault.get("code", "ThrottlingException"),
                          fault.get("message", "Rate exceeded"))

    if method == "GET" and path == "/addons/supported-versions":
        return _addon_versions(query)
    if method == "GET" and path == "/addons/configuration-schemas":
        name, version = _single(query, "addonName"), _single(query, "addonVersion")
        conf = _configuration.get(name)
        if conf is None:
            return _error(404, "ResourceNotFoundException", f"No configuration for add-on {name}")
        if "byVersion" in conf:
            # Per version: a version not listed has no Pod Identity service account.
            conf = conf["byVersion"].get(version, {"configurationSchema": "{}", "podIdentityConfiguration": []})
        return _json(200, dict(conf, addonName=name, addonVersion=version))
    m = re.fullmatch(r"/clusters/([A-Za-z0-9_-]+)/fargate-profiles", path)
    if m and method == "GET":
        status, _, resp = _original("GET", f"/clusters/{m.group(1)}", headers, b"", {})
        if status != 200:
            return status, {"Content-Type": "application/json"}, resp
        return _json(200, {"fargateProfileNames": _fargate.get(m.group(1), [])})
    if method == "GET":
        for pattern, key in _PAGED:
            if pattern.fullmatch(path):
                return _overridden(_page(method, path, headers, body_bytes, query, key))

    m = re.fullmatch(r"/clusters/([A-Za-z0-9_-]+)/addons/([A-Za-z0-9_.-]+)/update", path)
    if m and method == "POST":
        body_bytes = _addon_associations(m.group(1), m.group(2), headers, body_bytes)

    if method == "POST" and path == "/clusters":
        body_bytes = _cluster_vpc(body_bytes)

    if path.startswith("/tags/") and ":podidentityassociation/" in urllib.parse.unquote(path):
        return _tag_association(method, urllib.parse.unquote(path[6:]), body_bytes, query_params)

    m = re.fullmatch(r"/clusters/([A-Za-z0-9_-]+)/pod-identity-associations/([A-Za-z0-9_-]+)", path)
    if m and method == "POST":
        # An empty targetRoleArn or policy removes it (ministack ignores empty values).
        data = json.loads(body_bytes or b"{}")
        cleared = [k for k in ("targetRoleArn", "policy") if data.get(k) == ""]
        if cleared:
            assoc = eks._pod_identity_associations.get(eks._pia_key(m.group(1), m.group(2)))
            if assoc is not None:
                for k in cleared:
                    assoc.pop(k, None)
                    if k == "targetRoleArn":
                        assoc.pop("externalId", None)

    status, resp_headers, resp_body = _overridden(_original(method, path, headers, body_bytes, query_params))
    if status == 200 and method == "GET":
        m = re.fullmatch(r"/clusters/([A-Za-z0-9_-]+)", path)
        if m and m.group(1) in _cluster_overrides:
            data = json.loads(resp_body)
            _merge(data["cluster"], json.loads(json.dumps(_cluster_overrides[m.group(1)])))
            return _json(200, data)
        m = re.fullmatch(r"/clusters/([A-Za-z0-9_-]+)/addons/([A-Za-z0-9_.-]+)", path)
        if m and (m.group(1), m.group(2)) in _addon_states:
            with _lock:
                states = _addon_states[(m.group(1), m.group(2))]
                state = states.pop(0) if len(states) > 1 else states[0]
            data = json.loads(resp_body)
            _merge(data["addon"], json.loads(json.dumps(state)))
            return _json(200, data)
    return status, resp_headers, resp_body


eks._handle_request_sync = patched

from ministack.services import ec2 as _ms_ec2  # noqa: E402
_original_ec2_defaults = _ms_ec2._init_defaults


def _default_route():
    """The default VPC as AWS makes it: its main route table sends 0.0.0.0/0 to the VPC's internet
    gateway (Amazon VPC User Guide, "Default VPCs"); ministack's has the local route only."""
    table = _ms_ec2._route_tables.get(_ms_ec2._DEFAULT_RTB_ID)
    if table and not any(r.get("DestinationCidrBlock") == "0.0.0.0/0" for r in table["Routes"]):
        table["Routes"].append({"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": _ms_ec2._DEFAULT_IGW_ID,
                                "State": "active", "Origin": "CreateRoute"})


def _ec2_defaults():
    _original_ec2_defaults()
    _default_route()


_ms_ec2._init_defaults = _ec2_defaults
_default_route()  # the scope ministack's EC2 set up when it was imported


def control(method, path, body):
    data = json.loads(body or b"{}")
    with _lock:
        if method == "POST" and path == "/_epi/catalogue":
            _configuration.update(data.pop("_configuration", {}))
            _catalogue.clear()
            _catalogue.update(data)
            return 200, {}
        m = re.fullmatch(r"/_epi/clusters/([A-Za-z0-9_-]+)", path)
        if m and method == "POST":
            _merge(_cluster_overrides.setdefault(m.group(1), {}), data)
            return 200, {}
        m = re.fullmatch(r"/_epi/addons/([A-Za-z0-9_-]+)/([A-Za-z0-9_.-]+)", path)
        if m and method == "POST":
            _addon_states[(m.group(1), m.group(2))] = list(data["states"])
            return 200, {}
        m = re.fullmatch(r"/_epi/associations/([A-Za-z0-9_-]+)/([A-Za-z0-9_-]+)", path)
        if m and method == "POST":
            _association_overrides[(m.group(1), m.group(2))] = data
            return 200, {}
        m = re.fullmatch(r"/_epi/fargate/([A-Za-z0-9_-]+)", path)
        if m and method == "POST":
            _fargate[m.group(1)] = list(data.get("profiles", []))
            return 200, {}
        if method == "POST" and path == "/_epi/deny-assume-role":
            _DENY_ASSUME.clear()
            _DENY_ASSUME.update(data.get("roleArns", []))
            return 200, {}
        if method == "POST" and path == "/_epi/regions":
            _regions["list"] = data.get("regions")
            _regions["fail"] = bool(data.get("fail"))
            return 200, {}
        if method == "POST" and path == "/_epi/slow-trust-write":
            _SLOW_TRUST[data["role"]] = float(data["seconds"])
            return 200, {}
        if method == "POST" and path == "/_epi/role-last-used":
            _LAST_USED[data["role"]] = (data["date"], data.get("region"))
            return 200, {}
        if method == "POST" and path == "/_epi/trust-quota":
            _TRUST_QUOTA[0] = int(data.get("trust", 2048))
            return 200, {}
        if method == "POST" and path == "/_epi/faults":
            _faults.clear()
            _faults.update(data)
            return 200, {}
        if method == "GET" and path == "/_epi/calls":
            return 200, list(_calls)
        if method == "POST" and path == "/_epi/hang":
            _hang["after"] = data.get("after")
            return 200, {}
        if method == "GET" and path == "/_epi/requests":
            return 200, {"count": _hang["count"], "assumeRole": _hang.get("assumeRole", 0)}
    return 404, {"message": f"no test-bed route {method} {path}"}


_inner = msapp.app
_hang = {"after": None, "count": 0}


async def _read_body(receive):
    body = b""
    more = True
    while more:
        msg = await receive()
        body += msg.get("body", b"")
        more = msg.get("more_body", False)
    return body


async def app(scope, receive, send):
    if scope["type"] == "http" and scope["path"].startswith("/_epi/"):
        body = await _read_body(receive)
        status, payload = control(scope["method"], scope["path"], body)
        data = json.dumps(payload).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(data)).encode())]})
        await send({"type": "http.response.body", "body": data})
        return
    if scope["type"] == "http" and not scope["path"].startswith("/_ministack/"):
        with _lock:
            _hang["count"] += 1
            held = _hang["after"] is not None and _hang["count"] > _hang["after"]
        if held:
            await asyncio.sleep(3600)
            return
    if scope["type"] == "http" and scope["method"] == "POST" and scope["path"] == "/":
        # IAM (query protocol): enforce the default role trust policy quota, as IAM does.
        body = await _read_body(receive)
        delay = _slow_trust_write(body)
        if delay:
            await asyncio.sleep(delay)
        refusal = _trust_quota_refusal(body)
        status = 409
        if refusal is None:
            refusal = _assume_role_refusal(body)
            status = 403
        if refusal is not None:
            await send({"type": "http.response.start", "status": status,
                        "headers": [(b"content-type", b"text/xml"),
                                    (b"content-length", str(len(refusal)).encode())]})
            await send({"type": "http.response.body", "body": refusal})
            return
        sent = [False]

        async def replay():
            if not sent[0]:
                sent[0] = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()
        await _inner(scope, replay, send)
        return
    await _inner(scope, receive, send)


_TRUST_QUOTA = [2048]
_SLOW_TRUST = {}


def _slow_trust_write(body):
    """Seconds to hold this request: the first UpdateAssumeRolePolicy of a role set by
    /_epi/slow-trust-write (once)."""
    from urllib.parse import parse_qs
    form = parse_qs(body.decode("utf-8", "replace"))
    if form.get("Action", [""])[0] != "UpdateAssumeRolePolicy":
        return None
    with _lock:
        return _SLOW_TRUST.pop(form.get("RoleName", [""])[0], None)
_DENY_ASSUME = set()


def _assume_role_refusal(body):
    """AssumeRole of a role listed by /_epi/deny-assume-role is refused as IAM refuses a trust
    policy that does not admit the caller (ministack checks trust policies only under AUTH=true,
    which would also demand real credentials for every call)."""
    from urllib.parse import parse_qs
    form = parse_qs(body.decode("utf-8", "replace"))
    if form.get("Action", [""])[0] != "AssumeRole":
        return None
    with _lock:
        _hang["assumeRole"] = _hang.get("assumeRole", 0) + 1
    role = form.get("RoleArn", [""])[0]
    if role not in _DENY_ASSUME:
        return None
    return ("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
            "<Code>AccessDenied</Code><Message>User: arn:aws:iam::000000000000:user/test is not authorized to "
            "perform: sts:AssumeRole on resource: %s</Message></Error><RequestId>epi-testbed</RequestId>"
            "</ErrorResponse>" % role).encode()


def _trust_quota_refusal(body):
    """IAM refuses a role trust policy over the account's quota (2048 characters by default,
    whitespace not counted) with LimitExceeded; ministack accepts any size."""
    from urllib.parse import parse_qs
    form = parse_qs(body.decode("utf-8", "replace"))
    action = form.get("Action", [""])[0]
    field = {"UpdateAssumeRolePolicy": "PolicyDocument", "CreateRole": "AssumeRolePolicyDocument"}.get(action)
    if field is None or field not in form:
        return None
    size = sum(1 for c in form[field][0] if not c.isspace())
    if size <= _TRUST_QUOTA[0]:
        return None
    message = "Cannot exceed quota for ACLSizePerRole: %d" % _TRUST_QUOTA[0]
    return ("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type>"
            "<Code>LimitExceeded</Code><Message>%s</Message></Error><RequestId>epi-testbed</RequestId>"
            "</ErrorResponse>" % message).encode()


from ministack.services import account as _ms_account

_regions = {"list": None, "fail": False}
_original_list_regions = _ms_account._list_regions


def _list_regions(payload):
    """The Account API's ListRegions as /_epi/regions sets it."""
    with _lock:
        fail, regions = _regions["fail"], _regions["list"]
    if fail:
        return _ms_account.error_response_json(
            "AccessDeniedException",
            "User is not authorized to perform: account:ListRegions", 403)
    if regions is not None:
        return _ms_account._json(200, {"Regions": [
            {"RegionName": r, "RegionOptStatus": "ENABLED_BY_DEFAULT"} for r in regions]})
    return _original_list_regions(payload)


from ministack.services import iam as _ms_iam

_LAST_USED = {}
_original_get_role = _ms_iam._IAM_HANDLERS["GetRole"]


def _get_role(p):
    """GetRole with the RoleLastUsed a test set (/_epi/role-last-used), in the shape of the IAM API
    reference's Role and RoleLastUsed types."""
    status, headers, body = _original_get_role(p)
    name = _ms_iam._p(p, "RoleName")
    with _lock:
        used = _LAST_USED.get(name)
    if status != 200 or used is None:
        return status, headers, body
    date, region = used
    region_xml = "<Region>%s</Region>" % region if region else ""
    extra = "<RoleLastUsed><LastUsedDate>%s</LastUsedDate>%s</RoleLastUsed>" % (date, region_xml)
    return status, headers, body.replace(b"</Role>", extra.encode() + b"</Role>", 1)


_ms_iam._IAM_HANDLERS["GetRole"] = _get_role

_ms_account._list_regions = _list_regions
_ms_account._DISPATCH["/listRegions"] = _list_regions

msapp.app = app

if __name__ == "__main__":
    sys.argv = [sys.argv[0]]
    sys.exit(msapp.main())
