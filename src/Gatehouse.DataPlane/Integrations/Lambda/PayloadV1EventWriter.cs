using System.Buffers;
using System.Text.Json;

namespace Gatehouse.DataPlane.Integrations.Lambda;

/// <summary>
/// Writes the event of payload format 1.0 for HTTP APIs: the REST API proxy event plus <c>version</c>, with HTTP
/// APIs' differences as AWS delivers them: <c>path</c> includes a named stage and is percent-decoded,
/// <c>resourceId</c> is the route key, <c>resource</c>/<c>resourcePath</c> the route's path (<c>$default</c> for the
/// $default route), <c>identity.cognitoAmr</c>, no <c>deploymentId</c>. Absent maps and body are null. An authorizer's
/// event adds <c>type</c>, <c>methodArn</c>, <c>identitySource</c> and <c>authorizationToken</c> and has no body.
/// </summary>
public static class PayloadV1EventWriter
{
    public static void Write(IBufferWriter<byte> output, in LambdaEventRequest request)
    {
        ArgumentNullException.ThrowIfNull(output);
        var writer = LambdaEventJson.RentWriter(output);
        try
        {
            Write(writer, request);
        }
        finally
        {
            LambdaEventJson.ReturnWriter(writer);
        }
    }

    private static void Write(Utf8JsonWriter writer, in LambdaEventRequest request)
    {
        if (request.Rest is { } rest)
        {
            WriteRest(writer, request, rest);
            return;
        }

        var context = request.Context;
        var route = context.Route!;
        writer.WriteStartObject();
        writer.WriteString("version"u8, "1.0"u8);
        if (request.Authorizer is { } authorizer)
        {
            var identity = string.Join(',', authorizer.IdentityValues);
            writer.WriteString("type"u8, "REQUEST"u8);
            writer.WriteString("methodArn"u8, authorizer.RouteArn);
            writer.WriteString("identitySource"u8, identity);
            writer.WriteString("authorizationToken"u8, identity);
        }

        writer.WriteString("resource"u8, route.ResourcePath);
        writer.WriteString("path"u8, request.RawPath);
        writer.WriteString("httpMethod"u8, context.HttpMethod);
        writer.WritePropertyName("headers"u8);
        LambdaEventJson.WriteHeaders(writer, request, LambdaPayloadFormat.V1, multiValue: false);
        writer.WritePropertyName("multiValueHeaders"u8);
        LambdaEventJson.WriteHeaders(writer, request, LambdaPayloadFormat.V1, multiValue: true);

        using (var query = QueryStringParameters.Parse(request.RawQuery.Span))
        {
            if (query.Count > 0)
            {
                writer.WritePropertyName("queryStringParameters"u8);
                query.WriteLastValues(writer);
                writer.WritePropertyName("multiValueQueryStringParameters"u8);
                query.WriteAllValues(writer);
            }
            else
            {
                writer.WriteNull("queryStringParameters"u8);
                writer.WriteNull("multiValueQueryStringParameters"u8);
            }
        }

        writer.WriteStartObject("requestContext"u8);
        writer.WriteString("accountId"u8, context.AccountId);
        writer.WriteString("apiId"u8, context.ApiId);
        if (context.Authorizer is { } output)
        {
            AuthorizerContextJson.WriteV1(writer, output);
        }

        writer.WriteString("domainName"u8, context.DomainName);
        writer.WriteString("domainPrefix"u8, LambdaEventJson.DomainPrefix(context.DomainName));
        writer.WriteString("extendedRequestId"u8, context.RequestId);
        writer.WriteString("httpMethod"u8, context.HttpMethod);
        writer.WriteStartObject("identity"u8);
        writer.WriteString("accessKey"u8, AuthorizerContextJson.IamIdentity(context.Authorizer, "accessKey"));
        writer.WriteString("accountId"u8, AuthorizerContextJson.IamIdentity(context.Authorizer, "accountId"));
        writer.WriteString("caller"u8, AuthorizerContextJson.IamIdentity(context.Authorizer, "caller"));
        writer.WriteNull("cognitoAmr"u8);
        writer.WriteNull("cognitoAuthenticationProvider"u8);
        writer.WriteNull("cognitoAuthenticationType"u8);
        writer.WriteNull("cognitoIdentityId"u8);
        writer.WriteNull("cognitoIdentityPoolId"u8);
        writer.WriteNull("principalOrgId"u8);
        writer.WriteString("sourceIp"u8, context.SourceIp);
        writer.WriteString("user"u8, AuthorizerContextJson.IamIdentity(context.Authorizer, "user"));
        writer.WriteString("userAgent"u8, context.UserAgent);
        writer.WriteString("userArn"u8, AuthorizerContextJson.IamIdentity(context.Authorizer, "userArn"));
        writer.WriteEndObject();
        writer.WriteString("path"u8, request.Path);
        writer.WriteString("protocol"u8, "HTTP/1.1"u8);
        writer.WriteString("requestId"u8, context.RequestId);
        LambdaEventJson.WriteRequestTime(writer, "requestTime"u8, context.RequestTimeEpoch);
        writer.WriteNumber("requestTimeEpoch"u8, context.RequestTimeEpoch);
        writer.WriteString("resourceId"u8, context.RouteKey);
        writer.WriteString("resourcePath"u8, route.ResourcePath);
        writer.WriteString("stage"u8, context.StageName);
        writer.WriteEndObject();

        if (!LambdaEventJson.WritePathParameters(writer, context))
        {
            writer.WriteNull("pathParameters"u8);
        }

        if (!LambdaEventJson.WriteStageVariables(writer, context))
        {
            writer.WriteNull("stageVariables"u8);
        }

        if (request.Authorizer is null)
        {
            LambdaEventJson.WriteBody(writer, request, LambdaPayloadFormat.V1);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// A REST API's AWS_PROXY event, as AWS delivers it (facts §4.1, AWS-recorded events): no <c>version</c>;
    /// <c>resource</c> and <c>resourcePath</c> the resource's path; <c>path</c> without the stage and
    /// <c>requestContext.path</c> with it, percent-encoding kept; <c>resourceId</c>, <c>deploymentId</c>; the identity
    /// keys without <c>cognitoAmr</c>; path parameters by the resource's names.
    /// </summary>
    private static void WriteRest(Utf8JsonWriter writer, in LambdaEventRequest request, RestEventFields rest)
    {
        var context = request.Context;
        writer.WriteStartObject();
        if (request.Authorizer is { } authorizer)
        {
            // A REST REQUEST authorizer's event: the proxy event with type and methodArn first, and no body.
            writer.WriteString("type"u8, "REQUEST"u8);
            writer.WriteString("methodArn"u8, authorizer.RouteArn);
        }

        writer.WriteString("resource"u8, rest.ResourcePath);
        writer.WriteString("path"u8, rest.Path);
        writer.WriteString("httpMethod"u8, context.HttpMethod);
        writer.WritePropertyName("headers"u8);
        LambdaEventJson.WriteHeaders(writer, request, LambdaPayloadFormat.V1, multiValue: false);
        writer.WritePropertyName("multiValueHeaders"u8);
        LambdaEventJson.WriteHeaders(writer, request, LambdaPayloadFormat.V1, multiValue: true);

        using (var query = QueryStringParameters.Parse(request.RawQuery.Span))
        {
            if (query.Count > 0)
            {
                writer.WritePropertyName("queryStringParameters"u8);
                query.WriteLastValues(writer);
                writer.WritePropertyName("multiValueQueryStringParameters"u8);
                query.WriteAllValues(writer);
            }
            else
            {
                writer.WriteNull("queryStringParameters"u8);
                writer.WriteNull("multiValueQueryStringParameters"u8);
            }
        }

        if (rest.PathParameters.Count > 0)
        {
            writer.WriteStartObject("pathParameters"u8);
            foreach (var (name, value) in rest.PathParameters)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("pathParameters"u8);
        }

        if (rest.StageVariables.Count > 0)
        {
            writer.WriteStartObject("stageVariables"u8);
            foreach (var (name, value) in rest.StageVariables)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("stageVariables"u8);
        }

        writer.WriteStartObject("requestContext"u8);
        writer.WriteString("resourceId"u8, rest.ResourceId);
        writer.WriteString("resourcePath"u8, rest.ResourcePath);
        writer.WriteString("httpMethod"u8, context.HttpMethod);
        writer.WriteString("extendedRequestId"u8, context.ExtendedRequestId ?? context.RequestId);
        LambdaEventJson.WriteRequestTime(writer, "requestTime"u8, context.RequestTimeEpoch);
        writer.WriteString("path"u8, context.Path);
        writer.WriteString("accountId"u8, context.AccountId);
        writer.WriteString("protocol"u8, "HTTP/1.1"u8);
        writer.WriteString("stage"u8, context.StageName);
        writer.WriteString("domainPrefix"u8, LambdaEventJson.DomainPrefix(context.DomainName));
        writer.WriteNumber("requestTimeEpoch"u8, context.RequestTimeEpoch);
        writer.WriteString("requestId"u8, context.RequestId);
        writer.WriteStartObject("identity"u8);
        writer.WriteNull("cognitoIdentityPoolId"u8);
        writer.WriteString("accountId"u8, AuthorizerContextJson.IamIdentity(context.Authorizer, "accountId"));
        writer.WriteNull("cognitoIdentityId"u8);
        writer.WriteString("caller"u8, AuthorizerContextJson.IamIdentity(context.Authorizer, "caller"));
        writer.WriteString("sourceIp"u8, context.SourceIp);
        writer.WriteNull("principalOrgId"u8);
        writer.WriteString("accessKey"u8, AuthorizerContextJson.IamIdentity(context.Authorizer, "accessKey"));
        writer.WriteNull("cognitoAuthenticationType"u8);
        writer.WriteNull("cognitoAuthenticationProvider"u8);
        writer.WriteString("userArn"u8, AuthorizerContextJson.IamIdentity(context.Authorizer, "userArn"));
        writer.WriteString("userAgent"u8, context.UserAgent);
        writer.WriteString("user"u8, AuthorizerContextJson.IamIdentity(context.Authorizer, "user"));
        writer.WriteEndObject();
        if (context.Authorizer is { } output)
        {
            AuthorizerContextJson.WriteV1(writer, output);
        }

        writer.WriteString("domainName"u8, context.DomainName);
        writer.WriteString("deploymentId"u8, rest.DeploymentId);
        writer.WriteString("apiId"u8, context.ApiId);
        writer.WriteEndObject();

        if (request.Authorizer is null)
        {
            LambdaEventJson.WriteBody(writer, request, LambdaPayloadFormat.V1);
        }

        writer.WriteEndObject();
    }
}
