using System.Text.RegularExpressions;
using Gatehouse.Model.HttpApis;

namespace Gatehouse.ControlPlane.ApiGatewayV2;

/// <summary>Collects every problem with a request, then fails once with all of them (AWS's BadRequestException).</summary>
internal sealed partial class Validation
{
    private static readonly string[] HttpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    private readonly List<string> _errors = [];

    public void Add(string error) => _errors.Add(error);

    public void Require(bool condition, string error)
    {
        if (!condition)
        {
            _errors.Add(error);
        }
    }

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw AwsException.BadRequest(string.Join("; ", _errors));
        }
    }

    public void Length(string field, string? value, int min, int max)
    {
        if (value is not null && (value.Length < min || value.Length > max))
        {
            _errors.Add(min == 0
                ? $"{field} must be at most {max} characters long"
                : $"{field} must be between {min} and {max} characters long");
        }
    }

    public void Tags(IReadOnlyDictionary<string, string>? tags)
    {
        if (tags is null)
        {
            return;
        }

        Require(tags.Count <= 50, "Tags must hold at most 50 entries");
        foreach (var (key, value) in tags)
        {
            Require(key.Length is >= 1 and <= 128 && !key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase),
                $"Invalid tag key '{key}': keys are 1 to 128 characters and must not start with 'aws:'");
            Require(value.Length <= 256, $"Invalid value for tag '{key}': values are at most 256 characters");
        }
    }

    public void Cors(Cors? cors)
    {
        if (cors is null)
        {
            return;
        }

        if (cors.MaxAge is { } maxAge)
        {
            Require(maxAge is >= -1 and <= 86400, $"Invalid CORS maxAge {maxAge}: must be between -1 and 86400");
        }

        foreach (var method in cors.AllowMethods ?? [])
        {
            Require(method == "*" || HttpMethods.Contains(method.ToUpperInvariant(), StringComparer.Ordinal),
                $"Invalid CORS allowMethods value '{method}': must be an HTTP method or '*'");
        }

        foreach (var origin in cors.AllowOrigins ?? [])
        {
            Require(origin == "*" || origin.StartsWith("http://", StringComparison.Ordinal) || origin.StartsWith("https://", StringComparison.Ordinal),
                $"Invalid CORS allowOrigins value '{origin}': must be '*' or start with http:// or https://");
        }

        Require(!(cors.AllowCredentials == true && (cors.AllowOrigins ?? []).Contains("*")),
            "Invalid CORS configuration: allowCredentials cannot be true when allowOrigins contains '*'");
    }

    public void HttpMethod(string field, string? method, bool allowAny)
    {
        if (method is not null)
        {
            Require((allowAny && method == "ANY") || HttpMethods.Contains(method, StringComparer.Ordinal),
                $"Invalid {field} '{method}': must be one of [{(allowAny ? "ANY, " : "")}{string.Join(", ", HttpMethods)}]");
        }
    }

    public void StageName(string? name)
    {
        if (name is null)
        {
            return;
        }

        Require(name == Stage.DefaultStageName || StageNamePattern().IsMatch(name),
            $"Invalid stage name '{name}': a stage name is '$default' or 1 to 128 letters, digits, '-' and '_'");
    }

    public void StageVariables(IReadOnlyDictionary<string, string>? variables)
    {
        foreach (var (name, value) in variables ?? new Dictionary<string, string>())
        {
            Require(StageVariableNamePattern().IsMatch(name),
                $"Invalid stage variable name '{name}': names are 1 to 64 letters, digits and '_'");
            Require(value.Length <= 2048 && StageVariableValuePattern().IsMatch(value),
                $"Invalid value for stage variable '{name}': values are at most 2048 characters from letters, digits and - . _ ~ : / ? # & = ,");
        }
    }

    public void RouteSettings(string field, RouteSettings? settings)
    {
        if (settings is null)
        {
            return;
        }

        Require(settings.ThrottlingBurstLimit is null or >= 0, $"Invalid {field}.throttlingBurstLimit: must not be negative");
        Require(settings.ThrottlingRateLimit is null or >= 0, $"Invalid {field}.throttlingRateLimit: must not be negative");
        Require(settings.LoggingLevel is null, $"Invalid {field}.loggingLevel: execution logging levels apply to WebSocket APIs only");
        Require(settings.DataTraceEnabled is null or false, $"Invalid {field}.dataTraceEnabled: data tracing applies to WebSocket APIs only");
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,128}$")]
    private static partial Regex StageNamePattern();

    [GeneratedRegex("^[A-Za-z0-9_]{1,64}$")]
    private static partial Regex StageVariableNamePattern();

    [GeneratedRegex("^[A-Za-z0-9._~:/?#&=,-]*$")]
    private static partial Regex StageVariableValuePattern();
}
