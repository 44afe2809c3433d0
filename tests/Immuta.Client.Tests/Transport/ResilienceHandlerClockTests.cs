using System.Net;
using Immuta.Client.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Immuta.Client.Tests.Transport;

/// <summary>
/// The transport handler on a fake clock: the backoff schedule, <c>Retry-After</c>, the attempt and total timeouts, and
/// the caller's cancellation, each at the exact instant the options say.
/// </summary>
public sealed class ResilienceHandlerClockTests
{
    private static readonly ImmutaRetryOptions Retry = new()
    {
        MaxRetries = 3,
        BaseDelay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(3),
        MaxRetryAfter = TimeSpan.FromSeconds(30),
        AttemptTimeout = TimeSpan.FromSeconds(10),
    };

    private readonly SettlingClock _clock = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpMessageInvoker Invoker(ScriptedHandler inner, ImmutaRetryOptions? retry = null, TimeSpan? total = null)
        => new(new ImmutaResilienceHandler(retry ?? Retry, total ?? TimeSpan.FromMinutes(5), _clock, NullLogger.Instance) { InnerHandler = inner });

    private static HttpRequestMessage Get() => new(HttpMethod.Get, "https://tenant.immuta.test/integrations");

    /// <summary>
    /// Advances the clock in 50 ms steps until <paramref name="task"/> ends or <paramref name="limit"/> passed. After each
    /// step it lets the handler settle (follow a fired timer with its next one), so the clock never runs ahead of it.
    /// </summary>
    private async Task<TimeSpan> DriveAsync(Task task, TimeSpan limit)
    {
        var start = _clock.GetUtcNow();
        while (!task.IsCompleted && _clock.GetUtcNow() - start < limit)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(50));
            var settling = System.Diagnostics.Stopwatch.StartNew();
            while (!task.IsCompleted && !_clock.Settled && settling.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Yield();
            }
        }

        try
        {
            await task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        }
        catch (Exception error) when (error is not System.TimeoutException || task.IsCompleted)
        {
            // the test asserts the outcome
        }

        return _clock.GetUtcNow() - start;
    }

    [Fact]
    public async Task Get_ServerErrors_RetriedOnTheCappedBackoffSchedule()
    {
        var inner = new ScriptedHandler(_clock, HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        using var invoker = Invoker(inner);

        var sending = invoker.SendAsync(Get(), Ct);
        await DriveAsync(sending, TimeSpan.FromMinutes(1));
        using var response = await sending;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var gaps = inner.Gaps();
        Assert.Equal(3, gaps.Count);
        // Each delay is drawn from the upper half of 1 s, 2 s, then 4 s capped at 3 s (plus one 50 ms clock step).
        Assert.InRange(gaps[0].TotalMilliseconds, 500, 1050);
        Assert.InRange(gaps[1].TotalMilliseconds, 1000, 2050);
        Assert.InRange(gaps[2].TotalMilliseconds, 1500, 3050);
    }

    [Fact]
    public async Task Get_TooManyRequestsWithRetryAfter_WaitsWhatTheServerAsks()
    {
        var inner = new ScriptedHandler(_clock, HttpStatusCode.TooManyRequests, HttpStatusCode.OK) { RetryAfter = TimeSpan.FromSeconds(7) };
        using var invoker = Invoker(inner);

        var sending = invoker.SendAsync(Get(), Ct);
        await DriveAsync(sending, TimeSpan.FromMinutes(1));
        using var response = await sending;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(Assert.Single(inner.Gaps()).TotalMilliseconds, 7000, 7050);
    }

    [Fact]
    public async Task Get_NoAnswer_EachAttemptTimesOutThenTimeoutException()
    {
        var inner = new ScriptedHandler(_clock) { Hang = true };
        using var invoker = Invoker(inner, Retry with { MaxRetries = 2, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero });

        var sending = invoker.SendAsync(Get(), Ct);
        var elapsed = await DriveAsync(sending, TimeSpan.FromMinutes(2));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => sending);
        Assert.Equal("The request timed out after 10 s.", error.Message);
        Assert.Equal(3, inner.Calls);
        Assert.InRange(elapsed.TotalSeconds, 30, 30.2);
    }

    [Fact]
    public async Task Get_TotalTimeoutBeforeTheRetriesEnd_TimeoutExceptionAtTheTotal()
    {
        // Attempts end at 10 s and 20 s; the third is cut short by the total at 25 s.
        var inner = new ScriptedHandler(_clock) { Hang = true };
        using var invoker = Invoker(inner, Retry with { BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero }, total: TimeSpan.FromSeconds(25));

        var sending = invoker.SendAsync(Get(), Ct);
        var elapsed = await DriveAsync(sending, TimeSpan.FromMinutes(2));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => sending);
        Assert.Equal("The request timed out after 25 s.", error.Message);
        Assert.Equal(3, inner.Calls);
        Assert.InRange(elapsed.TotalSeconds, 25, 25.2);
    }

    [Fact]
    public async Task Get_RetryAfterBeyondTheTotalTimeout_FailsAtOnceSayingWhy()
    {
        var inner = new ScriptedHandler(_clock, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK) { RetryAfter = TimeSpan.FromSeconds(20) };
        using var invoker = Invoker(inner, total: TimeSpan.FromSeconds(15));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => invoker.SendAsync(Get(), Ct));

        Assert.Equal("The request would time out (after 15 s) before its next retry, due in 20 s.", error.Message);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task Post_ServerError_ReturnedWithoutRetry()
    {
        var inner = new ScriptedHandler(_clock, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        using var invoker = Invoker(inner);

        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://tenant.immuta.test/integrations"), Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task Get_CallerCancelsDuringTheBackoff_OperationCanceledNotTimeout()
    {
        var inner = new ScriptedHandler(_clock, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        using var invoker = Invoker(inner);
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var sending = invoker.SendAsync(Get(), caller.Token);
        Assert.Equal(1, inner.Calls); // the first attempt answers synchronously; the handler now waits out its backoff

        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        Assert.Equal(1, inner.Calls);
    }

    /// <summary>
    /// A fake clock that knows whether the handler has settled. The handler holds at most one timer at a time (an
    /// attempt's or a backoff's), and once one is due it creates the next or finishes; so while the newest timer is
    /// still in the future, the handler is waiting on it and the clock may move on.
    /// </summary>
    private sealed class SettlingClock() : FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero))
    {
        private readonly Lock _gate = new();
        private DateTimeOffset _newestDue = DateTimeOffset.MaxValue;

        public bool Settled
        {
            get
            {
                lock (_gate)
                {
                    return _newestDue > GetUtcNow();
                }
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                _newestDue = dueTime == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : GetUtcNow() + dueTime;
            }

            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    /// <summary>Answers each call with the next status (the last one repeats), or never; records when it was called.</summary>
    private sealed class ScriptedHandler(TimeProvider clock, params HttpStatusCode[] statuses) : HttpMessageHandler
    {
        private readonly List<DateTimeOffset> _calls = [];

        public bool Hang { get; init; }

        public TimeSpan? RetryAfter { get; init; }

        public int Calls
        {
            get
            {
                lock (_calls)
                {
                    return _calls.Count;
                }
            }
        }

        public List<TimeSpan> Gaps()
        {
            lock (_calls)
            {
                return [.. _calls.Zip(_calls.Skip(1), (first, second) => second - first)];
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            int index;
            lock (_calls)
            {
                index = _calls.Count;
                _calls.Add(clock.GetUtcNow());
            }

            if (Hang)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }

            var response = new HttpResponseMessage(statuses[Math.Min(index, statuses.Length - 1)]) { Content = new StringContent("[]"), RequestMessage = request };
            if (RetryAfter is { } wait)
            {
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(wait);
            }

            return response;
        }
    }
}
