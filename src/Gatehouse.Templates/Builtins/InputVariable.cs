using Gatehouse.Templates.Parsing;

namespace Gatehouse.Templates;

/// <summary>
/// <c>$input</c> over one render's body and parameters: <c>body</c>, <c>json(path)</c>, <c>path(path)</c>,
/// <c>params()</c>, <c>params(name)</c>. The body is parsed as JSON once, when first needed.
/// </summary>
internal sealed class InputVariable(Renderer renderer) : InternalValue
{
    private bool _parsed;
    private object? _root;
    private TemplateMap? _params;

    public string Body => renderer.Context.Body;

    public object? Invoke(MethodSegment call, object?[] args)
    {
        switch (call.Name, args.Length)
        {
            case ("path", 1):
                return Path(call, args[0], out _);
            case ("json", 1):
                var result = Path(call, args[0], out var found);
                // A path that matches nothing gives an empty JSON string, as API Gateway's does.
                return !found ? "\"\"" : renderer.CheckLength(JsonText.Write(result, renderer.Limits.MaxOutputLength));
            case ("params", 0):
                return Params();
            case ("params", 1):
                if (args[0] is not string parameter)
                {
                    return null;
                }

                var all = Params();
                foreach (var kind in (ReadOnlySpan<string>)["path", "querystring", "header"])
                {
                    if (((TemplateMap)all[kind]!).TryGetValue(parameter, out var value))
                    {
                        return value;
                    }
                }

                return null;
            case ("getBody", 0):
                return Body;
            default:
                return null;
        }
    }

    private object? Path(MethodSegment call, object? expression, out bool found)
    {
        found = false;
        if (expression is not string path)
        {
            return null;
        }

        if (!call.JsonPath.TryGet(path, out var compiled, out var error))
        {
            throw new TemplateRuntimeException(RenderErrorKind.EvaluationError, $"invalid JSONPath '{path}': {error}");
        }

        return compiled.Evaluate(Root(), renderer, out found);
    }

    private object? Root()
    {
        if (!_parsed)
        {
            var body = Body;
            // An empty body reads as an empty object, as API Gateway's $input.json('$') gives {} for it.
            if (string.IsNullOrWhiteSpace(body))
            {
                _root = new TemplateMap();
            }
            else if (!JsonValues.TryParse(body, out _root))
            {
                throw new TemplateRuntimeException(RenderErrorKind.InvalidJsonBody, "the body is not JSON");
            }

            _parsed = true;
        }

        return _root;
    }

    private TemplateMap Params()
    {
        if (_params is null)
        {
            var context = renderer.Context;
            _params = new TemplateMap();
            _params["path"] = TemplateMap.From(context.PathParameters);
            _params["querystring"] = TemplateMap.From(context.QueryStringParameters);
            var headers = new TemplateMap(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in context.Headers)
            {
                headers[key] = value;
            }

            _params["header"] = headers;
        }

        return _params;
    }
}
