using System.Text.Encodings.Web;
using System.Text.Json;
using Gatehouse.DataPlane.Responses;
using Gatehouse.Identity.Credentials;
using Gatehouse.Identity.Policies;
using Gatehouse.Identity.SigV4;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.DataPlane.Authorization.Iam;

/// <summary>
/// <c>AWS_IAM</c> routes: the caller's SigV4 signature for <c>execute-api</c> is verified (header or presigned query,
/// the body's hash included unless signed as <c>UNSIGNED-PAYLOAD</c>), then the caller's identity policies must allow
/// <c>execute-api:Invoke</c> on the route's ARN (the account root may do everything). Refusals are 403 with AWS's
/// texts: <c>Missing Authentication Token</c>, the signature errors, or
/// <c>User: {arn} is not authorized to perform: execute-api:Invoke on resource: {arn}</c>.
/// </summary>
public sealed class IamRouteAuthorizer(SigV4Verifier verifier, CredentialRegistry registry, string region) : RouteAuthorizer
{
    public const string Service = "execute-api";
    public const string InvokeAction = "execute-api:Invoke";

    public override async ValueTask<AuthorizationResult> AuthorizeAsync(HttpContext httpContext, RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(context);
        var request = httpContext.Request;
        string? bodySha256 = null;
        if (request.Headers["x-amz-content-sha256"].ToString() != SigV4Signer.UnsignedPayload)
        {
            try
            {
                bodySha256 = await HttpRequestSigV4.HashBodyAsync(request, httpContext.RequestAborted);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return AuthorizationResult.Denied(GatewayResponse.RequestTooLarge, "The request body is larger than 10 MB.");
            }
        }

        var result = verifier.Verify(HttpRequestSigV4.From(request, bodySha256: bodySha256), Service, region);
        if (!result.Succeeded)
        {
            return AuthorizationResult.Denied(GatewayResponse.Forbidden, result.Error.Message, body: MessageBody("message", result.Error.Message),
                errorType: result.Error.Code);
        }

        var credential = result.Credential;
        var caller = credential.Identity;
        if (!caller.IsAccountRoot)
        {
            var resource = RouteArns.For(region, context);
            var policies = registry.GetPolicies(caller);
            var conditionKeys = AnyConditions(policies) ? RequestPolicyContext.For(httpContext, caller) : PolicyContext.Empty;
            var decision = PolicyEvaluator.Evaluate(policies, InvokeAction, resource, conditionKeys);
            if (decision != PolicyDecision.Allow)
            {
                var message = $"User: {caller.Arn} is not authorized to perform: {InvokeAction} on resource: {resource}" +
                    (decision == PolicyDecision.ExplicitDeny ? " with an explicit deny" : "");
                return AuthorizationResult.Denied(GatewayResponse.Forbidden, message, body: MessageBody("Message", message), errorType: "AccessDeniedException");
            }
        }

        return AuthorizationResult.Allowed(new AuthorizerOutput
        {
            Kind = AuthorizerKind.Iam,
            Caller = caller,
            AccessKeyId = credential.AccessKeyId,
        });
    }

    private static bool AnyConditions(IReadOnlyList<CompiledPolicy> policies)
    {
        for (var i = 0; i < policies.Count; i++)
        {
            if (policies[i].HasConditions)
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] MessageBody(string member, string message)
    {
        using var buffer = new MemoryStream();
        // As AWS writes it: quotes and apostrophes in the text stay as they are (only what JSON requires is escaped).
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString(member, message);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
