namespace Gatehouse.Templates;

/// <summary>What the integration request does with the body: transform it with the template under
/// <see cref="ContentType"/>, pass it through, or reject it with 415 Unsupported Media Type.</summary>
public readonly record struct RequestTemplateChoice(RequestTemplateOutcome Outcome, string? ContentType)
{
    public static RequestTemplateChoice Transform(string contentType) => new(RequestTemplateOutcome.Transform, contentType);

    public static RequestTemplateChoice PassThrough { get; } = new(RequestTemplateOutcome.PassThrough, null);

    public static RequestTemplateChoice UnsupportedMediaType { get; } = new(RequestTemplateOutcome.UnsupportedMediaType, null);
}

/// <summary>The three outcomes of request template selection.</summary>
public enum RequestTemplateOutcome
{
    Transform,
    PassThrough,
    UnsupportedMediaType,
}
