// The benchmark's handler: as little work as a handler can do.
exports.handler = async (event) => event;
