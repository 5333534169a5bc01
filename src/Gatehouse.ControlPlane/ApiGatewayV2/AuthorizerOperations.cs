using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Model;
using Gatehouse.Model.HttpApis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.ApiGatewayV2;

/// <summary>
/// CreateAuthorizer, GetAuthorizer(s), UpdateAuthorizer and DeleteAuthorizer for HTTP APIs. Authorizers belong to what a
/// deployment freezes, so every change redeploys the stages with autoDeploy.
/// </summary>
internal static class AuthorizerOperations
{
    public static async Task CreateAuthorizer(HttpContext context, HttpApiService service, string apiId)
    {
        var input = await RestJson.ReadBodyAsync<AuthorizerInput>(context.Request);
        var request = input.AuthorizerType == AuthorizerTypes.Request;
        var authorizer = new Authorizer
        {
            AuthorizerId = Ids.NewResourceId(),
            Name = input.Name ?? "",
            AuthorizerType = input.AuthorizerType ?? "",
            AuthorizerCredentialsArn = input.AuthorizerCredentialsArn is { Length: > 0 } role ? role : null,
            AuthorizerPayloadFormatVersion = input.AuthorizerPayloadFormatVersion,
            // A Lambda authorizer caches nothing and answers with an IAM policy unless told otherwise.
            AuthorizerResultTtlInSeconds = input.AuthorizerResultTtlInSeconds ?? (request ? 0 : null),
            AuthorizerUri = input.AuthorizerUri,
            EnableSimpleResponses = input.EnableSimpleResponses ?? (request ? false : null),
            IdentitySource = input.IdentitySource,
            IdentityValidationExpression = input.IdentityValidationExpression,
            JwtConfiguration = input.JwtConfiguration,
        };
        var validation = new Validation();
        AuthorizerValidation.Validate(validation, authorizer);
        validation.ThrowIfAny();

        await service.EditAsync(apiId, edit =>
        {
            var authorizers = edit.Document.Authorizers;
            if (authorizers.Count >= AuthorizerValidation.MaxAuthorizersPerApi)
            {
                throw AwsException.BadRequest($"An API can have at most {AuthorizerValidation.MaxAuthorizersPerApi} authorizers");
            }

            EnsureUniqueName(authorizers, authorizer);
            edit.Update(edit.Document with { Authorizers = [.. authorizers, authorizer] }, deployable: true);
            return 0;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 201, authorizer);
    }

    public static async Task GetAuthorizer(HttpContext context, HttpApiService service, string apiId, string authorizerId)
    {
        var document = await service.GetAsync(apiId, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, document.FindAuthorizer(authorizerId) ?? throw NotFound(authorizerId));
    }

    public static async Task GetAuthorizers(HttpContext context, HttpApiService service, string apiId)
    {
        var document = await service.GetAsync(apiId, context.RequestAborted);
        var page = Pagination.Apply(context.Request, document.Authorizers);
        await RestJson.WriteAsync(context, 200, new { items = page.Items, nextToken = page.NextToken });
    }

    public static async Task UpdateAuthorizer(HttpContext context, HttpApiService service, string apiId, string authorizerId)
    {
        var input = await RestJson.ReadBodyAsync<AuthorizerInput>(context.Request);
        var authorizer = await service.EditAsync(apiId, edit =>
        {
            var current = edit.Document.FindAuthorizer(authorizerId) ?? throw NotFound(authorizerId);
            var updated = Merge(current, input);
            var validation = new Validation();
            AuthorizerValidation.Validate(validation, updated);
            validation.ThrowIfAny();
            if (updated.AuthorizerType != current.AuthorizerType && FirstUser(edit.Document, authorizerId) is { } user)
            {
                // A JWT route must name a JWT authorizer and a CUSTOM route a REQUEST one: the type cannot move under them.
                throw AwsException.Conflict(
                    $"Cannot change the type of authorizer '{current.Name}', is referenced in route: {user.RouteKey}");
            }

            EnsureUniqueName(edit.Document.Authorizers.Where(a => a.AuthorizerId != authorizerId).ToList(), updated);
            edit.Update(edit.Document with
            {
                Authorizers = [.. edit.Document.Authorizers.Select(a => a.AuthorizerId == authorizerId ? updated : a)],
            }, deployable: true);
            return updated;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, authorizer);
    }

    public static async Task DeleteAuthorizer(HttpContext context, HttpApiService service, string apiId, string authorizerId)
    {
        await service.EditAsync(apiId, edit =>
        {
            var authorizer = edit.Document.FindAuthorizer(authorizerId) ?? throw NotFound(authorizerId);
            if (FirstUser(edit.Document, authorizerId) is { } user)
            {
                // AWS's text (sst #5586). Deployments keep their own frozen copy, so only current routes hold it back.
                throw AwsException.Conflict($"Cannot delete authorizer '{authorizer.Name}', is referenced in route: {user.RouteKey}");
            }

            edit.Update(edit.Document with { Authorizers = [.. edit.Document.Authorizers.Where(a => a.AuthorizerId != authorizerId)] }, deployable: true);
            return 0;
        }, context.RequestAborted);
        await RestJson.WriteEmptyAsync(context, 204);
    }

    internal static AwsException NotFound(string authorizerId) =>
        AwsException.NotFound($"Invalid Authorizer identifier specified {authorizerId}");

    /// <summary>
    /// The authorizer after a partial update. Members absent from the update keep their value; JwtConfiguration merges
    /// member by member; an empty AuthorizerCredentialsArn removes the role. A new type starts from the members both
    /// types share (name, identity source), since the old type's settings mean nothing to the new one.
    /// </summary>
    internal static Authorizer Merge(Authorizer current, AuthorizerInput input)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(input);
        var type = input.AuthorizerType ?? current.AuthorizerType;
        var basis = type == current.AuthorizerType ? current : new Authorizer
        {
            AuthorizerId = current.AuthorizerId,
            Name = current.Name,
            AuthorizerType = type,
            IdentitySource = current.IdentitySource,
            AuthorizerResultTtlInSeconds = type == AuthorizerTypes.Request ? 0 : null,
            EnableSimpleResponses = type == AuthorizerTypes.Request ? false : null,
        };
        return basis with
        {
            Name = input.Name ?? basis.Name,
            AuthorizerCredentialsArn = input.AuthorizerCredentialsArn is null
                ? basis.AuthorizerCredentialsArn
                : input.AuthorizerCredentialsArn.Length == 0 ? null : input.AuthorizerCredentialsArn,
            AuthorizerPayloadFormatVersion = input.AuthorizerPayloadFormatVersion ?? basis.AuthorizerPayloadFormatVersion,
            AuthorizerResultTtlInSeconds = input.AuthorizerResultTtlInSeconds ?? basis.AuthorizerResultTtlInSeconds,
            AuthorizerUri = input.AuthorizerUri ?? basis.AuthorizerUri,
            EnableSimpleResponses = input.EnableSimpleResponses ?? basis.EnableSimpleResponses,
            IdentitySource = input.IdentitySource ?? basis.IdentitySource,
            IdentityValidationExpression = input.IdentityValidationExpression ?? basis.IdentityValidationExpression,
            JwtConfiguration = input.JwtConfiguration is not { } jwt ? basis.JwtConfiguration : new JwtConfiguration
            {
                Audience = jwt.Audience ?? basis.JwtConfiguration?.Audience,
                Issuer = jwt.Issuer ?? basis.JwtConfiguration?.Issuer,
            },
        };
    }

    private static Route? FirstUser(ApiDocument document, string authorizerId) =>
        document.Routes.FirstOrDefault(r => r.AuthorizerId == authorizerId);

    // AWS's text (aws-cdk #13711 and #20170, from HTTP APIs, "RestApi" included).
    private static void EnsureUniqueName(IReadOnlyList<Authorizer> others, Authorizer authorizer)
    {
        if (others.Any(a => a.Name == authorizer.Name))
        {
            throw AwsException.BadRequest(
                $"Authorizer name must be unique. Authorizer {authorizer.Name} already exists in this RestApi.");
        }
    }
}
