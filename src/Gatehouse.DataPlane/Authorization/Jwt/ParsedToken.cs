using System.Buffers.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Gatehouse.DataPlane.Authorization.Jwt;

/// <summary>
/// A token decoded but not yet trusted: the <see cref="JsonWebToken"/> (header, and the form the signature check takes)
/// and the payload as a JSON document, whose values keep their JSON types for the claim checks and AWS's rendering.
/// </summary>
internal sealed class ParsedToken : IDisposable
{
    private readonly JsonDocument _payload;

    private ParsedToken(JsonWebToken jwt, JsonDocument payload)
    {
        Jwt = jwt;
        _payload = payload;
    }

    public JsonWebToken Jwt { get; }

    public JsonElement Payload => _payload.RootElement;

    /// <summary>
    /// The parsed token, or null when it is malformed: not a JWS, bad base64url or JSON, a payload that is not an
    /// object, or a claim named twice (which would let two readers of the token disagree on its value).
    /// </summary>
    public static ParsedToken? TryParse(ReadOnlyMemory<char> token)
    {
        if (!CompactJws.HasShape(token.Span))
        {
            return null;
        }

        JsonDocument? payload = null;
        try
        {
            var jwt = new JsonWebToken(token);
            if (jwt.IsEncrypted)
            {
                return null;
            }

            payload = JsonDocument.Parse(Base64Url.DecodeFromChars(CompactJws.Payload(token.Span)));
            if (payload.RootElement.ValueKind != JsonValueKind.Object || HasDuplicateClaims(payload.RootElement))
            {
                payload.Dispose();
                return null;
            }

            return new ParsedToken(jwt, payload);
        }
        catch (Exception)
        {
            // Whatever the parsers make of hostile input (ArgumentException, SecurityTokenMalformedException,
            // FormatException, JsonException...), the answer is the same 401.
            payload?.Dispose();
            return null;
        }
    }

    public void Dispose() => _payload.Dispose();

    private static bool HasDuplicateClaims(JsonElement payload)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in payload.EnumerateObject())
        {
            if (!names.Add(property.Name))
            {
                return true;
            }
        }

        return false;
    }
}
