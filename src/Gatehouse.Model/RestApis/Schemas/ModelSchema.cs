using System.Buffers;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Gatehouse.Model.RestApis.Schemas;

/// <summary>
/// One model's schema, compiled with the models it references: immutable, safe to share between requests and
/// threads. <see cref="Validate"/> never throws: a body that is not JSON is one error like any other.
/// </summary>
public sealed class ModelSchema
{
    private const int MaxDepth = 256;

    private readonly JsonSchema _schema;

    internal ModelSchema(string name, JsonSchema schema)
    {
        Name = name;
        _schema = schema;
    }

    public string Name { get; }

    /// <summary>The reasons <paramref name="json"/> does not match the model; empty when it does.</summary>
    public IReadOnlyList<SchemaError> Validate(string? json)
    {
        if (json is null)
        {
            return [new SchemaError("#", "Invalid JSON: no body")];
        }

        if (!IsStrictJson(json, out var syntax))
        {
            return [new SchemaError("#", $"Invalid JSON: {syntax}")];
        }

        try
        {
            using var reader = new JsonTextReader(new StringReader(json))
            {
                DateParseHandling = DateParseHandling.None,
                FloatParseHandling = FloatParseHandling.Double,
                MaxDepth = MaxDepth,
            };
            var token = JToken.ReadFrom(reader);
            var errors = new JsonSchemaValidator().Validate(token, _schema);
            return errors.Count == 0 ? [] : [.. errors.SelectMany(Flatten)];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or FormatException
                                      or OverflowException or System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return [new SchemaError("#", $"Invalid JSON: {e.Message}")];
        }
    }

    /// <summary>An array item's or additional member's errors are reported where they are, not as "item not valid".</summary>
    private static IEnumerable<SchemaError> Flatten(ValidationError error) =>
        error is ChildSchemaValidationError child
        && error.Kind is ValidationErrorKind.ArrayItemNotValid or ValidationErrorKind.AdditionalItemNotValid
            or ValidationErrorKind.AdditionalPropertiesNotValid
            ? child.Errors.SelectMany(e => e.Value).SelectMany(Flatten)
            : [Describe(error)];

    private static SchemaError Describe(ValidationError error) =>
        new(string.IsNullOrEmpty(error.Path) ? "#" : error.Path, error.Property is { Length: > 0 } property
            ? $"{error.Kind} ({property})"
            : error.Kind.ToString());

    /// <summary>RFC 8259 JSON only, as AWS reads a body: no comments, single quotes or trailing commas.</summary>
    private static bool IsStrictJson(string json, out string? problem)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(json, buffer);
            var reader = new System.Text.Json.Utf8JsonReader(buffer.AsSpan(0, length), new System.Text.Json.JsonReaderOptions
            {
                CommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
                AllowTrailingCommas = false,
                MaxDepth = MaxDepth,
            });
            while (reader.Read())
            {
            }

            problem = null;
            return true;
        }
        catch (System.Text.Json.JsonException e)
        {
            problem = e.Message;
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
