// Signs one request with a third-party SigV4 signer and sends it; prints {"status": N, "body": "..."} on stdout.
// Usage: node sign-and-send.mjs '<json>' where json is
//   { signer: "smithy" | "aws4", mode: "header" | "presign", port, method, path, query: [[name, value], ...],
//     headers: {name: value}, body, service, region, accessKeyId, secretAccessKey, sessionToken }
// The path is sent as given (already percent-encoded, as on the wire); query values are given decoded.
import http from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import aws4 from 'aws4';

const options = JSON.parse(process.argv[2]);
const host = `127.0.0.1:${options.port}`;
const credentials = {
  accessKeyId: options.accessKeyId,
  secretAccessKey: options.secretAccessKey,
  ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}),
};
const query = options.query ?? [];
const body = options.body ?? undefined;

// RFC 3986 encoding, as the AWS SDKs build query strings.
const encode = (value) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const queryString = (pairs) => pairs.map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&');

async function signWithSmithy() {
  const signer = new SignatureV4({
    service: options.service,
    region: options.region,
    credentials,
    sha256: Hash.bind(null, 'sha256'),
  });
  const queryObject = {};
  for (const [name, value] of query) {
    queryObject[name] = name in queryObject ? [].concat(queryObject[name], value) : value;
  }
  const request = {
    method: options.method,
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: options.port,
    path: options.path,
    query: queryObject,
    headers: { host, ...(options.headers ?? {}) },
    body,
  };
  const signed = options.mode === 'presign'
    ? await signer.presign(request, { expiresIn: 300 })
    : await signer.sign(request);
  const pairs = [];
  for (const [name, value] of Object.entries(signed.query ?? {})) {
    for (const v of [].concat(value)) pairs.push([name, v]);
  }
  return { path: options.path + (pairs.length ? `?${queryString(pairs)}` : ''), headers: signed.headers };
}

function signWithAws4() {
  const request = {
    host,
    method: options.method,
    path: options.path + (query.length ? `?${queryString(query)}` : ''),
    service: options.service,
    region: options.region,
    headers: { ...(options.headers ?? {}) },
    body,
    signQuery: options.mode === 'presign',
  };
  aws4.sign(request, credentials);
  return { path: request.path, headers: request.headers };
}

const { path, headers } = options.signer === 'aws4' ? signWithAws4() : await signWithSmithy();
const response = await new Promise((resolve, reject) => {
  const req = http.request({ host: '127.0.0.1', port: options.port, method: options.method, path, headers, setHost: false }, (res) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => { text += chunk; });
    res.on('end', () => resolve({ status: res.statusCode, body: text }));
  });
  req.on('error', reject);
  if (body !== undefined) req.write(body);
  req.end();
});
process.stdout.write(JSON.stringify({ ...response, path }));
