// The origin every benchmark target forwards to: GET /hello (and any other path) answers "hello" as text/plain.
// A terminal middleware rather than routing keeps the backend's own cost as small as Kestrel allows.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

var app = builder.Build();
var body = "hello"u8.ToArray();

app.Run(context =>
{
    context.Response.StatusCode = StatusCodes.Status200OK;
    context.Response.ContentType = "text/plain";
    context.Response.ContentLength = body.Length;
    return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
});

app.Run();
