using System.Net;
using Immuta.Client.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Immuta.Client.Tests.Support;
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

    private HttpMessageInvoker Invoker(ScriptedHandler inner, ImmutaRetryOptions? retry = null, TimeSpan? total = null, double random = 0.5)
        => new(new ImmutaResilienceHandler(retry ?? Retry, total ?? TimeSpan.FromMinutes(5), _clock, NullLogger.Instance, () => random) { InnerHandler = inner });

    private static HttpRequestMessage Get() => new(HttpMethod.Get, "https://tenant.immuta.test/integrations");

    private Task<TimeSpan> DriveAsync(Task task, TimeSpan limit) => _clock.DriveAsync(task, limit);

    [Theory]
    [InlineData(0.0, new[] { 800, 1600, 2400 })] // the lower end of each step: 1 s, 2 s, then 4 s capped at 3 s, each -20 %
    [InlineData(0.5, new[] { 1000, 2000, 3000 })] // the nominal schedule
    [InlineData(0.8, new[] { 1120, 2240, 3360 })] // +12 %: the cap is before the spread, as for polls
    public async Task Get_ServerErrors_RetriedOnTheCappedBackoffSchedule(double random, int[] expectedMilliseconds)
    {
        var inner = new ScriptedHandler(_clock, HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        using var invoker = Invoker(inner, random: random);

        var sending = invoker.SendAsync(Get(), Ct);
        await DriveAsync(sending, TimeSpan.FromMinutes(1));
        using var response = await sending;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expectedMilliseconds.Select(ms => TimeSpan.FromMilliseconds(ms)), inner.Gaps());
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
        Assert.Equal(TimeSpan.FromSeconds(7), Assert.Single(inner.Gaps()));
    }

    [Fact]
    public async Task Get_NoAnswer_EachAttemptTimesOutThenTimeoutException()
    {
        var inner = new ScriptedHandler(_clock) { Hang = true };
        using var invoker = Invoker(inner, Retry with { MaxRetries = 2, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero });

        var sending = invoker.SendAsync(Get(), Ct);
        var elapsed = await DriveAsync(sending, TimeSpan.FromMinutes(2));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => sending);
        Assert.Equal("No complete answer within 10 s (Retry.AttemptTimeout).", error.Message);
        Assert.Equal(3, inner.Calls);
        Assert.Equal(TimeSpan.FromSeconds(30), elapsed);
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
        Assert.Equal("No complete answer within 25 s (NetworkTimeout).", error.Message);
        Assert.Equal(3, inner.Calls);
        Assert.Equal(TimeSpan.FromSeconds(25), elapsed);
    }

    [Fact]
    public async Task Get_RetryAfterBeyondTheTotalTimeout_ReturnsTheAnswerAtOnce()
    {
        // Waiting 20 s cannot fit in the 15 s total: the 503 is the result (the caller learns the status and Retry-After).
        var inner = new ScriptedHandler(_clock, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK) { RetryAfter = TimeSpan.FromSeconds(20) };
        using var invoker = Invoker(inner, total: TimeSpan.FromSeconds(15));

        using var response = await invoker.SendAsync(Get(), Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(20), response.Headers.RetryAfter!.Delta);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task Get_ResetWithNoTimeForAnotherRetry_ThrowsTheReset()
    {
        var inner = new ScriptedHandler(_clock) { Reset = true };
        using var invoker = Invoker(inner, Retry with { BaseDelay = TimeSpan.FromSeconds(20), MaxDelay = TimeSpan.FromSeconds(20) }, total: TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => invoker.SendAsync(Get(), Ct));

        Assert.Equal("reset", error.Message);
        Assert.Equal(1, inner.Calls);
    }

    [Theory]
    [InlineData("POST", HttpStatusCode.OK, true)] // a POST's answer is never read inside the attempt
    [InlineData("GET", HttpStatusCode.OK, false)] // nor a GET's when retries are off
    [InlineData("GET", HttpStatusCode.NotFound, true)] // nor any error body
    [InlineData("POST", HttpStatusCode.BadRequest, true)]
    public async Task BodyReadAfterTheAttempt_Stalls_FailsAtTheAttemptTimeout(string method, HttpStatusCode status, bool retries)
    {
        var inner = new ScriptedHandler(_clock, status) { StallBody = true };
        using var invoker = Invoker(inner, retries ? Retry : Retry with { Enabled = false });
        using var response = await invoker.SendAsync(new HttpRequestMessage(new HttpMethod(method), "https://tenant.immuta.test/integrations"), Ct);
        _clock.Advance(TimeSpan.FromSeconds(4)); // the answer's head came 4 s into the attempt

        var reading = response.Content.ReadAsStringAsync(Ct);
        var elapsed = await DriveAsync(reading, TimeSpan.FromMinutes(5));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => reading);
        Assert.Equal("No complete answer within 10 s (Retry.AttemptTimeout).", error.Message);
        Assert.Equal(TimeSpan.FromSeconds(6), elapsed);
    }

    [Fact]
    public async Task BodyReadAfterTheAttempt_TotalComesFirst_FailsAtTheTotal()
    {
        var inner = new ScriptedHandler(_clock, HttpStatusCode.OK) { StallBody = true };
        using var invoker = Invoker(inner, total: TimeSpan.FromSeconds(3));
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://tenant.immuta.test/integrations"), Ct);

        var reading = response.Content.ReadAsStringAsync(Ct);
        var elapsed = await DriveAsync(reading, TimeSpan.FromMinutes(5));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => reading);
        Assert.Equal("No complete answer within 3 s (NetworkTimeout).", error.Message);
        Assert.Equal(TimeSpan.FromSeconds(3), elapsed);
    }

    [Fact]
    public async Task BodyReadAfterTheAttempt_CallerCancels_OperationCanceledNotTimeout()
    {
        var inner = new ScriptedHandler(_clock, HttpStatusCode.OK) { StallBody = true };
        using var invoker = Invoker(inner);
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://tenant.immuta.test/integrations"), Ct);
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var reading = response.Content.ReadAsStringAsync(caller.Token);
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
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

    /// <summary>Answers each call with the next status (the last one repeats), or never; records when it was called.</summary>
    private sealed class ScriptedHandler(TimeProvider clock, params HttpStatusCode[] statuses) : HttpMessageHandler
    {
        private readonly List<DateTimeOffset> _calls = [];

        public bool Hang { get; init; }

        /// <summary>Each call fails with a connection reset.</summary>
        public bool Reset { get; init; }

        /// <summary>The body sends 10 bytes, then nothing (until the read is cancelled).</summary>
        public bool StallBody { get; init; }

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

            if (Reset)
            {
                throw new HttpRequestException("reset");
            }

            var response = new HttpResponseMessage(statuses[Math.Min(index, statuses.Length - 1)])
            {
                Content = StallBody ? new StreamContent(new StallingStream("[{\"id\":\"1\""u8.ToArray())) : new StringContent("[]"),
                RequestMessage = request,
            };
            if (RetryAfter is { } wait)
            {
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(wait);
            }

            return response;
        }
    }
}
