using System.Diagnostics;

namespace Immuta.Client.Tests.Support;

/// <summary>Runs a program to its end and returns its exit code and what it wrote (standard output, then standard error).</summary>
internal static class ProcessRunner
{
    public static async Task<(int Code, string Output, string Error)> RunAsync(string file, string? workingDirectory, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Tests decide where the tool points; a developer's own tenant settings must not leak in.
        start.Environment.Remove("IMMUTA_URL");
        start.Environment.Remove("IMMUTA_API_KEY");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output, await error);
    }
}
