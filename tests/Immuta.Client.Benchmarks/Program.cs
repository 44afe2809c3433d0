using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Immuta.Client.Benchmarks -- --filter '*' [--job short]
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
