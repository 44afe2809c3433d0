using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Immuta.Client.Benchmarks;

/// <summary>
/// The instructions each JIT first-call case executes, all threads together, counted by Valgrind's cachegrind (when
/// <c>valgrind</c> is on the PATH): the same programs measured twice differ by under 0.1 %, where the clock on the 2-core VM
/// of BENCHMARKS.md moves the ratio by ±0.03. Write-xor-execute is off (Valgrind and the JIT's double mapping do not mix)
/// and tiering's call counting too (under Valgrind a run lasts seconds, long enough for tier-1 compilations that a real
/// cold start never reaches), so the count is the work of a cold start, not its exact cost on the clock.
/// </summary>
internal static partial class InstructionCount
{
    /// <summary>Counts each case once and prints the counts with their ratio to the first case's (the baseline).</summary>
    /// <param name="cases">The JIT cases, the baseline first: a name, the program (<c>dotnet</c>) and its arguments.</param>
    public static async Task ReportAsync(IReadOnlyList<(string Name, string File, string[] Arguments)> cases)
    {
        Console.WriteLine();
        if (!OnPath("valgrind"))
        {
            Console.WriteLine("Instructions executed: skipped, valgrind is not on the PATH.");
            return;
        }

        Console.WriteLine("Instructions executed by one cold first call (valgrind cachegrind, all threads):");
        Console.WriteLine("| Case | Instructions | / baseline's |");
        Console.WriteLine("|---|---:|---:|");
        long? baseline = null;
        foreach (var (name, file, arguments) in cases)
        {
            var count = await CountAsync(file, arguments).ConfigureAwait(false);
            baseline ??= count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {count:N0} | {(double)count / baseline.Value:0.000}× |"));
        }
    }

    private static async Task<long> CountAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo("valgrind") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", file, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        start.Environment["DOTNET_TC_CallCounting"] = "0";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("valgrind did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        var report = await errors.ConfigureAwait(false);
        if (!(await output.ConfigureAwait(false)).StartsWith("first call completed", StringComparison.Ordinal)
            || InstructionsLine().Match(report) is not { Success: true } match)
        {
            throw new InvalidOperationException($"valgrind {file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {report[^Math.Min(report.Length, 2000)..]}");
        }

        return long.Parse(match.Groups["count"].Value.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
    }

    private static bool OnPath(string program)
        => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, program)));

    [GeneratedRegex(@"I\s+refs:\s+(?<count>[\d,]+)")]
    private static partial Regex InstructionsLine();
}
