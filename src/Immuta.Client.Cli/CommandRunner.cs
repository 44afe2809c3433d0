using System.CommandLine;

namespace Immuta.Client.Cli;

/// <summary>What a command runs with: the client (when it needs one), the output, the environment and whether local validation is on.</summary>
internal sealed record CliRun(ImmutaClient Client, CliOutput Output, CliEnvironment Environment, bool Validate);

/// <summary>Runs a command's body: creates the client and output, and turns every failure into a message and an exit code.</summary>
internal static class CommandRunner
{
    /// <summary>Creates the client and output for a command, runs it, and turns every failure into a message and an exit code.</summary>
    public static async Task<int> RunAsync(ParseResult parse, CliEnvironment environment, Func<CliRun, Task<int>> command, bool needsClient, CancellationToken cancellationToken)
    {
        var format = parse.GetValue(CliOptions.Output)?.ToLowerInvariant() switch
        {
            "json" => OutputFormat.Json,
            "yaml" => OutputFormat.Yaml,
            "table" => OutputFormat.Table,
            _ => environment.IsTerminal ? OutputFormat.Table : OutputFormat.Json,
        };
        var output = new CliOutput(environment, format, parse.GetValue(CliOptions.ShowSecrets));
        ImmutaClient? client = null;
        try
        {
            client = needsClient ? await ClientFactory.CreateAsync(parse, environment, cancellationToken).ConfigureAwait(false) : null;
            return await command(new CliRun(client!, output, environment, Validate: !parse.GetValue(CliOptions.SkipValidation))).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            return await ReportAsync(environment, error, string.Empty, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            client?.Dispose();
        }
    }

    /// <summary>
    /// Prints a failure on one line (after <paramref name="label"/>: a file or a profile, so a run over several says
    /// which one failed) and returns its exit code. A cancellation that is not the caller's is rethrown.
    /// </summary>
    public static async Task<int> ReportAsync(CliEnvironment environment, Exception exception, string label, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case UsageException error:
                return await FailAsync(environment, label, error.Message, ExitCodes.UsageError).ConfigureAwait(false);
            case IntegrationValidationException error:
                foreach (var finding in error.Errors)
                {
                    await environment.Error.WriteLineAsync(Findings.Describe(finding with { Path = label + finding.Path })).ConfigureAwait(false);
                }

                var count = error.Errors.Count;
                return await FailAsync(environment, label, $"local validation found {count} error{(count == 1 ? string.Empty : "s")}; nothing was sent", ExitCodes.UsageError).ConfigureAwait(false);
            case ImmutaSerializationException { Method: null } error:
                // A file's problems, one line each (file:line:column: field: what; how to fix it).
                foreach (var line in error.Message.Split('\n').SkipLast(1))
                {
                    await environment.Error.WriteLineAsync(Findings.OneLine($"error: {label}{line}")).ConfigureAwait(false);
                }

                return await FailAsync(environment, label, error.Message.Split('\n')[^1], ExitCodes.UsageError).ConfigureAwait(false);
            case FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException:
                return await FailAsync(environment, label, exception.Message, ExitCodes.UsageError).ConfigureAwait(false);
            case ImmutaOperationFailedException or ImmutaOperationTimeoutException:
                return await FailAsync(environment, label, exception.Message, ExitCodes.OperationFailed).ConfigureAwait(false);
            case ImmutaApiException error:
                return await FailAsync(environment, label, $"{error.Message} [status {(int)error.StatusCode}]", ExitCodes.ApiError).ConfigureAwait(false);
            case ImmutaTransportException error:
                // "The SSL connection could not be established, see inner exception." says nothing by itself (an https URL to
                // an http server, say): the causes the SDK kept follow it.
                return await FailAsync(environment, label, WithCauses(error), ExitCodes.ApiError).ConfigureAwait(false);
            case ImmutaException or CommandFailedException:
                return await FailAsync(environment, label, exception.Message, ExitCodes.ApiError).ConfigureAwait(false);
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return await FailAsync(environment, label, "interrupted", ExitCodes.Cancelled).ConfigureAwait(false);
            case OperationCanceledException:
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception);
                return ExitCodes.ApiError;
            case ArgumentException:
                // An argument the SDK refuses before sending anything (the tool checks ids and durations while parsing; this
                // catches what it does not know yet): a usage error on one line, never a stack trace.
                return await FailAsync(environment, label, exception.Message, ExitCodes.UsageError).ConfigureAwait(false);
            default:
                // Whatever else escapes is a defect of the tool, reported on one line with its type, never with a stack trace
                // (which holds build paths). The SDK's own messages are already scrubbed of credentials.
                return await FailAsync(environment, label, $"unexpected {exception.GetType().Name}: {exception.Message}", ExitCodes.ApiError).ConfigureAwait(false);
        }
    }

    // The message, then each cause's message that it does not already hold: "…: The SSL connection could not be established (cause: …)".
    private static string WithCauses(Exception error)
    {
        var message = error.Message;
        for (var cause = error.InnerException; cause is not null; cause = cause.InnerException)
        {
            if (cause.Message.Length > 0 && !message.Contains(cause.Message, StringComparison.Ordinal))
            {
                message += $" (cause: {cause.Message.TrimEnd('.')})";
            }
        }

        return message;
    }

    private static async Task<int> FailAsync(CliEnvironment environment, string label, string message, int code)
    {
        await environment.Error.WriteLineAsync(Findings.OneLine($"error: {label}{message}")).ConfigureAwait(false);
        return code;
    }
}
