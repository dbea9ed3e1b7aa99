"""A network model in front of a local server: an HTTP/1.1 proxy on 127.0.0.1 that delays every
request, caps the request rate with a token bucket, and can drop connections.

Used by the benchmark (scripts/bench: a realistic region's round trips in front of the AWS test bed
and the Kubernetes stand-in) and by the robustness tests (dropped connections).

    python proxy.py --port P --upstream 127.0.0.1:U [--delay-ms 30] [--rate 50] [--burst 1]
                    [--per-account]
                    [--drop-rate 0.0] [--drop-when before|after] [--drop-match S]
                    [--drop-count N] [--seed 7]
                    [--fail-rate 0.0 --fail-status 503 --fail-code ServiceUnavailable --fail-match S]
                    [--hold-match S --hold-ms 3000]
                    [--tls-cert leaf.pem --tls-key key.pem] [--upstream-tls]

- With --per-account, the buckets are AWS's (#36): one per account and service for IAM and STS,
  per account, service and region for the others, keyed by the SigV4 credential's access key id
  (each account's session has its own); else one bucket for every request.
- Every request waits for a token (the bucket holds --burst tokens and refills at --rate per
  second; 0 means no cap), then --delay-ms, then goes upstream on the client connection's own
  upstream connection (keep-alive is kept end to end). Requests queue; none is refused.
- With --drop-rate, that fraction of requests (matching --drop-match, if given; at most
  --drop-count of them, if given) has its client connection closed without an answer:
  `before` forwarding (the server never sees it) or `after` (the server did the work and the answer
  is lost, the harder case for a client).
- With --fail-rate, that fraction of requests (matching --fail-match, a substring of "METHOD PATH
  Action", if given) is answered by the proxy with --fail-status and the error code --fail-code, in
  the request's protocol: an XML ErrorResponse for the query protocol (IAM, STS), EC2's own
  Response/Errors shape for EC2, JSON with x-amzn-errortype otherwise (EKS). The server never sees those requests.
- With --hold-match, every request matching it (a substring of "METHOD PATH Action") waits a
  further --hold-ms before it goes upstream: a write that lands late, carrying the document its
  writer read earlier (a throttled retry, or IAM's eventual consistency), for the race tests.
- --tls-cert/--tls-key make it listen with TLS (for the HTTPS Kubernetes stand-in); --upstream-tls
  connects upstream with TLS without verifying (the upstream is local and known).
- Bodies are framed by Content-Length or chunked encoding, or (answers only) by the connection's end.
- Control, answered by the proxy itself: GET /_proxy/stats -> {"requests", "dropped", "failed"};
  GET /_proxy/log -> ["METHOD PATH[ Action]", ...] (the query protocol's Action for IAM and STS);
  the stats also say how many buckets were used ("buckets") and the most requests one took
  ("busiest");
  POST /_proxy/reset clears both.
"""

import argparse
import asyncio
import json
import random
import ssl
import sys
import time


class Bucket:
    def __init__(self, rate, burst):
        self.rate = rate
        self.capacity = max(1.0, float(burst))
        self.tokens = self.capacity
        self.stamp = time.monotonic()
        self.lock = asyncio.Lock()

    async def take(self):
        if self.rate <= 0:
            return
        async with self.lock:
            while True:
                now = time.monotonic()
                self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
                self.stamp = now
                if self.tokens >= 1:
                    self.tokens -= 1
                    return
                await asyncio.sleep((1 - self.tokens) / self.rate)


class Buckets:
    """--per-account: AWS's model (#36). IAM and STS throttle per account, the regional services
    per account and region: one bucket per (access key id, service) for IAM and STS, per (access
    key id, service, region) for the others, each at --rate. The account is known from the
    request's SigV4 credential scope; each account's session has its own access key. Requests
    without one (the Kubernetes stand-in's) share one bucket."""

    GLOBAL_SERVICES = ("iam", "sts", "organizations")

    def __init__(self, rate, burst, per_account):
        self.rate, self.burst, self.per_account = rate, burst, per_account
        self.shared = Bucket(rate, burst)
        self.by_key = {}
        self.counts = {}

    def key(self, headers):
        auth = headers.get("authorization", "")
        if not self.per_account or "Credential=" not in auth:
            return None
        scope = auth.split("Credential=", 1)[1].split(",", 1)[0].split("/")
        if len(scope) < 5:
            return None
        key_id, region, service = scope[0], scope[2], scope[3]
        return (key_id, service) if service in self.GLOBAL_SERVICES else (key_id, service, region)

    def of(self, headers):
        key = self.key(headers)
        # The busiest bucket's count since the last reset: the rate term of a case's limit.
        self.counts[key] = self.counts.get(key, 0) + 1
        STATS["buckets"] = len(self.counts)
        STATS["busiest"] = max(STATS.get("busiest", 0), self.counts[key])
        if key is None:
            return self.shared
        bucket = self.by_key.get(key)
        if bucket is None:
            bucket = self.by_key[key] = Bucket(self.rate, self.burst)
        return bucket

    def reset(self):
        self.counts.clear()
        STATS["buckets"] = STATS["busiest"] = 0


STATS = {"requests": 0, "dropped": 0, "failed": 0}
# What was asked, for explaining a count: "METHOD PATH" plus the query protocol's Action (IAM, STS).
LOG = []


async def read_head(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    return head, lines[0], headers


async def read_body(reader, headers, until_eof):
    if "chunked" in headers.get("transfer-encoding", "").lower():
        out = b""
        while True:
            size_line = await reader.readuntil(b"\r\n")
            out += size_line
            size = int(size_line.split(b";")[0].strip(), 16)
            if size == 0:
                # trailers, then the final empty line
                while True:
                    line = await reader.readuntil(b"\r\n")
                    out += line
                    if line == b"\r\n":
                        return out
            out += await reader.readexactly(size + 2)
    if "content-length" in headers:
        return await reader.readexactly(int(headers["content-length"]))
    if until_eof:
        return await reader.read()
    return b""


def fault_answer(writer, status, code, query_protocol, ec2=False):
    if ec2:
        # EC2's query protocol has an error shape of its own (Amazon EC2 API Reference, "Error
        # responses"): Response/Errors/Error, then RequestID.
        body = (f"<Response><Errors><Error><Code>{code}</Code><Message>injected by the test proxy"
                f"</Message></Error></Errors><RequestID>00000000-0000-0000-0000-000000000000"
                f"</RequestID></Response>").encode()
        ctype = "text/xml"
    elif query_protocol:
        body = (f'<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Receiver</Type>'
                f"<Code>{code}</Code><Message>injected by the test proxy</Message></Error>"
                f"<RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>").encode()
        ctype = "text/xml"
    else:
        body = json.dumps({"__type": code, "message": "injected by the test proxy"}).encode()
        ctype = "application/json"
    writer.write(
        f"HTTP/1.1 {status} Fault\r\nContent-Type: {ctype}\r\nx-amzn-errortype: {code}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n".encode() + body
    )


def local_answer(writer, status, payload):
    body = json.dumps(payload).encode()
    writer.write(
        f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        + body
    )


async def handle(reader, writer, args, bucket, rng):
    upstream = None
    try:
        while True:
            try:
                head, request_line, headers = await read_head(reader)
            except (asyncio.IncompleteReadError, ConnectionError):
                return
            body = await read_body(reader, headers, until_eof=False)
            method, path = request_line.split(" ")[:2]
            if path.startswith("/_proxy/"):
                if path == "/_proxy/reset":
                    STATS.update(requests=0, dropped=0, failed=0)
                    bucket.reset()
                    LOG.clear()
                answer = list(LOG) if path == "/_proxy/log" else dict(STATS)
                local_answer(writer, "200 OK", answer)
                await writer.drain()
                continue
            STATS["requests"] += 1
            action = ""
            if b"Action=" in body[:200]:
                action = " " + body.split(b"Action=", 1)[1].split(b"&", 1)[0].decode("latin-1")
            shape = f"{method} {path.split('?', 1)[0]}{action}"
            LOG.append(shape)
            if args.fail_rate > 0 and (not args.fail_match or args.fail_match in shape) \
                    and rng.random() < args.fail_rate:
                STATS["failed"] += 1
                await bucket.of(headers).take()
                await asyncio.sleep(args.delay_ms / 1000)
                ec2 = "/ec2/aws4_request" in headers.get("authorization", "")
                fault_answer(writer, args.fail_status, args.fail_code, bool(action), ec2)
                await writer.drain()
                continue
            drop = (args.drop_rate > 0 and (not args.drop_match or args.drop_match in shape)
                    and (args.drop_count < 0 or STATS["dropped"] < args.drop_count)
                    and rng.random() < args.drop_rate)
            await bucket.of(headers).take()
            await asyncio.sleep(args.delay_ms / 1000)
            if args.hold_match and args.hold_match in shape:
                await asyncio.sleep(args.hold_ms / 1000)
            if drop and args.drop_when == "before":
                STATS["dropped"] += 1
                return
            if upstream is None:
                ctx = None
                if args.upstream_tls:
                    ctx = ssl.create_default_context()
                    ctx.check_hostname = False
                    ctx.verify_mode = ssl.CERT_NONE
                host, port = args.upstream.rsplit(":", 1)
                upstream = await asyncio.open_connection(host, int(port), ssl=ctx)
            up_reader, up_writer = upstream
            up_writer.write(head + body)
            await up_writer.drain()
            resp_head, status_line, resp_headers = await read_head(up_reader)
            code = int(status_line.split(" ")[1])
            no_body = method == "HEAD" or code in (204, 304) or 100 <= code < 200
            resp_body = b"" if no_body else await read_body(up_reader, resp_headers, until_eof=True)
            if drop:
                STATS["dropped"] += 1
                return
            writer.write(resp_head + resp_body)
            await writer.drain()
            if resp_headers.get("connection", "").lower() == "close" or (
                not no_body
                and "content-length" not in resp_headers
                and "chunked" not in resp_headers.get("transfer-encoding", "").lower()
            ):
                return
    except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError):
        return
    finally:
        if upstream is not None:
            upstream[1].close()
        writer.close()


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--upstream", required=True)
    p.add_argument("--delay-ms", type=float, default=30)
    p.add_argument("--rate", type=float, default=50)
    p.add_argument("--burst", type=float, default=1)
    p.add_argument("--per-account", action="store_true",
                   help="one rate bucket per account (and region, for regional services), as AWS throttles")
    p.add_argument("--drop-rate", type=float, default=0.0)
    p.add_argument("--drop-when", choices=["before", "after"], default="before")
    p.add_argument("--drop-match", default="")
    p.add_argument("--drop-count", type=int, default=-1)
    p.add_argument("--fail-rate", type=float, default=0.0)
    p.add_argument("--fail-status", type=int, default=503)
    p.add_argument("--fail-code", default="ServiceUnavailable")
    p.add_argument("--fail-match", default="")
    p.add_argument("--hold-match", default="")
    p.add_argument("--hold-ms", type=float, default=3000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    p.add_argument("--upstream-tls", action="store_true")
    args = p.parse_args()
    bucket = Buckets(args.rate, args.burst, args.per_account)
    rng = random.Random(args.seed)
    ctx = None
    if args.tls_cert:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
    server = await asyncio.start_server(
        lambda r, w: handle(r, w, args, bucket, rng), "127.0.0.1", args.port, ssl=ctx, limit=1 << 24
    )
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
