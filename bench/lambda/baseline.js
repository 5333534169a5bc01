// The Lambda benchmark's baseline: "the function with no gateway and no runtime". A bare Node http server that
// calls the tutorial's handler (examples/hello/index.js) in-process with a minimal synthetic event, and writes the
// handler's result (statusCode, headers, body) as API Gateway would. Gatehouse's overhead is its latency minus this.
//
// Usage: node bench/lambda/baseline.js PORT HANDLER_FILE     (prints "baseline listening on PORT" when ready)
'use strict';
const http = require('node:http');
const path = require('node:path');

const port = Number(process.argv[2]);
const { handler } = require(path.resolve(process.argv[3]));
let sequence = 0;

const server = http.createServer(async (req, res) => {
  // GET .../greeting/{name}: the only path parameter the handler reads. Anything else gets the handler's default.
  const slash = req.url.lastIndexOf('/');
  const name = req.url.includes('/greeting/') ? decodeURIComponent(req.url.slice(slash + 1)) : undefined;
  const event = {
    version: '2.0',
    rawPath: req.url,
    pathParameters: name === undefined ? undefined : { name },
    requestContext: { requestId: `baseline-${++sequence}` },
  };
  try {
    const result = await handler(event);
    const body = result.body ?? '';
    res.writeHead(result.statusCode ?? 200, { ...result.headers, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  } catch (e) {
    res.writeHead(500, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ message: 'Internal Server Error', error: String(e) }));
  }
});
server.keepAliveTimeout = 0; // like Kestrel: never close an idle keep-alive connection under wrk
server.listen(port, '127.0.0.1', () => console.log(`baseline listening on ${port}`));
process.on('SIGTERM', () => process.exit(0));
