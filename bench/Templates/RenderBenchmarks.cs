using BenchmarkDotNet.Attributes;
using Gatehouse.Templates;

namespace Gatehouse.Bench.Templates;

/// <summary>
/// One render of each documentation example, as the data plane will run it: the template parsed once beforehand,
/// a fresh context per request (which parses the body once, when the template first reads it).
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class RenderBenchmarks
{
    private Template _photos = null!;
    private Template _invoice = null!;
    private Template _grocery = null!;
    private Template _params = null!;
    private Template _nameAndBody = null!;

    [GlobalSetup]
    public void Setup()
    {
        _photos = Parse(Examples.PhotosOutputTemplate);
        _invoice = Parse(Examples.InvoiceOutputTemplate);
        _grocery = Parse(Examples.GroceryTemplate);
        _params = Parse(Examples.ParamsTemplate);
        _nameAndBody = Parse(Examples.NameAndBodyTemplate);
    }

    [Benchmark]
    public string? Photos() => _photos.Render(new TemplateContext { Body = Examples.PhotosInput }).Output;

    [Benchmark]
    public string? Invoice() => _invoice.Render(new TemplateContext { Body = Examples.InvoiceInput }).Output;

    [Benchmark]
    public string? Grocery() => _grocery.Render(new TemplateContext { Body = Examples.GroceryInput }).Output;

    [Benchmark]
    public string? AllParams() => _params.Render(new TemplateContext
    {
        PathParameters = [new("id", "abc")],
        QueryStringParameters = [new("name", "it's me"), new("page", "2")],
        Headers = [new("Accept", "application/json"), new("User-Agent", "curl/8.0"), new("X-Trace", "t-1")],
    }).Output;

    [Benchmark]
    public string? NameAndBody() => _nameAndBody.Render(new TemplateContext
    {
        Body = Examples.GroceryInput,
        QueryStringParameters = [new("name", "produce")],
    }).Output;

    internal static Template Parse(string source) =>
        Template.Parse(source).Template ?? throw new InvalidOperationException("an example template does not parse");
}
