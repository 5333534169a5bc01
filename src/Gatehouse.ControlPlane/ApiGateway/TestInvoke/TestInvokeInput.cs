using Gatehouse.ControlPlane.ApiGatewayV2;

using Gatehouse.Model.RestApis.TestInvoke;

namespace Gatehouse.ControlPlane.ApiGateway.TestInvoke;

#pragma warning disable CA1812 // instantiated by the JSON deserializer

/// <summary>
/// The request body of TestInvokeMethod and TestInvokeAuthorizer (botocore: <c>pathWithQueryString</c>, <c>body</c>,
/// <c>headers</c>, <c>multiValueHeaders</c>, <c>stageVariables</c>; <c>clientCertificateId</c> and
/// <c>additionalContext</c> for one of them each), and its parsing into a <see cref="TestInvokeRequest"/>.
/// </summary>
internal sealed class TestInvokeInput
{
    public string? PathWithQueryString { get; set; }
    public string? Body { get; set; }
    public Dictionary<string, string>? Headers { get; set; }
    public Dictionary<string, List<string>>? MultiValueHeaders { get; set; }
    public string? ClientCertificateId { get; set; }
    public Dictionary<string, string>? StageVariables { get; set; }
    public Dictionary<string, string>? AdditionalContext { get; set; }

    /// <summary>
    /// The simulated request, every error collected (400 BadRequestException naming the field): a path that is not
    /// absolute, header names that are not HTTP tokens or values with line breaks, invalid stage variables.
    /// Without a path the resource's own path is used (AWS recorded: <c>/pets/{petId}</c> gives <c>petId={petId}</c>).
    /// <c>headers</c> come first, then the values of <c>multiValueHeaders</c> for names <c>headers</c> does not set.
    /// </summary>
    public TestInvokeRequest Parse(string defaultPath)
    {
        var validation = new Validation();
        var target = string.IsNullOrEmpty(PathWithQueryString) ? defaultPath : PathWithQueryString;
        var queryStart = target.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? target : target[..queryStart];
        var query = queryStart < 0 ? "" : target[(queryStart + 1)..];
        validation.Require(path.StartsWith('/') && !path.Any(char.IsControl) && !path.Contains(' ', StringComparison.Ordinal),
            $"Invalid pathWithQueryString '{PathWithQueryString}': the path must start with '/' and hold no spaces or control characters");
        validation.Require(!query.Any(char.IsControl), "Invalid pathWithQueryString: the query string holds control characters");

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in Headers ?? [])
        {
            Header(validation, "headers", name, value);
            headers.Add(new(name, value));
        }

        foreach (var (name, values) in MultiValueHeaders ?? [])
        {
            if (Headers?.Keys.Any(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) == true)
            {
                continue;
            }

            foreach (var value in values ?? [])
            {
                Header(validation, "multiValueHeaders", name, value ?? "");
                headers.Add(new(name, value ?? ""));
            }
        }

        validation.StageVariables(StageVariables);
        validation.ThrowIfAny();
        return new TestInvokeRequest
        {
            Path = path,
            Query = query,
            Headers = headers,
            Body = Body,
            StageVariables = StageVariables ?? new Dictionary<string, string>(StringComparer.Ordinal),
        };
    }

    private static void Header(Validation validation, string field, string name, string value)
    {
        validation.Require(name.Length > 0 && name.All(IsTokenChar), $"Invalid header name '{name}' in {field}");
        validation.Require(!value.Contains('\r', StringComparison.Ordinal) && !value.Contains('\n', StringComparison.Ordinal),
            $"Invalid value for header '{name}' in {field}: line breaks are not allowed");
    }

    /// <summary>RFC 9110's token characters, the only ones a header name may hold.</summary>
    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}
