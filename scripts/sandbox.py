"""The engine of scripts/sandbox: starts, seeds, describes and stops the local sandbox.

up    starts tests/testbed/server.py (ministack: EKS, IAM, STS) and tests/kube_standin/server.py
      (HTTPS, with a CA and a leaf certificate made by openssl, and --emulate-rollout so that a
      restart gives new pods the Pod Identity variables once an association exists), seeds them,
      writes a kubeconfig, and prints the export lines.
env   prints the export lines of a running sandbox.
down  stops the processes up recorded and removes the state; prints unset lines.

The seed, in account 111122223333 (the test bed takes the account from a 12-digit access key id):
  - cluster demo, Kubernetes 1.30, its endpoint and CA pointing at the stand-in, and its OIDC
    provider in IAM;
  - the eks-pod-identity-agent version catalogue (DescribeAddonVersions);
  - namespaces shop and billing with IRSA service accounts (shop/cart, shop/orders,
    billing/invoices), each with a role trusting the cluster's OIDC provider for that service
    account, a Deployment and two running pods carrying the IRSA variables;
  - service accounts team-a/app and team-b/api, and role team-b-api (trusting EC2, not yet Pod
    Identity), for README's walkthrough;
  - a Linux node and the agent's DaemonSet, for epi doctor.
"""

import argparse
import base64
import json
import os
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STATE = os.environ.get("EPI_SANDBOX_DIR") or os.path.join(ROOT, ".sandbox")
ACCOUNT = "111122223333"
REGION = "us-east-1"
CLUSTER = "demo"
TOKEN = "sandbox-token"
# AWS_DEFAULT_REGION too: the AWS CLI v1 reads only that one (#33 item 16).
EXPORTED = ["AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION",
            "AWS_DEFAULT_REGION", "AWS_EC2_METADATA_DISABLED", "KUBECONFIG"]
# Every variable up's lines change: down puts each back as it was (set, unset, or empty).
CHANGED = EXPORTED + ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_PROFILE"]
IRSA = [("shop", "cart"), ("shop", "orders"), ("billing", "invoices")]
# A synthetic CloudTrail trail the sandbox writes for `epi usage` (#34): not real AWS data, but
# events in the shapes CloudTrail records (src/usage/attribution.rs names the sources).
TRAIL_BUCKET = "epi-sandbox-trail"


def say(message):
    print("sandbox: " + message, file=sys.stderr)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def path(name):
    return os.path.join(STATE, name)


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False


def read_state():
    try:
        with open(path("state.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def exports(state):
    env = state["env"]
    lines = ["unset AWS_PROFILE AWS_SESSION_TOKEN AWS_DEFAULT_PROFILE"]
    lines += ["export %s=%s" % (k, env[k]) for k in EXPORTED]
    return "\n".join(lines) + "\n"


def start(args, log, extra_env=None):
    env = dict(os.environ)
    env.update(extra_env or {})
    with open(log, "ab") as out:
        # A session of its own: the servers outlive this script and the shell's job control.
        return subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out, stderr=out, env=env,
                                start_new_session=True).pid


def wait_for(url, context=None, headers=None, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            request = urllib.request.Request(url, headers=headers or {})
            with urllib.request.urlopen(request, timeout=2, context=context):
                return
        except Exception:
            time.sleep(0.1)
    raise SystemExit("sandbox: %s did not answer within %d s (logs in %s)" % (url, seconds, STATE))


def certificates():
    """A CA and a leaf signed by it (rustls refuses a self-signed leaf)."""
    run = lambda *a: subprocess.run(a, check=True, capture_output=True)
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
        "-subj", "/CN=epi sandbox CA", "-keyout", path("ca-key.pem"), "-out", path("ca.pem"),
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
        "-keyout", path("leaf-key.pem"), "-out", path("leaf.csr"))
    with open(path("leaf.ext"), "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n")
    run("openssl", "x509", "-req", "-in", path("leaf.csr"), "-CA", path("ca.pem"),
        "-CAkey", path("ca-key.pem"), "-CAcreateserial", "-days", "30", "-out", path("leaf.pem"),
        "-extfile", path("leaf.ext"))


def aws_clients(endpoint):
    import botocore.session
    session = botocore.session.get_session()
    session.set_credentials(ACCOUNT, "sandbox-secret")
    make = lambda service: session.create_client(service, region_name=REGION, endpoint_url=endpoint)
    return make("eks"), make("iam")


def control(endpoint, route, body):
    request = urllib.request.Request(endpoint + route, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).read()


class Kube:
    def __init__(self, port):
        self.base = "https://127.0.0.1:%d" % port
        self.context = ssl.create_default_context(cafile=path("ca.pem"))

    def create(self, collection, obj):
        request = urllib.request.Request(self.base + collection, data=json.dumps(obj).encode(),
                                         method="POST", headers={"Authorization": "Bearer " + TOKEN,
                                                                 "Content-Type": "application/json"})
        urllib.request.urlopen(request, timeout=10, context=self.context).read()


def seed(aws_endpoint, kube_port, ca_pem):
    eks, iam = aws_clients(aws_endpoint)
    eks.create_cluster(name=CLUSTER, roleArn="arn:aws:iam::%s:role/eks-cluster-role" % ACCOUNT,
                       resourcesVpcConfig={}, version="1.30")
    control(aws_endpoint, "/_epi/clusters/" + CLUSTER, {
        "version": "1.30", "platformVersion": "eks.20",
        "endpoint": "https://127.0.0.1:%d" % kube_port,
        "certificateAuthority": {"data": base64.b64encode(ca_pem).decode()},
    })

    def version(v, default, clusters):
        return {"addonVersion": v, "architecture": ["amd64", "arm64"],
                "compatibilities": [{"clusterVersion": c, "platformVersions": ["*"], "defaultVersion": default}
                                    for c in clusters], "requiresConfiguration": False}

    control(aws_endpoint, "/_epi/catalogue", {"eks-pod-identity-agent": [
        version("v1.3.10-eksbuild.1", False, ["1.30", "1.31"]),
        version("v1.3.4-eksbuild.1", True, ["1.30"]),
    ]})
    issuer = eks.describe_cluster(name=CLUSTER)["cluster"]["identity"]["oidc"]["issuer"]
    provider = issuer.split("://", 1)[-1]
    iam.create_open_id_connect_provider(Url=issuer, ClientIDList=["sts.amazonaws.com"],
                                        ThumbprintList=["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"])
    provider_arn = "arn:aws:iam::%s:oidc-provider/%s" % (ACCOUNT, provider)

    kube = Kube(kube_port)
    kube.create("/api/v1/nodes", {"metadata": {"name": "ip-10-0-1-10.ec2.internal",
                                               "labels": {"kubernetes.io/os": "linux"}}})
    kube.create("/apis/apps/v1/namespaces/kube-system/daemonsets", {
        "metadata": {"name": "eks-pod-identity-agent"},
        "spec": {"selector": {"matchLabels": {"app": "eks-pod-identity-agent"}},
                 "template": {"metadata": {"labels": {"app": "eks-pod-identity-agent"}},
                              "spec": {"containers": [{"name": "agent", "image": "eks-pod-identity-agent"}]}}},
        "status": {"desiredNumberScheduled": 1, "numberReady": 1, "numberUnavailable": 0}})
    for ns, sa in IRSA:
        role = "%s-%s" % (ns, sa)
        trust = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Federated": provider_arn},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": {provider + ":sub": "system:serviceaccount:%s:%s" % (ns, sa),
                                           provider + ":aud": "sts.amazonaws.com"}}}]}
        arn = iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
        kube.create("/api/v1/namespaces/%s/serviceaccounts" % ns,
                    {"metadata": {"name": sa, "annotations": {"eks.amazonaws.com/role-arn": arn}}})
        labels = {"app": sa}
        kube.create("/apis/apps/v1/namespaces/%s/deployments" % ns, {
            "metadata": {"name": sa},
            "spec": {"replicas": 2, "selector": {"matchLabels": labels},
                     "template": {"metadata": {"labels": labels},
                                  "spec": {"serviceAccountName": sa,
                                           "containers": [{"name": sa, "image": "example/%s:1" % sa}]}}}})
        for i in range(2):
            kube.create("/api/v1/namespaces/%s/pods" % ns, {
                "metadata": {"name": "%s-7d9f8b6c5-%d%s" % (sa, i, "abcd"), "labels": dict(labels, **{"pod-template-hash": "7d9f8b6c5"}),
                             "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet",
                                                  "name": sa + "-7d9f8b6c5", "uid": "rs-" + sa, "controller": True}]},
                "spec": {"serviceAccountName": sa, "containers": [{
                    "name": sa, "image": "example/%s:1" % sa,
                    "env": [{"name": "AWS_ROLE_ARN", "value": arn},
                            {"name": "AWS_WEB_IDENTITY_TOKEN_FILE",
                             "value": "/var/run/secrets/eks.amazonaws.com/serviceaccount/token"}]}]},
                "status": {"phase": "Running"}})
    trail(aws_endpoint, provider_arn)
    for ns, sa in [("team-a", "app"), ("team-b", "api")]:
        kube.create("/api/v1/namespaces/%s/serviceaccounts" % ns, {"metadata": {"name": sa}})
    iam.create_role(RoleName="team-b-api", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                                "Action": "sts:AssumeRole"}]}))


def trail(endpoint, provider_arn):
    """A day of synthetic CloudTrail for the IRSA service accounts: each one's
    AssumeRoleWithWebIdentity, then S3 calls with its credentials (one denied), gzipped in the
    layout a trail delivers to its bucket."""
    import gzip
    import botocore.config
    import botocore.session
    session = botocore.session.get_session()
    session.set_credentials(ACCOUNT, "sandbox-secret")
    s3 = session.create_client("s3", region_name=REGION, endpoint_url=endpoint,
                               config=botocore.config.Config(s3={"addressing_style": "path"}))
    s3.create_bucket(Bucket=TRAIL_BUCKET)
    records = []
    for n, (ns, sa) in enumerate(IRSA):
        key = "ASIASANDBOX%09d" % n
        role = "%s-%s" % (ns, sa)
        session_name = "botocore-session-%d" % (1700000000 + n)
        records.append({
            "eventVersion": "1.08",
            "userIdentity": {"type": "WebIdentityUser",
                             "principalId": "%s:sts.amazonaws.com:system:serviceaccount:%s:%s" % (provider_arn, ns, sa),
                             "userName": "system:serviceaccount:%s:%s" % (ns, sa),
                             "identityProvider": provider_arn},
            "eventTime": "2026-12-01T09:00:0%dZ" % n, "eventSource": "sts.amazonaws.com",
            "eventName": "AssumeRoleWithWebIdentity", "awsRegion": REGION,
            "requestParameters": {"roleArn": "arn:aws:iam::%s:role/%s" % (ACCOUNT, role),
                                  "roleSessionName": session_name},
            "responseElements": {"credentials": {"accessKeyId": key},
                                 "assumedRoleUser": {"arn": "arn:aws:sts::%s:assumed-role/%s/%s" % (ACCOUNT, role, session_name)}},
            "eventID": "sandbox-assume-%d" % n, "eventType": "AwsApiCall", "recipientAccountId": ACCOUNT})
        for i in range(3 + n):
            call = {
                "eventVersion": "1.09",
                "userIdentity": {"type": "AssumedRole", "accountId": ACCOUNT, "accessKeyId": key,
                                 "arn": "arn:aws:sts::%s:assumed-role/%s/%s" % (ACCOUNT, role, session_name)},
                "eventTime": "2026-12-01T10:%02d:00Z" % i, "eventSource": "s3.amazonaws.com",
                "eventName": "GetObject" if i % 3 else "PutObject", "awsRegion": REGION,
                "eventID": "sandbox-call-%d-%d" % (n, i), "eventType": "AwsApiCall",
                "resources": [{"type": "AWS::S3::Object", "ARN": "arn:aws:s3:::%s-data/%s/%d.json" % (ns, sa, i)}],
                "recipientAccountId": ACCOUNT}
            if i == 0:
                call["errorCode"] = "AccessDenied"
            records.append(call)
    key = "AWSLogs/%s/CloudTrail/%s/2026/12/01/%s_CloudTrail_%s_20261201T1005Z_sandbox.json.gz" % (
        ACCOUNT, REGION, ACCOUNT, REGION)
    s3.put_object(Bucket=TRAIL_BUCKET, Key=key, Body=gzip.compress(json.dumps({"Records": records}).encode()))


def up(args):
    state = read_state()
    if state and all(alive(p) for p in state["pids"]):
        say("already up (scripts/sandbox down stops it)")
        sys.stdout.write(exports(state))
        return
    # What the caller's shell has now, for down to put back (a sandbox left up keeps the first).
    saved = (state or {}).get("saved") or {k: os.environ.get(k) for k in CHANGED}
    if state:
        stop(state)
    # The sandbox's own credentials only: a profile of the caller's (even a missing one) must not
    # reach the seeding clients or the servers.
    for k in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN"):
        os.environ.pop(k, None)
    os.makedirs(STATE, exist_ok=True)
    aws_port, kube_port = free_port(), free_port()
    aws_endpoint = "http://127.0.0.1:%d" % aws_port
    pids = []
    try:
        pids.append(start([args.python, os.path.join(ROOT, "tests/testbed/server.py")], path("aws.log"),
                          {"BIND_HOST": "127.0.0.1", "GATEWAY_PORT": str(aws_port), "LOG_LEVEL": "WARNING"}))
        certificates()
        pids.append(start([sys.executable, os.path.join(ROOT, "tests/kube_standin/server.py"),
                           "--port", str(kube_port), "--cert", path("leaf.pem"), "--key", path("leaf-key.pem"),
                           "--emulate-rollout", "--eks-endpoint", aws_endpoint, "--eks-cluster", CLUSTER,
                           "--eks-access-key", ACCOUNT, "--eks-region", REGION], path("kube.log")))
        with open(path("state.json"), "w") as f:
            json.dump({"pids": pids}, f)
        wait_for(aws_endpoint + "/_ministack/health")
        kube_url = "https://127.0.0.1:%d" % kube_port
        wait_for(kube_url + "/api/v1/nodes", ssl.create_default_context(cafile=path("ca.pem")),
                 {"Authorization": "Bearer " + TOKEN})
        with open(path("ca.pem"), "rb") as f:
            ca_pem = f.read()
        seed(aws_endpoint, kube_port, ca_pem)
    except BaseException:
        stop({"pids": pids})
        raise
    kubeconfig = path("kubeconfig")
    with open(kubeconfig, "w") as f:
        f.write("apiVersion: v1\nkind: Config\nclusters:\n- name: %s\n  cluster:\n    server: https://127.0.0.1:%d\n"
                "    certificate-authority-data: %s\ncontexts:\n- name: %s\n  context:\n    cluster: %s\n"
                "    user: sandbox\ncurrent-context: %s\nusers:\n- name: sandbox\n  user:\n    token: %s\n"
                % (CLUSTER, kube_port, base64.b64encode(ca_pem).decode(), CLUSTER, CLUSTER, CLUSTER, TOKEN))
    state = {"pids": pids, "saved": saved, "env": {
        "AWS_ENDPOINT_URL": aws_endpoint, "AWS_ACCESS_KEY_ID": ACCOUNT,
        "AWS_SECRET_ACCESS_KEY": "sandbox-secret", "AWS_REGION": REGION, "AWS_DEFAULT_REGION": REGION,
        "AWS_EC2_METADATA_DISABLED": "true", "KUBECONFIG": kubeconfig}}
    with open(path("state.json"), "w") as f:
        json.dump(state, f)
    say("up: cluster %s in account %s, AWS at %s, Kubernetes at https://127.0.0.1:%d (state in %s)"
        % (CLUSTER, ACCOUNT, aws_endpoint, kube_port, STATE))
    sys.stdout.write(exports(state))


def stop(state):
    for pid in state.get("pids", []):
        try:
            os.killpg(pid, signal.SIGTERM)
        except OSError:
            pass
    deadline = time.time() + 5
    while time.time() < deadline and any(alive(p) for p in state.get("pids", [])):
        time.sleep(0.05)
    for pid in state.get("pids", []):
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass


def restore_lines(saved):
    """Shell lines that put every variable up changed back as `saved` had it."""
    unset = [k for k in CHANGED if saved.get(k) is None]
    lines = ["unset %s" % " ".join(unset)] if unset else []
    lines += ["export %s=%s" % (k, shlex.quote(saved[k])) for k in CHANGED if saved.get(k) is not None]
    return "\n".join(lines) + "\n"


def down():
    state = read_state()
    if state is None:
        say("not up")
        sys.stdout.write("unset %s\n" % " ".join(EXPORTED))
        return
    stop(state)
    shutil.rmtree(STATE, ignore_errors=True)
    say("down: your shell's variables are put back as they were before up")
    saved = state.get("saved")
    if saved is None:
        sys.stdout.write("unset %s\n" % " ".join(EXPORTED))
    else:
        sys.stdout.write(restore_lines(saved))


def main():
    parser = argparse.ArgumentParser(prog="scripts/sandbox")
    parser.add_argument("command", choices=["up", "down", "env"])
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()
    if args.command == "up":
        try:
            up(args)
        except (Exception, KeyboardInterrupt) as e:
            state = read_state()
            if state:
                stop(state)
            shutil.rmtree(STATE, ignore_errors=True)
            reason = str(e).splitlines()[0] if str(e) else type(e).__name__
            say("up failed: %s (%s); nothing is left running and %s is removed; hint: see the "
                "message, then run `eval \"$(scripts/sandbox up)\"` again" % (reason, type(e).__name__, STATE))
            sys.exit(1)
    elif args.command == "down":
        down()
    else:
        state = read_state()
        if state is None or "env" not in state:
            raise SystemExit("sandbox: not up (eval \"$(scripts/sandbox up)\")")
        sys.stdout.write(exports(state))


if __name__ == "__main__":
    main()
