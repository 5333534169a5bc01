namespace Gatehouse.Model.HttpApis;

/// <summary>
/// The Lambda function an AWS_PROXY integration invokes, parsed from its integration URI. AWS accepts a function ARN
/// (<c>arn:aws:lambda:{region}:{account}:function:{name}[:{qualifier}]</c>) or API Gateway's invocation URI
/// (<c>arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations</c>), and
/// <c>${stageVariables.x}</c> in the function name and qualifier.
/// </summary>
public sealed record LambdaFunctionUri
{
    private const string InvocationPathPrefix = "lambda:path/2015-03-31/functions/";
    private const string InvocationPathSuffix = "/invocations";
    private const string StageVariablePrefix = "${stageVariables.";

    /// <summary>The unqualified function ARN, maybe with stage-variable references in the name.</summary>
    public required string FunctionArn { get; init; }

    /// <summary>A version, <c>$LATEST</c> or an alias name (maybe a stage-variable reference); null when unqualified.</summary>
    public string? Qualifier { get; init; }

    /// <summary>True when the name or qualifier must be resolved against a stage's variables.</summary>
    public bool HasStageVariables { get; init; }

    /// <summary>Parses an integration URI as the control plane stores it (stage-variable references allowed).</summary>
    public static bool TryParse(string? uri, out LambdaFunctionUri function, out string error) =>
        TryParse(uri, allowStageVariables: true, out function, out error);

    /// <summary>Parses a function ARN whose stage variables have been substituted (none may remain).</summary>
    public static bool TryParseResolved(string uri, out LambdaFunctionUri function) =>
        TryParse(uri, allowStageVariables: false, out function, out _);

    /// <summary>Substitutes <c>${stageVariables.x}</c> references; a variable the stage lacks becomes empty.</summary>
    public static string SubstituteStageVariables(string text, IReadOnlyDictionary<string, string> stageVariables)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(stageVariables);
        var start = text.IndexOf(StageVariablePrefix, StringComparison.Ordinal);
        if (start < 0)
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length + 16);
        var position = 0;
        while (start >= 0)
        {
            var end = text.IndexOf('}', start);
            if (end < 0)
            {
                break;
            }

            builder.Append(text, position, start - position);
            builder.Append(stageVariables.GetValueOrDefault(text[(start + StageVariablePrefix.Length)..end]));
            position = end + 1;
            start = text.IndexOf(StageVariablePrefix, position, StringComparison.Ordinal);
        }

        builder.Append(text, position, text.Length - position);
        return builder.ToString();
    }

    private static bool TryParse(string? uri, bool allowStageVariables, out LambdaFunctionUri function, out string error)
    {
        function = null!;
        if (string.IsNullOrEmpty(uri))
        {
            error = "IntegrationUri is required for AWS_PROXY integrations";
            return false;
        }

        var arn = uri;
        var parts = uri.Split(':', 6);
        if (parts.Length == 6 && parts[0] == "arn" && parts[2] == "apigateway")
        {
            // arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations
            var rest = parts[4] + ":" + parts[5];
            if (!rest.StartsWith(InvocationPathPrefix, StringComparison.Ordinal) || !rest.EndsWith(InvocationPathSuffix, StringComparison.Ordinal) ||
                !IsPartition(parts[1]) || !IsRegion(parts[3]))
            {
                error = $"Invalid IntegrationUri '{uri}': an API Gateway integration URI for Lambda has the form " +
                    "arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations";
                return false;
            }

            arn = rest[InvocationPathPrefix.Length..^InvocationPathSuffix.Length];
        }

        // arn:{partition}:lambda:{region}:{account}:function:{name}[:{qualifier}]
        var fields = arn.Split(':');
        if (fields.Length is not (7 or 8) || fields[0] != "arn" || !IsPartition(fields[1]) || fields[2] != "lambda" ||
            !IsRegion(fields[3]) || !IsAccount(fields[4]) || fields[5] != "function")
        {
            error = $"Invalid IntegrationUri '{uri}': an AWS_PROXY integration needs a Lambda function ARN " +
                "(arn:aws:lambda:{region}:{account}:function:{name}[:{qualifier}]) or " +
                "arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations";
            return false;
        }

        var name = fields[6];
        var qualifier = fields.Length == 8 ? fields[7] : null;
        var nameCheck = CheckPart(name, 64, IsNameChar, allowStageVariables);
        var qualifierCheck = qualifier is null ? PartCheck.Valid : CheckPart(qualifier, 128, IsQualifierChar, allowStageVariables);
        if (nameCheck == PartCheck.Invalid)
        {
            error = $"Invalid IntegrationUri '{uri}': the function name '{name}' must be 1 to 64 letters, digits, '-' and '_'" +
                (allowStageVariables ? " or ${stageVariables.name} references" : "");
            return false;
        }

        if (qualifierCheck == PartCheck.Invalid)
        {
            error = $"Invalid IntegrationUri '{uri}': the qualifier '{qualifier}' must be $LATEST, a version number or an alias name" +
                (allowStageVariables ? " or a ${stageVariables.name} reference" : "");
            return false;
        }

        function = new LambdaFunctionUri
        {
            FunctionArn = string.Join(':', fields, 0, 7),
            Qualifier = qualifier,
            HasStageVariables = nameCheck == PartCheck.HasStageVariables || qualifierCheck == PartCheck.HasStageVariables,
        };
        error = "";
        return true;
    }

    private enum PartCheck
    {
        Valid,
        HasStageVariables,
        Invalid,
    }

    /// <summary>A name or qualifier: allowed characters and <c>${stageVariables.x}</c> references.</summary>
    private static PartCheck CheckPart(string part, int maxLength, Func<char, bool> allowed, bool allowStageVariables)
    {
        if (part.Length == 0)
        {
            return PartCheck.Invalid;
        }

        var literalLength = 0;
        var hasVariables = false;
        for (var i = 0; i < part.Length; i++)
        {
            if (part[i] == '$' && part.AsSpan(i).StartsWith(StageVariablePrefix, StringComparison.Ordinal))
            {
                var end = part.IndexOf('}', i);
                var variable = end < 0 ? "" : part[(i + StageVariablePrefix.Length)..end];
                if (!allowStageVariables || variable.Length == 0 || !variable.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                {
                    return PartCheck.Invalid;
                }

                hasVariables = true;
                i = end;
            }
            else if (allowed(part[i]))
            {
                literalLength++;
            }
            else
            {
                return PartCheck.Invalid;
            }
        }

        if (literalLength > maxLength)
        {
            return PartCheck.Invalid;
        }

        return hasVariables ? PartCheck.HasStageVariables : PartCheck.Valid;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    // Lambda's qualifier pattern: (|[a-zA-Z0-9$_-]+)
    private static bool IsQualifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '$';

    private static bool IsPartition(string value) => value is "aws" or "aws-cn" or "aws-us-gov" or "aws-iso" or "aws-iso-b";

    // us-east-1, eu-central-2, us-gov-west-1, ap-southeast-4 ...
    private static bool IsRegion(string value)
    {
        var pieces = value.Split('-');
        return pieces.Length >= 3 && pieces[0].Length == 2 && pieces[0].All(char.IsAsciiLetterLower) &&
            pieces[1..^1].All(p => p.Length > 0 && p.All(char.IsAsciiLetterLower)) &&
            pieces[^1].Length > 0 && pieces[^1].All(char.IsAsciiDigit);
    }

    private static bool IsAccount(string value) => value.Length == 12 && value.All(char.IsAsciiDigit);
}
