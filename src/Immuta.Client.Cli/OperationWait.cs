namespace Immuta.Client.Cli;

/// <summary>Ends a command that started an operation: prints the start result (<c>--no-wait</c>), or waits with progress and prints the settled one.</summary>
internal static class OperationWait
{
    public static async Task<int> FinishAsync(CliRun run, IntegrationOperation operation, bool noWait, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (noWait)
        {
            await run.Output.WriteAsync(operation.StartResult ?? new IntegrationOperationResult { Id = operation.Id, Status = operation.Status }).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var polling = (run.Environment.ClientOptions?.Polling ?? new PollingOptions()) with { Timeout = timeout ?? TimeSpan.FromMinutes(20) };
        var progress = new WaitProgress(run.Environment);
        try
        {
            var settled = await operation.WaitForCompletionAsync(polling, progress, cancellationToken).ConfigureAwait(false);
            progress.Done();
            if (settled is not null)
            {
                await run.Output.WriteAsync(settled).ConfigureAwait(false);
            }
            else
            {
                await run.Output.WriteAsync(new IntegrationStatusResult { Id = operation.Id, Status = operation.Status }).ConfigureAwait(false);
            }

            if (operation.HasWarnings)
            {
                // The SDK's success with warnings (recurringValidationError): in use, its periodic validation failed.
                var failed = settled?.ValidationResults?.FailedTests.Select(t => t.Name).OfType<string>().ToList() ?? [];
                var detail = failed.Count == 0 ? string.Empty : $" Failed checks: {string.Join("; ", failed)}.";
                await run.Environment.Error.WriteLineAsync(Findings.OneLine(
                    $"warning: the {operation.Kind.ToString().ToLowerInvariant()} of integration {operation.Id} succeeded, but the integration is in recurringValidationError: Immuta uses it, and its periodic validation failed.{detail}")).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }
        catch
        {
            progress.Done();
            throw;
        }
    }
}
