using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Gatehouse.ControlPlane.Lambda;

/// <summary>The checks that CreateFunction and UpdateFunctionConfiguration share, with Lambda's errors.</summary>
internal static partial class FunctionSettings
{
    public const string RolePattern = @"arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+";
    public const int MaxEnvironmentBytes = 4096;

    public static readonly IReadOnlyList<string> ArchitectureValues = ["x86_64", "arm64"];
    public static readonly IReadOnlyList<string> TracingModes = ["Active", "PassThrough"];
    public static readonly IReadOnlyList<string> PackageTypes = ["Zip", "Image"];

    // Lambda sets these itself; a function may not.
    private static readonly HashSet<string> ReservedVariables = new(StringComparer.Ordinal)
    {
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    };

    /// <summary>The model's constraints on the settings both operations take (ValidationException).</summary>
    public static void Validate(
        LambdaValidation validation,
        string? role,
        string? handler,
        string? description,
        int? timeout,
        int? memorySize,
        EphemeralStorageInput? ephemeralStorage,
        TracingConfigInput? tracing,
        Dictionary<string, string>? variables)
    {
        validation.Pattern(role, "role", RoleRegex(), RolePattern);
        validation.Length(handler, "handler", 0, 128);
        validation.Pattern(handler is { Length: > 0 } ? handler : null, "handler", HandlerRegex(), @"[^\s]+");
        validation.Length(description, "description", 0, 256);
        validation.Range(timeout, "timeout", 1, 900);
        validation.Range(memorySize, "memorySize", 128, 10240);
        if (ephemeralStorage is not null)
        {
            validation.NotNull(ephemeralStorage.Size, "ephemeralStorage.size");
            validation.Range(ephemeralStorage.Size, "ephemeralStorage.size", 512, 10240);
        }

        validation.Enum(tracing?.Mode, "tracingConfig.mode", TracingModes);
        foreach (var name in variables?.Keys ?? Enumerable.Empty<string>())
        {
            if (!VariableNameRegex().IsMatch(name))
            {
                validation.AddSensitive("environment.variables",
                    "Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]");
            }
        }
    }

    public static void ValidateArchitectures(LambdaValidation validation, List<string>? architectures)
    {
        if (architectures is null)
        {
            return;
        }

        var text = $"[{string.Join(", ", architectures)}]";
        if (architectures.Count != 1)
        {
            validation.Add(text, "architectures", "Member must have length less than or equal to 1");
        }
        else if (!ArchitectureValues.Contains(architectures[0], StringComparer.Ordinal))
        {
            validation.Add(text, "architectures",
                "Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]");
        }
    }

    /// <summary>Lambda's checks on environment variables beyond the model: reserved names, 4 KB in all.</summary>
    public static void CheckEnvironment(Dictionary<string, string>? variables)
    {
        if (variables is null || variables.Count == 0)
        {
            return;
        }

        var reserved = variables.Keys.Where(ReservedVariables.Contains).ToList();
        if (reserved.Count > 0)
        {
            throw LambdaErrors.InvalidParameter(
                "Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: " +
                string.Join(", ", reserved));
        }

        var measured = JsonSerializer.Serialize(variables, LambdaJson.Options);
        if (Encoding.UTF8.GetByteCount(measured) > MaxEnvironmentBytes)
        {
            throw LambdaErrors.InvalidParameter(
                $"Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: {measured}");
        }
    }

    /// <summary>
    /// Settings Lambda has that Gatehouse does not honour: refused with a clear error instead of stored and ignored.
    /// An empty structure (as Terraform sends for "no VPC") is accepted.
    /// </summary>
    public static void RefuseUnsupported(
        JsonElement? vpcConfig,
        JsonElement? deadLetterConfig,
        string? kmsKeyArn,
        JsonElement? layers,
        JsonElement? fileSystemConfigs,
        JsonElement? imageConfig,
        SnapStartInput? snapStart,
        TracingConfigInput? tracing,
        string? codeSigningConfigArn = null)
    {
        var refused = new List<string>();
        if (IsSet(vpcConfig))
        {
            refused.Add("VpcConfig");
        }

        if (IsSet(deadLetterConfig))
        {
            refused.Add("DeadLetterConfig");
        }

        if (!string.IsNullOrEmpty(kmsKeyArn))
        {
            refused.Add("KMSKeyArn");
        }

        if (IsSet(layers))
        {
            refused.Add("Layers");
        }

        if (IsSet(fileSystemConfigs))
        {
            refused.Add("FileSystemConfigs");
        }

        if (IsSet(imageConfig))
        {
            refused.Add("ImageConfig");
        }

        if (snapStart?.ApplyOn is { } applyOn && applyOn != "None")
        {
            refused.Add("SnapStart");
        }

        if (tracing?.Mode == "Active")
        {
            refused.Add("TracingConfig Mode Active (X-Ray tracing)");
        }

        if (!string.IsNullOrEmpty(codeSigningConfigArn))
        {
            refused.Add("CodeSigningConfigArn");
        }

        if (refused.Count > 0)
        {
            throw LambdaErrors.NotSupported(string.Join(", ", refused));
        }
    }

    /// <summary>Lambda's code sources other than a zip uploaded in the request.</summary>
    public static void RefuseOtherCodeSources(string? s3Bucket, string? s3Key, string? imageUri)
    {
        if (!string.IsNullOrEmpty(imageUri))
        {
            throw LambdaErrors.NotSupported("Container image code (ImageUri)");
        }

        if (!string.IsNullOrEmpty(s3Bucket) || !string.IsNullOrEmpty(s3Key))
        {
            throw LambdaErrors.NotSupported("Code from Amazon S3 (S3Bucket, S3Key); upload the .zip file itself (ZipFile, --zip-file)");
        }
    }

    private static bool IsSet(JsonElement? element) => element is { } e && IsSet(e);

    private static bool IsSet(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Any(p => IsSet(p.Value)),
        JsonValueKind.Array => element.GetArrayLength() > 0,
        JsonValueKind.String => element.GetString()!.Length > 0,
        JsonValueKind.Null or JsonValueKind.Undefined or JsonValueKind.False => false,
        _ => true,
    };

    [GeneratedRegex(@"^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$")]
    private static partial Regex RoleRegex();

    [GeneratedRegex(@"^[^\s]+$")]
    private static partial Regex HandlerRegex();

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9_]+$")]
    private static partial Regex VariableNameRegex();
}
