using System.Diagnostics;
using System.Globalization;

namespace Immuta.Client.Benchmarks;

/// <summary>
/// Start to exit of the <c>immuta-integrations</c> tool, as a user or a CI job runs it: <c>--version</c> and
/// <c>validate -f &lt;file&gt;</c> (a documented Snowflake request), each as the framework-dependent (JIT) tool and as the
/// Native AOT one (the linux-x64 package's binary). Timed from <see cref="Process.Start()"/> to the process's exit, the
/// four cases interleaved in every run so drift on the machine affects them alike; run -1 warms the disk cache.
/// </summary>
internal static class ToolStart
{
    public const string Command = "tool-start";

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args is ["--runs", var count] ? int.Parse(count, CultureInfo.InvariantCulture) : 21;
        var project = Path.Combine(ColdStart.RepositoryRoot(), "src", "Immuta.Client.Cli", "Immuta.Client.Cli.csproj");
        var output = Path.Combine(Path.GetTempPath(), "immuta-tool-start");
        Console.WriteLine("Publishing immuta-integrations (JIT and Native AOT)...");
        await ColdStart.PublishAsync(project, Path.Combine(output, "jit"), "-p:PublishAot=false").ConfigureAwait(false);
        await ColdStart.PublishAsync(project, Path.Combine(output, "aot"), "-r", "linux-x64").ConfigureAwait(false);

        var jit = Path.Combine(output, "jit", "immuta-integrations");
        var aot = Path.Combine(output, "aot", "immuta-integrations");
        var file = Path.Combine(AppContext.BaseDirectory, "Examples", "post-integrations.snowflake.userPassword.request.json");
        var cases = new (string Name, string File, string[] Arguments)[]
        {
            ("--version, JIT", jit, ["--version"]),
            ("--version, Native AOT", aot, ["--version"]),
            ("validate -f, JIT", jit, ["validate", "-f", file]),
            ("validate -f, Native AOT", aot, ["validate", "-f", file]),
        };
        var times = cases.ToDictionary(c => c.Name, _ => new List<double>());
        for (var run = -1; run < runs; run++)
        {
            foreach (var (name, path, arguments) in cases)
            {
                var elapsed = await TimeToExitAsync(path, arguments).ConfigureAwait(false);
                if (run >= 0)
                {
                    times[name].Add(elapsed);
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine($"immuta-integrations, start to exit, {runs} interleaved runs each (ms):");
        Console.WriteLine("| Case | p50 | p95 | min |");
        Console.WriteLine("|---|---:|---:|---:|");
        var medians = new Dictionary<string, double>();
        foreach (var (name, _, _) in cases)
        {
            var sorted = times[name].Order().ToArray();
            medians[name] = LoopbackServer.Percentile(sorted, 0.50);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {medians[name]:0.0} | {LoopbackServer.Percentile(sorted, 0.95):0.0} | {sorted[0]:0.0} |"));
        }

        Console.WriteLine();
        foreach (var command in new[] { "--version", "validate -f" })
        {
            var ratio = medians[$"{command}, Native AOT"] / medians[$"{command}, JIT"];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{command}: Native AOT / JIT (p50) = {ratio:0.00}× (target ≤ 0.20×)"));
        }

        return 0;
    }

    private static async Task<double> TimeToExitAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        var elapsed = watch.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await output.ConfigureAwait(false)}{await error.ConfigureAwait(false)}");
        }

        return elapsed;
    }
}
