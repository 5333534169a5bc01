using System.Text.Json;

namespace Gatehouse.Identity.Policies;

/// <summary>
/// Parses and validates an identity-policy document (IAM's grammar: <c>Version</c>, <c>Id</c>, <c>Statement</c> as an
/// object or an array; <c>Sid</c>, <c>Effect</c>, <c>Action</c>/<c>NotAction</c>, <c>Resource</c>/<c>NotResource</c> as a
/// string or an array, <c>Condition</c>) into a <see cref="CompiledPolicy"/>. Every problem is collected; they are
/// ranked as IAM checks them, so the first one is the message IAM would give.
/// </summary>
public static class PolicyParser
{
    /// <summary>The versions IAM accepts; without one, IAM assumes 2008-10-17.</summary>
    public static readonly IReadOnlyList<string> Versions = ["2012-10-17", "2008-10-17"];

    private const int RankSyntax = 0;
    private const int RankPrincipal = 1;
    private const int RankCondition = 2;
    private const int RankSid = 3;
    private const int RankActions = 4;
    private const int RankResources = 5;
    private const int RankVendor = 6;

    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    public static PolicyParseResult Parse(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        try
        {
            using var json = JsonDocument.Parse(document, DocumentOptions);
            return Parse(json.RootElement, document);
        }
        catch (JsonException)
        {
            return new PolicyParseResult(null, [PolicyMessages.SyntaxErrors]);
        }
    }

    /// <summary>Parses a document that is already JSON (a Lambda authorizer's <c>policyDocument</c>, a seed file).</summary>
    public static PolicyParseResult Parse(JsonElement document) => Parse(document, document.ValueKind == JsonValueKind.Undefined ? "" : document.GetRawText());

    private static PolicyParseResult Parse(JsonElement root, string text)
    {
        var errors = new List<(int Rank, string Message)>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new PolicyParseResult(null, [PolicyMessages.SyntaxErrors]);
        }

        string? version = null, id = null;
        JsonElement? statementElement = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "Version" when property.Value.ValueKind == JsonValueKind.String && Versions.Contains(property.Value.GetString()):
                    version = property.Value.GetString();
                    break;
                case "Id" when property.Value.ValueKind == JsonValueKind.String:
                    id = property.Value.GetString();
                    break;
                case "Statement":
                    statementElement = property.Value;
                    break;
                default:
                    errors.Add((RankSyntax, PolicyMessages.SyntaxErrors));
                    break;
            }
        }

        var statements = new List<PolicyStatement>();
        var statementElements = statementElement switch
        {
            { ValueKind: JsonValueKind.Object } single => [single],
            { ValueKind: JsonValueKind.Array } array when array.GetArrayLength() > 0 => array.EnumerateArray().ToList(),
            _ => null,
        };
        if (statementElements is null)
        {
            errors.Add((RankSyntax, PolicyMessages.SyntaxErrors));
        }

        var sids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in statementElements ?? [])
        {
            if (ParseStatement(element, errors) is { } statement)
            {
                if (statement.Sid is { Length: > 0 } sid && !sids.Add(sid))
                {
                    errors.Add((RankSid, PolicyMessages.DuplicateSid));
                }

                statements.Add(statement);
            }
        }

        if (errors.Count > 0)
        {
            return new PolicyParseResult(null, [.. errors.OrderBy(e => e.Rank).Select(e => e.Message).Distinct()]);
        }

        return new PolicyParseResult(new CompiledPolicy(version, id, statements, text), []);
    }

    private static PolicyStatement? ParseStatement(JsonElement element, List<(int Rank, string Message)> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add((RankSyntax, PolicyMessages.SyntaxErrors));
            return null;
        }

        var before = errors.Count;
        string? sid = null;
        PolicyEffect? effect = null;
        List<string>? actions = null, notActions = null, resources = null, notResources = null;
        var conditions = new List<PolicyCondition>();
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "Sid" when property.Value.ValueKind == JsonValueKind.String:
                    sid = property.Value.GetString();
                    break;
                case "Effect" when property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is "Allow" or "Deny":
                    effect = property.Value.ValueEquals("Allow") ? PolicyEffect.Allow : PolicyEffect.Deny;
                    break;
                case "Action":
                    actions = StringOrList(property.Value, errors);
                    break;
                case "NotAction":
                    notActions = StringOrList(property.Value, errors);
                    break;
                case "Resource":
                    resources = StringOrList(property.Value, errors);
                    break;
                case "NotResource":
                    notResources = StringOrList(property.Value, errors);
                    break;
                case "Condition":
                    ParseConditions(property.Value, conditions, errors);
                    break;
                case "Principal" or "NotPrincipal":
                    errors.Add((RankPrincipal, PolicyMessages.PrincipalNotAllowed));
                    break;
                default:
                    errors.Add((RankSyntax, PolicyMessages.SyntaxErrors));
                    break;
            }
        }

        if (effect is null || (actions is not null && notActions is not null) || (resources is not null && notResources is not null))
        {
            errors.Add((RankSyntax, PolicyMessages.SyntaxErrors));
        }

        var actionValues = actions ?? notActions;
        if (actionValues is not { Count: > 0 })
        {
            errors.Add((RankActions, PolicyMessages.MissingActions));
        }

        var resourceValues = resources ?? notResources;
        if (resourceValues is not { Count: > 0 })
        {
            errors.Add((RankResources, PolicyMessages.MissingResources));
        }

        foreach (var action in actionValues ?? [])
        {
            if (!IsAction(action))
            {
                errors.Add((RankVendor, PolicyMessages.MissingVendor));
            }
        }

        foreach (var resource in resourceValues ?? [])
        {
            if (!IsResource(resource))
            {
                errors.Add((RankResources, PolicyMessages.ResourceNotArn(resource)));
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        return new PolicyStatement(
            sid,
            effect!.Value,
            [.. actionValues!.Select(a => new WildcardPattern(a, ignoreCase: true))],
            notActions is not null,
            [.. resourceValues!.Select(r => new WildcardPattern(r, ignoreCase: false))],
            notResources is not null,
            conditions);
    }

    private static void ParseConditions(JsonElement block, List<PolicyCondition> conditions, List<(int Rank, string Message)> errors)
    {
        if (block.ValueKind != JsonValueKind.Object)
        {
            errors.Add((RankSyntax, PolicyMessages.SyntaxErrors));
            return;
        }

        foreach (var operatorProperty in block.EnumerateObject())
        {
            if (operatorProperty.Value.ValueKind != JsonValueKind.Object)
            {
                errors.Add((RankSyntax, PolicyMessages.SyntaxErrors));
                continue;
            }

            if (!ConditionOperators.TryParse(operatorProperty.Name, out var op, out var ifExists, out var operatorError))
            {
                errors.Add((RankCondition, operatorError!));
                continue;
            }

            foreach (var keyProperty in operatorProperty.Value.EnumerateObject())
            {
                var values = ConditionValues(keyProperty.Value);
                if (values is null)
                {
                    errors.Add((RankSyntax, PolicyMessages.SyntaxErrors));
                    continue;
                }

                if (!HasVendor(keyProperty.Name))
                {
                    errors.Add((RankVendor, PolicyMessages.MissingVendor));
                    continue;
                }

                if (op is ConditionOperator.IpAddress or ConditionOperator.NotIpAddress && values.Any(v => !PolicyCondition.TryParseNetwork(v, out _)))
                {
                    errors.Add((RankSyntax, PolicyMessages.SyntaxErrors));
                    continue;
                }

                conditions.Add(new PolicyCondition(op, ifExists, keyProperty.Name, values));
            }
        }
    }

    /// <summary>A condition's values: a string, number or boolean, or a non-empty array of them.</summary>
    private static List<string>? ConditionValues(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            var list = new List<string>();
            foreach (var item in value.EnumerateArray())
            {
                if (Scalar(item) is not { } text)
                {
                    return null;
                }

                list.Add(text);
            }

            return list.Count > 0 ? list : null;
        }

        return Scalar(value) is { } single ? [single] : null;
    }

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    private static List<string>? StringOrList(JsonElement value, List<(int Rank, string Message)> errors)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return [value.GetString()!];
        }

        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String))
        {
            return [.. value.EnumerateArray().Select(v => v.GetString()!)];
        }

        errors.Add((RankSyntax, PolicyMessages.SyntaxErrors));
        return [];
    }

    /// <summary><c>*</c>, or <c>vendor:action</c> with one colon and a vendor of letters, digits and hyphens.</summary>
    private static bool IsAction(string action) =>
        action == "*" || (HasVendor(action) && action.Count(c => c == ':') == 1);

    private static bool HasVendor(string name)
    {
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && name[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
    }

    /// <summary><c>*</c>, or an ARN: <c>arn:partition:service:region:account:resource</c> (wildcards allowed in parts).</summary>
    private static bool IsResource(string resource) =>
        resource == "*" || (resource.StartsWith("arn:", StringComparison.Ordinal) && resource.Split(':', 6).Length == 6);
}
