using Gatehouse.Templates;

namespace Gatehouse.UnitTests.Templates.Selection;

/// <summary>The guide's "integration passthrough behaviors" tables and its template selection rules.</summary>
public sealed class MappingTemplateSelectorTests
{
    // Example 1 of the guide: one template, for application/json.
    [Theory]
    [InlineData(null, PassthroughBehavior.WhenNoMatch, RequestTemplateOutcome.Transform)]
    [InlineData(null, PassthroughBehavior.WhenNoTemplates, RequestTemplateOutcome.Transform)]
    [InlineData(null, PassthroughBehavior.Never, RequestTemplateOutcome.Transform)]
    [InlineData("application/json", PassthroughBehavior.Never, RequestTemplateOutcome.Transform)]
    [InlineData("application/xml", PassthroughBehavior.WhenNoMatch, RequestTemplateOutcome.PassThrough)]
    [InlineData("application/xml", PassthroughBehavior.WhenNoTemplates, RequestTemplateOutcome.UnsupportedMediaType)]
    [InlineData("application/xml", PassthroughBehavior.Never, RequestTemplateOutcome.UnsupportedMediaType)]
    public void SelectRequest_JsonTemplate_AsTheGuidesFirstTable(string? contentType, PassthroughBehavior behavior, RequestTemplateOutcome expected)
    {
        var choice = MappingTemplateSelector.SelectRequest(["application/json"], contentType, behavior);

        Assert.Equal(expected, choice.Outcome);
        Assert.Equal(expected == RequestTemplateOutcome.Transform ? "application/json" : null, choice.ContentType);
    }

    // Example 2 of the guide: one template, for application/xml.
    [Theory]
    [InlineData(null, PassthroughBehavior.WhenNoMatch, RequestTemplateOutcome.PassThrough)]
    [InlineData(null, PassthroughBehavior.WhenNoTemplates, RequestTemplateOutcome.UnsupportedMediaType)]
    [InlineData("application/json", PassthroughBehavior.Never, RequestTemplateOutcome.UnsupportedMediaType)]
    [InlineData("application/xml", PassthroughBehavior.WhenNoTemplates, RequestTemplateOutcome.Transform)]
    [InlineData("application/xml", PassthroughBehavior.Never, RequestTemplateOutcome.Transform)]
    public void SelectRequest_XmlTemplate_AsTheGuidesSecondTable(string? contentType, PassthroughBehavior behavior, RequestTemplateOutcome expected) =>
        Assert.Equal(expected, MappingTemplateSelector.SelectRequest(["application/xml"], contentType, behavior).Outcome);

    [Theory]
    [InlineData(PassthroughBehavior.WhenNoMatch, RequestTemplateOutcome.PassThrough)]
    [InlineData(PassthroughBehavior.WhenNoTemplates, RequestTemplateOutcome.PassThrough)]
    [InlineData(PassthroughBehavior.Never, RequestTemplateOutcome.UnsupportedMediaType)]
    public void SelectRequest_NoTemplates_PassesThroughUnlessNever(PassthroughBehavior behavior, RequestTemplateOutcome expected) =>
        Assert.Equal(expected, MappingTemplateSelector.SelectRequest([], "text/plain", behavior).Outcome);

    [Fact]
    public void SelectRequest_UsesOnlyTheMimeTypeWhateverItsCase() =>
        Assert.Equal("application/json", MappingTemplateSelector.SelectRequest(["text/plain", "application/json"], "Application/JSON; charset=UTF-8", PassthroughBehavior.Never).ContentType);

    [Theory]
    [InlineData(null, "application/json")]
    [InlineData("application/xml", "application/xml")]
    [InlineData("application/xml;q=0.9, application/json", "application/xml")]
    [InlineData("image/png", "application/xml")] // no match: the first template
    [InlineData("*/*", "application/xml")]
    public void SelectResponse_ByAcceptElseTheFirstTemplate(string? accept, string expected) =>
        Assert.Equal(expected, MappingTemplateSelector.SelectResponse(["application/xml", "application/json"], accept));

    [Fact]
    public void SelectResponse_JsonByDefaultWhenDefined() =>
        Assert.Equal("application/json", MappingTemplateSelector.SelectResponse(["text/html", "application/json"], null));

    [Fact]
    public void SelectResponse_NoTemplates_PassesThrough() =>
        Assert.Null(MappingTemplateSelector.SelectResponse([], "application/json"));
}
