using System.Diagnostics;
using Immuta.Client.Operations;

namespace Immuta.Client.Diagnostics;

/// <summary>
/// How a create, update or delete ended, for <c>immuta.client.operations</c>, <c>immuta.client.operation.duration</c>
/// and the one log event an operator acts on. The values of <c>immuta.operation.outcome</c>:
/// <list type="bullet">
/// <item><c>succeeded</c>, <c>succeeded_with_warnings</c> (settled in <c>recurringValidationError</c>), <c>failed</c> (settled
/// in an error status, or a delete rolled back): the operation settled.</item>
/// <item><c>timed_out</c>: the wait ended at <see cref="PollingOptions.Timeout"/>, the operation still running;
/// <c>cancelled</c>: the caller stopped the wait; <c>poll_failed</c>: the status could not be read (refused key, too many
/// failed polls, the integration gone during a create), so the operation's fate is unknown. A later wait on the same
/// operation records its own ending.</item>
/// </list>
/// </summary>
internal static class OperationTelemetry
{
    public const string Succeeded = "succeeded";
    public const string SucceededWithWarnings = "succeeded_with_warnings";
    public const string Failed = "failed";
    public const string TimedOut = "timed_out";
    public const string Cancelled = "cancelled";
    public const string PollFailed = "poll_failed";

    /// <summary>The outcome of a settled operation.</summary>
    public static string Of(SettleOutcome outcome) => outcome switch
    {
        SettleOutcome.Succeeded => Succeeded,
        SettleOutcome.SucceededWithWarnings => SucceededWithWarnings,
        _ => Failed,
    };

    /// <summary>The outcome of a wait that an exception ended.</summary>
    public static string Of(Exception exception) => exception switch
    {
        ImmutaOperationTimeoutException => TimedOut,
        OperationCanceledException => Cancelled,
        _ => PollFailed,
    };

    /// <summary>Counts the ending, records its duration (from <paramref name="started"/>) and logs it.</summary>
    /// <param name="poller">The client's poller: clock, logger, server address.</param>
    /// <param name="id">The integration id.</param>
    /// <param name="kind">The operation.</param>
    /// <param name="outcome">One of this class's outcomes.</param>
    /// <param name="started">When the operation's handle was made (<see cref="TimeProvider.GetTimestamp"/>).</param>
    /// <param name="status">The last status seen, if any.</param>
    /// <param name="polls">Status requests sent by the wait or check that ended it.</param>
    /// <param name="exception">What ended it, when an exception did.</param>
    public static void Ended(
        StatusPoller poller, string id, IntegrationOperationKind kind, string outcome, long started, IntegrationStatus? status, int polls, Exception? exception = null)
    {
        var elapsed = poller.TimeProvider.GetElapsedTime(started);
        var kindName = SettleRules.Describe(kind);
        if (ImmutaTelemetry.Operations.Enabled || ImmutaTelemetry.OperationDuration.Enabled)
        {
            var tags = new TagList
            {
                { "immuta.operation.kind", kindName },
                { "immuta.operation.outcome", outcome },
                { "server.address", poller.Server?.Host },
                { "server.port", poller.Server?.Port },
            };
            ImmutaTelemetry.Add(ImmutaTelemetry.Operations, 1, tags);
            ImmutaTelemetry.Record(ImmutaTelemetry.OperationDuration, elapsed.TotalSeconds, tags);
        }

        var statusName = status?.ToString() ?? "unknown";
        var milliseconds = (long)elapsed.TotalMilliseconds;
        switch (outcome)
        {
            case Succeeded or SucceededWithWarnings:
                Log.Settled(poller.Logger, id, kindName, statusName, milliseconds, polls);
                break;
            case Failed:
                Log.OperationFailed(poller.Logger, id, kindName, statusName, milliseconds, polls);
                break;
            case TimedOut:
                Log.OperationTimedOut(poller.Logger, id, kindName, milliseconds, polls, statusName);
                break;
            case Cancelled:
                Log.WaitCancelled(poller.Logger, id, kindName, milliseconds, polls);
                break;
            default:
                Log.WaitFailed(poller.Logger, id, kindName, polls, exception is null ? "unknown" : ImmutaTelemetry.ErrorType(exception));
                break;
        }
    }
}
