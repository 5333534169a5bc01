// The authorization benchmark's OpenID Connect issuer: the smallest one a JWT authorizer can use. At start it makes an
// RS256 key pair, serves its discovery document and JWKS on loopback, and writes one signed token (aud "bench",
// valid for an hour) to TOKEN_FILE, not to its log: the run's logs are kept, and a token is a credential.
//
// Usage: node bench/auth/issuer.mjs PORT TOKEN_FILE     (prints "issuer listening on http://127.0.0.1:PORT" when ready)
//   GET /.well-known/openid-configuration   issuer, jwks_uri (and the few fields a discovery document must have)
//   GET /.well-known/jwks.json              the public key, with its kid, use "sig" and alg RS256
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

const [port, tokenFile] = [Number(process.argv[2]), process.argv[3]];
if (!Number.isInteger(port) || port <= 0 || port > 65535 || !tokenFile) {
  console.error('usage: node issuer.mjs PORT TOKEN_FILE');
  process.exit(2);
}

const issuer = `http://127.0.0.1:${port}`;
const kid = 'bench-1';
const { publicKey, privateKey } = await generateKeyPair('RS256');
const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' }] });
const discovery = JSON.stringify({
  issuer,
  jwks_uri: `${issuer}/.well-known/jwks.json`,
  response_types_supported: ['id_token'],
  subject_types_supported: ['public'],
  id_token_signing_alg_values_supported: ['RS256'],
});

const token = await new SignJWT({ scope: 'bench' })
  .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
  .setIssuer(issuer)
  .setAudience('bench')
  .setSubject('bench-user')
  .setIssuedAt()
  .setExpirationTime('1h')
  .sign(privateKey);

const documents = {
  '/.well-known/openid-configuration': discovery,
  '/.well-known/jwks.json': jwks,
};
const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  const body = req.method === 'GET' ? documents[path] : undefined;
  if (body === undefined) {
    res.writeHead(req.method === 'GET' ? 404 : 405, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ message: req.method === 'GET' ? 'Not Found' : 'Method Not Allowed' }));
    return;
  }
  console.log(`GET ${path}`); // how often Gatehouse fetches the keys (it should cache them)
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'max-age=3600' });
  res.end(body);
});
server.listen(port, '127.0.0.1', () => {
  writeFileSync(tokenFile, token, { mode: 0o600 });
  console.log(`issuer listening on ${issuer}`);
});
process.on('SIGTERM', () => process.exit(0));
