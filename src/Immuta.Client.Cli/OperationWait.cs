namespace Immuta.Client.Cli;

/// <summary>Ends a command that started an operation: prints the start result (<c>--no-wait</c>), or waits with progress and prints the settled one.</summary>
internal static class OperationWait
{
    public static Task<int> FinishAsync(CliRun run, IntegrationOperation operation, bool noWait, TimeSpan? timeout, CancellationToken cancellationToken)
        => FinishAsync(run, Waitable.Of(operation), noWait, timeout, cancellationToken);

    public static Task<int> FinishAsync(CliRun run, IntegrationDeleteOperation operation, bool noWait, TimeSpan? timeout, CancellationToken cancellationToken)
        => FinishAsync(run, Waitable.Of(operation), noWait, timeout, cancellationToken);

    /// <summary>Waits for an operation with the progress display and returns the settled integration, printing only progress and warnings (<c>apply</c> over several prints its own results).</summary>
    public static async Task<Integration?> WaitAsync(CliRun run, IntegrationOperation operation, TimeSpan? timeout, CancellationToken cancellationToken)
        => (await WaitAsync(run, Waitable.Of(operation), timeout, cancellationToken).ConfigureAwait(false)).Settled;

    /// <summary>Waits for a delete with the progress display; returns its last status.</summary>
    public static async Task<IntegrationStatus?> WaitAsync(CliRun run, IntegrationDeleteOperation operation, TimeSpan? timeout, CancellationToken cancellationToken)
        => (await WaitAsync(run, Waitable.Of(operation), timeout, cancellationToken).ConfigureAwait(false)).Status;

    private static async Task<int> FinishAsync(CliRun run, Waitable operation, bool noWait, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var started = operation.Started;
        if (noWait)
        {
            await run.Output.WriteAsync(started.Result ?? new IntegrationOperationResult { Id = started.Id, Status = started.Status }).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var (settled, status) = await WaitAsync(run, operation, timeout, cancellationToken).ConfigureAwait(false);
        if (settled is not null)
        {
            await run.Output.WriteAsync(settled).ConfigureAwait(false);
        }
        else
        {
            await run.Output.WriteAsync(new IntegrationStatusResult { Id = started.Id, Status = status }).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    private static async Task<(Integration? Settled, IntegrationStatus? Status)> WaitAsync(CliRun run, Waitable operation, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var polling = (run.Environment.ClientOptions?.Polling ?? new PollingOptions()) with { Timeout = timeout ?? TimeSpan.FromMinutes(20) };
        var progress = new WaitProgress(run.Environment);
        try
        {
            var (settled, status, hasWarnings) = await operation.Wait(polling, progress, cancellationToken).ConfigureAwait(false);
            progress.Done();
            if (hasWarnings)
            {
                // The SDK's success with warnings (recurringValidationError): in use, its periodic validation failed.
                var failed = settled?.ValidationResults?.FailedTests.Select(t => t.Name).OfType<string>().ToList() ?? [];
                var detail = failed.Count == 0 ? string.Empty : $" Failed checks: {string.Join("; ", failed)}.";
                await run.Environment.Error.WriteLineAsync(Findings.OneLine(
                    $"warning: the {operation.Started.Kind.ToString().ToLowerInvariant()} of integration {operation.Started.Id} succeeded, but the integration is in recurringValidationError: Immuta uses it, and its periodic validation failed.{detail}")).ConfigureAwait(false);
            }

            return (settled, status);
        }
        catch
        {
            progress.Done();
            throw;
        }
    }

    private sealed record Started(string Id, IntegrationOperationKind Kind, IntegrationStatus? Status, IntegrationOperationResult? Result);

    /// <summary>
    /// An operation of either kind as this class waits for it: what its start answered, and how to wait for it (the settled
    /// integration, its last status and whether it settled with warnings). The one home of the two adapters.
    /// </summary>
    private sealed record Waitable(
        Started Started,
        Func<PollingOptions, IProgress<IntegrationOperationProgress>, CancellationToken, Task<(Integration? Settled, IntegrationStatus? Status, bool HasWarnings)>> Wait)
    {
        public static Waitable Of(IntegrationOperation operation) => new(
            new Started(operation.Id, operation.Kind, operation.Status, operation.StartResult),
            async (polling, progress, ct) =>
            {
                var settled = await operation.WaitForCompletionAsync(polling, progress, ct).ConfigureAwait(false);
                return (settled, operation.Status, operation.HasWarnings);
            });

        // A delete settles with nothing (IntegrationDeleteOperation has no value) and never with warnings.
        public static Waitable Of(IntegrationDeleteOperation operation) => new(
            new Started(operation.Id, IntegrationOperationKind.Delete, operation.Status, operation.StartResult),
            async (polling, progress, ct) =>
            {
                await operation.WaitForCompletionAsync(polling, progress, ct).ConfigureAwait(false);
                return (null, operation.Status, false);
            });
    }
}
