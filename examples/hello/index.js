// The tutorial's function: GET /greeting/{name} → a greeting, the time, and API Gateway's request id.
exports.handler = async (event) => {
  const name = event.pathParameters?.name ?? 'World';
  return {
    statusCode: 200,
    headers: {
      'Content-Type': 'application/json',
      'Access-Control-Allow-Origin': '*',
    },
    body: JSON.stringify({
      message: `Hello, ${name}!`,
      timestamp: new Date().toISOString(),
      requestId: event.requestContext?.requestId,
    }),
  };
};
