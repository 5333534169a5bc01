// A .cjs file assigning module.exports: _HANDLER=lib/mod.handler.
module.exports = { handler: async () => 'cjs' };
