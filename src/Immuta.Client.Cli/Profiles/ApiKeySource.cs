using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

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
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken); // read so the command cannot block on a full pipe; never printed
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                await Task.WhenAll(output, error).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            if (process.ExitCode != 0)
            {
                throw new CommandFailedException(string.Create(CultureInfo.InvariantCulture,
                    $"its apiKeyCommand '{argv[0]}' exited with code {process.ExitCode} (its output is not shown: it may hold the key)."));
            }

            var key = (await output.ConfigureAwait(false)).Trim();
            return key.Length > 0
                ? key
                : throw new CommandFailedException($"its apiKeyCommand '{argv[0]}' printed nothing: it must print the API key on standard output.");
        }
    }
}
