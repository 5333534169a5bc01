using System.Text.Json;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Identity.Policies;
using Gatehouse.Model.Iam;

namespace Gatehouse.ControlPlane.Iam;

/// <summary>
/// The declarative IAM seed (<c>gatehouse serve --iam-seed-file path.json</c>), read at start so that scripts and CI
/// can use known keys. Applying it is idempotent: a user that exists is updated (path, tags; keys and policies added or
/// replaced), never duplicated; keys and policies that the file does not list are left alone. The format (member names
/// are case-insensitive):
/// <code>
/// {
///   "users": [
///     {
///       "userName": "ci",                                   // required, IAM's user-name rules
///       "path": "/ci/",                                     // optional, default "/"
///       "tags": { "team": "platform" },                     // optional
///       "accessKeys": [                                     // optional, at most 2
///         { "accessKeyId": "AKIAEXAMPLEKEY000001",           // 16-128 letters, digits or _
///           "secretAccessKey": "…",                         // 1-128 characters
///           "status": "Active" }                            // optional, Active (default) or Inactive
///       ],
///       "policies": {                                       // optional: inline policies by name
///         "invoke": { "Version": "2012-10-17", "Statement": [ … ] }   // a JSON object, or the document as a string
///       }
///     }
///   ]
/// }
/// </code>
/// Every problem in the file is reported at once and Gatehouse does not start.
/// </summary>
public sealed class IamSeedFile
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private IamSeedFile(string path, IReadOnlyList<SeedUser> users)
    {
        Path = path;
        Users = users;
    }

    public string Path { get; }

    internal IReadOnlyList<SeedUser> Users { get; }

    /// <summary>Reads and validates the file; throws <see cref="IamSeedException"/> listing every problem.</summary>
    public static IamSeedFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        SeedDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<SeedDocument>(File.ReadAllText(path), Options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IamSeedException(path, [$"it cannot be read: {e.Message}"]);
        }
        catch (JsonException e)
        {
            throw new IamSeedException(path, [$"it is not valid JSON for the seed format ({e.Path}, line {e.LineNumber + 1}): {e.Message.Split(". Path:")[0]}"]);
        }

        var errors = new List<string>();
        var users = new List<SeedUser>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var keyIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (user, index) in (document?.Users ?? []).Select((u, i) => (u, i)))
        {
            var where = $"users[{index}]";
            if (user is null)
            {
                errors.Add($"{where}: a user is an object");
                continue;
            }

            Check(errors, $"{where}.userName", user.UserName, 1, 64, IamPatterns.Name(), IamPatterns.NameText);
            if (user.UserName is not null && !names.Add(user.UserName))
            {
                errors.Add($"{where}.userName: the user {user.UserName} is listed twice");
            }

            var userPath = user.Path ?? "/";
            Check(errors, $"{where}.path", userPath, 1, 512, IamPatterns.Path(), IamPatterns.PathText);
            var tags = (user.Tags ?? []).Select(t => new IamTag(t.Key, t.Value ?? "")).ToList();
            foreach (var tag in tags)
            {
                Check(errors, $"{where}.tags.{tag.Key}", tag.Key, 1, 128, IamPatterns.TagKey(), IamPatterns.TagKeyText);
                Check(errors, $"{where}.tags.{tag.Key}", tag.Value, 0, 256, IamPatterns.TagValue(), IamPatterns.TagValueText);
            }

            var keys = new List<SeedKey>();
            if ((user.AccessKeys?.Count ?? 0) > IamErrors.AccessKeysPerUser)
            {
                errors.Add($"{where}.accessKeys: {IamErrors.AccessKeyQuota().Message}");
            }

            foreach (var (key, k) in (user.AccessKeys ?? []).Select((key, k) => (key, k)))
            {
                var keyWhere = $"{where}.accessKeys[{k}]";
                Check(errors, $"{keyWhere}.accessKeyId", key?.AccessKeyId, 16, 128, IamPatterns.AccessKeyId(), IamPatterns.AccessKeyIdText);
                // The secret is never echoed: only its length is checked.
                if (key?.SecretAccessKey is not { Length: > 0 and <= 128 })
                {
                    errors.Add($"{keyWhere}.secretAccessKey: required, 1 to 128 characters");
                }

                var status = key?.Status ?? "Active";
                if (!IamPatterns.Statuses.Contains(status))
                {
                    errors.Add($"{keyWhere}.status: must be Active or Inactive, not '{status}'");
                }

                if (key?.AccessKeyId is { } id && !keyIds.Add(id))
                {
                    errors.Add($"{keyWhere}.accessKeyId: the key {id} is listed twice");
                }

                if (key is { AccessKeyId: not null, SecretAccessKey: not null })
                {
                    keys.Add(new SeedKey(key.AccessKeyId, key.SecretAccessKey, status == "Active"));
                }
            }

            var policies = new List<IamInlinePolicy>();
            foreach (var (name, value) in user.Policies ?? [])
            {
                var policyWhere = $"{where}.policies.{name}";
                Check(errors, policyWhere, name, 1, 128, IamPatterns.Name(), IamPatterns.NameText);
                var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
                var parsed = PolicyParser.Parse(text);
                if (!parsed.IsValid)
                {
                    errors.Add($"{policyWhere}: MalformedPolicyDocument: {string.Join(" ", parsed.Errors)}");
                }
                else if (!IamPatterns.PolicyDocument().IsMatch(text))
                {
                    errors.Add($"{policyWhere}: the document may hold only tabs, line breaks and characters U+0020 to U+00FF");
                }

                policies.Add(new IamInlinePolicy(name, text));
            }

            if (user.UserName is not null)
            {
                users.Add(new SeedUser(user.UserName, userPath, tags, keys, policies));
            }
        }

        if (errors.Count > 0)
        {
            throw new IamSeedException(path, errors);
        }

        return new IamSeedFile(path, users);
    }

    /// <summary>Brings the stored users in line with the file.</summary>
    public async Task ApplyAsync(IamService iam, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(iam);
        try
        {
            foreach (var seed in Users)
            {
                var user = await iam.FindUserAsync(seed.UserName, cancellationToken);
                if (user is null)
                {
                    user = await iam.CreateUserAsync(seed.UserName, seed.Path, seed.Tags, cancellationToken);
                }
                else if (user.Path != seed.Path || !user.Tags.SequenceEqual(seed.Tags))
                {
                    await iam.UpdateUserAsync(user.UserName, seed.Path, seed.Tags, cancellationToken);
                }

                foreach (var key in seed.Keys)
                {
                    var existing = user.AccessKeys.FirstOrDefault(k => k.AccessKeyId == key.AccessKeyId);
                    if (existing is null)
                    {
                        await iam.CreateAccessKeyAsync(user.UserName, key.AccessKeyId, key.SecretAccessKey, key.Active, cancellationToken);
                    }
                    else if (existing.Active != key.Active || !iam.HasSecret(existing, key.SecretAccessKey))
                    {
                        await iam.ReplaceSecretAsync(user.UserName, key.AccessKeyId, key.SecretAccessKey, key.Active, cancellationToken);
                    }
                }

                foreach (var policy in seed.Policies)
                {
                    if (!user.Policies.Contains(policy))
                    {
                        await iam.PutUserPolicyAsync(user.UserName, policy.PolicyName, policy.Document, cancellationToken);
                    }
                }
            }
        }
        catch (AwsException e)
        {
            throw new IamSeedException(Path, [$"{e.ErrorType}: {e.Message}"]);
        }
    }

    internal sealed record SeedUser(string UserName, string Path, IReadOnlyList<IamTag> Tags, IReadOnlyList<SeedKey> Keys, IReadOnlyList<IamInlinePolicy> Policies);

    internal sealed record SeedKey(string AccessKeyId, string SecretAccessKey, bool Active)
    {
        public override string ToString() => $"SeedKey {{ AccessKeyId = {AccessKeyId}, Active = {Active} }}";
    }

    private static void Check(List<string> errors, string where, string? value, int min, int max, System.Text.RegularExpressions.Regex pattern, string patternText)
    {
        var v = new QueryValidator();
        v.Required(where, value, min, max, pattern, patternText);
        try
        {
            v.ThrowIfInvalid();
        }
        catch (AwsException e)
        {
            errors.Add(e.Message.Split(": ", 2)[1]);
        }
    }

    private sealed class SeedDocument
    {
        public List<SeedUserJson?>? Users { get; set; }
    }

    private sealed class SeedUserJson
    {
        public string? UserName { get; set; }
        public string? Path { get; set; }
        public Dictionary<string, string>? Tags { get; set; }
        public List<SeedKeyJson?>? AccessKeys { get; set; }
        public Dictionary<string, JsonElement>? Policies { get; set; }
    }

    private sealed class SeedKeyJson
    {
        public string? AccessKeyId { get; set; }
        public string? SecretAccessKey { get; set; }
        public string? Status { get; set; }

        public override string ToString() => $"SeedKeyJson {{ AccessKeyId = {AccessKeyId} }}";
    }
}

/// <summary>A seed file that cannot be used; the message lists every problem (never a secret).</summary>
public sealed class IamSeedException(string path, IReadOnlyList<string> problems)
    : Exception($"The IAM seed file {path} cannot be applied:{string.Concat(problems.Select(p => "\n  - " + p))}")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
