using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Gatehouse.Bench.Templates.RenderBenchmarks).Assembly).Run(args);
