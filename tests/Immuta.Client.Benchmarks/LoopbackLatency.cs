using System.Diagnostics;
using System.Globalization;
using Immuta.Client.Serialization;

namespace Immuta.Client.Benchmarks;

/// <summary>
/// Single-caller latency of GET one 2 KB integration from the loopback server (Kestrel, another process), per call:
/// the SDK with its defaults and the hand-written baseline, alternated call by call (the order flips every call) so
/// that drift on a shared machine falls on both alike. Prints p50, p95 and p99 of the individual calls.
/// </summary>
internal static class LoopbackLatency
{
    public const string Command = "loopback-latency";

    public static async Task<int> RunAsync(string[] args)
    {
        var calls = args is ["--calls", var count] ? int.Parse(count, CultureInfo.InvariantCulture) : 20_000;
        using var server = LoopbackServer.Start();
        var url = server.Url;
        var endpoint = new Uri(url);
        using var baseline = new HttpClient(new SocketsHttpHandler()) { BaseAddress = endpoint };
        using var sdk = new ImmutaClient(endpoint, new ImmutaApiKeyCredential("benchmark-key"), Bodies.SdkDefaults);
        Func<Task> baselineCall = () => Baseline.GetAsync(baseline, "/integrations/123456789", ImmutaJsonContext.Default.Integration);
        Func<Task> sdkCall = () => sdk.Integrations.GetAsync("123456789");
        for (var i = 0; i < 2_000; i++)
        {
            await baselineCall().ConfigureAwait(false);
            await sdkCall().ConfigureAwait(false);
        }

        var baselineTimes = new double[calls];
        var sdkTimes = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            if (i % 2 == 0)
            {
                baselineTimes[i] = await TimeAsync(baselineCall).ConfigureAwait(false);
                sdkTimes[i] = await TimeAsync(sdkCall).ConfigureAwait(false);
            }
            else
            {
                sdkTimes[i] = await TimeAsync(sdkCall).ConfigureAwait(false);
                baselineTimes[i] = await TimeAsync(baselineCall).ConfigureAwait(false);
            }
        }

        Array.Sort(baselineTimes);
        Array.Sort(sdkTimes);
        Console.WriteLine($"Loopback GET of one 2 KB integration, {calls} calls each, alternated (µs):");
        Console.WriteLine("| Case | p50 | p95 | p99 |");
        Console.WriteLine("|---|---:|---:|---:|");
        Print("Baseline", baselineTimes);
        Print("SDK", sdkTimes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"p50 ratio: {LoopbackServer.Percentile(sdkTimes, 0.5) / LoopbackServer.Percentile(baselineTimes, 0.5):0.00}x"));
        return 0;
    }

    private static async Task<double> TimeAsync(Func<Task> call)
    {
        var started = Stopwatch.GetTimestamp();
        await call().ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started).TotalMicroseconds;
    }

    private static void Print(string name, double[] sorted)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {LoopbackServer.Percentile(sorted, 0.50):0.0} | {LoopbackServer.Percentile(sorted, 0.95):0.0} | {LoopbackServer.Percentile(sorted, 0.99):0.0} |"));

}
