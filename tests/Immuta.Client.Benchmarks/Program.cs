using BenchmarkDotNet.Running;
using Immuta.Client.Benchmarks;

// dotnet run -c Release --project tests/Immuta.Client.Benchmarks -- --filter '*' [--job short]
// dotnet run -c Release --project tests/Immuta.Client.Benchmarks -- cold-start
if (args is [LoopbackServer.ServeCommand])
{
    return await LoopbackServer.ServeAsync();
}

if (args is [ColdStart.Command, ..])
{
    return await ColdStart.RunAsync(args[1..]);
}

// The loopback benchmarks call a server in another process; the benchmark processes inherit its URL.
var (server, url) = LoopbackServer.Start();
try
{
    Environment.SetEnvironmentVariable(LoopbackServer.UrlVariable, url);
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
finally
{
    server.Kill(entireProcessTree: true);
    server.Dispose();
}
