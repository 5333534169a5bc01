// The Lambda authorizer of bench/auth.sh's GET /lambda: payload 2.0 with simple responses. It allows the token the
// script made for the run (the function's environment variable BENCH_TOKEN) in the Authorization header, the route's
// identity source; anything else is denied (403). Cached for 300 s, it should run about once per run, not per request.
'use strict';
exports.handler = async (event) => ({
  isAuthorized: Boolean(process.env.BENCH_TOKEN) && (event.headers || {}).authorization === process.env.BENCH_TOKEN,
});
