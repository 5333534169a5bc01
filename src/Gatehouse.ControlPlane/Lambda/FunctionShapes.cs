using System.Globalization;
using Gatehouse.Model;
using Gatehouse.Model.Functions;

namespace Gatehouse.ControlPlane.Lambda;

// The lambda answers, member for member as botocore's model names them; JSON member order follows declaration order.
#pragma warning disable CA1812 // serialized only

internal sealed record FunctionConfigurationShape
{
    public required string FunctionName { get; init; }
    public required string FunctionArn { get; init; }
    public required string Runtime { get; init; }
    public required string Role { get; init; }
    public string? Handler { get; init; }
    public long CodeSize { get; init; }
    public required string Description { get; init; }
    public int Timeout { get; init; }
    public int MemorySize { get; init; }
    public required string LastModified { get; init; }
    public required string CodeSha256 { get; init; }
    public required string Version { get; init; }
    public EnvironmentShape? Environment { get; init; }
    public required TracingConfigShape TracingConfig { get; init; }
    public required string RevisionId { get; init; }
    public string? State { get; init; }
    public string? StateReason { get; init; }
    public string? StateReasonCode { get; init; }
    public string? LastUpdateStatus { get; init; }
    public string? LastUpdateStatusReason { get; init; }
    public string? LastUpdateStatusReasonCode { get; init; }
    public string PackageType { get; init; } = "Zip";
    public required IReadOnlyList<string> Architectures { get; init; }
    public required EphemeralStorageShape EphemeralStorage { get; init; }
    public SnapStartShape SnapStart { get; init; } = new("None", "Off");
}

internal sealed record EnvironmentShape(IReadOnlyDictionary<string, string> Variables);

internal sealed record TracingConfigShape(string Mode);

internal sealed record EphemeralStorageShape(int Size);

internal sealed record SnapStartShape(string ApplyOn, string OptimizationStatus);

internal sealed record ConcurrencyShape(int ReservedConcurrentExecutions);

internal sealed record CodeLocationShape(string RepositoryType, string Location);

internal sealed record GetFunctionShape(
    FunctionConfigurationShape Configuration,
    CodeLocationShape Code,
    IReadOnlyDictionary<string, string>? Tags,
    ConcurrencyShape? Concurrency);

internal sealed record AliasShape
{
    public required string AliasArn { get; init; }
    public required string Name { get; init; }
    public required string FunctionVersion { get; init; }
    public required string Description { get; init; }
    public RoutingConfigShape? RoutingConfig { get; init; }
    public required string RevisionId { get; init; }
}

internal sealed record RoutingConfigShape(IReadOnlyDictionary<string, double> AdditionalVersionWeights);

/// <summary>Turns stored functions into Lambda's answers.</summary>
internal static class FunctionShapes
{
    /// <summary>Lambda's LastModified: <c>2026-11-25T15:47:28.123+0000</c>.</summary>
    public static string FormatDate(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);

    /// <summary>
    /// A version's FunctionConfiguration. LastUpdateStatus is reported for <c>$LATEST</c> once its creation has completed
    /// (Lambda: "first set to Successful after function creation completes"); published versions never report one.
    /// </summary>
    public static FunctionConfigurationShape Configuration(string functionName, FunctionVersion version, string arn)
    {
        ArgumentNullException.ThrowIfNull(version);
        var updateStatus = version.Version == FunctionVersion.LatestName && !(version.State == "Pending" && version.StateReasonCode == "Creating");
        return new FunctionConfigurationShape
        {
            FunctionName = functionName,
            FunctionArn = arn,
            Runtime = version.Runtime,
            Role = version.Role,
            Handler = version.Handler.Length == 0 ? null : version.Handler,
            CodeSize = version.Code.Size,
            Description = version.Description,
            Timeout = version.Timeout,
            MemorySize = version.MemorySize,
            LastModified = FormatDate(version.LastModified),
            CodeSha256 = version.Code.Sha256,
            Version = version.Version,
            Environment = version.Environment.Count == 0 ? null : new EnvironmentShape(version.Environment),
            TracingConfig = new TracingConfigShape(version.TracingMode),
            RevisionId = version.RevisionId,
            State = version.State,
            StateReason = version.StateReason,
            StateReasonCode = version.StateReasonCode,
            LastUpdateStatus = updateStatus ? version.LastUpdateStatus : null,
            LastUpdateStatusReason = updateStatus ? version.LastUpdateStatusReason : null,
            LastUpdateStatusReasonCode = updateStatus ? version.LastUpdateStatusReasonCode : null,
            Architectures = version.Architectures,
            EphemeralStorage = new EphemeralStorageShape(version.EphemeralStorageSize),
        };
    }

    /// <summary>A configuration as ListFunctions and ListVersionsByFunction show it: without the state members.</summary>
    public static FunctionConfigurationShape ListItem(FunctionConfigurationShape configuration) => configuration with
    {
        State = null,
        StateReason = null,
        StateReasonCode = null,
        LastUpdateStatus = null,
        LastUpdateStatusReason = null,
        LastUpdateStatusReasonCode = null,
    };

    public static AliasShape Alias(ControlPlaneOptions options, string functionName, FunctionAlias alias)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(alias);
        return new AliasShape
        {
            AliasArn = LambdaArns.Qualified(options.Region, options.AccountId, functionName, alias.Name),
            Name = alias.Name,
            FunctionVersion = alias.FunctionVersion,
            Description = alias.Description,
            RoutingConfig = alias.AdditionalVersionWeights.Count == 0 ? null : new RoutingConfigShape(alias.AdditionalVersionWeights),
            RevisionId = alias.RevisionId,
        };
    }
}
