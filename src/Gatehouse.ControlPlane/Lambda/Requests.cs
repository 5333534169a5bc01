using System.Text.Json;

namespace Gatehouse.ControlPlane.Lambda;

// The lambda request bodies, as botocore's model names them (PascalCase). Members are nullable: on an update, a
// member that is absent keeps its value. Structures Gatehouse does not honour are kept as raw JSON, to be refused
// when they say anything.
#pragma warning disable CA1812 // instantiated by the JSON deserializer

internal sealed class CreateFunctionInput
{
    public string? FunctionName { get; set; }
    public string? Runtime { get; set; }
    public string? Role { get; set; }
    public string? Handler { get; set; }
    public CodeInput? Code { get; set; }
    public string? Description { get; set; }
    public int? Timeout { get; set; }
    public int? MemorySize { get; set; }
    public bool? Publish { get; set; }
    public string? PackageType { get; set; }
    public EnvironmentInput? Environment { get; set; }
    public TracingConfigInput? TracingConfig { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
    public List<string>? Architectures { get; set; }
    public EphemeralStorageInput? EphemeralStorage { get; set; }
    public JsonElement? VpcConfig { get; set; }
    public JsonElement? DeadLetterConfig { get; set; }
    public string? KMSKeyArn { get; set; }
    public JsonElement? Layers { get; set; }
    public JsonElement? FileSystemConfigs { get; set; }
    public JsonElement? ImageConfig { get; set; }
    public string? CodeSigningConfigArn { get; set; }
    public SnapStartInput? SnapStart { get; set; }
}

internal sealed class CodeInput
{
    public byte[]? ZipFile { get; set; }
    public string? S3Bucket { get; set; }
    public string? S3Key { get; set; }
    public string? S3ObjectVersion { get; set; }
    public string? ImageUri { get; set; }
}

internal sealed class EnvironmentInput
{
    public Dictionary<string, string>? Variables { get; set; }
}

internal sealed class TracingConfigInput
{
    public string? Mode { get; set; }
}

internal sealed class EphemeralStorageInput
{
    public int? Size { get; set; }
}

internal sealed class SnapStartInput
{
    public string? ApplyOn { get; set; }
}

internal sealed class UpdateFunctionCodeInput
{
    public byte[]? ZipFile { get; set; }
    public string? S3Bucket { get; set; }
    public string? S3Key { get; set; }
    public string? S3ObjectVersion { get; set; }
    public string? ImageUri { get; set; }
    public bool? Publish { get; set; }
    public bool? DryRun { get; set; }
    public string? RevisionId { get; set; }
    public List<string>? Architectures { get; set; }
}

internal sealed class UpdateFunctionConfigurationInput
{
    public string? Role { get; set; }
    public string? Handler { get; set; }
    public string? Description { get; set; }
    public int? Timeout { get; set; }
    public int? MemorySize { get; set; }
    public EnvironmentInput? Environment { get; set; }
    public string? Runtime { get; set; }
    public TracingConfigInput? TracingConfig { get; set; }
    public string? RevisionId { get; set; }
    public EphemeralStorageInput? EphemeralStorage { get; set; }
    public JsonElement? VpcConfig { get; set; }
    public JsonElement? DeadLetterConfig { get; set; }
    public string? KMSKeyArn { get; set; }
    public JsonElement? Layers { get; set; }
    public JsonElement? FileSystemConfigs { get; set; }
    public JsonElement? ImageConfig { get; set; }
    public SnapStartInput? SnapStart { get; set; }
}

internal sealed class PublishVersionInput
{
    public string? CodeSha256 { get; set; }
    public string? Description { get; set; }
    public string? RevisionId { get; set; }
}

internal sealed class AliasInput
{
    public string? Name { get; set; }
    public string? FunctionVersion { get; set; }
    public string? Description { get; set; }
    public RoutingConfigInput? RoutingConfig { get; set; }
    public string? RevisionId { get; set; }
}

internal sealed class RoutingConfigInput
{
    public Dictionary<string, double>? AdditionalVersionWeights { get; set; }
}

internal sealed class ConcurrencyInput
{
    public int? ReservedConcurrentExecutions { get; set; }
}

internal sealed class AddPermissionInput
{
    public string? StatementId { get; set; }
    public string? Action { get; set; }
    public string? Principal { get; set; }
    public string? SourceArn { get; set; }
    public string? SourceAccount { get; set; }
    public string? EventSourceToken { get; set; }
    public string? RevisionId { get; set; }
    public string? PrincipalOrgID { get; set; }
    public string? FunctionUrlAuthType { get; set; }
}

internal sealed class LambdaTagsInput
{
    public Dictionary<string, string>? Tags { get; set; }
}
