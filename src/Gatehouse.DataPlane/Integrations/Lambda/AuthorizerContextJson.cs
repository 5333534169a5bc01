using System.Text.Json;
using Gatehouse.DataPlane.Authorization;

namespace Gatehouse.DataPlane.Integrations.Lambda;

/// <summary>
/// <c>requestContext.authorizer</c> in the integration's event, after an authorizer let the request through.
/// 2.0 nests by kind: <c>iam</c> (the caller), <c>jwt</c> (<c>claims</c>, <c>scopes</c>), <c>lambda</c> (the
/// answer's <c>context</c>, JSON types kept). 1.0 is flat as for REST APIs: JWT <c>claims</c> and <c>scopes</c>;
/// a Lambda authorizer's <c>principalId</c>, <c>integrationLatency</c> and context values (strings, numbers and
/// booleans made strings as REST does; awsdocs/amazon-api-gateway-developer-guide#113 for JWT's 1.0 shape).
/// </summary>
public static class AuthorizerContextJson
{
    public static void WriteV2(Utf8JsonWriter writer, AuthorizerOutput output)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(output);
        writer.WriteStartObject("authorizer"u8);
        switch (output.Kind)
        {
            case AuthorizerKind.Iam:
                writer.WriteStartObject("iam"u8);
                writer.WriteString("accessKey"u8, output.AccessKeyId);
                writer.WriteString("accountId"u8, output.Caller?.AccountId);
                writer.WriteString("callerId"u8, output.Caller?.UserId);
                writer.WriteNull("cognitoIdentity"u8);
                writer.WriteNull("principalOrgId"u8);
                writer.WriteString("userArn"u8, output.Caller?.Arn);
                writer.WriteString("userId"u8, output.Caller?.UserId);
                writer.WriteEndObject();
                break;
            case AuthorizerKind.Jwt:
                writer.WriteStartObject("jwt"u8);
                WriteClaims(writer, output);
                writer.WriteEndObject();
                break;
            case AuthorizerKind.Lambda:
                writer.WritePropertyName("lambda"u8);
                if (output.LambdaContext.ValueKind == JsonValueKind.Object)
                {
                    output.LambdaContext.WriteTo(writer);
                }
                else
                {
                    writer.WriteNullValue();
                }

                break;
            default:
                break;
        }

        writer.WriteEndObject();
    }

    public static void WriteV1(Utf8JsonWriter writer, AuthorizerOutput output)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(output);
        if (output.Kind == AuthorizerKind.Iam)
        {
            return; // 1.0 reports an IAM caller in requestContext.identity
        }

        writer.WriteStartObject("authorizer"u8);
        if (output.Kind is AuthorizerKind.Jwt or AuthorizerKind.CognitoUserPool)
        {
            // REST's Cognito authorizer sends the claims alone; HTTP APIs' JWT authorizer adds the scopes.
            WriteClaims(writer, output, withScopes: output.Kind == AuthorizerKind.Jwt);
        }
        else
        {
            if (output.LambdaContext.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in output.LambdaContext.EnumerateObject())
                {
                    switch (property.Value.ValueKind)
                    {
                        case JsonValueKind.String:
                            writer.WriteString(property.Name, property.Value.GetString());
                            break;
                        case JsonValueKind.Number:
                            writer.WriteString(property.Name, property.Value.GetRawText());
                            break;
                        case JsonValueKind.True or JsonValueKind.False:
                            writer.WriteString(property.Name, property.Value.GetBoolean() ? "true" : "false");
                            break;
                        default:
                            break; // REST keeps no nested objects, arrays or nulls
                    }
                }
            }

            if (output.PrincipalId is { } principalId)
            {
                writer.WriteString("principalId"u8, principalId);
            }

            writer.WriteNumber("integrationLatency"u8, output.IntegrationLatency);
        }

        writer.WriteEndObject();
    }

    private static void WriteClaims(Utf8JsonWriter writer, AuthorizerOutput output, bool withScopes = true)
    {
        writer.WriteStartObject("claims"u8);
        foreach (var (name, value) in output.Claims ?? new Dictionary<string, string>())
        {
            writer.WriteString(name, value);
        }

        writer.WriteEndObject();
        if (!withScopes)
        {
            return;
        }

        if (output.Scopes is { } scopes)
        {
            writer.WriteStartArray("scopes"u8);
            foreach (var scope in scopes)
            {
                writer.WriteStringValue(scope);
            }

            writer.WriteEndArray();
        }
        else
        {
            writer.WriteNull("scopes"u8);
        }
    }

    /// <summary>1.0's <c>requestContext.identity</c> member for an IAM caller, or null.</summary>
    public static string? IamIdentity(AuthorizerOutput? output, string member) =>
        output is not { Kind: AuthorizerKind.Iam, Caller: { } caller }
            ? null
            : member switch
            {
                "accessKey" => output.AccessKeyId,
                "accountId" => caller.AccountId,
                "caller" => caller.UserId,
                "user" => caller.UserId,
                "userArn" => caller.Arn,
                _ => null,
            };
}
