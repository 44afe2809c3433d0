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

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpMessageInvoker Invoker(ScriptedHandler inner, ImmutaRetryOptions? retry = null, TimeSpan? total = null)
        => new(new ImmutaResilienceHandler(retry ?? Retry, total ?? TimeSpan.FromMinutes(5), _clock, NullLogger.Instance) { InnerHandler = inner });

    private static HttpRequestMessage Get() => new(HttpMethod.Get, "https://tenant.immuta.test/integrations");

    /// <summary>Advances the clock in small steps until <paramref name="task"/> ends or <paramref name="limit"/> passed.</summary>
    private async Task<TimeSpan> DriveAsync(Task task, TimeSpan limit)
    {
        var start = _clock.GetUtcNow();
        while (!task.IsCompleted && _clock.GetUtcNow() - start < limit)
        {
            await Task.Delay(1, Ct); // let the handler reach its next timer before the clock moves
            _clock.Advance(TimeSpan.FromMilliseconds(50));
        }

        await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(10), Ct));
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
        var inner = new ScriptedHandler(_clock) { Hang = true };
        using var invoker = Invoker(inner, total: TimeSpan.FromSeconds(25));

        var sending = invoker.SendAsync(Get(), Ct);
        var elapsed = await DriveAsync(sending, TimeSpan.FromMinutes(2));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => sending);
        Assert.Equal("The request timed out after 25 s.", error.Message);
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
        while (inner.Calls == 0)
        {
            await Task.Delay(1, Ct);
        }

        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        Assert.Equal(1, inner.Calls);
    }

    /// <summary>Answers each call with the next status (the last one repeats), or never; records when it was called.</summary>
    private sealed class ScriptedHandler(FakeTimeProvider clock, params HttpStatusCode[] statuses) : HttpMessageHandler
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
                await Task.Delay(Timeout.Infinite, cancellationToken);
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
