namespace Gatehouse.DataPlane.RestApis;

/// <summary>
/// Whether a mapped value can be sent as a response header: visible ASCII, spaces and tabs only. Values mapped from a
/// request or a backend body may hold line breaks or other characters the server refuses to send; such a header is left
/// out rather than failing the answer.
/// </summary>
internal static class ResponseHeaderValue
{
    public static bool IsSendable(string value)
    {
        foreach (var c in value)
        {
            if (c is not ('\t' or (>= ' ' and <= '~')))
            {
                return false;
            }
        }

        return true;
    }
}
