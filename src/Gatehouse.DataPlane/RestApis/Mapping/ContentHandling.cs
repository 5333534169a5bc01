namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>An integration's or integration response's <c>contentHandling</c>.</summary>
public enum ContentHandling
{
    /// <summary>Unset: the payload passes as it is (the response side still follows the Accept header).</summary>
    None,

    /// <summary><c>CONVERT_TO_TEXT</c>: a binary payload is base64-encoded.</summary>
    ConvertToText,

    /// <summary><c>CONVERT_TO_BINARY</c>: a text payload is base64-decoded.</summary>
    ConvertToBinary,
}

public static class ContentHandlings
{
    public static ContentHandling Parse(string? value) => value switch
    {
        "CONVERT_TO_TEXT" => ContentHandling.ConvertToText,
        "CONVERT_TO_BINARY" => ContentHandling.ConvertToBinary,
        _ => ContentHandling.None,
    };
}
