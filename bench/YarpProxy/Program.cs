// The minimal YARP reverse proxy the gateway is measured against: one route, {**catch-all}, to the backend.
// Usage: bench-yarp --urls http://127.0.0.1:PORT --backend http://127.0.0.1:BACKEND_PORT/
using Yarp.ReverseProxy.Configuration;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

var backend = builder.Configuration["backend"]
    ?? throw new InvalidOperationException("Pass --backend http://127.0.0.1:PORT/");

RouteConfig[] routes =
[
    new RouteConfig
    {
        RouteId = "all",
        ClusterId = "backend",
        Match = new RouteMatch { Path = "{**catch-all}" },
    },
];
ClusterConfig[] clusters =
[
    new ClusterConfig
    {
        ClusterId = "backend",
        Destinations = new Dictionary<string, DestinationConfig>
        {
            ["backend"] = new DestinationConfig { Address = backend },
        },
    },
];

builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters);

var app = builder.Build();
app.MapReverseProxy();
app.Run();
