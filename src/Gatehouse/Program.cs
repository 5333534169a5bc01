using Gatehouse.Hosting;

RuntimeTuning.Apply();
return await CommandLine.RunAsync(args);
