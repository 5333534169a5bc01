// The Lambda authorizer of bench/auth.sh's GET /lambda: payload 2.0 with simple responses. It allows, in the
// Authorization header (the route's identity source), the token the script made for the run (the function's
// environment variable BENCH_TOKEN), alone or followed by a dot and a suffix (the script moves to a new one before a
// cached answer expires); anything else is denied (403). Its answers are cached, so it runs a few times a run.
'use strict';
exports.handler = async (event) => {
  const token = process.env.BENCH_TOKEN;
  const given = (event.headers || {}).authorization || '';
  return { isAuthorized: Boolean(token) && (given === token || given.startsWith(`${token}.`)) };
};
