require('does-not-exist-anywhere');
exports.handler = async () => 'unreachable';
