"""Measures the per-invocation overhead of Gatehouse's runtime clients against the fake Runtime API.

The overhead of one invocation is the time the client holds it, as seen from the server's socket:

    holding    = result POST arrives - event sent        (decode, context, handler call, encode, POST)
    turnaround = next GET arrives   - POST answer sent   (read the answer, ask for the next invocation)

The handler returns its event unchanged, so this is the client's own cost plus loopback I/O. The server's work
between those points (parsing, queueing, sending) is excluded, so a slow fake server does not inflate the figure.
"floor" is a bare raw-socket client doing the same exchange with no JSON, context or logging: the I/O and
measurement floor of the machine at that moment. CPU is the client process's user+system time per invocation.

Rounds alternate between the clients, so that a noisy neighbour hits them alike.

Usage: python3 bench.py [--invocations N] [--warmup N] [--rounds N] [--runtime node|python|floor ...]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

from fake_runtime_api import FakeRuntimeAPI
from test_runtimes import NODE_FUNCTIONS, PYTHON_FUNCTIONS, Worker

# An HTTP API (payload format 2.0) event of typical size: what an AWS_PROXY integration hands a function.
APIGW_EVENT = {
    "version": "2.0", "routeKey": "GET /items/{id}", "rawPath": "/items/42", "rawQueryString": "verbose=1",
    "headers": {"accept": "application/json", "host": "abc123.execute-api.us-east-1.amazonaws.com",
                "user-agent": "curl/8.5.0", "x-amzn-trace-id": "Root=1-65a0c0de-0123456789abcdef01234567",
                "x-forwarded-for": "203.0.113.7", "x-forwarded-port": "443", "x-forwarded-proto": "https"},
    "queryStringParameters": {"verbose": "1"},
    "requestContext": {"accountId": "000000000000", "apiId": "abc123", "domainName":
                       "abc123.execute-api.us-east-1.amazonaws.com", "domainPrefix": "abc123",
                       "http": {"method": "GET", "path": "/items/42", "protocol": "HTTP/1.1",
                                "sourceIp": "203.0.113.7", "userAgent": "curl/8.5.0"},
                       "requestId": "R0aBcDeFgHiJkLm=", "routeKey": "GET /items/{id}", "stage": "$default",
                       "time": "12/Jan/2024:10:00:00 +0000", "timeEpoch": 1705053600000},
    "pathParameters": {"id": "42"}, "isBase64Encoded": False,
}

# The floor: GET /next, POST the body back, nothing else (Content-Length framing only; the fake server sends it).
FLOOR_CLIENT = r"""
import socket, sys
host, port = sys.argv[1].rsplit(":", 1)
s = socket.create_connection((host, int(port)))
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
buf = bytearray()
def response():
    while (end := buf.find(b"\r\n\r\n")) < 0:
        buf.extend(s.recv(65536))
    head = bytes(buf[:end]).decode("latin-1").lower()
    del buf[:end + 4]
    n = int(head.split("content-length:")[1].split("\r\n")[0])
    while len(buf) < n:
        buf.extend(s.recv(65536))
    body = bytes(buf[:n])
    del buf[:n]
    return head, body
while True:
    s.sendall(b"GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n")
    head, body = response()
    rid = head.split("lambda-runtime-aws-request-id:")[1].split("\r\n")[0].strip()
    s.sendall(b"POST /2018-06-01/runtime/invocation/%s/response HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n"
              % (rid.encode(), len(body)) + body)
    response()
"""


class FloorWorker:
    def __init__(self):
        self.api = FakeRuntimeAPI()
        self.proc = subprocess.Popen(["python3", "-c", FLOOR_CLIENT, self.api.address])

    def stop(self):
        self.proc.kill()
        self.proc.wait()
        self.api.close()


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def measure(runtime, payload, invocations, warmup):
    if runtime == "floor":
        worker = FloorWorker()
    else:
        worker = Worker(runtime, "bench.handler", NODE_FUNCTIONS if runtime == "node" else PYTHON_FUNCTIONS)
    try:
        api = worker.api
        ids = [api.enqueue(payload, timeout_ms=600000) for _ in range(warmup + invocations + 1)]
        for request_id in ids[:warmup]:
            api.wait_result(request_id, timeout=120)
        cpu_start = cpu_seconds(worker.proc.pid)
        for request_id in ids[warmup:]:
            record = api.wait_result(request_id, timeout=120)
            assert record.kind == "response", record
        cpu = (cpu_seconds(worker.proc.pid) - cpu_start) / (invocations + 1) * 1e6
        samples = []
        for this, following in zip(ids[warmup:-1], ids[warmup + 1:]):
            holding = api.t_result_received[this] - api.t_next_sent[this]
            turnaround = api.t_next_requested[following] - api.t_ack_sent[this]
            samples.append((holding / 1000.0, turnaround / 1000.0))
        return samples, cpu
    finally:
        worker.stop()
        if hasattr(worker, "close_files"):
            worker.close_files()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100.0 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--invocations", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runtime", choices=["node", "python", "floor"], action="append")
    args = parser.parse_args()
    runtimes = args.runtime or ["node", "python", "floor"]
    payloads = (("{}", {}), ("apigw-1KB", APIGW_EVENT))
    results = {}
    for _ in range(args.rounds):
        for name, payload in payloads:
            for runtime in runtimes:
                samples, cpu = measure(runtime, payload, args.invocations, args.warmup)
                entry = results.setdefault((runtime, name), {"samples": [], "rounds": [], "cpu": []})
                entry["samples"] += samples
                entry["rounds"].append(statistics.median(h + t for h, t in samples))
                entry["cpu"].append(cpu)
    print("%-7s %-10s %9s %9s %9s %9s %9s %9s  %s" % (
        "client", "payload", "total p50", "p90", "p99", "hold p50", "turn p50", "CPU/inv", "p50 of each round"))
    for (runtime, name), entry in sorted(results.items(), key=lambda kv: (kv[0][1], runtimes.index(kv[0][0]))):
        totals = [h + t for h, t in entry["samples"]]
        print("%-7s %-10s %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f  %s" % (
            runtime, name, statistics.median(totals), percentile(totals, 90), percentile(totals, 99),
            statistics.median(h for h, _ in entry["samples"]), statistics.median(t for _, t in entry["samples"]),
            statistics.median(entry["cpu"]), " ".join("%.0f" % r for r in entry["rounds"])))
    print("(µs; %d rounds x %d sequential invocations after %d warm-up; {} = 2 bytes, apigw-1KB = %d bytes)"
          % (args.rounds, args.invocations, args.warmup, len(json.dumps(APIGW_EVENT))))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
