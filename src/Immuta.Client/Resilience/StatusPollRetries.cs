namespace Immuta.Client.Resilience;

/// <summary>
/// One retry layer for status polls, and it is the poller's. A failed poll is a poll that saw no status: the poller's
/// schedule already sends the next one, tolerates <see cref="PollingOptions.MaxConsecutiveFailures"/> failures in a row
/// and waits out a <c>Retry-After</c>, and it does so whatever handlers the <see cref="HttpClient"/> has. So the
/// transport handler sends a status poll once; before, it retried each poll up to
/// <see cref="ImmutaRetryOptions.MaxRetries"/> times inside the poller's tolerance (4 × 4 = 16 requests where 4 were
/// meant). A status call made by the caller itself (<see cref="IntegrationsClient.GetStatusAsync"/>) is still retried by
/// the handler like any GET.
/// </summary>
internal static class StatusPollRetries
{
    private static readonly AsyncLocal<bool> OwnedByPollerFlag = new();

    /// <summary>Whether the request being sent is a status poll, which the poller retries itself.</summary>
    public static bool OwnedByPoller => OwnedByPollerFlag.Value;

    /// <summary>
    /// Marks what the calling async method sends from here on as a status poll. The mark flows into the handler with
    /// the call and ends when that method returns (an async method's local context does not flow back to its caller).
    /// </summary>
    public static void MarkAsPoll() => OwnedByPollerFlag.Value = true;
}
