using System.Text.Json.Serialization;

namespace Gatehouse.Model.Functions;

/// <summary>
/// One Lambda function and everything that belongs to it: <c>$LATEST</c>, its published versions, aliases, resource
/// policy and reserved concurrency. The unit the config store reads and writes in one transaction.
/// </summary>
public sealed record FunctionDocument
{
    public required string FunctionName { get; init; }

    /// <summary>The unpublished, editable version.</summary>
    public required FunctionVersion Latest { get; init; }

    /// <summary>Published versions, oldest first; immutable once published.</summary>
    public IReadOnlyList<FunctionVersion> Versions { get; init; } = [];

    /// <summary>The number the next PublishVersion takes (Lambda never reuses a version number).</summary>
    public int NextVersionNumber { get; init; } = 1;

    public IReadOnlyList<FunctionAlias> Aliases { get; init; } = [];

    /// <summary>
    /// Resource-policy statements from AddPermission, each kept as the JSON Lambda shows in GetPolicy. A policy change
    /// gives the version or alias it belongs to a new RevisionId, which GetPolicy reports, as Lambda does.
    /// </summary>
    public IReadOnlyList<PolicyStatement> Policy { get; init; } = [];

    /// <summary>PutFunctionConcurrency's value; null when the function uses the account's unreserved pool.</summary>
    public int? ReservedConcurrentExecutions { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>Optimistic-concurrency version; the store increments it on every write.</summary>
    public long Version { get; init; }

    /// <summary>A version by its name: <c>$LATEST</c> or a published number.</summary>
    public FunctionVersion? FindVersion(string version) =>
        version == FunctionVersion.LatestName ? Latest : Versions.FirstOrDefault(v => v.Version == version);

    public FunctionAlias? FindAlias(string name) => Aliases.FirstOrDefault(a => a.Name == name);
}

/// <summary>A function's configuration and code at one version (what Lambda calls a FunctionConfiguration).</summary>
public sealed record FunctionVersion
{
    public const string LatestName = "$LATEST";

    /// <summary><c>$LATEST</c> or a published version number.</summary>
    public required string Version { get; init; }

    public required string Runtime { get; init; }
    public required string Handler { get; init; }
    public required string Role { get; init; }
    public string Description { get; init; } = "";

    /// <summary>Seconds, 1 to 900 (Lambda's default 3).</summary>
    public int Timeout { get; init; } = 3;

    /// <summary>MB, 128 to 10240 (Lambda's default 128).</summary>
    public int MemorySize { get; init; } = 128;

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The code package: where it is stored and what Lambda reports about it.</summary>
    public required FunctionCode Code { get; init; }

    public IReadOnlyList<string> Architectures { get; init; } = ["x86_64"];
    public int EphemeralStorageSize { get; init; } = 512;
    public string TracingMode { get; init; } = "PassThrough";

    [JsonConverter(typeof(PreciseDateConverter))]
    public required DateTimeOffset LastModified { get; init; }

    /// <summary>Changes with every update of this version (Lambda's RevisionId).</summary>
    public required string RevisionId { get; init; }

    /// <summary><c>Pending</c>, <c>Active</c>, <c>Inactive</c> or <c>Failed</c>.</summary>
    public string State { get; init; } = "Pending";
    public string? StateReason { get; init; }
    public string? StateReasonCode { get; init; }

    /// <summary><c>Successful</c>, <c>Failed</c> or <c>InProgress</c>.</summary>
    public string LastUpdateStatus { get; init; } = "Successful";
    public string? LastUpdateStatusReason { get; init; }
    public string? LastUpdateStatusReasonCode { get; init; }
}

/// <summary>A stored code package, content-addressed.</summary>
public sealed record FunctionCode
{
    /// <summary>Lowercase hex SHA-256 of the zip: its name in the code store.</summary>
    public required string Id { get; init; }

    /// <summary>Base64 SHA-256 of the zip, as Lambda reports CodeSha256.</summary>
    public required string Sha256 { get; init; }

    public required long Size { get; init; }
}

/// <summary>An alias: a name pointing at a version, optionally splitting traffic with a second version.</summary>
public sealed record FunctionAlias
{
    public required string Name { get; init; }
    public required string FunctionVersion { get; init; }
    public string Description { get; init; } = "";

    /// <summary>RoutingConfig.AdditionalVersionWeights: version → share of traffic (0 to 1).</summary>
    public IReadOnlyDictionary<string, double> AdditionalVersionWeights { get; init; } = new Dictionary<string, double>();

    public required string RevisionId { get; init; }
}

/// <summary>One resource-policy statement from AddPermission: its id and the statement JSON Lambda shows.</summary>
public sealed record PolicyStatement(string Sid, string Json)
{
    /// <summary>
    /// The policy the statement belongs to: null for the function's own (unqualified) policy, else the version number
    /// or alias name given as AddPermission's Qualifier. Lambda keeps one policy per qualifier.
    /// </summary>
    public string? Qualifier { get; init; }
}
