// Gatehouse's Node.js runtime client (nodejs18.x / 20.x / 22.x).
//
// Gatehouse starts one of these per execution environment as `node bootstrap.mjs`, with cwd = LAMBDA_TASK_ROOT. It
// speaks the Lambda Runtime API (2018-06-01) to Gatehouse on loopback and reproduces what AWS's own Node.js runtime
// does around the user's handler: handler resolution, the context object, callback / async / context.done
// semantics, the console patch, and the error documents. Node core modules only.
//
// Speed matters: this loop is on the gateway's hot path. One keep-alive socket is reused for every request, the
// loop is driven by I/O callbacks (no timers, no polling) and nothing is computed per invocation that AWS doesn't.

import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { format, types } from 'node:util';

const env = process.env;
const API = env.AWS_LAMBDA_RUNTIME_API || '127.0.0.1:9001';
const HOST = API.slice(0, API.lastIndexOf(':'));
const PORT = Number(API.slice(API.lastIndexOf(':') + 1));
const BASE = '/2018-06-01/runtime';
const NEXT = `${BASE}/invocation/next`;
const JSON_TYPE = 'Content-Type: application/json\r\n';

// ---- Errors, named and shaped as AWS's runtime names and shapes them ----------------------------------------

const runtimeError = (kind) => {
  const E = class extends Error {};
  E.prototype.name = `Runtime.${kind}`; // on the prototype, so that the stack's first line carries it too
  return E;
};
const [ImportModuleError, HandlerNotFound, MalformedHandlerName, UserCodeSyntaxError, UnhandledPromiseRejection,
  NodeJsExit] = ['ImportModuleError', 'HandlerNotFound', 'MalformedHandlerName', 'UserCodeSyntaxError',
  'UnhandledPromiseRejection', 'NodeJsExit'].map(runtimeError);
const NODEJS_EXIT_MESSAGE = 'The Lambda runtime client detected an unexpected Node.js exit code. This is most ' +
  'commonly caused by a Promise that was never settled. For more information, see ' +
  'https://nodejs.org/docs/latest/api/process.html#exit-codes';

// The body of /invocation/{id}/error and /init/error. A thrown non-Error (a string, an object) is described by its
// typeof and toString(), with an empty trace; DEL (0x7F) is escaped as AWS does.
function errorDocument(err) {
  try {
    const isError = types.isNativeError(err) || (err && typeof err.name === 'string' && err.name &&
      typeof err.message === 'string' && err.message && typeof err.stack === 'string');
    if (isError) {
      return {
        errorType: err.name?.replaceAll('\x7F', '%7F'),
        errorMessage: err.message?.replaceAll('\x7F', '%7F'),
        trace: err.stack.replaceAll('\x7F', '%7F').split('\n'),
      };
    }
    return { errorType: typeof err, errorMessage: err.toString(), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more ' +
        'of its message, name, and stack',
    };
  }
}

// The header is optional to the Runtime API; a value that is not plain printable ASCII is left out.
const errorHeaders = (doc) => (/^[\x20-\x7e]{1,256}$/.test(doc.errorType)
  ? `${JSON_TYPE}Lambda-Runtime-Function-Error-Type: ${doc.errorType}\r\n` : JSON_TYPE);

// ---- Logging: AWS's text format, `<ISO time>\t<request id>\t<LEVEL>\t<util.format(...)>` on stdout ----------

let requestId; // printed as "undefined" before the first invocation, exactly as AWS does
const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
const minLevel = Math.max(0, LEVELS.indexOf((env.AWS_LAMBDA_LOG_LEVEL || '').toUpperCase()));
const writeLog = (level, args) => {
  // One record per call: newlines inside the message become \r, which CloudWatch keeps inside the record.
  const line = `${new Date().toISOString()}\t${requestId}\t${level}\t${format(...args)}`;
  process.stdout.write(line.replace(/\n/g, '\r') + '\n'); // stdout is synchronous for pipes and files on Linux
};
for (const [method, level] of [['trace', 'TRACE'], ['debug', 'DEBUG'], ['info', 'INFO'], ['log', 'INFO'],
  ['warn', 'WARN'], ['error', 'ERROR'], ['fatal', 'FATAL']]) {
  console[method] = level === 'FATAL' || LEVELS.indexOf(level) >= minLevel
    ? (...args) => writeLog(level, args) : () => {};
}

// How AWS logs an error it reports: the message, then a tab and the error as JSON with its stack as lines.
function logError(message, err) {
  const e = err instanceof Error ? err : new Error(err);
  let json;
  try {
    json = JSON.stringify(e, (_, v) => (v instanceof Error
      ? Object.assign({ errorType: v.name, errorMessage: v.message, code: v.code }, v,
        typeof v.stack === 'string' ? { stack: v.stack.split('\n') } : {})
      : v));
  } catch {
    json = JSON.stringify(errorDocument(e));
  }
  console.error(message, '\t' + json);
}

// ---- Handler resolution, as AWS's nodejs runtime does it ------------------------------------------------------

const runtimeRequire = createRequire(import.meta.url);
const tryRequire = (file) => (fs.existsSync(file) ? runtimeRequire(file) : undefined);
const tryImport = async (file) => (fs.existsSync(file) ? import(pathToFileURL(file).href) : undefined);

// Whether .js files in folder are ES modules: the nearest package.json decides; node_modules stops the walk.
function typeIsModule(folder) {
  if (folder.endsWith('/node_modules')) return false;
  const pj = path.join(folder, 'package.json');
  if (fs.existsSync(pj)) {
    try {
      return JSON.parse(fs.readFileSync(pj, 'utf8'))?.type === 'module';
    } catch (e) {
      console.warn(`${pj} cannot be read, it will be ignored for ES module detection purposes.`, e);
      return false;
    }
  }
  return folder === '/' ? false : typeIsModule(path.resolve(folder, '..'));
}

// The same order as AWS: the exact name, then .js (CommonJS unless "type": "module"), .mjs, .cjs, and finally a
// Node-style resolution from the task root, which also finds packages in node_modules.
async function loadModule(root, moduleRoot, name) {
  const base = path.resolve(root, moduleRoot, name);
  const exact = tryRequire(base);
  if (exact) return exact;
  const esm = typeIsModule(path.dirname(base));
  const loaded = (!esm && tryRequire(base + '.js')) || (esm && await tryImport(base + '.js')) ||
    await tryImport(base + '.mjs') || tryRequire(base + '.cjs');
  if (loaded) return loaded;
  return runtimeRequire(runtimeRequire.resolve(name, { paths: [root, moduleRoot] }));
}

// `_HANDLER` = [dir/]module.export[.nested]: the module is what precedes the first '.' after the last '/'.
async function loadHandler(root, full) {
  if (full.includes('..')) {
    throw new MalformedHandlerName(`'${full}' is not a valid handler name. Use absolute paths when specifying ` +
      'root directories in handler names.');
  }
  const file = path.basename(full);
  const moduleRoot = full.substring(0, full.indexOf(file));
  const dot = file.indexOf('.');
  if (dot < 0) throw new MalformedHandlerName('Bad handler');
  let app;
  try {
    app = await loadModule(root, moduleRoot, file.slice(0, dot));
  } catch (e) {
    if (e instanceof SyntaxError) throw new UserCodeSyntaxError(e);
    if (e?.code === 'MODULE_NOT_FOUND') throw new ImportModuleError(e);
    throw e; // anything the module threw while loading is reported as itself
  }
  const fn = file.slice(dot + 1).split('.').reduce((o, key) => o && o[key], app);
  if (!fn) throw new HandlerNotFound(`${full} is undefined or not exported`);
  if (typeof fn !== 'function') throw new HandlerNotFound(`${full} is not a function`);
  return fn;
}

// ---- The Runtime API connection: one keep-alive HTTP/1.1 socket ----------------------------------------------
// Written and parsed by hand: Node's http client costs more per request than the whole of this loop, and the loop
// is on the gateway's hot path. A response may be framed by Content-Length, chunked or the end of the connection.

const [HEAD, FIXED, SIZE, DATA, CRLF, TRAILER, UNTIL_CLOSE] = [0, 1, 2, 3, 4, 5, 6];
const EMPTY = Buffer.alloc(0);
const READ_BUF = Buffer.allocUnsafe(65536);
let sock = null; // null until (re)connected
let lastError; // why the socket closed, for the message
let rbuf = EMPTY; // received bytes not parsed yet
let req = null; // the request in flight: { method, urlPath, headers, body, onDone, reused, retried }
let res = null; // its response so far: { state, status, headers, left, parts }

function gone(why) {
  // Gatehouse has gone (or answered in a way that means "stop"): there is nobody to report to, so exit now.
  process.stderr.write(`gatehouse node runtime: Runtime API ${API}: ${why}; exiting\n`);
  process.exit(1);
}

function connect() {
  // onread skips the stream machinery (measurably faster per read); the shared buffer is copied out at once.
  const s = net.connect({ port: PORT, host: HOST, onread: { buffer: READ_BUF, callback: (n, buf) => {
    if (s === sock) onData(Buffer.from(buf.subarray(0, n)));
  } } });
  s.setNoDelay(true);
  s.on('error', (err) => { lastError = err; }); // 'close' follows and decides
  s.on('close', () => { if (s === sock) onClose(); });
  return s;
}

// headers: preformatted "Name: value\r\n" lines. One request at a time; onDone(status, headers, body Buffer).
function send(method, urlPath, headers, body, onDone, retried = false) {
  const reused = sock !== null;
  if (!reused) sock = connect();
  req = { method, urlPath, headers, body, onDone, reused, retried };
  res = { state: HEAD, status: 0, headers: {}, left: 0, parts: [] };
  rbuf = EMPTY;
  sock.ref(); // idle, the socket is unref'd: "wait for the empty event loop" must not wait for our own connection
  sock.write(body === undefined ? `${method} ${urlPath} HTTP/1.1\r\nHost: ${API}\r\n\r\n`
    : `${method} ${urlPath} HTTP/1.1\r\nHost: ${API}\r\n${headers}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

function onClose() {
  sock = null;
  if (!req) return; // an idle connection closed: the next request reconnects
  if (res.state === UNTIL_CLOSE) return finish();
  const r = req;
  // A kept-alive connection the server dropped while we were idle (a long handler) fails on first use: retry
  // once on a fresh one. Anything else, or a second failure, means the Runtime API is gone.
  if (r.reused && !r.retried && res.state === HEAD && rbuf.length === 0) {
    send(r.method, r.urlPath, r.headers, r.body, r.onDone, true);
  } else {
    gone(`${r.method} ${r.urlPath}: ${lastError?.code ?? 'connection closed'}`);
  }
}

function onData(chunk) {
  if (!req) return; // bytes nobody asked for (a server's notice on an idle connection)
  rbuf = rbuf.length ? Buffer.concat([rbuf, chunk]) : chunk; // only partial header lines are ever concatenated
  while (req && advance());
}

// Moves the response parser on; false when it needs more bytes. Bodies are kept as slices, copied once at the end.
function advance() {
  switch (res.state) {
    case HEAD: {
      const end = rbuf.indexOf('\r\n\r\n');
      if (end < 0) return false;
      const lines = rbuf.toString('latin1', 0, end).split('\r\n');
      rbuf = rbuf.subarray(end + 4);
      res.status = Number(lines[0].slice(9, 12));
      for (let i = 1; i < lines.length; i++) {
        const colon = lines[i].indexOf(':');
        res.headers[lines[i].slice(0, colon).trim().toLowerCase()] = lines[i].slice(colon + 1).trim();
      }
      const length = res.headers['content-length'];
      if (/chunked/i.test(res.headers['transfer-encoding'] ?? '')) res.state = SIZE;
      else if (length !== undefined || res.status === 204 || res.status === 304) {
        res.left = Number(length ?? 0);
        res.state = FIXED;
      } else res.state = UNTIL_CLOSE;
      if (!(res.left >= 0)) gone(`${req.urlPath}: bad Content-Length ${length}`);
      return true;
    }
    case FIXED:
    case DATA: {
      const n = Math.min(res.left, rbuf.length);
      if (n > 0) {
        res.parts.push(rbuf.subarray(0, n));
        rbuf = rbuf.subarray(n);
        res.left -= n;
      }
      if (res.left > 0) return false;
      if (res.state === FIXED) finish();
      else res.state = CRLF;
      return true;
    }
    case CRLF:
      if (rbuf.length < 2) return false;
      rbuf = rbuf.subarray(2);
      res.state = SIZE;
      return true;
    case SIZE:
    case TRAILER: {
      const eol = rbuf.indexOf('\r\n');
      if (eol < 0) return false;
      const line = rbuf.toString('latin1', 0, eol);
      rbuf = rbuf.subarray(eol + 2);
      if (res.state === TRAILER) {
        if (eol === 0) finish(); // the empty line after the last chunk's trailers
        return true;
      }
      res.left = parseInt(line, 16); // "size[;extensions]"
      if (!(res.left >= 0)) gone(`${req.urlPath}: bad chunk size ${line}`);
      res.state = res.left > 0 ? DATA : TRAILER;
      return true;
    }
    default: // UNTIL_CLOSE
      res.parts.push(rbuf);
      rbuf = EMPTY;
      return false;
  }
}

function finish() {
  const { onDone } = req;
  const { status, headers, parts } = res;
  req = res = null;
  if (/close/i.test(headers.connection ?? '')) {
    sock?.destroy();
    sock = null;
  } else {
    sock?.unref();
  }
  onDone(status, headers, parts.length === 1 ? parts[0] : Buffer.concat(parts));
}

// ---- The invocation loop --------------------------------------------------------------------------------------

// Read once: every process.env read is a trip into C++, and these do not change.
const FUNCTION = {
  functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
  functionName: env.AWS_LAMBDA_FUNCTION_NAME,
  memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
  logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
  logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
};
let handler;
let isAsync = false;
let current; // the latest invocation: { id, finished (a completion was called), completed (reported) }
let polling = false; // a GET /next is outstanding
let exitAfterPost; // set when the process must end once the result in flight has been delivered
let onEmptyLoop = null; // AWS's 'beforeExit' listener: what to do when the event loop drains

process.on('beforeExit', () => {
  const action = onEmptyLoop;
  onEmptyLoop = null;
  if (action) action();
});

function next() {
  polling = true;
  send('GET', NEXT, '', undefined, (status, headers, body) => {
    polling = false;
    if (status !== 200) gone(`GET /invocation/next answered ${status}`);
    invoke(headers, body);
  });
}

function post(inv, kind, body, headers) {
  send('POST', `${BASE}/invocation/${encodeURIComponent(inv.id)}/${kind}`, headers, body, (status, _, reply) => {
    if (exitAfterPost !== undefined) process.exit(exitAfterPost);
    if (status >= 500) gone(`POST ${kind} answered ${status}`);
    // 4xx (too large, unknown id): Gatehouse has recorded the failure itself; the function goes on as on AWS.
    if (status !== 202) process.stderr.write(`gatehouse node runtime: POST ${kind} answered ${status}: ${reply}\n`);
    next();
  });
}

function complete(inv, result) {
  if (inv.completed) {
    console.error('Invocation has already been reported as done. Cannot call complete more than once per invocation.');
    return;
  }
  let body;
  try {
    body = JSON.stringify(result === undefined ? null : result) ?? 'null';
  } catch {
    postError(inv, new Error('Unable to stringify response body'));
    return;
  }
  inv.completed = true;
  post(inv, 'response', body, JSON_TYPE);
}

function postError(inv, err) {
  if (inv.completed) return; // only a misbehaving handler reports twice; the first report stands
  inv.completed = true;
  logError('Invoke Error', err);
  const doc = errorDocument(err);
  post(inv, 'error', JSON.stringify(doc), errorHeaders(doc));
}

// Headers that carry JSON (client context, Cognito identity). Gatehouse may hand the client context on as the
// base64 the Invoke API took; AWS hands the runtime the decoded JSON, so accept either.
function parseHeader(value, name) {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch (err) {
    try {
      return JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
    } catch {
      throw new Error(`Cannot parse ${name} as json: ${err.toString()}`);
    }
  }
}

function invoke(h, body) {
  const id = h['lambda-runtime-aws-request-id'];
  const inv = { id, finished: false, completed: false };
  current = inv;
  requestId = id;
  const trace = h['lambda-runtime-trace-id'];
  if (trace) env._X_AMZN_TRACE_ID = trace;
  else if (env._X_AMZN_TRACE_ID !== undefined) delete env._X_AMZN_TRACE_ID;
  const deadline = Number(h['lambda-runtime-deadline-ms']);

  // The first of callback / succeed / fail / done wins; later calls are ignored, as on AWS. Only the callback
  // honours callbackWaitsForEmptyEventLoop: its result is sent once the event loop has drained.
  let waits = true;
  const settle = (viaCallback) => (err, result) => {
    if (inv.finished) return;
    inv.finished = true;
    onEmptyLoop = null;
    if (err !== undefined && err !== null) postError(inv, err);
    else if (viaCallback && waits) onEmptyLoop = () => complete(inv, result);
    else complete(inv, result);
  };
  const done = settle(false);
  const callback = settle(true);
  // Same keys in the same order as AWS's context, so that logging it shows the same thing.
  const context = {
    get callbackWaitsForEmptyEventLoop() { return waits; },
    set callbackWaitsForEmptyEventLoop(value) { waits = value; },
    succeed: (result) => done(null, result),
    fail: (err) => done(err === undefined || err === null ? 'handled' : err, null),
    done,
    functionVersion: FUNCTION.functionVersion,
    functionName: FUNCTION.functionName,
    memoryLimitInMB: FUNCTION.memoryLimitInMB, // a string, as on AWS
    logGroupName: FUNCTION.logGroupName,
    logStreamName: FUNCTION.logStreamName,
    clientContext: undefined,
    identity: undefined,
    invokedFunctionArn: h['lambda-runtime-invoked-function-arn'],
    awsRequestId: id,
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };

  // If the loop drains with nothing reported: a sync or callback handler answers null; an async one whose
  // promise can no longer settle fails with Runtime.NodeJsExit.
  onEmptyLoop = () => {
    if (isAsync) postError(inv, new NodeJsExit(NODEJS_EXIT_MESSAGE));
    else complete(inv, null);
    inv.completed = true;
  };
  try {
    const event = JSON.parse(body);
    context.clientContext = parseHeader(h['lambda-runtime-client-context'], 'ClientContext');
    context.identity = parseHeader(h['lambda-runtime-cognito-identity'], 'CognitoIdentity');
    const result = handler(event, context, callback);
    if (result && typeof result.then === 'function') result.then(context.succeed, context.fail).catch(context.fail);
  } catch (err) {
    callback(err);
  }
}

// An error that escaped every handler. AWS reports it for whatever is in progress (init until the first
// invocation, else the invocation in flight) and ends the process: 129 for an exception, 128 for a rejection
// (init failures exit 1, as Gatehouse expects).
function crash(err, code) {
  const inv = current;
  if (!inv) return initFailed(err);
  if (!inv.completed) {
    inv.finished = inv.completed = true;
    onEmptyLoop = null;
    exitAfterPost = code;
    const doc = errorDocument(err);
    post(inv, 'error', JSON.stringify(doc), errorHeaders(doc));
  } else if (polling) {
    process.exit(code); // nothing in flight to report it for
  } else {
    exitAfterPost = code; // the result is on its way; deliver it, then exit
  }
}
process.on('uncaughtException', (err) => {
  logError('Uncaught Exception', err);
  crash(err, 129);
});
process.on('unhandledRejection', (reason, promise) => {
  let err;
  try {
    err = new UnhandledPromiseRejection(reason);
  } catch {
    err = new UnhandledPromiseRejection(); // a reason that cannot become a string (a Symbol, a null-prototype object)
  }
  err.reason = reason;
  err.promise = promise;
  logError('Unhandled Promise Rejection', err);
  crash(err, 128);
});

let initFailing = false;
function initFailed(err) {
  if (initFailing) return;
  initFailing = true;
  if (req) { // a long poll is outstanding (a rejection surfaced after init): abandon it, we are leaving
    sock.destroy();
    sock = req = res = null;
  }
  const doc = errorDocument(err);
  send('POST', `${BASE}/init/error`, errorHeaders(doc), JSON.stringify(doc), () => process.exit(1));
}

try {
  handler = await loadHandler(env.LAMBDA_TASK_ROOT || process.cwd(), env._HANDLER || '');
  try {
    isAsync = handler.constructor?.name === 'AsyncFunction';
  } catch { /* an exotic function object: treat as not async */ }
} catch (err) {
  logError('Uncaught Exception', err);
  initFailed(err);
}
if (handler && !initFailing) next();
