using System.Diagnostics;
using System.Globalization;

namespace Immuta.Client.Benchmarks;

/// <summary>
/// Cold start to the first completed call: a new process creates a client and GETs one integration from the loopback
/// server, then prints a line. Timed from <see cref="Process.Start()"/> to that line, for the SDK and the hand-written
/// baseline, each as a JIT program (<c>dotnet app.dll</c>) and as a Native AOT binary. The program is
/// <c>tests/Immuta.Client.AotSmoke</c> in its <c>--first-call</c> modes, published twice by this command. Beside them, as a
/// JIT program, the same GET through a Refit client of its own (<c>tests/Immuta.Client.RefitFirstCall</c>): the share of the
/// ratio that the SDK's wire layer costs before the SDK does anything of its own. Then, without a clock, what the JIT
/// compiles (<see cref="JitMethodCount"/>) and the instructions each JIT case executes (<see cref="InstructionCount"/>).
/// </summary>
internal static class ColdStart
{
    public const string Command = "cold-start";

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args is ["--runs", var count] ? int.Parse(count, CultureInfo.InvariantCulture) : 21;
        var root = RepositoryRoot();
        var project = Path.Combine(root, "tests", "Immuta.Client.AotSmoke", "Immuta.Client.AotSmoke.csproj");
        var refitProject = Path.Combine(root, "tests", "Immuta.Client.RefitFirstCall", "Immuta.Client.RefitFirstCall.csproj");
        var output = Path.Combine(Path.GetTempPath(), "immuta-cold-start");
        Console.WriteLine("Publishing the first-call programs (JIT and Native AOT)...");
        await PublishAsync(project, Path.Combine(output, "jit"), "-p:PublishAot=false").ConfigureAwait(false);
        await PublishAsync(project, Path.Combine(output, "aot"), "-r", "linux-x64").ConfigureAwait(false);
        await PublishAsync(refitProject, Path.Combine(output, "refit")).ConfigureAwait(false);

        using var server = LoopbackServer.Start();
        var url = server.Url;
        var jit = Path.Combine(output, "jit", "Immuta.Client.AotSmoke.dll");
        var aot = Path.Combine(output, "aot", "Immuta.Client.AotSmoke");
        var refit = Path.Combine(output, "refit", "Immuta.Client.RefitFirstCall.dll");
        var cases = new (string Name, string File, string[] Arguments)[]
        {
            ("Baseline, JIT", "dotnet", [jit, "--first-call-baseline", url]),
            ("SDK, JIT", "dotnet", [jit, "--first-call", url]),
            ("Refit alone, JIT", "dotnet", [refit, url]),
            ("Baseline, Native AOT", aot, ["--first-call-baseline", url]),
            ("SDK, Native AOT", aot, ["--first-call", url]),
        };
        var times = cases.ToDictionary(c => c.Name, _ => new List<double>());
        for (var run = -1; run < runs; run++)
        {
            // Interleaved, so drift on the machine affects every case alike; run -1 warms the disk cache.
            foreach (var (name, file, arguments) in cases)
            {
                var elapsed = await TimeFirstCallAsync(file, arguments).ConfigureAwait(false);
                if (run >= 0)
                {
                    times[name].Add(elapsed);
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Cold start to the first completed call, {runs} runs each (ms):");
        Console.WriteLine("| Case | p50 | p95 | min | p50 / baseline's |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (name, _, _) in cases)
        {
            var sorted = times[name].Order().ToArray();
            var baseline = times[name.EndsWith("Native AOT", StringComparison.Ordinal) ? "Baseline, Native AOT" : "Baseline, JIT"].Order().ToArray();
            var p50 = LoopbackServer.Percentile(sorted, 0.50);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {p50:0.0} | {LoopbackServer.Percentile(sorted, 0.95):0.0} | {sorted[0]:0.0} | {p50 / LoopbackServer.Percentile(baseline, 0.50):0.000}× |"));
        }

        await JitMethodCount.ReportAsync(jit, url, top: 25).ConfigureAwait(false);
        await InstructionCount.ReportAsync([.. cases.Where(c => c.File == "dotnet")]).ConfigureAwait(false);
        return 0;
    }

    private static async Task<double> TimeFirstCallAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var line = await process.StandardOutput.ReadLineAsync().ConfigureAwait(false);
        var elapsed = watch.Elapsed.TotalMilliseconds;
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0 || line is null || !line.StartsWith("first call completed", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {line} {await process.StandardError.ReadToEndAsync().ConfigureAwait(false)}");
        }

        return elapsed;
    }

    internal static async Task PublishAsync(string project, string output, params string[] extra)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        foreach (var argument in (string[])["publish", project, "-c", "Release", "-o", output, "-nologo", "-v", "quiet", .. extra])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish {project} failed with {process.ExitCode}.");
        }
    }


    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Immuta.Client.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run this from a clone of the repository (Immuta.Client.sln was not found above the program).");
    }
}
