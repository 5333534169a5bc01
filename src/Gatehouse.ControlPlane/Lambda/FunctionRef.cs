using System.Text.RegularExpressions;
using Gatehouse.Model;

namespace Gatehouse.ControlPlane.Lambda;

/// <summary>
/// A function as a request names it: a name (<c>my-function</c>), a partial ARN (<c>000000000000:function:my-function</c>)
/// or a full ARN, each optionally with a qualifier (<c>:1</c>, <c>:$LATEST</c>, <c>:alias</c>), plus the
/// <c>Qualifier</c> query parameter that some operations take.
/// </summary>
public sealed partial record FunctionRef(string Name, string? Qualifier)
{
    /// <summary>The model's NamespacedFunctionName pattern (read operations, Invoke).</summary>
    public const string NamespacedPattern =
        @"(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?";

    /// <summary>The model's FunctionName pattern (write operations).</summary>
    public const string Pattern =
        @"(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?";

    /// <summary>The model's Qualifier pattern.</summary>
    public const string QualifierPattern = "(|[a-zA-Z0-9$_-]+)";

    public bool IsQualified => Qualifier is not null;

    /// <summary>
    /// Parses the <c>FunctionName</c> of a request and merges the <c>Qualifier</c> parameter into it. Throws Lambda's
    /// ValidationException for a name the model's pattern refuses, and InvalidParameterValueException when the name's
    /// own qualifier and the parameter disagree.
    /// </summary>
    public static FunctionRef Parse(string functionName, string? qualifier = null, bool namespaced = false)
    {
        ArgumentNullException.ThrowIfNull(functionName);
        var validation = new LambdaValidation();
        var max = namespaced ? 170 : 140;
        validation.Length(functionName, "functionName", 1, max);
        var match = (namespaced ? NamespacedRegex() : NameRegex()).Match(functionName);
        if (!match.Success)
        {
            validation.Add(functionName, "functionName", "Member must satisfy regular expression pattern: " + (namespaced ? NamespacedPattern : Pattern));
        }

        if (qualifier is not null)
        {
            validation.Length(qualifier, "qualifier", 1, 128);
            validation.Pattern(qualifier, "qualifier", QualifierRegex(), QualifierPattern);
        }

        validation.ThrowIfAny();

        var name = match.Groups["name"].Value;
        var own = match.Groups["qualifier"].Success ? match.Groups["qualifier"].Value : null;
        if (own is not null && qualifier is not null && own != qualifier)
        {
            throw LambdaErrors.InvalidParameter("The derived qualifier from the function name does not match the specified qualifier.");
        }

        return new FunctionRef(name, own ?? qualifier);
    }

    /// <summary>For operations that act on the function as a whole: a qualified name is refused.</summary>
    public static FunctionRef ParseUnqualified(string functionName)
    {
        var reference = Parse(functionName);
        return reference.IsQualified
            ? throw LambdaErrors.InvalidParameter($"Unsupported qualifier: this operation takes an unqualified function name or ARN, not {functionName}")
            : reference;
    }

    public string Arn(ControlPlaneOptions options) => Qualifier is null
        ? LambdaArns.Function(options.Region, options.AccountId, Name)
        : LambdaArns.Qualified(options.Region, options.AccountId, Name, Qualifier);

    public static bool IsVersionNumber(string qualifier) => qualifier.Length > 0 && qualifier.All(char.IsAsciiDigit);

    [GeneratedRegex(@"^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?(?<name>[a-zA-Z0-9_.-]+)(:(?<qualifier>\$LATEST|[a-zA-Z0-9_-]+))?$")]
    private static partial Regex NamespacedRegex();

    [GeneratedRegex(@"^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?(?<name>[a-zA-Z0-9_-]+)(:(?<qualifier>\$LATEST|[a-zA-Z0-9_-]+))?$")]
    private static partial Regex NameRegex();

    [GeneratedRegex(@"^[a-zA-Z0-9$_-]+$")]
    private static partial Regex QualifierRegex();
}
