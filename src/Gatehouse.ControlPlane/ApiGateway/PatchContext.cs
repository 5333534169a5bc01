using System.Globalization;

namespace Gatehouse.ControlPlane.ApiGateway;

/// <summary>One operation being applied: its op, path, value and the path segments its rule captured.</summary>
public sealed class PatchContext
{
    internal PatchContext(PatchOps op, string path, string? value, IReadOnlyList<string> captures)
    {
        Op = op;
        Path = path;
        Value = value;
        Captures = captures;
    }

    public PatchOps Op { get; }
    public string Path { get; }
    public string? Value { get; }

    /// <summary>The decoded segments matched by the rule's <c>{}</c> placeholders, in order.</summary>
    public IReadOnlyList<string> Captures { get; }

    public bool IsRemove => Op == PatchOps.Remove;

    public string Capture(int index) => Captures[index];

    /// <summary>The value, required to be present.</summary>
    public string Text() => Value ?? throw AwsException.BadRequest($"Invalid null value for path {Path}");

    /// <summary>
    /// A boolean as AWS reads one (Java's <c>Boolean.parseBoolean</c>): <c>true</c> in any case, anything else false.
    /// Recorded: update-method with a non-boolean <c>/apiKeyRequired</c> answers <c>apiKeyRequired: false</c>.
    /// </summary>
    public bool Bool() => string.Equals(Value, "true", StringComparison.OrdinalIgnoreCase);

    public int WholeNumber(int min, int max)
    {
        if (!int.TryParse(Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            throw AwsException.BadRequest($"Invalid value '{Value}' for path {Path}: must be an integer between {min} and {max}");
        }

        return number;
    }

    public double Number(double min, double max)
    {
        if (!double.TryParse(Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number) || number < min || number > max)
        {
            throw AwsException.BadRequest($"Invalid value '{Value}' for path {Path}: must be a number between {min} and {max}");
        }

        return number;
    }
}
