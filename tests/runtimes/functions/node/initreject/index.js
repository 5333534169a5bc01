// A rejection nobody handles, during init: AWS reports it as the init error.
Promise.reject(new Error('rejected during init'));
exports.handler = async () => 'unreachable';
