using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Immuta.Client.Benchmarks;

/// <summary>
/// What the JIT compiles before the first call completes, counted rather than timed: the methods the SDK's first call
/// compiles in every one of three runs and the baseline's in none, with their IL bytes (about 1.6 ms of JIT per 1,000 on
/// the 2-core VM of BENCHMARKS.md). A clock moves with the machine's load; this does not, so it shows what a change did.
/// </summary>
internal static partial class JitMethodCount
{
    private const int Runs = 3;

    /// <summary>Runs both first-call cases with the JIT's summary on and prints what only the SDK compiles.</summary>
    /// <param name="jitProgram">The JIT build of the first-call program.</param>
    /// <param name="url">The loopback server's URL.</param>
    /// <param name="top">How many of the largest of those methods to list.</param>
    public static async Task ReportAsync(string jitProgram, string url, int top)
    {
        var sdk = await CompiledInEveryRunAsync(jitProgram, "--first-call", url).ConfigureAwait(false);
        var baseline = await CompiledInAnyRunAsync(jitProgram, "--first-call-baseline", url).ConfigureAwait(false);
        var extra = sdk.Where(method => !baseline.ContainsKey(method.Key)).OrderByDescending(method => method.Value).ToList();
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Methods the JIT compiles before the first call completes ({Runs} runs each, tier-0 only): SDK {sdk.Count} ({sdk.Values.Sum():N0} IL bytes); only the SDK: {extra.Count} ({extra.Sum(m => m.Value):N0} IL bytes). The largest:"));
        foreach (var (method, ilBytes) in extra.Take(top))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {ilBytes,6} {method}"));
        }
    }

    private static async Task<Dictionary<string, int>> CompiledInEveryRunAsync(string program, string mode, string url)
    {
        Dictionary<string, int>? common = null;
        for (var run = 0; run < Runs; run++)
        {
            var compiled = await CompiledAsync(program, mode, url).ConfigureAwait(false);
            common = common is null ? compiled : common.Where(m => compiled.ContainsKey(m.Key)).ToDictionary();
        }

        return common!;
    }

    private static async Task<Dictionary<string, int>> CompiledInAnyRunAsync(string program, string mode, string url)
    {
        var any = new Dictionary<string, int>();
        for (var run = 0; run < Runs; run++)
        {
            foreach (var (method, ilBytes) in await CompiledAsync(program, mode, url).ConfigureAwait(false))
            {
                any[method] = ilBytes;
            }
        }

        return any;
    }

    // One run with DOTNET_JitDisasmSummary: a line per method compiled, with its tier and IL size. Tier-1 and OSR
    // recompilations happen on a background thread when the machine lets them, so only the first compilation counts.
    private static async Task<Dictionary<string, int>> CompiledAsync(string program, string mode, string url)
    {
        var summary = Path.Combine(Path.GetTempPath(), $"immuta-jit-{Environment.ProcessId}-{Guid.NewGuid():N}.txt");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[program, mode, url])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_JitDisasmSummary"] = "1";
        start.Environment["DOTNET_JitStdOutFile"] = summary;
        using (var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start."))
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().ConfigureAwait(false);
            if (!(await output.ConfigureAwait(false)).StartsWith("first call completed", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{program} {mode} failed ({process.ExitCode}): {await errors.ConfigureAwait(false)}");
            }

            // The exit code is not checked: with the summary on, the runtime sometimes fails while shutting down, after
            // the first call completed and the summary was written.
        }

        try
        {
            var compiled = new Dictionary<string, int>();
            foreach (var line in await File.ReadAllLinesAsync(summary).ConfigureAwait(false))
            {
                if (SummaryLine().Match(line) is { Success: true } match && !match.Groups["tier"].Value.Contains("Tier1", StringComparison.Ordinal) && !match.Groups["tier"].Value.Contains("OSR", StringComparison.Ordinal))
                {
                    compiled.TryAdd(match.Groups["method"].Value, int.Parse(match.Groups["il"].Value, CultureInfo.InvariantCulture));
                }
            }

            return compiled;
        }
        finally
        {
            File.Delete(summary);
        }
    }

    [GeneratedRegex(@"JIT compiled (?<method>.*) \[(?<tier>[^,\]]*), IL size=(?<il>\d+)")]
    private static partial Regex SummaryLine();
}
