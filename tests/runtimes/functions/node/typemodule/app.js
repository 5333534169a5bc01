// A .js file under "type": "module": loaded as an ES module (import.meta only parses in one).
export const handler = async () => ({ typeModule: true, esm: typeof import.meta.url === 'string' });
