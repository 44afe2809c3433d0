using System.Globalization;

namespace Immuta.Client.Testing;

// Injected faults: queued by the server, taken one per request before it is routed.
internal sealed partial class FakeImmutaEngine
{
    public void InjectFaults(FakeFault fault, int count)
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _faults.Enqueue(fault);
            }
        }
    }

    private FakeHttpResponse HandleLocked(FakeHttpRequest request, CancellationToken requestAborted)
    {
        // Authentication first: a request that is refused does not take a fault meant for the next one.
        if (Refusal(request) is { } refused)
        {
            return refused;
        }

        if (_faults.TryDequeue(out var fault))
        {
            switch (fault.Kind)
            {
                case FakeFaultKind.Latency:
                    // One fault per request: the late answer is the ordinary one, not the next fault's.
                    // The timer starts here, before the request is journaled: a clock moved after that entry is seen moves it.
                    return Answer(request) with { HeldBack = HoldAsync(fault.Delay, requestAborted) };
                case FakeFaultKind.TooManyRequests:
                    return FakeHttpResponse.Error(429, "Too Many Requests", "Rate limit exceeded.") with
                    {
                        Headers = fault.RetryAfter is { } after
                            ? new Dictionary<string, string> { ["Retry-After"] = ((int)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture) }
                            : new Dictionary<string, string>(),
                    };
                case FakeFaultKind.ServerError:
                    return FakeHttpResponse.Error(fault.StatusCode, "Internal Server Error", "Injected fault.");
                case FakeFaultKind.ConnectionReset:
                    // Taken by the server's middleware before the request reaches here; never answered.
                    return FakeHttpResponse.Error(500, "Internal Server Error", "The connection should have been reset.");
                case FakeFaultKind.MalformedBody:
                    return new FakeHttpResponse(200, """{"id":"1","status":"ena""");
            }
        }

        return Answer(request);
    }

    /// <summary>
    /// Waits <paramref name="delay"/> on the fake's clock, until the client stops waiting, the fake is reset or it stops,
    /// whichever comes first; then ends cancelled, its timer disposed (a clock never advanced keeps nothing alive). The
    /// timer is started before this returns. Called under the lock, so it belongs to the reset it started in.
    /// </summary>
    private async Task HoldAsync(TimeSpan delay, CancellationToken requestAborted)
    {
        using var hold = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, _resetting.Token, requestAborted);
        await Task.Delay(delay, _options.TimeProvider, hold.Token).ConfigureAwait(false);
    }
}
