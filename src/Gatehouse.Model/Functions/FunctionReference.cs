namespace Gatehouse.Model.Functions;

/// <summary>
/// A function as callers name it: <c>name</c>, <c>name:qualifier</c>, a partial ARN
/// (<c>123456789012:function:name[:qualifier]</c>) or a full ARN (<c>arn:aws:lambda:region:account:function:name[:qualifier]</c>).
/// </summary>
public readonly record struct FunctionReference(string Name, string? Qualifier, string? AccountId, string? Region)
{
    public static bool TryParse(string text, out FunctionReference reference)
    {
        reference = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var parts = text.Split(':');
        switch (parts.Length)
        {
            case 1:
                reference = new FunctionReference(parts[0], null, null, null);
                break;
            case 2:
                reference = new FunctionReference(parts[0], parts[1], null, null);
                break;
            case 3 or 4 when parts[1] == "function":
                reference = new FunctionReference(parts[2], parts.Length == 4 ? parts[3] : null, parts[0], null);
                break;
            case 7 or 8 when parts[0] == "arn" && parts[2] == "lambda" && parts[5] == "function":
                reference = new FunctionReference(parts[6], parts.Length == 8 ? parts[7] : null, parts[4], parts[3]);
                break;
            default:
                return false;
        }

        return IsValidName(reference.Name) && (reference.Qualifier is null || IsValidQualifier(reference.Qualifier));
    }

    /// <summary>Lambda's function names: letters, digits, hyphens and underscores, 1 to 64 characters.</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>A version (<c>$LATEST</c> or digits) or an alias name.</summary>
    public static bool IsValidQualifier(string qualifier) =>
        qualifier == FunctionVersion.LatestName
        || (qualifier.Length is > 0 and <= 128 && qualifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
}
