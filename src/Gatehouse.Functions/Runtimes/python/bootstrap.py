"""Gatehouse's Python runtime client (python3.x).

Gatehouse starts one of these per execution environment as `python3 -u bootstrap.py`, with cwd = LAMBDA_TASK_ROOT.
It speaks the Lambda Runtime API (2018-06-01) to Gatehouse on loopback and reproduces what AWS's own Python runtime
does around the user's handler: handler import, the context object, JSON (un)marshalling, the `logging` setup and
the error documents. Standard library only.

Speed matters: this loop is on the gateway's hot path. One persistent HTTP connection carries every request, and
everything that cannot change between invocations is read once, at start.
"""

import decimal
import importlib
import json
import logging
import math
import os
import re
import socket
import sys
import time
import traceback

API = os.environ.get("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001")
BASE = "/2018-06-01/runtime"
NEXT = BASE + "/invocation/next"
NBSP = "\u00a0"  # AWS indents traceback lines in its error log record with no-break spaces
_request_id = None  # the invocation in progress, for the log records
_header_safe = re.compile(r"[\x20-\x7e]{1,256}\Z").match


class Fault(Exception):
    """A failure the runtime itself names (Runtime.*), with AWS's message."""

    def __init__(self, error_type, msg, trace=None):
        super().__init__(msg)
        self.error_type, self.msg, self.trace = error_type, msg, trace


def make_error(message, error_type, stack_trace, request_id=""):
    # Key order and the empty-string defaults are AWS's (python3.9+ adds requestId; "" outside an invocation).
    return {"errorMessage": message or "", "errorType": error_type or "", "requestId": request_id,
            "stackTrace": stack_trace or []}


def error_from_exception(exc_info, request_id=""):
    etype, value, tb = exc_info
    frames = traceback.extract_tb(tb)
    # Hide the runtime's own frames at the top of the stack: the user's code is what the trace is for.
    for i, frame in enumerate(frames):
        if "/bootstrap.py" not in frame.filename:
            frames = frames[i:]
            break
    return make_error(str(value), etype.__name__, traceback.format_list(frames), request_id)


def log_error(error):
    # AWS's text record for a failure: one record, lines joined by \r, the trace indented with no-break spaces.
    description = "[ERROR]"
    if error["errorType"]:
        description += " " + error["errorType"]
    if error["errorMessage"]:
        description += (":" if error["errorType"] else "") + " " + error["errorMessage"]
    lines = [description, "Traceback (most recent call last):"]
    for element in error["stackTrace"]:
        for line in element.splitlines() or [""]:
            stripped = line.lstrip(" ")
            lines.append(NBSP * (len(line) - len(stripped)) + stripped)
    sys.stdout.write("\r".join(lines) + "\n")


# ---- JSON, as AWS marshals it (AWS uses simplejson; the stdlib encoder gives the same text for JSON types) ------

def _encode_default(obj):
    if isinstance(obj, decimal.Decimal):  # DynamoDB numbers: AWS writes them as JSON numbers
        if obj.is_nan():
            return math.nan
        return int(obj) if obj == obj.to_integral_value() else float(obj)
    raise TypeError(f"Object of type {obj.__class__.__name__} is not JSON serializable")


to_json = json.JSONEncoder(default=_encode_default,
                           ensure_ascii=os.environ.get("AWS_EXECUTION_ENV") != "AWS_Lambda_python3.12").encode


# ---- The context object -----------------------------------------------------------------------------------------

_FUNCTION = tuple(os.environ.get(name) for name in (
    "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION"))


def _from_dict(cls, values):
    if values is None:
        return None
    obj = cls()
    for field in cls.__slots__:
        setattr(obj, field, values.get(field))
    return obj


class CognitoIdentity:
    __slots__ = ("cognito_identity_id", "cognito_identity_pool_id")


class Client:
    __slots__ = ("installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name")


class ClientContext:
    __slots__ = ("custom", "env", "client")


class LambdaContext:
    def __init__(self, request_id, client_context, identity, deadline_ms, invoked_function_arn):
        self.aws_request_id = request_id
        (self.log_group_name, self.log_stream_name, self.function_name, self.memory_limit_in_mb,
         self.function_version) = _FUNCTION  # strings, as AWS reads them from the environment
        self.invoked_function_arn = invoked_function_arn
        self.client_context = _from_dict(ClientContext, client_context)
        if self.client_context is not None:
            self.client_context.client = _from_dict(Client, self.client_context.client)
        self.identity = CognitoIdentity()  # always present; its fields are None without a Cognito identity
        identity = identity or {}
        self.identity.cognito_identity_id = identity.get("cognitoIdentityId")
        self.identity.cognito_identity_pool_id = identity.get("cognitoIdentityPoolId")
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(self._deadline_ms - int(time.time() * 1000), 0)

    def log(self, msg):
        sys.stdout.write(str(msg))

    def __repr__(self):
        return (f"LambdaContext([aws_request_id={self.aws_request_id},log_group_name={self.log_group_name},"
                f"log_stream_name={self.log_stream_name},function_name={self.function_name},"
                f"memory_limit_in_mb={self.memory_limit_in_mb},function_version={self.function_version},"
                f"invoked_function_arn={self.invoked_function_arn},client_context={self.client_context},"
                f"identity={self.identity}])")


def parse_json_header(value, name):
    # AWS hands the runtime decoded JSON; Gatehouse may pass a client context on as the Invoke API's base64.
    try:
        return json.loads(value)
    except ValueError as e:
        try:
            import base64
            return json.loads(base64.b64decode(value, validate=True))
        except Exception:
            raise Fault("Runtime.LambdaContextUnmarshalError", "Unable to parse {} JSON: {}".format(name, e))


# ---- The Runtime API connection: one persistent HTTP/1.1 socket -------------------------------------------------
# Written and parsed by hand: http.client costs more per request than the whole rest of this loop (headers parsed
# through the email package, a file object per response), and the loop is on the gateway's hot path.

def gone(why):
    # Gatehouse has gone (or answered in a way that means "stop"): nobody is left to report to, so exit now,
    # even if the handler left non-daemon threads behind.
    sys.stderr.write(f"gatehouse python runtime: Runtime API {API}: {why}; exiting\n")
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(1)


class RuntimeAPI:
    def __init__(self, address):
        host, _, port = address.rpartition(":")
        self.address = (host, int(port))
        self.sock = None
        self.buf = bytearray()  # received bytes not parsed yet
        self.chunk = memoryview(bytearray(65536))  # recv_into target: sock.recv(n) would allocate n bytes a call
        self.received = False  # whether any of the current response has arrived

    def request(self, method, path, body=None, headers=""):
        """Sends one request; returns (status, headers with lower-case names, body bytes)."""
        if body is None:
            head = f"{method} {path} HTTP/1.1\r\nHost: {API}\r\n\r\n".encode("latin-1")
        else:
            head = f"{method} {path} HTTP/1.1\r\nHost: {API}\r\n{headers}Content-Length: {len(body)}\r\n\r\n"
            head = head.encode("latin-1")
        for attempt in (0, 1):
            reused = self.sock is not None
            try:
                if not reused:
                    self.sock = socket.create_connection(self.address)
                    self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self.buf.clear()
                self.received = False
                try:
                    if body is not None and len(body) > 65536:
                        self.sock.sendall(head)
                        self.sock.sendall(body)
                    else:
                        self.sock.sendall(head if body is None else head + body)
                except OSError:
                    # A server may answer and close before it has read a long body (a size limit, say): if an
                    # answer came, it is the answer; if none did, the failure stands.
                    try:
                        return self._response()
                    except OSError:
                        pass
                    raise
                return self._response()
            except OSError as e:
                self.close()
                # A kept-alive connection the server dropped while the handler ran fails on first use: retry once on
                # a fresh one, unless part of an answer came. Anything else means the Runtime API is gone.
                if not reused or attempt or self.received:
                    gone(f"{method} {path}: {e!r}")

    def post(self, path, body, headers):
        status, _, reply = self.request("POST", path, body, headers)
        if status >= 500:
            gone(f"POST {path} answered {status}")
        if status != 202:  # e.g. 413: Gatehouse has recorded the failure itself; the function goes on, as on AWS
            sys.stderr.write(f"gatehouse python runtime: POST {path} answered {status}: {reply!r}\n")

    def close(self):
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def _recv(self):
        n = self.sock.recv_into(self.chunk)
        if not n:
            raise ConnectionResetError("connection closed by the Runtime API")
        self.received = True
        self.buf += self.chunk[:n]

    def _line(self):
        while (eol := self.buf.find(b"\r\n")) < 0:
            self._recv()
        line = bytes(self.buf[:eol])
        del self.buf[:eol + 2]
        return line

    def _take(self, n):
        buf = self.buf
        while len(buf) < n:
            self._recv()
        if len(buf) == n:  # the usual case: the whole buffer is the body, copied once
            data = bytes(buf)
            buf.clear()
            return data
        with memoryview(buf) as view:
            data = bytes(view[:n])
        del buf[:n]
        return data

    def _response(self):
        buf = self.buf
        while (end := buf.find(b"\r\n\r\n")) < 0:
            self._recv()
        lines = buf[:end].decode("latin-1").split("\r\n")
        del buf[:end + 4]
        status = int(lines[0][9:12])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = headers.get("content-length")
        if "chunked" in headers.get("transfer-encoding", "").lower():
            parts = []
            while size := int(self._line().split(b";")[0], 16):
                parts.append(self._take(size + 2)[:-2])
            while self._line():  # trailer lines, up to the empty one
                pass
            body = b"".join(parts)
        elif length is not None or status in (204, 304):
            body = self._take(int(length or 0))
        else:  # framed by the end of the connection
            try:
                while True:
                    self._recv()
            except ConnectionError:
                pass
            body = bytes(buf)
            self.close()
        if "close" in headers.get("connection", "").lower():
            self.close()
        return status, headers, body


def error_headers(error):
    if _header_safe(error["errorType"]):
        return f"Content-Type: application/json\r\nLambda-Runtime-Function-Error-Type: {error['errorType']}\r\n"
    return "Content-Type: application/json\r\n"


# ---- Start: logging, handler import, then the invocation loop --------------------------------------------------

class _RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _request_id or ""
        return True


class _StdoutHandler(logging.Handler):
    def emit(self, record):
        try:
            sys.stdout.write(self.format(record))
        except Exception:
            self.handleError(record)


def setup_logging():
    # As AWS: UTC timestamps for every Formatter, one handler on the root logger, whose level stays WARNING
    # unless AWS_LAMBDA_LOG_LEVEL says otherwise (functions call setLevel themselves).
    logging.Formatter.converter = time.gmtime
    handler = _StdoutHandler()
    handler.setFormatter(logging.Formatter(
        "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n", "%Y-%m-%dT%H:%M:%S"))
    handler.addFilter(_RequestIdFilter())
    root = logging.getLogger()
    level = os.environ.get("AWS_LAMBDA_LOG_LEVEL", "").upper()
    if level in logging._nameToLevel:
        root.setLevel(level)
    root.addHandler(handler)


def load_handler(spec):
    try:
        module_name, function_name = spec.rsplit(".", 1)
    except ValueError as e:
        raise Fault("Runtime.MalformedHandlerName", "Bad handler '{}': {}".format(spec, e))
    try:
        if module_name.split(".")[0] in sys.builtin_module_names:
            raise Fault("Runtime.BuiltInModuleConflict",
                        "Cannot use built-in module {} as a handler module".format(module_name))
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as e:
        raise Fault("Runtime.ImportModuleError", "Unable to import module '{}': {}".format(module_name, e))
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise Fault("Runtime.UserCodeSyntaxError", "Syntax error in module '{}': {}".format(module_name, e), trace)
    try:
        return getattr(module, function_name)
    except AttributeError:
        raise Fault("Runtime.HandlerNotFound", "Handler '{}' missing on module '{}'".format(function_name, module_name))


def invoke(handler, request_id, headers, body):
    """Runs one invocation; returns (path suffix, body, headers) to POST."""
    get = headers.get
    try:
        client_context = get("lambda-runtime-client-context")
        identity = get("lambda-runtime-cognito-identity")
        context = LambdaContext(
            request_id,
            parse_json_header(client_context, "Client Context") if client_context else None,
            parse_json_header(identity, "Cognito Identity") if identity else None,
            int(get("lambda-runtime-deadline-ms") or 0),
            get("lambda-runtime-invoked-function-arn"))
        content_type = get("content-type")
        if content_type is None or content_type.startswith("application/json"):
            try:
                event = json.loads(body)
            except Exception as e:
                raise Fault("Runtime.UnmarshalError", "Unable to unmarshal input: {}".format(e))
        else:
            event = body  # AWS passes a non-JSON payload through as bytes
        result = handler(event, context)
        if isinstance(result, bytes):  # AWS sends bytes as they are
            return "response", result, "Content-Type: application/unknown\r\n"
        try:
            return "response", to_json(result).encode("utf-8"), "Content-Type: application/json\r\n"
        except Exception as e:
            raise Fault("Runtime.MarshalError", "Unable to marshal response: {}".format(e))
    except Fault as e:
        error = make_error(e.msg, e.error_type, e.trace, request_id)
    except Exception:
        error = error_from_exception(sys.exc_info(), request_id)
    log_error(error)
    return "error", to_json(error).encode("utf-8"), error_headers(error)


def main():
    global _request_id
    # `python3 bootstrap.py` put this file's folder first on sys.path; the function's code goes there instead.
    task_root = os.environ.get("LAMBDA_TASK_ROOT") or os.getcwd()
    here = os.path.dirname(os.path.realpath(__file__))
    sys.path[:] = [task_root] + [p for p in sys.path if os.path.realpath(p or ".") != here]
    setup_logging()
    api = RuntimeAPI(API)

    try:
        handler = load_handler(os.environ.get("_HANDLER", ""))
    except Fault as e:
        error = make_error(e.msg, e.error_type, e.trace)
    except Exception:
        error = error_from_exception(sys.exc_info())
    else:
        error = None
    if error is not None:
        log_error(error)
        api.post(BASE + "/init/error", to_json(error).encode("utf-8"), error_headers(error))
        sys.stdout.flush()
        os._exit(1)  # not sys.exit: a thread the module started must not keep a failed environment alive

    environ = os.environ
    while True:
        status, headers, body = api.request("GET", NEXT)
        if status != 200:
            gone(f"GET /invocation/next answered {status}")
        request_id = _request_id = headers.get("lambda-runtime-aws-request-id")
        trace_id = headers.get("lambda-runtime-trace-id")
        if trace_id:
            environ["_X_AMZN_TRACE_ID"] = trace_id
        elif "_X_AMZN_TRACE_ID" in environ:
            del environ["_X_AMZN_TRACE_ID"]
        kind, payload, reply_headers = invoke(handler, request_id, headers, body)
        api.post(f"{BASE}/invocation/{request_id}/{kind}", payload, reply_headers)


if __name__ == "__main__":
    main()
