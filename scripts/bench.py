"""epi against the AWS CLI v1 on the local test bed behind a realistic network. Run by scripts/bench,
which installs what it needs and builds the release binary; see docs/performance.md.

The network: tests/testbed/proxy.py in front of the AWS test bed (ministack, tests/testbed/server.py)
and in front of the Kubernetes stand-in (tests/kube_standin/server.py), each adding --delay-ms to
every request and capping the request rate at --rate per second (token bucket, queueing).

Cases, each on freshly seeded state:
  1. start-up of an offline command: `epi policy trust` vs `aws --version`
  2. `epi association list` (roles included: one Describe per association) on a cluster with
     1000 associations, vs `aws eks list-pod-identity-associations` + one describe per association
  3. `epi association list --all-clusters` over 20 clusters x 50 associations, vs the AWS CLI
     listing clusters, listing each cluster's associations and describing each
  4. `epi migrate-irsa --yes` of 500 IRSA service accounts, vs one
     `aws eks create-pod-identity-association` per service account
  5. `epi plan -f` with no change over 1000 associations (the file made by `epi export`): every
     association described, the role it names read
  7. `epi association list --all-clusters --accounts ... --regions ...` over 10 accounts x 2
     regions x 5 clusters x 20 associations (the caller's account read directly, the nine others
     by AssumeRole), vs the AWS CLI looping over one profile per account
  8. `epi access who-can` over 1000 associations sharing 200 roles, each role with two managed
     policies of its own: every association described, each role read once (GetRole and its
     policy lists), each managed policy read once (GetPolicy, GetPolicyVersion); no AWS CLI
     equivalent (nothing but epi evaluates Pod Identity's session tags)
  10. `epi association list --all-clusters --accounts ...` over an organisation of 50 accounts x 3
     regions x 4 clusters x 20 associations (12,000), under the per-account model: its limit is the
     slowest account's round trips plus its busiest bucket's calls over the rate; peak RSS < 100 MB
  9. `epi usage --source s3://BUCKET --offline` over a trail of 2,000 delivered objects (one
     account, one region, 50 events each: an EKS Pod Identity AssumeRole and its S3 calls), vs
     `aws s3 cp --recursive` of the same objects (the AWS CLI can fetch them, not read them)
  6. `epi apply -f --yes` creating 500 roles (each with a managed policy) and their 500 associations
     on an empty cluster, vs the AWS CLI's create-role, attach-role-policy and
     create-pod-identity-association per association

--model per-account (the default, #36) gives the AWS proxy AWS's buckets: one per account and
service for IAM and STS, per account, service and region for EKS and the others; --model global one
bucket for every request (the model before #36).

The limit of a case is what the network allows: round trips that must follow one another x delay,
plus the calls the work needs / rate, plus any wait the work needs (case 4: the settle delay before
the end-of-run trust check).
"""

import argparse
import base64
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ACCOUNT = "000000000000"
AGENT = "eks-pod-identity-agent"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=30):
    start = time.time()
    while time.time() - start < timeout:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit(f"bench: nothing listens on port {port}")


class Servers:
    """The AWS test bed and the Kubernetes stand-in, each behind its own proxy."""

    def __init__(self, args, workdir):
        self.procs = []
        self.aws_port = free_port()
        env = dict(os.environ, BIND_HOST="127.0.0.1", GATEWAY_PORT=str(self.aws_port))
        self.spawn([sys.executable, os.path.join(ROOT, "tests/testbed/server.py")], env)
        wait_port(self.aws_port)
        self.aws_proxy = free_port()
        self.spawn(self.proxy_cmd(args, self.aws_proxy, self.aws_port, aws=True))
        wait_port(self.aws_proxy)

        ca, leaf, key = make_certificates(workdir)
        self.kube_port = free_port()
        self.spawn([sys.executable, os.path.join(ROOT, "tests/kube_standin/server.py"),
                    "--port", str(self.kube_port), "--cert", leaf, "--key", key])
        wait_port(self.kube_port)
        self.kube_proxy = free_port()
        self.spawn(self.proxy_cmd(args, self.kube_proxy, self.kube_port)
                   + ["--tls-cert", leaf, "--tls-key", key, "--upstream-tls"])
        wait_port(self.kube_proxy)
        self.kubeconfig = os.path.join(workdir, "kubeconfig")
        ca_data = base64.b64encode(open(ca, "rb").read()).decode()
        with open(self.kubeconfig, "w") as f:
            f.write(
                "apiVersion: v1\nkind: Config\nclusters:\n- name: bench\n  cluster:\n"
                f"    server: https://127.0.0.1:{self.kube_proxy}\n"
                f"    certificate-authority-data: {ca_data}\n"
                "contexts:\n- name: bench\n  context:\n    cluster: bench\n    user: admin\n"
                "current-context: bench\nusers:\n- name: admin\n  user:\n    token: bench-token\n"
            )

    @staticmethod
    def proxy_cmd(args, port, upstream, aws=False):
        return [sys.executable, os.path.join(ROOT, "tests/testbed/proxy.py"), "--port", str(port),
                "--upstream", f"127.0.0.1:{upstream}", "--delay-ms", str(args.delay_ms),
                "--rate", str(args.rate)] + (["--per-account"] if aws and args.model == "per-account" else [])

    def spawn(self, cmd, env=None):
        self.procs.append(subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL))

    def stop(self):
        for p in self.procs:
            p.kill()
            p.wait()

    def proxy_stats(self, port, reset=False):
        import ssl
        scheme = "https" if port == self.kube_proxy else "http"
        req = urllib.request.Request(f"{scheme}://127.0.0.1:{port}/_proxy/{'reset' if reset else 'stats'}",
                                     method="POST" if reset else "GET")
        ctx = ssl._create_unverified_context() if scheme == "https" else None
        return json.load(urllib.request.urlopen(req, context=ctx))

    def kube(self, method, path, body=None):
        """A direct (unproxied) call to the stand-in, for seeding."""
        import ssl
        ctx = ssl._create_unverified_context()
        req = urllib.request.Request(f"https://127.0.0.1:{self.kube_port}{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": "Bearer seed",
                                              "Content-Type": "application/json"})
        return json.load(urllib.request.urlopen(req, context=ctx))

    def control(self, path, body):
        req = urllib.request.Request(f"http://127.0.0.1:{self.aws_port}{path}", method="POST",
                                     data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
        return json.load(urllib.request.urlopen(req))


def make_certificates(workdir):
    """A CA and a leaf for 127.0.0.1 signed by it (rustls refuses a self-signed leaf)."""
    ca, ca_key = os.path.join(workdir, "ca.pem"), os.path.join(workdir, "ca-key.pem")
    leaf, key = os.path.join(workdir, "leaf.pem"), os.path.join(workdir, "leaf-key.pem")
    csr, ext = os.path.join(workdir, "leaf.csr"), os.path.join(workdir, "leaf.ext")
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "check": True}
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-keyout", ca_key, "-out", ca, "-days", "2", "-subj", "/CN=epi bench CA"],
                   **quiet)
    subprocess.run(["openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", key, "-out", csr, "-subj", "/CN=localhost"], **quiet)
    with open(ext, "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n")
    subprocess.run(["openssl", "x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key,
                    "-CAcreateserial", "-out", leaf, "-days", "2", "-extfile", ext], **quiet)
    return ca, leaf, key


def clients(servers, region):
    import botocore.session
    session = botocore.session.get_session()
    kw = {"region_name": region, "endpoint_url": f"http://127.0.0.1:{servers.aws_port}",
          "aws_access_key_id": "AKIDBENCH", "aws_secret_access_key": "bench-secret"}
    return session.create_client("eks", **kw), session.create_client("iam", **kw)


def create_cluster(eks, name):
    eks.create_cluster(name=name, roleArn=f"arn:aws:iam::{ACCOUNT}:role/eks-cluster",
                       resourcesVpcConfig={"subnetIds": ["subnet-1"]})


POD_IDENTITY_TRUST = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"},
    "Action": ["sts:AssumeRole", "sts:TagSession"]}]}


def seed_associations(eks, cluster, count, threads=8, role=None):
    def one(i):
        eks.create_pod_identity_association(
            clusterName=cluster, namespace=f"ns-{i // 10:03d}", serviceAccount=f"sa-{i:04d}",
            roleArn=f"arn:aws:iam::{ACCOUNT}:role/{role or f'app-{i % 10}'}")
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, range(count)))


def account_eks(servers, account, region):
    """EKS as `account` (the emulator takes the account from a 12-digit access key id)."""
    import botocore.session
    return botocore.session.get_session().create_client(
        "eks", region_name=region, endpoint_url=f"http://127.0.0.1:{servers.aws_port}",
        aws_access_key_id=account if account != ACCOUNT else "AKIDBENCH",
        aws_secret_access_key="bench-secret")


def seed_fleet(servers, accounts, regions, prefix, clusters, per_cluster, pool_size, threads):
    """In every account and region, `clusters` clusters PREFIX0… of `per_cluster` associations."""
    def seed_place(place):
        eks = account_eks(servers, *place)
        for c in range(clusters):
            create_cluster(eks, f"{prefix}{c}")
            seed_associations(eks, f"{prefix}{c}", per_cluster, threads=threads)
    with ThreadPoolExecutor(pool_size) as pool:
        list(pool.map(seed_place, [(a, r) for a in accounts for r in regions]))


def seed_migration(servers, eks, iam, cluster, count, prefix, kube=True):
    """An IRSA cluster: `count` service accounts in namespaces of 10, each with its own role whose
    trust policy admits it through the cluster's OIDC provider; the agent add-on is installed."""
    create_cluster(eks, cluster)
    issuer = eks.describe_cluster(name=cluster)["cluster"]["identity"]["oidc"]["issuer"]
    provider = issuer.split("://", 1)[-1]
    eks.create_addon(clusterName=cluster, addonName=AGENT, addonVersion="v1.3.10-eksbuild.1")
    accounts = []

    def one(i):
        ns, sa = f"{prefix}-{i // 10:03d}", f"sa-{i:04d}"
        trust = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow",
            "Principal": {"Federated": f"arn:aws:iam::{ACCOUNT}:oidc-provider/{provider}"},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": {f"{provider}:sub": f"system:serviceaccount:{ns}:{sa}",
                                           f"{provider}:aud": "sts.amazonaws.com"}}}]}
        arn = iam.create_role(RoleName=f"{prefix}-{i:04d}",
                              AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
        if kube:
            servers.kube("POST", f"/api/v1/namespaces/{ns}/serviceaccounts",
                         {"metadata": {"name": sa, "annotations": {"eks.amazonaws.com/role-arn": arn}}})
        return ns, sa, arn
    with ThreadPoolExecutor(8) as pool:
        accounts = list(pool.map(one, range(count)))
    return accounts


GNU_TIME = "/usr/bin/time"


def trail_object(i, events):
    """One delivered CloudTrail object (gzipped {"Records": [...]}): an AssumeRole EKS Pod Identity
    made for pod i (CloudTrail's recorded shape, see src/usage/attribution.rs) and its S3 calls."""
    import gzip
    key = f"ASIABENCH{i:011d}"
    session = f"eks-bench-pod-{i}-6c1f0a"
    role = f"arn:aws:iam::{ACCOUNT}:role/bench-{i % 20}"
    records = [{
        "eventVersion": "1.08", "eventID": f"a-{i}", "eventTime": "2026-12-01T09:00:00Z",
        "eventSource": "sts.amazonaws.com", "eventName": "AssumeRole", "awsRegion": "us-east-1",
        "userIdentity": {"type": "AWSService", "invokedBy": "pods.eks.amazonaws.com"},
        "requestParameters": {"roleArn": role, "roleSessionName": session, "tags": [
            {"key": "eks-cluster-name", "value": "bench"},
            {"key": "kubernetes-namespace", "value": f"ns-{i % 50}"},
            {"key": "kubernetes-service-account", "value": f"sa-{i % 100}"},
            {"key": "kubernetes-pod-name", "value": f"pod-{i}"},
            {"key": "kubernetes-pod-uid", "value": f"uid-{i}"}]},
        "responseElements": {"credentials": {"accessKeyId": key},
                             "assumedRoleUser": {"arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/bench-{i % 20}/{session}"}},
        "recipientAccountId": ACCOUNT}]
    for n in range(events - 1):
        records.append({
            "eventVersion": "1.09", "eventID": f"c-{i}-{n}", "eventTime": f"2026-12-01T10:{n % 60:02d}:00Z",
            "eventSource": "s3.amazonaws.com", "eventName": "GetObject", "awsRegion": "us-east-1",
            "userIdentity": {"type": "AssumedRole", "accountId": ACCOUNT, "accessKeyId": key,
                             "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/bench-{i % 20}/{session}"},
            "resources": [{"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::data/ns-{i % 50}/{n}.csv"}],
            "recipientAccountId": ACCOUNT})
    return gzip.compress(json.dumps({"Records": records}).encode())


def run_measured(cmd, env, rss=True):
    """Runs a command; returns (seconds, peak RSS in MB or 0, exit code, stderr).

    The peak RSS comes from GNU time, which forks from a small process: Linux carries the
    high-water mark of a process's memory across fork and exec, so a child of this (large)
    Python process would report Python's peak, not its own."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as out:
        wrapped = [GNU_TIME, "-q", "-o", out.name, "-f", "%M"] + cmd if rss else cmd
        start = time.perf_counter()
        proc = subprocess.run(wrapped, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        peak = float(out.read().strip().splitlines()[-1]) / 1024 if rss else 0.0
    return elapsed, peak, proc.returncode, proc.stderr.decode(errors="replace")


def run_checked(cmd, env, what, rss=True):
    t, rss, code, err = run_measured(cmd, env, rss)
    if code != 0:
        sys.exit(f"bench: {what} failed (exit {code}): {' '.join(cmd)}\n{err[-2000:]}")
    return t, rss


def cli_loop(commands, env, sample):
    """Runs AWS CLI invocations one after the other, as a shell loop would. With `sample`, runs only
    that many of the per-item ones and extrapolates. Returns (seconds, peak RSS, extrapolated)."""
    head, per_item = commands
    total, peak = 0.0, 0.0
    for cmd in head:
        t, rss = run_checked(cmd, env, "the AWS CLI")
        total, peak = total + t, max(peak, rss)
    items = per_item if not sample else per_item[:sample]
    spent = 0.0
    for cmd in items:
        t, rss = run_checked(cmd, env, "the AWS CLI")
        spent, peak = spent + t, max(peak, rss)
    if items and len(items) < len(per_item):
        spent = spent / len(items) * len(per_item)
    return total + spent, peak, bool(sample) and len(items) < len(per_item)


def fmt_time(s):
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--epi", required=True)
    p.add_argument("--aws", required=True, help="the AWS CLI v1 executable")
    p.add_argument("--delay-ms", type=float, default=30)
    p.add_argument("--rate", type=float, default=50)
    p.add_argument("--cli-sample", type=int, default=0,
                   help="run only N per-item AWS CLI calls per case and extrapolate (0: run them all)")
    p.add_argument("--scale", type=float, default=1.0, help="multiply the case sizes (e.g. 0.1 for a quick run)")
    p.add_argument("--startup-runs", type=int, default=100)
    p.add_argument("--cases", default="1,2,3,4,5,6,7,8,9,10")
    p.add_argument("--model", choices=["per-account", "global"], default="per-account",
                   help="the proxy's rate buckets: AWS's (per account and service, and region for "
                        "regional services; #36), or one for every request")
    args = p.parse_args()
    if not os.access(GNU_TIME, os.X_OK):
        sys.exit(f"bench: {GNU_TIME} (GNU time) is needed to measure peak RSS: apt-get install time")
    cases = {int(c) for c in args.cases.split(",")}
    n_big = max(10, int(1000 * args.scale))
    n_clusters, n_per = max(2, int(20 * args.scale)), 50
    n_mig = max(10, int(500 * args.scale))
    n_plan = max(10, int(1000 * args.scale))
    n_apply = max(10, int(500 * args.scale))
    n_fleet_accounts = max(2, int(10 * args.scale))
    n_who, n_who_roles = max(10, int(1000 * args.scale)), max(2, int(200 * args.scale))
    n_objects = max(20, int(2000 * args.scale))
    delay = args.delay_ms / 1000

    workdir = tempfile.mkdtemp(prefix="epi-bench-")
    servers = Servers(args, workdir)
    rows = []
    try:
        base_env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        base_env.update(AWS_ACCESS_KEY_ID="AKIDBENCH", AWS_SECRET_ACCESS_KEY="bench-secret",
                        AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null",
                        AWS_EC2_METADATA_DISABLED="true")
        proxy_url = f"http://127.0.0.1:{servers.aws_proxy}"

        if 1 in cases:
            def median(cmd, runs):
                # Wall time from direct runs (GNU time's own fork would add to it), RSS from one more.
                for _ in range(3):
                    run_checked(cmd, base_env, cmd[0], rss=False)
                times = [run_checked(cmd, base_env, cmd[0], rss=False)[0] for _ in range(runs)]
                return statistics.median(times), run_checked(cmd, base_env, cmd[0])[1]
            e_t, e_rss = median([args.epi, "policy", "trust"], args.startup_runs)
            a_t, a_rss = median([args.aws, "--version"], max(5, args.startup_runs // 10))
            rows.append(("1 start-up (median)", "epi policy trust", e_t, e_rss, None, None, a_t, "< 5 ms"))
            rows.append(("", "aws --version", a_t, a_rss, None, None, None, ""))

        def epi_case(name, cmd, region, calls, sequential, cli_cmds, target_note, wait=0.0, rated=None):
            env = dict(base_env, AWS_REGION=region, AWS_DEFAULT_REGION=region)
            servers.proxy_stats(servers.aws_proxy, reset=True)
            servers.proxy_stats(servers.kube_proxy, reset=True)
            t, rss = run_checked(cmd, env, "epi")
            stats = servers.proxy_stats(servers.aws_proxy)
            made = stats["requests"]
            if os.environ.get("EPI_BENCH_LOG"):
                import collections, re
                req = urllib.request.Request(f"http://127.0.0.1:{servers.aws_proxy}/_proxy/log")
                log = json.load(urllib.request.urlopen(req))
                shapes = collections.Counter(re.sub(r"/a-[0-9a-z]+|/(ns|sa|m|c)-[0-9]+", "/*", l) for l in log)
                print(f"{name}: AWS calls by shape", file=sys.stderr)
                for shape, n in shapes.most_common():
                    print(f"  {n:5d}  {shape}", file=sys.stderr)
            kube_made = servers.proxy_stats(servers.kube_proxy)["requests"]
            # Per account, the rate term is the busiest bucket's: the account (and region) that
            # needed most calls of one service; in one bucket, every call the work needs.
            # A case whose buckets follow one another (the caller's STS, then each account's EKS)
            # says so with `rated`.
            if args.model == "global":
                rated = calls
            elif rated is None:
                rated = min(calls, stats["busiest"])
            limit = sequential * delay + rated / args.rate + wait
            cli = None
            if cli_cmds is not None:
                ct, crss, extrapolated = cli_loop(cli_cmds, env, args.cli_sample)
                cli = (ct, crss, extrapolated)
            rows.append((name, f"epi ({made} AWS + {kube_made} k8s calls)", t, rss, limit, calls, cli[0] if cli else None, target_note))
            if cli:
                rows.append(("", "AWS CLI v1" + (" (extrapolated)" if cli[2] else ""), cli[0], cli[1], limit, None, None, ""))

        if 2 in cases:
            eks, _ = clients(servers, "us-east-1")
            create_cluster(eks, "big")
            seed_associations(eks, "big", n_big)
            # Every id, for the AWS CLI's describe loop.
            token = None
            ids = []
            while True:
                kw = {"clusterName": "big", "maxResults": 100}
                if token:
                    kw["nextToken"] = token
                page = eks.list_pod_identity_associations(**kw)
                ids += [a["associationId"] for a in page["associations"]]
                token = page.get("nextToken")
                if not token:
                    break
            pages = -(-n_big // 100)
            aws = [args.aws, "--endpoint-url", proxy_url, "--output", "json"]
            cli = ([aws + ["eks", "list-pod-identity-associations", "--cluster-name", "big"]],
                   [aws + ["eks", "describe-pod-identity-association", "--cluster-name", "big",
                           "--association-id", i] for i in ids])
            epi_case(f"2 list, {n_big} associations", [args.epi, "association", "list", "--cluster", "big", "--output", "json", "--endpoint-url", proxy_url],
                     "us-east-1", pages + n_big, pages + 1, cli, "<= 1.3x limit")

        if 3 in cases:
            eks, _ = clients(servers, "us-west-2")
            names = [f"c{i:02d}" for i in range(n_clusters)]
            for n in names:
                create_cluster(eks, n)
                seed_associations(eks, n, n_per)
            aws = [args.aws, "--endpoint-url", proxy_url, "--output", "json"]
            head = [aws + ["eks", "list-clusters"]] + [aws + ["eks", "list-pod-identity-associations", "--cluster-name", n] for n in names]
            per_item = []
            for n in names:
                for a in eks.list_pod_identity_associations(clusterName=n, maxResults=100)["associations"]:
                    per_item.append(aws + ["eks", "describe-pod-identity-association", "--cluster-name", n, "--association-id", a["associationId"]])
            total = n_clusters * n_per
            epi_case(f"3 --all-clusters, {n_clusters}x{n_per}", [args.epi, "association", "list", "--all-clusters", "--output", "json", "--endpoint-url", proxy_url],
                     "us-west-2", 1 + n_clusters + total, 3, (head, per_item), "<= 1.3x limit")

        if 4 in cases:
            eks, iam = clients(servers, "eu-west-1")
            seed_migration(servers, eks, iam, "mig", n_mig, "m")
            # The AWS CLI's copy: the same roles and trust in another cluster (its loop needs no Kubernetes).
            cli_accounts = seed_migration(servers, eks, iam, "mig-cli", n_mig, "c", kube=False)
            aws = [args.aws, "--endpoint-url", proxy_url, "--output", "json"]
            per_item = [aws + ["eks", "create-pod-identity-association", "--cluster-name", "mig-cli",
                               "--namespace", ns, "--service-account", sa, "--role-arn", arn]
                        for ns, sa, arn in cli_accounts]
            # Per service account (a role each): the plan's read of the role; the trust edit #10
            # requires (read fresh right before writing, write, read back); the association; and
            # the end-of-run re-verification of the role. Plus DescribeCluster,
            # ListPodIdentityAssociations, ListAddons, DescribeAddon.
            # #32 item 7: every trust edit holds a lease on the role (TagRole, a GetRole that
            # confirms it, UntagRole): 3 more calls the work needs per service account.
            calls = 9 * n_mig + 4
            # #20: after its last trust edit the run waits --settle-delay (default 10 s) for other
            # writers' late writes to land before that re-verification: a wait the work needs.
            settle = float(os.environ.get("EPI_SETTLE_DELAY", "10"))
            backup = os.path.join(workdir, "backup.json")
            epi_case(f"4 migrate-irsa --yes, {n_mig} SAs",
                     [args.epi, "migrate-irsa", "--cluster", "mig", "--yes", "--kubeconfig", servers.kubeconfig,
                      "--backup", backup, "--output", "json", "--endpoint-url", proxy_url],
                     "eu-west-1", calls, 6, ([], per_item), "<= 1.3x limit", wait=settle)
        if 5 in cases:
            eks, iam = clients(servers, "ap-southeast-2")
            create_cluster(eks, "plan")
            iam.create_role(RoleName="shared-app", AssumeRolePolicyDocument=json.dumps(POD_IDENTITY_TRUST))
            seed_associations(eks, "plan", n_plan, role="shared-app")
            exported = os.path.join(workdir, "plan.yaml")
            env = dict(base_env, AWS_REGION="ap-southeast-2", AWS_ENDPOINT_URL=f"http://127.0.0.1:{servers.aws_port}")
            run_checked([args.epi, "export", "--cluster", "plan", "-f", exported], env, "epi export", rss=False)
            pages = -(-n_plan // 100)
            # DescribeCluster; the list pages and DescribeAddon; one Describe per association;
            # GetRole, then the role's attached and inline policy lists.
            calls = 1 + pages + 1 + n_plan + 3
            epi_case(f"5 plan, no change, {n_plan} associations",
                     [args.epi, "plan", "-f", exported, "--endpoint-url", proxy_url],
                     "ap-southeast-2", calls, 1 + pages + 1 + 2, None, "<= 1.3x limit")

        if 6 in cases:
            eks, _ = clients(servers, "ca-central-1")
            create_cluster(eks, "apply")
            lines = ["apiVersion: epi/v1alpha1", "kind: PodIdentityConfig", "cluster: apply", "roles:"]
            for i in range(n_apply):
                lines.append(f"  - {{name: app-{i:04d}, managedPolicies: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess']}}")
            lines.append("associations:")
            for i in range(n_apply):
                lines.append(f"  - {{namespace: ns-{i // 10:03d}, serviceAccount: sa-{i:04d}, role: app-{i:04d}}}")
            path = os.path.join(workdir, "apply.yaml")
            with open(path, "w") as f:
                f.write("\n".join(lines) + "\n")
            aws = [args.aws, "--endpoint-url", proxy_url, "--output", "json"]
            per_item = []
            for i in range(n_apply):
                name = f"cli-{i:04d}"
                per_item += [
                    aws + ["iam", "create-role", "--role-name", name, "--assume-role-policy-document", json.dumps(POD_IDENTITY_TRUST)],
                    aws + ["iam", "attach-role-policy", "--role-name", name, "--policy-arn", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"],
                    aws + ["eks", "create-pod-identity-association", "--cluster-name", "apply", "--namespace", f"cli-{i // 10:03d}",
                           "--service-account", f"sa-{i:04d}", "--role-arn", f"arn:aws:iam::{ACCOUNT}:role/{name}"],
                ]
            # DescribeCluster, the (empty) list, DescribeAddon; GetRole per role (absent); then per
            # association CreateRole, AttachRolePolicy, CreatePodIdentityAssociation.
            calls = 3 + n_apply + 3 * n_apply
            epi_case(f"6 apply, {n_apply} roles + associations",
                     [args.epi, "apply", "-f", path, "--yes", "--concurrency", "16", "--output", "json", "--endpoint-url", proxy_url],
                     "ca-central-1", calls, 6, ([], per_item), "<= 1.3x limit")
        if 7 in cases:
            accounts = [ACCOUNT] + [f"{100000000000 + i:012d}" for i in range(1, n_fleet_accounts)]
            fleet_regions = ["us-east-2", "eu-central-1"]
            per_cluster, n_fleet_clusters = 20, 5

            seed_fleet(servers, accounts, fleet_regions, "f", n_fleet_clusters, per_cluster, pool_size=4, threads=2)
            creds = os.path.join(workdir, "fleet-credentials")
            with open(creds, "w") as f:
                for a in accounts:
                    key = a if a != ACCOUNT else "AKIDBENCH"
                    f.write(f"[acct-{a}]\naws_access_key_id = {key}\naws_secret_access_key = bench-secret\n")
            aws = [args.aws, "--endpoint-url", proxy_url, "--output", "json"]
            head, per_item = [], []
            for a in accounts:
                for r in fleet_regions:
                    prof = ["--profile", f"acct-{a}", "--region", r]
                    head.append(aws + prof + ["eks", "list-clusters"])
                    eks = account_eks(servers, a, r)
                    for c in range(n_fleet_clusters):
                        head.append(aws + prof + ["eks", "list-pod-identity-associations", "--cluster-name", f"f{c}"])
                        for item in eks.list_pod_identity_associations(clusterName=f"f{c}", maxResults=100)["associations"]:
                            per_item.append(aws + prof + ["eks", "describe-pod-identity-association", "--cluster-name", f"f{c}",
                                                           "--association-id", item["associationId"]])
            places = len(accounts) * len(fleet_regions)
            total = places * n_fleet_clusters * per_cluster
            # GetCallerIdentity; AssumeRole per other account; ListClusters per account and region;
            # one list page per cluster; one Describe per association.
            calls = 1 + (len(accounts) - 1) + places + places * n_fleet_clusters + total
            env_extra = {"AWS_SHARED_CREDENTIALS_FILE": creds}
            base_env.update(env_extra)
            epi_case(f"7 fleet, {len(accounts)} accounts x 2 regions x {n_fleet_clusters} x {per_cluster}",
                     [args.epi, "association", "list", "--all-clusters", "--accounts", ",".join(accounts),
                      "--regions", ",".join(fleet_regions), "--assume-role-name", "epi-reader",
                      "--output", "json", "--endpoint-url", proxy_url],
                     fleet_regions[0], calls, 5, (head, per_item), "<= 1.3x limit")
        if 8 in cases:
            eks, iam = clients(servers, "sa-east-1")
            create_cluster(eks, "who")
            abac = {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::data/${aws:PrincipalTag/kubernetes-namespace}/*"}]}
            other = {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}

            def seed_role(r):
                iam.create_role(RoleName=f"who-{r:03d}", AssumeRolePolicyDocument=json.dumps(POD_IDENTITY_TRUST))
                for kind, doc in (("abac", abac), ("sqs", other)):
                    arn = iam.create_policy(PolicyName=f"who-{r:03d}-{kind}", PolicyDocument=json.dumps(doc))["Policy"]["Arn"]
                    iam.attach_role_policy(RoleName=f"who-{r:03d}", PolicyArn=arn)

            def seed_association(i):
                eks.create_pod_identity_association(
                    clusterName="who", namespace=f"ns-{i // 10:03d}", serviceAccount=f"sa-{i:04d}",
                    roleArn=f"arn:aws:iam::{ACCOUNT}:role/who-{i % n_who_roles:03d}")
            with ThreadPoolExecutor(8) as pool:
                list(pool.map(seed_role, range(n_who_roles)))
                list(pool.map(seed_association, range(n_who)))
            pages = -(-n_who // 100)
            # The list pages; one Describe per association; per role GetRole,
            # ListAttachedRolePolicies and ListRolePolicies (at once); per managed policy GetPolicy
            # then GetPolicyVersion. Sequential: the pages, a describe, the role reads, the two
            # policy reads.
            calls = pages + n_who + 3 * n_who_roles + 2 * 2 * n_who_roles
            epi_case(f"8 who-can, {n_who} associations, {n_who_roles} roles x 2 policies",
                     [args.epi, "access", "who-can", "--action", "s3:GetObject", "--resource",
                      "arn:aws:s3:::data/ns-000/x", "--cluster", "who", "--all", "--output", "json",
                      "--endpoint-url", proxy_url],
                     "sa-east-1", calls, pages + 4, None, "<= 1.1x limit")
        if 9 in cases:
            import botocore.config
            import botocore.session
            s3 = botocore.session.get_session().create_client(
                "s3", region_name="us-east-1", endpoint_url=f"http://127.0.0.1:{servers.aws_port}",
                aws_access_key_id="AKIDBENCH", aws_secret_access_key="bench-secret",
                config=botocore.config.Config(s3={"addressing_style": "path"}))
            s3.create_bucket(Bucket="bench-trail")
            prefix = f"AWSLogs/{ACCOUNT}/CloudTrail/us-east-1/2026/12/01/"
            with ThreadPoolExecutor(8) as pool:
                list(pool.map(lambda i: s3.put_object(
                    Bucket="bench-trail", Key=f"{prefix}{ACCOUNT}_CloudTrail_us-east-1_20261201T{i % 24:02d}{i % 60:02d}Z_{i:05d}.json.gz",
                    Body=trail_object(i, 50)), range(n_objects)))
            pages = -(-n_objects // 1000)
            # ListObjectsV2: AWSLogs/ (delimiter), the account's CloudTrail/ (delimiter), then the
            # region's keys page by page; one GetObject per object. Sequential: the two folder
            # lists, the pages, one GET.
            calls = 2 + pages + n_objects
            local = os.path.join(workdir, "trail-copy")
            aws = [args.aws, "--endpoint-url", proxy_url, "--region", "us-east-1"]
            epi_case(f"9 usage, s3:// trail of {n_objects} objects",
                     [args.epi, "usage", "--source", "s3://bench-trail", "--offline", "--output", "json",
                      "--endpoint-url", proxy_url],
                     "us-east-1", calls, 2 + pages + 1,
                     ([aws + ["s3", "cp", "--recursive", "--quiet", "s3://bench-trail/AWSLogs/", local]], []),
                     "<= 1.3x limit")
        if 10 in cases:
            n_org = max(2, int(50 * args.scale))
            org_accounts = [ACCOUNT] + [f"{200000000000 + i:012d}" for i in range(1, n_org)]
            org_regions = ["us-west-2", "eu-west-1", "ap-southeast-2"]
            org_clusters, org_per = 4, 20

            seed_fleet(servers, org_accounts, org_regions, "o", org_clusters, org_per, pool_size=8, threads=1)
            places = len(org_accounts) * len(org_regions)
            # GetCallerIdentity; AssumeRole per other account (the caller's STS); ListClusters per
            # place; a list page per cluster; a Describe per association. The last account's
            # session comes after every AssumeRole in the caller's STS bucket; then its reads take
            # 1 + 4 + 80 calls in each region's EKS bucket.
            calls = 1 + (len(org_accounts) - 1) + places * (1 + org_clusters + org_clusters * org_per)
            rated = len(org_accounts) + 1 + org_clusters + org_clusters * org_per
            epi_case(f"10 organisation, {len(org_accounts)} accounts x 3 regions x {org_clusters} x {org_per}",
                     [args.epi, "association", "list", "--all-clusters", "--accounts", ",".join(org_accounts),
                      "--regions", ",".join(org_regions), "--assume-role-name", "epi-reader",
                      "--output", "json", "--endpoint-url", proxy_url],
                     org_regions[0], calls, 5, None, "<= 1.3x limit", rated=rated)
    finally:
        servers.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"\nepi benchmark: proxy delay {args.delay_ms:g} ms, rate {args.rate:g} requests/s"
          + (" per account and service (and region)" if args.model == "per-account" else " in all")
          + (f", AWS CLI extrapolated from {args.cli_sample} calls per case" if args.cli_sample else ""))
    header = ("case", "tool", "wall", "peak RSS", "limit", "x limit", "x AWS CLI", "target")
    table = [header]
    for case, tool, t, rss, limit, _calls, cli_t, target in rows:
        if target:
            bound = 1.1 if "1.1x" in target else 1.3
            fast = t < 0.005 if limit is None else t / limit <= bound
            # `epi usage` keeps every event id it has read (a duplicate delivery counts once):
            # its bound is the 256 MB, not the 50 MB of a command that reads a list.
            rss_bound = 256 if " usage," in f" {case}" else 100 if " organisation," in f" {case}" else 50
            target = f"{target}, RSS < {rss_bound} MB: {'met' if fast and rss < rss_bound else 'MISSED'}"
        table.append((case, tool, fmt_time(t), f"{rss:.1f} MB",
                      fmt_time(limit) if limit else "-",
                      f"{t / limit:.2f}" if limit else "-",
                      f"{t / cli_t:.3f}" if cli_t else "-",
                      target))
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for r in table:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    print("\nlimit = round trips that must follow one another x delay + calls the work needs / rate"
          "\n(per-account model: the busiest bucket's calls / rate)."
          "\ntargets: start-up under 5 ms; cases 2-7 and 9 within 1.3x the limit, case 8 within 1.1x; peak RSS under 50 MB"
          " (case 9, which keeps every event id it read: 256 MB).")


if __name__ == "__main__":
    main()
