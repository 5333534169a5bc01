using System.Globalization;
using System.Text.RegularExpressions;
using Gatehouse.Model.Functions;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.Lambda;

/// <summary>CreateAlias, GetAlias, UpdateAlias, DeleteAlias and ListAliases.</summary>
internal static partial class AliasOperations
{
    private const string AliasPattern = "(?!^[0-9]+$)([a-zA-Z0-9-_]+)";
    private const string VersionPattern = @"(\$LATEST|[0-9]+)";

    public static async Task CreateAlias(HttpContext context, FunctionService service, string functionName)
    {
        var function = FunctionRef.ParseUnqualified(functionName);
        var input = await LambdaJson.ReadBodyAsync<AliasInput>(context.Request, "CreateAlias");
        var validation = new LambdaValidation();
        validation.NotNull(input.Name, "name");
        validation.NotNull(input.FunctionVersion, "functionVersion");
        ValidateAlias(validation, input);
        validation.ThrowIfAny();

        var alias = await service.EditAsync(function, edit =>
        {
            var document = edit.Document;
            if (document.FindVersion(input.FunctionVersion!) is null)
            {
                throw LambdaErrors.FunctionNotFound(service.Arn(document.FunctionName, input.FunctionVersion));
            }

            if (document.FindAlias(input.Name!) is not null)
            {
                throw LambdaErrors.Conflict($"Alias already exists: {service.Arn(document.FunctionName, input.Name)}");
            }

            var alias = new FunctionAlias
            {
                Name = input.Name!,
                FunctionVersion = input.FunctionVersion!,
                Description = input.Description ?? "",
                AdditionalVersionWeights = CheckRouting(service, document, input.FunctionVersion!, input.RoutingConfig?.AdditionalVersionWeights),
                RevisionId = FunctionService.NewRevisionId(),
            };
            edit.Update(document with { Aliases = [.. document.Aliases, alias] });
            return alias;
        }, context.RequestAborted);
        await LambdaJson.WriteAsync(context, 201, FunctionShapes.Alias(service.Options, function.Name, alias));
    }

    public static async Task GetAlias(HttpContext context, FunctionService service, string functionName, string name)
    {
        var function = FunctionRef.ParseUnqualified(functionName);
        var document = await service.GetAsync(function, context.RequestAborted);
        var alias = document.FindAlias(name) ?? throw AliasNotFound(service, document.FunctionName, name);
        await LambdaJson.WriteAsync(context, 200, FunctionShapes.Alias(service.Options, document.FunctionName, alias));
    }

    public static async Task UpdateAlias(HttpContext context, FunctionService service, string functionName, string name)
    {
        var function = FunctionRef.ParseUnqualified(functionName);
        var input = await LambdaJson.ReadBodyAsync<AliasInput>(context.Request, "UpdateAlias");
        var validation = new LambdaValidation();
        ValidateAlias(validation, input);
        validation.ThrowIfAny();

        var alias = await service.EditAsync(function, edit =>
        {
            var document = edit.Document;
            var current = document.FindAlias(name) ?? throw AliasNotFound(service, document.FunctionName, name);
            FunctionOperations.CheckRevision(input.RevisionId, current.RevisionId);
            var version = input.FunctionVersion ?? current.FunctionVersion;
            if (document.FindVersion(version) is null)
            {
                throw LambdaErrors.FunctionNotFound(service.Arn(document.FunctionName, version));
            }

            var weights = input.RoutingConfig is null
                ? current.AdditionalVersionWeights
                : CheckRouting(service, document, version, input.RoutingConfig.AdditionalVersionWeights);
            if (input.RoutingConfig is null && weights.Count > 0)
            {
                // The kept routing must still make sense with the new primary version.
                weights = CheckRouting(service, document, version, weights.ToDictionary());
            }

            var updated = current with
            {
                FunctionVersion = version,
                Description = input.Description ?? current.Description,
                AdditionalVersionWeights = weights,
                RevisionId = FunctionService.NewRevisionId(),
            };
            edit.Update(document with { Aliases = [.. document.Aliases.Select(a => a.Name == name ? updated : a)] });
            return updated;
        }, context.RequestAborted);
        await LambdaJson.WriteAsync(context, 200, FunctionShapes.Alias(service.Options, function.Name, alias));
    }

    public static async Task DeleteAlias(HttpContext context, FunctionService service, string functionName, string name)
    {
        var function = FunctionRef.ParseUnqualified(functionName);
        await service.EditAsync(function, edit =>
        {
            // Deleting an alias that does not exist succeeds: DeleteAlias has no not-found error in Lambda's model.
            var document = edit.Document;
            if (document.FindAlias(name) is not null)
            {
                edit.Update(document with
                {
                    Aliases = [.. document.Aliases.Where(a => a.Name != name)],
                    Policy = [.. document.Policy.Where(s => s.Qualifier != name)],
                });
            }

            return 0;
        }, context.RequestAborted);
        context.Response.StatusCode = 204;
    }

    public static async Task ListAliases(HttpContext context, FunctionService service, string functionName)
    {
        var function = FunctionRef.ParseUnqualified(functionName);
        var version = context.Request.Query["FunctionVersion"].ToString();
        if (version.Length > 0)
        {
            var validation = new LambdaValidation();
            validation.Pattern(version, "functionVersion", VersionRegex(), VersionPattern);
            validation.ThrowIfAny();
        }

        var document = await service.GetAsync(function, context.RequestAborted);
        var aliases = document.Aliases
            .Where(a => version.Length == 0 || a.FunctionVersion == version)
            .OrderBy(a => a.Name, StringComparer.Ordinal)
            .ToList();
        var page = LambdaPaging.Apply(context.Request, aliases, a => a.Name);
        await LambdaJson.WriteAsync(context, 200, new
        {
            NextMarker = page.NextMarker,
            Aliases = page.Items.Select(a => FunctionShapes.Alias(service.Options, document.FunctionName, a)),
        });
    }

    private static AwsException AliasNotFound(FunctionService service, string functionName, string name) =>
        LambdaErrors.NotFound($"Cannot find alias arn: {service.Arn(functionName, name)}");

    private static void ValidateAlias(LambdaValidation validation, AliasInput input)
    {
        validation.Length(input.Name, "name", 1, 128);
        validation.Pattern(input.Name, "name", AliasRegex(), AliasPattern);
        validation.Length(input.FunctionVersion, "functionVersion", 1, 1024);
        validation.Pattern(input.FunctionVersion, "functionVersion", VersionRegex(), VersionPattern);
        validation.Length(input.Description, "description", 0, 256);
        foreach (var (key, weight) in input.RoutingConfig?.AdditionalVersionWeights ?? [])
        {
            var entry = $"{{{key}={weight.ToString(CultureInfo.InvariantCulture)}}}";
            if (weight is < 0 or > 1 || double.IsNaN(weight))
            {
                validation.Add(entry, "routingConfig.additionalVersionWeights",
                    "Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]");
            }

            if (!FunctionRef.IsVersionNumber(key))
            {
                validation.Add(entry, "routingConfig.additionalVersionWeights",
                    "Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+, Member must not be null]");
            }
        }
    }

    /// <summary>Lambda's rules for weighted aliases: one extra version, not the primary one, not <c>$LATEST</c>, existing.</summary>
    private static IReadOnlyDictionary<string, double> CheckRouting(
        FunctionService service, FunctionDocument document, string primary, Dictionary<string, double>? weights)
    {
        if (weights is null || weights.Count == 0)
        {
            return new Dictionary<string, double>();
        }

        if (weights.Count > 1)
        {
            throw LambdaErrors.InvalidParameter("Number of items in AdditionalVersionWeights cannot be greater than 1");
        }

        var extra = weights.Keys.Single();
        if (extra == primary)
        {
            throw LambdaErrors.InvalidParameter($"Invalid function version {primary}. Function version {primary} is already included in routing configuration.");
        }

        if (primary == FunctionVersion.LatestName)
        {
            throw LambdaErrors.InvalidParameter("$LATEST is not supported for an alias pointing to more than 1 version");
        }

        if (document.FindVersion(extra) is null)
        {
            throw LambdaErrors.FunctionNotFound(service.Arn(document.FunctionName, extra));
        }

        return weights;
    }

    [GeneratedRegex("^(?!^[0-9]+$)([a-zA-Z0-9_-]+)$")]
    private static partial Regex AliasRegex();

    [GeneratedRegex(@"^(\$LATEST|[0-9]+)$")]
    private static partial Regex VersionRegex();
}
