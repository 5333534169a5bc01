using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gatehouse.Model.Functions;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.Lambda;

/// <summary>
/// AddPermission, RemovePermission and GetPolicy: a resource policy per function, version or alias, its statements
/// shown as Lambda shows them. A change gives the version or alias a new RevisionId, which GetPolicy reports.
/// </summary>
internal static partial class PolicyOperations
{
    private const string StatementIdPattern = "([a-zA-Z0-9-_]+)";
    private const string ActionPattern = "(lambda:[*]|lambda:[a-zA-Z]+|[*])";
    private const string SourceArnPattern = @"arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)";

    public static async Task AddPermission(HttpContext context, FunctionService service, string functionName)
    {
        var function = FunctionRef.Parse(functionName, FunctionOperations.Qualifier(context));
        var input = await LambdaJson.ReadBodyAsync<AddPermissionInput>(context.Request, "AddPermission");
        var validation = new LambdaValidation();
        validation.NotNull(input.StatementId, "statementId");
        validation.Length(input.StatementId, "statementId", 1, 100);
        validation.Pattern(input.StatementId, "statementId", StatementIdRegex(), StatementIdPattern);
        validation.NotNull(input.Action, "action");
        validation.Pattern(input.Action, "action", ActionRegex(), ActionPattern);
        validation.NotNull(input.Principal, "principal");
        validation.Pattern(input.Principal, "principal", PrincipalRegex(), @"[^\s]+");
        validation.Pattern(input.SourceAccount, "sourceAccount", AccountRegex(), @"\d{12}");
        validation.Pattern(input.SourceArn, "sourceArn", SourceArnRegex(), SourceArnPattern);
        validation.Enum(input.FunctionUrlAuthType, "functionUrlAuthType", ["NONE", "AWS_IAM"]);
        validation.ThrowIfAny();
        if (function.Qualifier == FunctionVersion.LatestName)
        {
            throw LambdaErrors.InvalidParameter("We currently do not support adding policies for $LATEST.");
        }

        var statement = await service.EditAsync(function, edit =>
        {
            var document = edit.Document;
            CheckRevision(service, document, function.Qualifier, input.RevisionId);
            if (document.Policy.Any(s => s.Qualifier == function.Qualifier && s.Sid == input.StatementId))
            {
                throw LambdaErrors.Conflict(
                    $"The statement id ({input.StatementId}) provided already exists. Please provide a new statement id, or remove the existing statement.");
            }

            var json = Statement(input, service.Arn(document.FunctionName, function.Qualifier));
            edit.Update(WithNewRevision(document with
            {
                Policy = [.. document.Policy, new PolicyStatement(input.StatementId!, json) { Qualifier = function.Qualifier }],
            }, function.Qualifier));
            return json;
        }, context.RequestAborted);
        await LambdaJson.WriteAsync(context, 201, new { Statement = statement });
    }

    public static async Task RemovePermission(HttpContext context, FunctionService service, string functionName, string statementId)
    {
        var function = FunctionRef.Parse(functionName, FunctionOperations.Qualifier(context));
        var revision = context.Request.Query.TryGetValue("RevisionId", out var value) ? value.ToString() : null;
        if (await service.Store.GetFunctionAsync(function.Name, context.RequestAborted) is null)
        {
            throw LambdaErrors.NotFound($"No policy found for: {service.Arn(function.Name)}");
        }

        await service.EditAsync(function, edit =>
        {
            var document = edit.Document;
            Target(service, document, function.Qualifier);
            var policy = document.Policy.Where(s => s.Qualifier == function.Qualifier).ToList();
            if (policy.Count == 0)
            {
                throw LambdaErrors.NotFound("No policy is associated with the given resource.");
            }

            var statement = policy.FirstOrDefault(s => s.Sid == statementId)
                ?? throw LambdaErrors.NotFound($"Statement {statementId} is not found in resource policy.");
            CheckRevision(service, document, function.Qualifier, revision);
            edit.Update(WithNewRevision(document with { Policy = [.. document.Policy.Where(s => s != statement)] }, function.Qualifier));
            return 0;
        }, context.RequestAborted);
        context.Response.StatusCode = 204;
    }

    public static async Task GetPolicy(HttpContext context, FunctionService service, string functionName)
    {
        var function = FunctionRef.Parse(functionName, FunctionOperations.Qualifier(context), namespaced: true);
        var document = await service.GetAsync(function with { Qualifier = null }, context.RequestAborted);
        var qualifier = function.Qualifier == FunctionVersion.LatestName ? null : function.Qualifier;
        var revision = Target(service, document, qualifier);
        var statements = document.Policy.Where(s => s.Qualifier == qualifier).ToList();
        if (statements.Count == 0)
        {
            throw LambdaErrors.NotFound("The resource you requested does not exist.");
        }

        await LambdaJson.WriteAsync(context, 200, new { Policy = Policy(statements), RevisionId = revision });
    }

    /// <summary>
    /// A statement as Lambda writes it: <c>{"Sid","Effect":"Allow","Principal","Action","Resource","Condition"}</c>, the
    /// condition holding <c>StringEquals</c> (source account, organization, event source token, URL auth type) before
    /// <c>ArnLike</c> (source ARN).
    /// </summary>
    internal static string Statement(AddPermissionInput input, string resource)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("Sid", input.StatementId);
            writer.WriteString("Effect", "Allow");
            WritePrincipal(writer, input.Principal!);
            writer.WriteString("Action", input.Action);
            writer.WriteString("Resource", resource);
            var equals = new List<(string Key, string Value)>();
            if (input.SourceAccount is not null)
            {
                equals.Add(("AWS:SourceAccount", input.SourceAccount));
            }

            if (input.PrincipalOrgID is not null)
            {
                equals.Add(("aws:PrincipalOrgID", input.PrincipalOrgID));
            }

            if (input.EventSourceToken is not null)
            {
                equals.Add(("lambda:EventSourceToken", input.EventSourceToken));
            }

            if (input.FunctionUrlAuthType is not null)
            {
                equals.Add(("lambda:FunctionUrlAuthType", input.FunctionUrlAuthType));
            }

            if (equals.Count > 0 || input.SourceArn is not null)
            {
                writer.WriteStartObject("Condition");
                if (equals.Count > 0)
                {
                    writer.WriteStartObject("StringEquals");
                    foreach (var (key, value) in equals)
                    {
                        writer.WriteString(key, value);
                    }

                    writer.WriteEndObject();
                }

                if (input.SourceArn is not null)
                {
                    writer.WriteStartObject("ArnLike");
                    writer.WriteString("AWS:SourceArn", input.SourceArn);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The policy document GetPolicy returns (as a string): Version, Id and the statements in order.</summary>
    internal static string Policy(IEnumerable<PolicyStatement> statements)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("Version", "2012-10-17");
            writer.WriteString("Id", "default");
            writer.WriteStartArray("Statement");
            foreach (var statement in statements)
            {
                using var parsed = JsonDocument.Parse(statement.Json);
                parsed.RootElement.WriteTo(writer);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WritePrincipal(Utf8JsonWriter writer, string principal)
    {
        if (principal == "*")
        {
            writer.WriteString("Principal", "*");
            return;
        }

        writer.WriteStartObject("Principal");
        if (AccountRegex().IsMatch(principal))
        {
            writer.WriteString("AWS", $"arn:aws:iam::{principal}:root");
        }
        else if (principal.StartsWith("arn:", StringComparison.Ordinal))
        {
            writer.WriteString("AWS", principal);
        }
        else
        {
            writer.WriteString("Service", principal);
        }

        writer.WriteEndObject();
    }

    /// <summary>The RevisionId of the function, version or alias a policy belongs to; 404 when it does not exist.</summary>
    private static string Target(FunctionService service, FunctionDocument document, string? qualifier)
    {
        if (qualifier is null)
        {
            return document.Latest.RevisionId;
        }

        if (FunctionRef.IsVersionNumber(qualifier))
        {
            return (document.FindVersion(qualifier) ?? throw LambdaErrors.FunctionNotFound(service.Arn(document.FunctionName, qualifier))).RevisionId;
        }

        return (document.FindAlias(qualifier) ?? throw LambdaErrors.NotFound($"Cannot find alias arn: {service.Arn(document.FunctionName, qualifier)}")).RevisionId;
    }

    private static void CheckRevision(FunctionService service, FunctionDocument document, string? qualifier, string? expected) =>
        FunctionOperations.CheckRevision(expected, Target(service, document, qualifier));

    private static FunctionDocument WithNewRevision(FunctionDocument document, string? qualifier)
    {
        var revision = FunctionService.NewRevisionId();
        if (qualifier is null)
        {
            return document with { Latest = document.Latest with { RevisionId = revision } };
        }

        return FunctionRef.IsVersionNumber(qualifier)
            ? document with { Versions = [.. document.Versions.Select(v => v.Version == qualifier ? v with { RevisionId = revision } : v)] }
            : document with { Aliases = [.. document.Aliases.Select(a => a.Name == qualifier ? a with { RevisionId = revision } : a)] };
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]+$")]
    private static partial Regex StatementIdRegex();

    [GeneratedRegex("^(lambda:[*]|lambda:[a-zA-Z]+|[*])$")]
    private static partial Regex ActionRegex();

    [GeneratedRegex(@"^[^\s]+$")]
    private static partial Regex PrincipalRegex();

    [GeneratedRegex(@"^\d{12}$")]
    private static partial Regex AccountRegex();

    [GeneratedRegex(@"^arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)$")]
    private static partial Regex SourceArnRegex();
}
