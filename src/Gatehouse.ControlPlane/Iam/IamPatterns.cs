using System.Text.RegularExpressions;

namespace Gatehouse.ControlPlane.Iam;

/// <summary>
/// The constraints of IAM's members, from the service model (<c>userNameType</c>, <c>pathType</c>, …). The model's
/// <c>\w</c> is ASCII (Java's), so the expressions spell it out.
/// </summary>
internal static partial class IamPatterns
{
    public const string NameText = @"[\w+=,.@-]+";
    public const string PathText = @"(\u002F)|(\u002F[\u0021-\u007F]+\u002F)";
    public const string PathPrefixText = @"\u002F[\u0021-\u007F]*";
    public const string AccessKeyIdText = @"[\w]+";
    public const string PolicyDocumentText = @"[\u0009\u000A\u000D\u0020-\u00FF]+";
    public const string MarkerText = @"[\u0020-\u00FF]+";
    public const string TagKeyText = @"[\p{L}\p{Z}\p{N}_.:/=+\-@]+";
    public const string TagValueText = @"[\p{L}\p{Z}\p{N}_.:/=+\-@]*";

    public static readonly IReadOnlyList<string> Statuses = ["Active", "Inactive"];

    [GeneratedRegex(@"^[A-Za-z0-9_+=,.@-]+$")]
    public static partial Regex Name();

    [GeneratedRegex(@"^(/|/[\u0021-\u007F]+/)$")]
    public static partial Regex Path();

    [GeneratedRegex(@"^/[\u0021-\u007F]*$")]
    public static partial Regex PathPrefix();

    [GeneratedRegex(@"^[A-Za-z0-9_]+$")]
    public static partial Regex AccessKeyId();

    [GeneratedRegex(@"^[\u0009\u000A\u000D\u0020-\u00FF]+$")]
    public static partial Regex PolicyDocument();

    [GeneratedRegex(@"^[\u0020-\u00FF]+$")]
    public static partial Regex Marker();

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$")]
    public static partial Regex TagKey();

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$")]
    public static partial Regex TagValue();
}
