using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Immuta.Client.Benchmarks;

// dotnet run -c Release --project tests/Immuta.Client.Benchmarks -- --filter '*' [--job short]
// dotnet run -c Release --project tests/Immuta.Client.Benchmarks -- cold-start
// dotnet run -c Release --project tests/Immuta.Client.Benchmarks -- tool-start [--runs 21]
// dotnet run -c Release --project tests/Immuta.Client.Benchmarks -- alloc-profile
// dotnet run -c Release --project tests/Immuta.Client.Benchmarks -- loopback-latency
if (args is [LoopbackServer.ServeCommand])
{
    return await LoopbackServer.ServeAsync();
}

if (args is [AllocationProfile.Command])
{
    return AllocationProfile.Run();
}

if (args is [LoopbackLatency.Command, ..])
{
    return await LoopbackLatency.RunAsync(args[1..]);
}

if (args is [ColdStart.Command, ..])
{
    return await ColdStart.RunAsync(args[1..]);
}

if (args is [ToolStart.Command, ..])
{
    return await ToolStart.RunAsync(args[1..]);
}

// The loopback benchmarks call a server in another process; the benchmark processes inherit its URL.
using var server = LoopbackServer.Start();
Environment.SetEnvironmentVariable(LoopbackServer.UrlVariable, server.Url);
// Medians and 95th percentiles beside the mean: the goals of issue #8 are medians.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, DefaultConfig.Instance.AddColumn(StatisticColumn.P50, StatisticColumn.P95));
return 0;
