namespace Immuta.Client.Cli;

/// <summary>Ends a command that started an operation: prints the start result (<c>--no-wait</c>), or waits with progress and prints the settled one.</summary>
internal static class OperationWait
{
    public static async Task<int> FinishAsync(CliRun run, IntegrationOperation operation, bool noWait, string? timeout, CancellationToken cancellationToken)
    {
        if (noWait)
        {
            await run.Output.WriteAsync(operation.StartResult ?? new IntegrationOperationResult { Id = operation.Id, Status = operation.Status }).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var polling = (run.Environment.ClientOptions?.Polling ?? new PollingOptions()) with { Timeout = Durations.Parse(timeout) ?? TimeSpan.FromMinutes(20) };
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

            return operation.HasWarnings ? ExitCodes.OperationFailed : ExitCodes.Success;
        }
        catch
        {
            progress.Done();
            throw;
        }
    }
}
