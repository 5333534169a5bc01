namespace Gatehouse.Observability.Logs;

/// <summary>CloudWatch Logs' naming rules (botocore's <c>LogGroupName</c> and <c>LogStreamName</c> shapes).</summary>
public static class LogNames
{
    public const int MaxLength = 512;

    /// <summary>1 to 512 of <c>a-z A-Z 0-9 _ - / . #</c>.</summary>
    public static bool IsValidGroupName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-' or '/' or '.' or '#'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>1 to 512 characters, without <c>:</c> or <c>*</c>.</summary>
    public static bool IsValidStreamName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLength && name.AsSpan().IndexOfAny(':', '*') < 0;
}
