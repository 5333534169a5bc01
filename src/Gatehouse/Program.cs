using Gatehouse.Hosting;

return await CommandLine.RunAsync(args);
