using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Immuta.Client.Internal;

namespace Immuta.Client.Cli.Profiles;

/// <summary>
/// Gets a profile's API key: from its environment variable, or by running its command without a shell (its standard
/// output, trimmed, is the key). A failure says which profile and why, never echoing what the command printed: its
/// output may be the key, or part of it.
/// </summary>
internal static class ApiKeySource
{
    public static async Task<string> ReadAsync(Profile profile, CliEnvironment environment, CancellationToken cancellationToken)
    {
        if (profile.ApiKeyEnv is { } variable)
        {
            return environment.Variables(variable) is { Length: > 0 } key && !string.IsNullOrWhiteSpace(key)
                ? key.Trim()
                : throw new UsageException($"its API key comes from ${variable}, which is not set.");
        }

        var argv = profile.ApiKeyCommand!;
        var start = new ProcessStartInfo(argv[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in argv.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (Exception error) when (error is Win32Exception or InvalidOperationException)
        {
            throw new CommandFailedException($"its apiKeyCommand '{argv[0]}' could not be started: {error.Message}");
        }

        using (process)
        {
            if (process is null)
            {
                throw new CommandFailedException($"its apiKeyCommand '{argv[0]}' could not be started.");
            }

            process.StandardInput.Close();

            // A command that waits (for a prompt, a sign-in, a child that keeps its output open) is stopped after the
            // timeout: the tool never hangs on it.
            using var timeout = new CancellationTokenSource(environment.KeyCommandTimeout, environment.ClientOptions?.TimeProvider ?? TimeProvider.System);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            var output = BoundedText.ReadAsync(process.StandardOutput, MaxKeyChars, stop.Token);
            var error = DrainAsync(process.StandardError, stop.Token); // read so the command cannot block on a full pipe; never kept
            string? printed;
            try
            {
                printed = await output.ConfigureAwait(false);
                if (printed is null)
                {
                    // A command that prints without end (`yes`) would fill the memory before its timeout: stopped at the bound.
                    StopTree(process);
                    throw new CommandFailedException(
                        $"its apiKeyCommand '{argv[0]}' printed more than {MaxKeyChars / 1024} KB on standard output: it was stopped (it must print the API key alone, and exit).");
                }

                await process.WaitForExitAsync(stop.Token).ConfigureAwait(false);
                await error.WaitAsync(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                StopTree(process);
                if (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }

                throw new CommandFailedException(string.Create(CultureInfo.InvariantCulture,
                    $"its apiKeyCommand '{argv[0]}' did not finish within {environment.KeyCommandTimeout.TotalSeconds:0.###} s: it was stopped (it must print the key on standard output and exit)."));
            }

            if (process.ExitCode != 0)
            {
                throw new CommandFailedException(string.Create(CultureInfo.InvariantCulture,
                    $"its apiKeyCommand '{argv[0]}' exited with code {process.ExitCode} (its output is not shown: it may hold the key)."));
            }

            var key = printed.Trim();
            return key.Length > 0
                ? key
                : throw new CommandFailedException($"its apiKeyCommand '{argv[0]}' printed nothing: it must print the API key on standard output.");
        }
    }

    /// <summary>The most characters read from a key command's standard output: an API key is tens of characters.</summary>
    internal const int MaxKeyChars = 64 * 1024;

    /// <summary>Reads <paramref name="reader"/> to its end, keeping nothing.</summary>
    private static async Task DrainAsync(TextReader reader, CancellationToken cancellationToken)
    {
        var chunk = new char[4096];
        while (await reader.ReadAsync(chunk.AsMemory(), cancellationToken).ConfigureAwait(false) > 0)
        {
        }
    }

    // The command and what it started; one that already exited (its child holding the output open) has nothing left to stop.
    private static void StopTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited between the timeout and the kill.
        }
    }
}
