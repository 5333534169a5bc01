using BenchmarkDotNet.Attributes;
using Gatehouse.Templates;

namespace Gatehouse.Bench.Templates;

/// <summary>Parsing the documentation examples: done once per deployment, measured apart from rendering.</summary>
[ShortRunJob]
[MemoryDiagnoser]
public class ParseBenchmarks
{
    [Benchmark]
    public Template Photos() => RenderBenchmarks.Parse(Examples.PhotosOutputTemplate);

    [Benchmark]
    public Template Invoice() => RenderBenchmarks.Parse(Examples.InvoiceOutputTemplate);

    [Benchmark]
    public Template AllParams() => RenderBenchmarks.Parse(Examples.ParamsTemplate);
}
