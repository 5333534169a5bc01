using Microsoft.AspNetCore.Builder;

namespace Gatehouse.Functions.RuntimeApi;

/// <summary>
/// Web host options for Gatehouse's servers: the content root is the program's own folder and configuration files
/// are not watched. By default a host watches its content root (the working directory, where the data directory
/// usually is) for configuration changes, so every log line a worker wrote woke a file watcher.
/// </summary>
public static class QuietHost
{
    public static WebApplicationOptions Options => new()
    {
        ContentRootPath = AppContext.BaseDirectory,
        Args = ["--hostBuilder:reloadConfigOnChange=false"],
    };
}
