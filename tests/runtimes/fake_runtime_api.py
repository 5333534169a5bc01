"""A fake AWS Lambda Runtime API (2018-06-01) for testing Gatehouse's runtime clients.

It plays Gatehouse's side of the contract: it hands out queued invocations on GET .../invocation/next, records
what the client POSTs to .../response, .../error and .../init/error, and can vanish on demand (close()) so that a
test can check that a client whose Runtime API is gone exits instead of spinning.

HTTP/1.1 with keep-alive, Content-Length and chunked request bodies, and pipelined requests are handled by a small
hand-written parser rather than http.server: the benchmark takes its timestamps right where bytes leave or arrive on
the socket, so that the server's own parsing costs stay out of what is charged to the client.
"""

import collections
import json
import socket
import threading
import time
import uuid

PREFIX = "/2018-06-01/runtime"


class Record:
    """One POST the client made: kind is 'response', 'error' or 'init_error'."""

    def __init__(self, kind, request_id, headers, body, received_ns):
        self.kind = kind
        self.request_id = request_id
        self.headers = headers  # lower-cased names
        self.body = body  # bytes
        self.received_ns = received_ns

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return f"Record({self.kind}, {self.request_id}, {self.headers}, {self.body[:300]!r})"


class FakeRuntimeAPI:
    def __init__(self, host="127.0.0.1", port=0, next_status=200, chunked=False, connection_close=False,
                 drop_first_post=False, reject_bodies_over=None):
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind((host, port))
        self._listener.listen(16)
        self.address = "%s:%d" % self._listener.getsockname()
        self.next_status = next_status  # a test may answer /next with an error status
        self.chunked = chunked  # frame every response body as chunks (with an extension and a trailer)
        self.connection_close = connection_close  # "Connection: close" on every response, then close
        self.drop_first_post = drop_first_post  # close, unanswered, the first POST: a kept-alive connection gone stale
        # Like a server's request-size limit: a longer body is refused with 413 and the connection closed, unread.
        self.reject_bodies_over = reject_bodies_over
        self.rejected = 0
        self._cv = threading.Condition()
        self._pending = collections.deque()
        self._records = {}  # request id -> Record
        self._init_error = None
        self._closed = False
        self._conns = set()
        self.connections_accepted = 0
        self.unknown_requests = []
        # Benchmark timestamps (perf_counter_ns), per request id.
        self.t_next_sent = {}
        self.t_result_received = {}
        self.t_ack_sent = {}
        self.t_next_requested = {}  # when the GET /next that fetched this id arrived
        threading.Thread(target=self._accept_loop, daemon=True).start()

    # ---- test-facing API -------------------------------------------------------------------------------------

    def enqueue(self, payload, request_id=None, deadline_ms=None, timeout_ms=3000, trace_id=None,
                client_context=None, cognito_identity=None, arn=None):
        """Queue an invocation; payload is bytes, str or a JSON-able object. Returns the request id."""
        if not isinstance(payload, (bytes, str)):
            payload = json.dumps(payload)
        if isinstance(payload, str):
            payload = payload.encode("utf-8")
        request_id = request_id or str(uuid.uuid4())
        if deadline_ms is None:
            deadline_ms = int(time.time() * 1000) + timeout_ms
        headers = [
            ("Lambda-Runtime-Aws-Request-Id", request_id),
            ("Lambda-Runtime-Deadline-Ms", str(deadline_ms)),
            ("Lambda-Runtime-Invoked-Function-Arn",
             arn or "arn:aws:lambda:us-east-1:000000000000:function:fixture"),
        ]
        if trace_id is not None:
            headers.append(("Lambda-Runtime-Trace-Id", trace_id))
        if client_context is not None:
            headers.append(("Lambda-Runtime-Client-Context", client_context))
        if cognito_identity is not None:
            headers.append(("Lambda-Runtime-Cognito-Identity", cognito_identity))
        with self._cv:
            self._pending.append((request_id, headers, payload))
            self._cv.notify_all()
        return request_id

    def wait_result(self, request_id, timeout=10.0):
        """The Record the client posted for request_id, or raises TimeoutError."""
        with self._cv:
            if not self._cv.wait_for(lambda: request_id in self._records, timeout):
                raise TimeoutError("no result for %s within %ss" % (request_id, timeout))
            return self._records[request_id]

    def wait_init_error(self, timeout=10.0):
        with self._cv:
            if not self._cv.wait_for(lambda: self._init_error is not None, timeout):
                raise TimeoutError("no init error within %ss" % timeout)
            return self._init_error

    def wait_polling(self, timeout=10.0):
        """Waits until the client has asked for an invocation that is not there yet (it is idle, long-polling)."""
        with self._cv:
            return self._cv.wait_for(lambda: self._waiting > 0, timeout)

    _waiting = 0

    def close(self):
        """Gatehouse goes away: stop listening and drop every connection, including a long-polling /next."""
        with self._cv:
            self._closed = True
            self._cv.notify_all()
        try:
            self._listener.close()
        except OSError:
            pass
        for conn in list(self._conns):
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            conn.close()

    # ---- server ----------------------------------------------------------------------------------------------

    def _accept_loop(self):
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.connections_accepted += 1
            self._conns.add(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        buf = bytearray()
        try:
            while True:
                req = self._read_request(conn, buf)
                if req is None:
                    return
                if not self._dispatch(conn, *req) or self.connection_close:
                    return
        except OSError:
            return
        finally:
            self._conns.discard(conn)
            conn.close()

    def _read_request(self, conn, buf):
        """Parses one request from conn (buf holds bytes already read). None on EOF."""
        arrived = time.perf_counter_ns() if buf else None
        while b"\r\n\r\n" not in buf:
            chunk = conn.recv(262144)
            if not chunk:
                return None
            if arrived is None:
                arrived = time.perf_counter_ns()
            buf += chunk
        head_end = buf.index(b"\r\n\r\n")
        lines = bytes(buf[:head_end]).decode("latin-1").split("\r\n")
        del buf[:head_end + 4]
        method, target, _version = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if self.reject_bodies_over is not None and int(headers.get("content-length", 0)) > self.reject_bodies_over:
            self.rejected += 1
            conn.sendall(b"HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
            conn.shutdown(socket.SHUT_WR)
            time.sleep(0.05)  # let the client see the answer before the reset that closing with unread data sends
            return None
        if "content-length" in headers:
            body = self._read_exact(conn, buf, int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            body = bytearray()
            while True:
                while b"\r\n" not in buf:
                    self._fill(conn, buf)
                size_end = buf.index(b"\r\n")
                size = int(bytes(buf[:size_end]).split(b";")[0], 16)
                del buf[:size_end + 2]
                body += self._read_exact(conn, buf, size + 2)[:size]
                if size == 0:
                    break
            body = bytes(body)
        else:
            body = b""
        return method, target, headers, body, arrived

    @staticmethod
    def _fill(conn, buf):
        chunk = conn.recv(262144)
        if not chunk:
            raise OSError("eof inside a request")
        buf += chunk

    def _read_exact(self, conn, buf, n):
        while len(buf) < n:
            self._fill(conn, buf)
        data = bytes(buf[:n])
        del buf[:n]
        return data

    def _send(self, conn, status, reason, headers, body):
        head = "HTTP/1.1 %d %s\r\n" % (status, reason)
        for name, value in headers:
            head += "%s: %s\r\n" % (name, value)
        if self.connection_close:
            head += "Connection: close\r\n"
        if self.chunked:
            third = max(1, len(body) // 3)
            pieces = [body[i:i + third] for i in range(0, len(body), third)]
            framed = b"".join(b"%x;ext=1\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\nX-Trailer: t\r\n\r\n"
            conn.sendall(head.encode("latin-1") + b"Transfer-Encoding: chunked\r\n\r\n")
            step = 7 if len(framed) < 4096 else len(framed)  # small writes, so that frames straddle reads
            for i in range(0, len(framed), step):
                conn.sendall(framed[i:i + step])
        else:
            conn.sendall(head.encode("latin-1") + b"Content-Length: %d\r\n\r\n" % len(body) + body)
        sent = time.perf_counter_ns()
        if self.connection_close:
            conn.shutdown(socket.SHUT_RDWR)
        return sent

    def _dispatch(self, conn, method, target, headers, body, arrived):
        """Answers one request; False closes the connection."""
        if method == "GET" and target == PREFIX + "/invocation/next":
            with self._cv:
                self._waiting += 1
                self._cv.notify_all()
                self._cv.wait_for(lambda: self._pending or self._closed)
                self._waiting -= 1
                if self._closed:
                    return False
                if self.next_status != 200:
                    item = None
                else:
                    item = self._pending.popleft()
            if item is None:
                self._send(conn, self.next_status, "Error", [("Content-Type", "application/json")],
                           b'{"errorMessage":"fake failure","errorType":"Fake"}')
                return True
            request_id, inv_headers, payload = item
            self.t_next_requested[request_id] = arrived
            self.t_next_sent[request_id] = self._send(
                conn, 200, "OK", [("Content-Type", "application/json")] + inv_headers, payload)
            return True

        if method == "POST" and target == PREFIX + "/init/error":
            with self._cv:
                self._init_error = Record("init_error", None, headers, body, arrived)
                self._cv.notify_all()
            self._send(conn, 202, "Accepted", [("Content-Type", "application/json")], b'{"status":"OK"}')
            return True

        if method == "POST" and self.drop_first_post:
            self.drop_first_post = False
            return False

        if method == "POST" and target.startswith(PREFIX + "/invocation/"):
            rest = target[len(PREFIX + "/invocation/"):]
            request_id, _, kind = rest.rpartition("/")
            if kind in ("response", "error"):
                self.t_result_received[request_id] = arrived
                with self._cv:
                    duplicate = request_id in self._records
                    if not duplicate:
                        self._records[request_id] = Record(kind, request_id, headers, body, arrived)
                    self._cv.notify_all()
                if duplicate:
                    self._send(conn, 400, "Bad Request", [("Content-Type", "application/json")],
                               b'{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}')
                    return True
                self.t_ack_sent[request_id] = self._send(
                    conn, 202, "Accepted", [("Content-Type", "application/json")], b'{"status":"OK"}')
                return True

        self.unknown_requests.append((method, target))
        self._send(conn, 404, "Not Found", [], b"")
        return True
