using Gatehouse.Functions.Invocation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>What a non-proxy integration needs beyond its own configuration: the API's binary media types and the
/// clients of its backends.</summary>
public sealed record RestMappingOptions
{
    /// <summary>The API's <c>binaryMediaTypes</c>.</summary>
    public IReadOnlyList<string>? BinaryMediaTypes { get; init; }

    /// <summary>Sends HTTP integration requests (a pooled client; it must not follow redirects).</summary>
    public HttpMessageInvoker? HttpInvoker { get; init; }

    /// <summary>Runs Lambda functions for AWS integrations.</summary>
    public IFunctionInvoker? FunctionInvoker { get; init; }

    public ILogger Logger { get; init; } = NullLogger.Instance;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
