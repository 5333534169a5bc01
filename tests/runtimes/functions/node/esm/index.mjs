// An ES module (.mjs) with top-level await: _HANDLER=esm/index.handler.
const ready = await Promise.resolve('ready');
export const handler = async (event) => ({ esm: true, ready, event });
