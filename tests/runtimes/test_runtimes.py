"""End-to-end tests of Gatehouse's runtime clients (Runtimes/node/bootstrap.mjs, Runtimes/python/bootstrap.py).

Each test starts a real worker process the way Gatehouse does (same command line, cwd and environment) against a
FakeRuntimeAPI, drives invocations through it and checks what the client posted, what it logged and how it exited.
Expected values are AWS's documented or observed behaviour; see Runtimes/README.md for the sources.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import unittest

from fake_runtime_api import FakeRuntimeAPI

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
RUNTIMES = os.path.join(REPO, "src", "Gatehouse.Functions", "Runtimes")
NODE_BOOTSTRAP = os.path.join(RUNTIMES, "node", "bootstrap.mjs")
PYTHON_BOOTSTRAP = os.path.join(RUNTIMES, "python", "bootstrap.py")
NODE_FUNCTIONS = os.path.join(HERE, "functions", "node")
PYTHON_FUNCTIONS = os.path.join(HERE, "functions", "python")
TIMESTAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"


class Worker:
    """One runtime client process, started as Gatehouse starts it."""

    def __init__(self, runtime, handler, task_root, env=None, api=None, api_address=None):
        self.api = api if api is not None else (FakeRuntimeAPI() if api_address is None else None)
        self.out = tempfile.TemporaryFile()
        self.err = tempfile.TemporaryFile()
        full_env = {
            "PATH": os.environ["PATH"],
            "HOME": os.environ.get("HOME", "/tmp"),
            "AWS_LAMBDA_RUNTIME_API": api_address or self.api.address,
            "_HANDLER": handler,
            "LAMBDA_TASK_ROOT": task_root,
            "LAMBDA_RUNTIME_DIR": os.path.dirname(NODE_BOOTSTRAP if runtime == "node" else PYTHON_BOOTSTRAP),
            "AWS_LAMBDA_FUNCTION_NAME": "fixture",
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
            "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/fixture",
            "AWS_LAMBDA_LOG_STREAM_NAME": "2024/01/01/[$LATEST]0123456789abcdef",
            "AWS_REGION": "us-east-1",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_EXECUTION_ENV": "AWS_Lambda_nodejs20.x" if runtime == "node" else "AWS_Lambda_python3.11",
            "AWS_ACCESS_KEY_ID": "AKIDFIXTURE",
            "AWS_SECRET_ACCESS_KEY": "secret",
            "AWS_SESSION_TOKEN": "token",
            "TZ": "UTC",
            "PYTHONDONTWRITEBYTECODE": "1",  # keep the fixture folders clean
        }
        if runtime == "node":
            command = ["node", NODE_BOOTSTRAP]
        else:
            command = ["python3", "-u", PYTHON_BOOTSTRAP]
            full_env["PYTHONUNBUFFERED"] = "1"
        full_env.update(env or {})
        self.proc = subprocess.Popen(command, cwd=task_root, env=full_env, stdout=self.out, stderr=self.err,
                                     stdin=subprocess.DEVNULL)

    def invoke(self, payload, timeout=10.0, **kwargs):
        request_id = self.api.enqueue(payload, **kwargs)
        return self.api.wait_result(request_id, timeout)

    def wait_exit(self, timeout=10.0):
        return self.proc.wait(timeout)

    def stdout(self):
        self.out.seek(0)
        return self.out.read().decode("utf-8", "replace")

    def stderr(self):
        self.err.seek(0)
        return self.err.read().decode("utf-8", "replace")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.api is not None:
            self.api.close()

    def close_files(self):
        self.out.close()
        self.err.close()


class WorkerTest(unittest.TestCase):
    runtime = None
    functions = None

    def start(self, handler, task_root=None, **kwargs):
        worker = Worker(self.runtime, handler, task_root or self.functions, **kwargs)
        self.addCleanup(worker.close_files)
        self.addCleanup(worker.stop)
        self.addCleanup(lambda: self._dump(worker))
        return worker

    def _dump(self, worker):
        # On failure, show what the client printed: it is usually the quickest explanation.
        outcome = getattr(self, "_outcome", None)
        errors = getattr(getattr(outcome, "result", None), "errors", []) + \
            getattr(getattr(outcome, "result", None), "failures", [])
        if any(test is self for test, _ in errors):
            print("\n--- stdout ---\n%s--- stderr ---\n%s" % (worker.stdout(), worker.stderr()))

    def assert_init_error(self, worker, error_type, message=None, message_start=None):
        record = worker.api.wait_init_error()
        doc = record.json()
        self.assertEqual(error_type, doc["errorType"], doc)
        if message is not None:
            self.assertEqual(message, doc["errorMessage"])
        if message_start is not None:
            self.assertTrue(doc["errorMessage"].startswith(message_start), doc["errorMessage"])
        self.assertEqual(error_type, record.headers.get("lambda-runtime-function-error-type"))
        self.assertEqual("application/json", record.headers.get("content-type"))
        self.assertEqual(1, worker.wait_exit(), "an init failure exits with status 1")
        return doc

    def assert_exits_when_api_gone(self, handler):
        worker = self.start(handler)
        self.assertEqual("response", worker.invoke({"n": 1}).kind)
        self.assertTrue(worker.api.wait_polling(), "the client long-polls for the next invocation")
        started = time.monotonic()
        worker.api.close()
        code = worker.wait_exit(timeout=5)
        self.assertNotEqual(0, code)
        self.assertLess(time.monotonic() - started, 2.0, "exits promptly")

    def assert_exits_when_api_gone_during_an_invocation(self, handler):
        worker = self.start(handler)
        worker.api.enqueue({"seconds": 0.5})
        self.assertTrue(_wait_until(lambda: worker.api.t_next_sent), "the invocation was handed out")
        worker.api.close()
        self.assertNotEqual(0, worker.wait_exit(timeout=5))

    def assert_exits_when_api_unreachable(self, handler):
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        address = "127.0.0.1:%d" % probe.getsockname()[1]
        probe.close()  # nothing listens there now
        worker = self.start(handler, api_address=address)
        self.assertNotEqual(0, worker.wait_exit(timeout=5))

    def assert_http_framing(self, handler):
        """Chunked bodies, "Connection: close" and a stale kept-alive connection are all handled."""
        event = {"text": "chunk\r\n0\r\n\r\n" * 50, "n": 1}  # looks like chunk framing inside the data
        worker = self.start(handler, api=FakeRuntimeAPI(chunked=True))
        for _ in range(3):
            self.assertEqual(event, worker.invoke(event).json())
        worker = self.start(handler, api=FakeRuntimeAPI(connection_close=True))
        for _ in range(3):
            self.assertEqual(event, worker.invoke(event).json())
        self.assertEqual(6, worker.api.connections_accepted, "a new connection for every request")
        worker = self.start(handler, api=FakeRuntimeAPI(drop_first_post=True))
        for _ in range(3):
            self.assertEqual(event, worker.invoke(event).json())
        self.assertEqual(2, worker.api.connections_accepted, "one retry on a fresh connection")

    def assert_survives_a_refused_response(self, handler):
        """A response the server refuses unread (413, connection closed) loses that result, not the worker."""
        worker = self.start(handler, api=FakeRuntimeAPI(reject_bodies_over=1024 * 1024))
        request_id = worker.api.enqueue({"size": 6 * 1024 * 1024})
        self.assertTrue(_wait_until(lambda: worker.api.rejected == 1))
        self.assertEqual(b'"' + b"x" * 10 + b'"', worker.invoke({"size": 10}).body)
        self.assertIsNone(worker.proc.poll())
        self.assertNotIn(request_id, worker.api.t_result_received)

    def assert_exits_when_next_fails(self, handler):
        worker = self.start(handler, api=FakeRuntimeAPI(next_status=500))
        worker.api.enqueue({})
        self.assertNotEqual(0, worker.wait_exit(timeout=5))


class NodeRuntimeTests(WorkerTest):
    runtime = "node"
    functions = NODE_FUNCTIONS

    def test_success_context_and_trace_id(self):
        worker = self.start("index.echo")
        record = worker.invoke({"a": [1, "two"]}, request_id="req-1", trace_id="Root=1-abc;Parent=def;Sampled=1",
                               timeout_ms=3000)
        self.assertEqual("response", record.kind)
        self.assertEqual("application/json", record.headers["content-type"])
        self.assertNotIn("transfer-encoding", record.headers)
        body = record.json()
        self.assertEqual({"a": [1, "two"]}, body["event"])
        context = body["context"]
        self.assertEqual("req-1", context["awsRequestId"])
        self.assertEqual("fixture", context["functionName"])
        self.assertEqual("$LATEST", context["functionVersion"])
        self.assertEqual("128", context["memoryLimitInMB"])  # a string, as on AWS
        self.assertEqual("/aws/lambda/fixture", context["logGroupName"])
        self.assertEqual("2024/01/01/[$LATEST]0123456789abcdef", context["logStreamName"])
        self.assertEqual("arn:aws:lambda:us-east-1:000000000000:function:fixture", context["invokedFunctionArn"])
        self.assertTrue(context["callbackWaitsForEmptyEventLoop"])
        self.assertTrue(2000 < context["remaining"] <= 3000, context["remaining"])
        self.assertEqual(["callbackWaitsForEmptyEventLoop", "succeed", "fail", "done", "functionVersion",
                          "functionName", "memoryLimitInMB", "logGroupName", "logStreamName", "clientContext",
                          "identity", "invokedFunctionArn", "awsRequestId", "getRemainingTimeInMillis"],
                         body["contextKeys"])
        self.assertEqual("Root=1-abc;Parent=def;Sampled=1", body["trace"])
        # No trace header on the next invocation: _X_AMZN_TRACE_ID is unset, not left over.
        self.assertIsNone(worker.invoke({}).json()["trace"])
        self.assertEqual(1, worker.api.connections_accepted, "one keep-alive connection for everything")

    def test_remaining_time_follows_the_deadline(self):
        worker = self.start("index.echo")
        remaining = worker.invoke({}, deadline_ms=int(time.time() * 1000) + 60000).json()["context"]["remaining"]
        self.assertTrue(59000 < remaining <= 60000, remaining)

    def test_client_context_and_identity(self):
        worker = self.start("index.echo")
        context = worker.invoke({}, client_context='{"custom":{"k":"v"},"env":{"platform":"x"}}',
                                cognito_identity='{"cognitoIdentityId":"id-1","cognitoIdentityPoolId":"pool-1"}'
                                ).json()["context"]
        self.assertEqual({"custom": {"k": "v"}, "env": {"platform": "x"}}, context["clientContext"])
        self.assertEqual({"cognitoIdentityId": "id-1", "cognitoIdentityPoolId": "pool-1"}, context["identity"])
        # Base64, as the Invoke API takes it, is accepted too.
        context = worker.invoke({}, client_context="eyJjdXN0b20iOnsiYiI6NjR9fQ==").json()["context"]
        self.assertEqual({"custom": {"b": 64}}, context["clientContext"])
        record = worker.invoke({}, client_context="{not json")
        self.assertEqual("error", record.kind)
        self.assertTrue(record.json()["errorMessage"].startswith("Cannot parse ClientContext as json: SyntaxError"))

    def test_callback_styles(self):
        worker = self.start("index.callback")
        self.assertEqual({"via": "callback", "event": {"x": 1}}, worker.invoke({"x": 1}).json())
        for handler, expected in [("index.succeed", {"via": "succeed"}), ("index.done", "done result"),
                                  ("index.promiseReturn", {"via": "promise"}), ("index.returnsUndefined", None),
                                  ("index.syncReturn", None)]:
            worker = self.start(handler)
            record = worker.invoke({})
            self.assertEqual(("response", expected), (record.kind, record.json()), handler)

    def test_callback_waits_for_the_empty_event_loop(self):
        worker = self.start("index.callbackWaits")
        started = time.monotonic()
        self.assertEqual("after the timer", worker.invoke({}).json())
        self.assertGreaterEqual(time.monotonic() - started, 0.14)
        self.assertIn("\tINFO\ttimer fired\n", worker.stdout())

    def test_callback_without_waiting(self):
        worker = self.start("index.callbackNoWait")
        started = time.monotonic()
        self.assertEqual("before the timer", worker.invoke({}).json())
        self.assertLess(time.monotonic() - started, 0.3)

    def test_esm_cjs_nested_and_node_modules(self):
        cases = [("esm/index.handler", {"esm": True, "ready": "ready", "event": {"k": 2}}),
                 ("typemodule/app.handler", {"typeModule": True, "esm": True}),
                 ("lib/mod.handler", "cjs"),
                 ("index.nested.deep.handler", "nested")]
        for handler, expected in cases:
            worker = self.start(handler)
            record = worker.invoke({"k": 2})
            self.assertEqual(("response", expected), (record.kind, record.json()), handler)
        root = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, root)
        os.makedirs(os.path.join(root, "node_modules", "pkghandler"))
        with open(os.path.join(root, "node_modules", "pkghandler", "index.js"), "w") as f:
            f.write("exports.handler = async () => 'from node_modules';\n")
        worker = self.start("pkghandler.handler", task_root=root)
        self.assertEqual("from node_modules", worker.invoke({}).json())

    def test_thrown_error_shape(self):
        worker = self.start("index.throws")
        record = worker.invoke({}, request_id="req-err")
        self.assertEqual("error", record.kind)
        self.assertEqual("TypeError", record.headers["lambda-runtime-function-error-type"])
        doc = record.json()
        self.assertEqual(["errorType", "errorMessage", "trace"], list(doc))
        self.assertEqual("TypeError", doc["errorType"])
        self.assertEqual("bad thing", doc["errorMessage"])
        self.assertEqual("TypeError: bad thing", doc["trace"][0])
        self.assertTrue(doc["trace"][1].startswith("    at "), doc["trace"])
        self.assertIn(os.path.join(NODE_FUNCTIONS, "index.js"), doc["trace"][1])
        log = worker.stdout()
        self.assertRegex(log, TIMESTAMP + r'\treq-err\tERROR\tInvoke Error \t\{"errorType":"TypeError",'
                                          r'"errorMessage":"bad thing","stack":\["TypeError: bad thing",')
        # The worker survives a failed invocation.
        self.assertEqual("error", worker.invoke({}).kind)

    def test_other_error_values(self):
        cases = [
            ("index.rejects", "CustomError", "custom failure", "CustomError: custom failure"),
            ("index.callbackError", "RangeError", "out of range", "RangeError: out of range"),
            ("index.fail", "Error", "failed via context.fail", "Error: failed via context.fail"),
            ("index.throwsString", "string", "just a string", None),
            ("index.throwsObject", "object", "[object Object]", None),
            ("index.rejectsUndefined", "string", "handled", None),
            ("index.failEmpty", "string", "handled", None),
            ("index.circular", "Error", "Unable to stringify response body", "Error: Unable to stringify response body"),
        ]
        for handler, error_type, message, first_trace_line in cases:
            worker = self.start(handler)
            record = worker.invoke({})
            doc = record.json()
            self.assertEqual(("error", error_type, message), (record.kind, doc["errorType"], doc["errorMessage"]),
                             handler)
            if first_trace_line is None:
                self.assertEqual([], doc["trace"], handler)
            else:
                self.assertEqual(first_trace_line, doc["trace"][0], handler)

    def test_never_settling_promise(self):
        worker = self.start("index.neverSettles")
        doc = worker.invoke({}).json()
        self.assertEqual("Runtime.NodeJsExit", doc["errorType"])
        self.assertTrue(doc["errorMessage"].startswith("The Lambda runtime client detected an unexpected Node.js "
                                                       "exit code."))
        self.assertEqual("response", self.start("index.echo").invoke({}).kind)

    def test_unhandled_rejection_fails_the_invocation_and_exits(self):
        worker = self.start("index.unhandled")
        record = worker.invoke({})
        doc = record.json()
        self.assertEqual(("Runtime.UnhandledPromiseRejection", "Error: late"), (doc["errorType"], doc["errorMessage"]))
        self.assertEqual("Runtime.UnhandledPromiseRejection: Error: late", doc["trace"][0])
        self.assertEqual(128, worker.wait_exit())
        self.assertIn("\tERROR\tUnhandled Promise Rejection \t{", worker.stdout())

    def test_uncaught_exception_fails_the_invocation_and_exits(self):
        worker = self.start("index.uncaught")
        doc = worker.invoke({}).json()
        self.assertEqual(("Error", "thrown in timer"), (doc["errorType"], doc["errorMessage"]))
        self.assertEqual(129, worker.wait_exit())
        self.assertIn("\tERROR\tUncaught Exception \t{", worker.stdout())

    def test_logging_format(self):
        worker = self.start("index.logs")
        worker.invoke({}, request_id="req-log")
        lines = worker.stdout().split("\n")
        self.assertRegex(lines[0], "^" + TIMESTAMP + r"\tundefined\tINFO\tloading index.js$")
        expected = [r"INFO\ta b \{ x: 1 \}", r"INFO\tline1\rline2", r"WARN\twarned",
                    r"ERROR\terrored Error: logged error\r    at ", r"DEBUG\tdebugged", r"TRACE\ttraced",
                    r"FATAL\tfatal!"]
        for line, pattern in zip(lines[1:], expected):
            self.assertRegex(line, "^" + TIMESTAMP + r"\treq-log\t" + pattern)

    def test_log_level_filter(self):
        worker = self.start("index.logs", env={"AWS_LAMBDA_LOG_LEVEL": "warn"})
        worker.invoke({})
        levels = re.findall(r"\t(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\t", worker.stdout())
        self.assertEqual(["WARN", "ERROR", "FATAL"], levels)

    def test_large_and_unicode_bodies(self):
        worker = self.start("index.big")
        record = worker.invoke({"size": 5 * 1024 * 1024})
        self.assertEqual(5 * 1024 * 1024 + 2, len(record.body))
        worker = self.start("index.unicode")
        body = worker.invoke({}).body
        self.assertEqual({"s": "h\u00e9llo \u2713 \U0001F600", "nul": "\u0000", "del": "\u007f"}, json.loads(body))
        self.assertIn("\u2713".encode("utf-8"), body)
        worker = self.start("index.raw")
        big_event = {"blob": "\u00e9" * (3 * 1024 * 1024)}
        self.assertEqual(big_event, worker.invoke(big_event).json())

    def test_init_errors(self):
        self.assert_init_error(self.start("index.missing"), "Runtime.HandlerNotFound",
                               "index.missing is undefined or not exported")
        self.assert_init_error(self.start("index.notAFunction"), "Runtime.HandlerNotFound",
                               "index.notAFunction is not a function")
        doc = self.assert_init_error(self.start("nope.handler"), "Runtime.ImportModuleError",
                                     message_start="Error: Cannot find module 'nope'\nRequire stack:\n- ")
        self.assertEqual("Runtime.ImportModuleError: Error: Cannot find module 'nope'", doc["trace"][0])
        self.assert_init_error(self.start("missingdep/index.handler"), "Runtime.ImportModuleError",
                               message_start="Error: Cannot find module 'does-not-exist-anywhere'\nRequire stack:")
        doc = self.assert_init_error(self.start("syntax/bad.handler"), "Runtime.UserCodeSyntaxError",
                                     message_start="SyntaxError: ")
        self.assertTrue(doc["trace"][0].startswith("Runtime.UserCodeSyntaxError: SyntaxError: "), doc["trace"])
        doc = self.assert_init_error(self.start("throwinit/boom.handler"), "Error", "init failed")
        self.assertEqual("Error: init failed", doc["trace"][0])
        self.assert_init_error(self.start("index"), "Runtime.MalformedHandlerName", "Bad handler")
        self.assert_init_error(self.start("../x/index.handler"), "Runtime.MalformedHandlerName",
                               "'../x/index.handler' is not a valid handler name. Use absolute paths when "
                               "specifying root directories in handler names.")
        self.assert_init_error(self.start("initreject/index.handler"), "Runtime.UnhandledPromiseRejection",
                               "Error: rejected during init")
        worker = self.start("index.missing")
        worker.wait_exit()
        self.assertRegex(worker.stdout(), TIMESTAMP + r'\tundefined\tERROR\tUncaught Exception \t\{"errorType":'
                                                      r'"Runtime.HandlerNotFound"')

    def test_http_framing(self):
        self.assert_http_framing("index.raw")

    def test_survives_a_refused_response(self):
        self.assert_survives_a_refused_response("index.big")

    def test_exits_when_gatehouse_goes_away(self):
        self.assert_exits_when_api_gone("index.echo")

    def test_exits_when_gatehouse_goes_away_during_an_invocation(self):
        self.assert_exits_when_api_gone_during_an_invocation("index.sleeps")

    def test_exits_when_gatehouse_is_unreachable(self):
        self.assert_exits_when_api_unreachable("index.echo")

    def test_exits_when_next_fails(self):
        self.assert_exits_when_next_fails("index.echo")


class PythonRuntimeTests(WorkerTest):
    runtime = "python"
    functions = PYTHON_FUNCTIONS

    def test_success_context_and_trace_id(self):
        worker = self.start("app.echo")
        record = worker.invoke({"a": [1, "two"]}, request_id="req-1", trace_id="Root=1-abc;Parent=def;Sampled=1",
                               timeout_ms=3000)
        self.assertEqual("response", record.kind)
        self.assertEqual("application/json", record.headers["content-type"])
        body = record.json()
        self.assertEqual({"a": [1, "two"]}, body["event"])
        self.assertEqual({
            "aws_request_id": "req-1", "function_name": "fixture", "function_version": "$LATEST",
            "invoked_function_arn": "arn:aws:lambda:us-east-1:000000000000:function:fixture",
            "memory_limit_in_mb": "128", "log_group_name": "/aws/lambda/fixture",
            "log_stream_name": "2024/01/01/[$LATEST]0123456789abcdef", "identity": [None, None],
            "client_context": None, "remaining": body["context"]["remaining"]}, body["context"])
        self.assertTrue(2000 < body["context"]["remaining"] <= 3000, body["context"]["remaining"])
        self.assertEqual("Root=1-abc;Parent=def;Sampled=1", body["trace"])
        self.assertIsNone(worker.invoke({}).json()["trace"])
        self.assertEqual(1, worker.api.connections_accepted, "one persistent connection for everything")

    def test_client_context_and_identity(self):
        worker = self.start("app.echo")
        context = worker.invoke({}, client_context='{"custom":{"k":"v"},"env":{"platform":"x"},'
                                                   '"client":{"installation_id":"inst"}}',
                                cognito_identity='{"cognitoIdentityId":"id-1","cognitoIdentityPoolId":"pool-1"}'
                                ).json()["context"]
        self.assertEqual({"custom": {"k": "v"}, "env": {"platform": "x"}, "installation_id": "inst"},
                         context["client_context"])
        self.assertEqual(["id-1", "pool-1"], context["identity"])
        record = worker.invoke({}, client_context="{not json")
        self.assertEqual("Runtime.LambdaContextUnmarshalError", record.json()["errorType"])

    def test_exception_shape(self):
        worker = self.start("app.raises")
        record = worker.invoke({"action": "increment"}, request_id="req-err")
        self.assertEqual("error", record.kind)
        self.assertEqual("KeyError", record.headers["lambda-runtime-function-error-type"])
        doc = record.json()
        self.assertEqual(["errorMessage", "errorType", "requestId", "stackTrace"], list(doc))
        self.assertEqual(("'increment'", "KeyError", "req-err"), (doc["errorMessage"], doc["errorType"],
                                                                   doc["requestId"]))
        app = os.path.join(PYTHON_FUNCTIONS, "app.py")
        self.assertEqual(1, len(doc["stackTrace"]), doc["stackTrace"])  # the runtime's own frames are hidden
        # Python 3.11+ adds a line of carets under the failing expression, in AWS's traces too.
        self.assertRegex(doc["stackTrace"][0], r'^  File "%s", line \d+, in raises\n    return actions\[event\['
                                               r'"action"\]\]\n' % re.escape(app))
        # Serialized as AWS's encoder does: ", " and ": " separators.
        self.assertTrue(record.body.startswith(b'{"errorMessage": "\'increment\'", "errorType": "KeyError", '))
        self.assertIn("[ERROR] KeyError: 'increment'\rTraceback (most recent call last):\r\u00a0\u00a0File \"",
                      worker.stdout())
        doc = self.start("app.raises_custom").invoke({}).json()
        self.assertEqual(("CustomError", "custom failure"), (doc["errorType"], doc["errorMessage"]))

    def test_results(self):
        cases = [("app.returns_none", b"null", "application/json"),
                 ("app.returns_bytes", b"\x00\x01raw\xff", "application/unknown"),
                 ("app.decimals", b'{"int": 10, "frac": 1.5}', "application/json"),
                 ("app.unicode", b'{"s": "h\\u00e9llo \\u2713 \\ud83d\\ude00"}', "application/json"),
                 ("pkg.mod.handler", b'"pkg.mod"', "application/json"),
                 ("sub/dir/handler_file.handler", b'"sub/dir/handler_file"', "application/json")]
        for handler, body, content_type in cases:
            record = self.start(handler).invoke({})
            self.assertEqual(("response", body, content_type), (record.kind, record.body,
                                                                record.headers["content-type"]), handler)

    def test_marshal_and_unmarshal_errors(self):
        worker = self.start("app.unserializable")
        doc = worker.invoke({}, request_id="req-m").json()
        self.assertEqual({"errorMessage": "Unable to marshal response: Object of type set is not JSON serializable",
                          "errorType": "Runtime.MarshalError", "requestId": "req-m", "stackTrace": []}, doc)
        worker = self.start("app.raw")
        doc = worker.invoke(b"{not json").json()
        self.assertEqual("Runtime.UnmarshalError", doc["errorType"])
        self.assertTrue(doc["errorMessage"].startswith("Unable to unmarshal input: Expecting property name"))

    def test_large_bodies(self):
        record = self.start("app.big").invoke({"size": 5 * 1024 * 1024})
        self.assertEqual(5 * 1024 * 1024 + 2, len(record.body))
        big_event = {"blob": "\u00e9" * (3 * 1024 * 1024)}
        self.assertEqual(big_event, self.start("app.raw").invoke(big_event).json())

    def test_logging_format(self):
        worker = self.start("app.logs")
        worker.invoke({"set_level": True}, request_id="req-log")
        out = worker.stdout()
        self.assertTrue(out.startswith("loading app.py\n"), out)
        self.assertNotIn("below the root logger", out)
        self.assertRegex(out, r"\n\[WARNING\]\t" + TIMESTAMP + r"\treq-log\twarned here\n\[ERROR\]")
        self.assertRegex(out, r"\n\[ERROR\]\t" + TIMESTAMP + r"\treq-log\tchild error\nprinted as is\n")
        self.assertIn("\nprinted as is\n", out)
        self.assertRegex(out, r"\n\[INFO\]\t" + TIMESTAMP + r"\treq-log\tinfo after setLevel\n")
        worker = self.start("app.logs", env={"AWS_LAMBDA_LOG_LEVEL": "INFO"})
        worker.invoke({})
        self.assertIn("info is below the root logger's WARNING level", worker.stdout())

    def test_remaining_time(self):
        worker = self.start("app.echo")
        remaining = worker.invoke({}, deadline_ms=int(time.time() * 1000) + 60000).json()["context"]["remaining"]
        self.assertTrue(59000 < remaining <= 60000, remaining)
        self.assertEqual(0, worker.invoke({}, deadline_ms=1).json()["context"]["remaining"])

    def test_init_errors(self):
        self.assert_init_error(self.start("app.nope"), "Runtime.HandlerNotFound",
                               "Handler 'nope' missing on module 'app'")
        doc = self.assert_init_error(self.start("missing_module.handler"), "Runtime.ImportModuleError",
                                     "Unable to import module 'missing_module': No module named 'missing_module'")
        self.assertEqual({"errorMessage": doc["errorMessage"], "errorType": "Runtime.ImportModuleError",
                          "requestId": "", "stackTrace": []}, doc)
        self.assert_init_error(self.start("import_missing.handler"), "Runtime.ImportModuleError",
                               "Unable to import module 'import_missing': No module named 'does_not_exist_anywhere'")
        doc = self.assert_init_error(self.start("syntax_bad.handler"), "Runtime.UserCodeSyntaxError",
                                     message_start="Syntax error in module 'syntax_bad': ")
        self.assertEqual(['  File "%s" Line 1\n    def handler(event, context)\n'
                          % os.path.join(PYTHON_FUNCTIONS, "syntax_bad.py")], doc["stackTrace"])
        doc = self.assert_init_error(self.start("raises_at_import.handler"), "ValueError", "boom at import")
        self.assertIn("raises_at_import.py", doc["stackTrace"][-1])
        self.assertFalse(any("/bootstrap.py" in frame for frame in doc["stackTrace"]), doc["stackTrace"])
        self.assert_init_error(self.start("app"), "Runtime.MalformedHandlerName",
                               "Bad handler 'app': not enough values to unpack (expected 2, got 1)")
        self.assert_init_error(self.start("sys.handler"), "Runtime.BuiltInModuleConflict",
                               "Cannot use built-in module sys as a handler module")
        worker = self.start("app.nope")
        worker.wait_exit()
        self.assertIn("[ERROR] Runtime.HandlerNotFound: Handler 'nope' missing on module 'app'\r"
                      "Traceback (most recent call last):\n", worker.stdout())

    def test_http_framing(self):
        self.assert_http_framing("app.raw")

    def test_survives_a_refused_response(self):
        self.assert_survives_a_refused_response("app.big")

    def test_exits_when_gatehouse_goes_away(self):
        self.assert_exits_when_api_gone("app.echo")

    def test_exits_when_gatehouse_goes_away_during_an_invocation(self):
        self.assert_exits_when_api_gone_during_an_invocation("app.sleeps")

    def test_exits_when_gatehouse_is_unreachable(self):
        self.assert_exits_when_api_unreachable("app.echo")

    def test_exits_when_next_fails(self):
        self.assert_exits_when_next_fails("app.echo")


def _wait_until(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False


if __name__ == "__main__":
    unittest.main()
