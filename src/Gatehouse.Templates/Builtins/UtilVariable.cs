namespace Gatehouse.Templates;

/// <summary><c>$util</c>: escapeJavaScript, parseJson, toJson, urlEncode, urlDecode, base64Encode, base64Decode.</summary>
internal sealed class UtilVariable : InternalValue
{
    public static UtilVariable Instance { get; } = new();

    private UtilVariable()
    {
    }

    public static object? Invoke(Renderer renderer, string name, object?[] args)
    {
        if (args.Length != 1)
        {
            return null;
        }

        var arg = args[0];
        if (name == "toJson")
        {
            return renderer.CheckLength(JsonText.Write(arg, renderer.Limits.MaxOutputLength));
        }

        if (arg is null)
        {
            return null; // As the Java functions do, null in gives null out.
        }

        var text = renderer.Text(arg);
        switch (name)
        {
            case "escapeJavaScript":
                return renderer.CheckLength(JavaScriptEscaper.Escape(text));
            case "parseJson":
                return JsonValues.TryParse(text, out var value)
                    ? value
                    : throw new TemplateRuntimeException(RenderErrorKind.EvaluationError, "$util.parseJson: the text is not JSON");
            case "urlEncode":
                return renderer.CheckLength(UrlCodec.Encode(text));
            case "urlDecode":
                return UrlCodec.TryDecode(text, out var decoded)
                    ? decoded
                    : throw new TemplateRuntimeException(RenderErrorKind.EvaluationError, "$util.urlDecode: malformed percent-encoding");
            case "base64Encode":
                return renderer.CheckLength(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text)));
            case "base64Decode":
                try
                {
                    return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(text));
                }
                catch (FormatException)
                {
                    throw new TemplateRuntimeException(RenderErrorKind.EvaluationError, "$util.base64Decode: the text is not base64");
                }

            default:
                return null;
        }
    }
}
