// CommonJS fixtures for the Node runtime client tests; each export is one scenario (_HANDLER=index.<name>).
'use strict';

console.log('loading index.js');

const contextView = (context) => ({
  awsRequestId: context.awsRequestId,
  functionName: context.functionName,
  functionVersion: context.functionVersion,
  invokedFunctionArn: context.invokedFunctionArn,
  memoryLimitInMB: context.memoryLimitInMB,
  logGroupName: context.logGroupName,
  logStreamName: context.logStreamName,
  callbackWaitsForEmptyEventLoop: context.callbackWaitsForEmptyEventLoop,
  remaining: context.getRemainingTimeInMillis(),
  identity: context.identity ?? null,
  clientContext: context.clientContext ?? null,
});

exports.echo = async (event, context) => ({
  event,
  context: contextView(context),
  contextKeys: Object.keys(context),
  trace: process.env._X_AMZN_TRACE_ID ?? null,
});

exports.callback = (event, context, callback) => {
  setTimeout(() => callback(null, { via: 'callback', event }), 5);
};

// The callback is called at once, but a timer keeps the event loop busy for 150 ms: AWS answers after it.
exports.callbackWaits = (event, context, callback) => {
  setTimeout(() => console.log('timer fired'), 150);
  callback(null, 'after the timer');
};

exports.callbackNoWait = (event, context, callback) => {
  context.callbackWaitsForEmptyEventLoop = false;
  setTimeout(() => console.log('late timer fired'), 400);
  callback(null, 'before the timer');
};

exports.callbackError = (event, context, callback) => callback(new RangeError('out of range'));
exports.succeed = (event, context) => { context.succeed({ via: 'succeed' }); context.succeed('ignored'); };
exports.fail = (event, context) => context.fail(new Error('failed via context.fail'));
exports.failEmpty = (event, context) => context.fail();
exports.done = (event, context) => context.done(null, 'done result');
exports.throws = () => { throw new TypeError('bad thing'); };

class CustomError extends Error {}
CustomError.prototype.name = 'CustomError';
exports.rejects = async () => { throw new CustomError('custom failure'); };
exports.throwsString = () => { throw 'just a string'; }; // eslint-disable-line no-throw-literal
exports.throwsObject = async () => { throw { code: 42 }; }; // eslint-disable-line no-throw-literal
exports.rejectsUndefined = () => Promise.reject(undefined);
exports.returnsUndefined = async () => undefined;
exports.syncReturn = () => 42; // a non-async handler's return value is ignored on AWS: the response is null
exports.promiseReturn = () => Promise.resolve({ via: 'promise' });

exports.logs = async (event, context) => {
  console.log('a %s', 'b', { x: 1 });
  console.info('line1\nline2');
  console.warn('warned');
  console.error('errored', new Error('logged error'));
  console.debug('debugged');
  console.trace('traced');
  console.fatal('fatal!');
  return context.awsRequestId;
};

exports.unhandled = async () => {
  Promise.reject(new Error('late'));
  await new Promise((resolve) => setTimeout(resolve, 200));
  return 'unreachable';
};
exports.uncaught = (event, context, callback) => {
  setTimeout(() => { throw new Error('thrown in timer'); }, 1);
};
exports.neverSettles = async () => new Promise(() => {});
exports.circular = async () => { const o = {}; o.self = o; return o; };
exports.big = async (event) => 'x'.repeat(event.size);
exports.unicode = async () => ({ s: 'h\u00e9llo \u2713 \ud83d\ude00', nul: '\u0000', del: '\u007f' });
exports.raw = async (event) => event;
exports.nested = { deep: { handler: async () => 'nested' } };
exports.notAFunction = 42;
exports.sleeps = (event) => new Promise((resolve) => setTimeout(() => resolve('slept'), event.seconds * 1000));
