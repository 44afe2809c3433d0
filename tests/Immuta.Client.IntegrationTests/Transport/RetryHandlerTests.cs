using System.Net;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Xunit;

namespace Immuta.Client.Tests.Transport;

/// <summary>The SDK's transport handler: GET retried on transient failures, nothing else retried, timeouts applied.</summary>
public sealed class RetryHandlerTests : IDisposable
{
    private readonly StubImmuta _stub = new(new ImmutaClientOptions { Retry = StubImmuta.FastRetries });

    public void Dispose() => _stub.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The path answers <paramref name="failures"/> with <paramref name="status"/>, then 200 with <paramref name="body"/>.</summary>
    private void FailThenSucceed(string method, string path, int failures, int status, string body, params (string Name, string Value)[] headers)
    {
        for (var i = 0; i < failures; i++)
        {
            var response = Response.Create().WithStatusCode(status).WithBody("{}");
            foreach (var (name, value) in headers)
            {
                response = response.WithHeader(name, value);
            }

            var given = _stub.Server.Given(Request.Create().WithPath(path).UsingMethod(method)).InScenario("flaky");
            (i == 0 ? given : given.WhenStateIs($"failed-{i}")).WillSetStateTo($"failed-{i + 1}").RespondWith(response);
        }

        _stub.Server.Given(Request.Create().WithPath(path).UsingMethod(method)).InScenario("flaky").WhenStateIs($"failed-{failures}")
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(body));
    }

    [Theory]
    [InlineData(503)]
    [InlineData(502)]
    [InlineData(500)]
    [InlineData(429)]
    [InlineData(408)]
    public async Task Get_TransientStatusTwice_RetriedAndSucceeds(int status)
    {
        FailThenSucceed("GET", "/integrations/1/status", 2, status, """{"id":1,"status":"enabled"}""");

        var result = await _stub.Integrations.GetStatusAsync("1", Ct);

        Assert.Equal(IntegrationStatus.Enabled, result.Status);
        Assert.Equal(3, _stub.Requests().Count);
    }

    [Fact]
    public async Task Get_TransientEveryTime_GivesUpAfterMaxRetries()
    {
        _stub.Reply("GET", "/integrations", 503, "{}");

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => _stub.Integrations.ListAsync(Ct));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(4, _stub.Requests().Count);
    }

    [Theory]
    [InlineData("POST", "/integrations")]
    [InlineData("PUT", "/integrations/1")]
    [InlineData("DELETE", "/integrations/1")]
    [InlineData("POST", "/integrations/1/regenerate")]
    public async Task UnsafeMethod_ServerError_NeverRetried(string method, string path)
    {
        _stub.Reply(method, path, 503, "{}");
        var definition = new TrinoIntegration();

        await Assert.ThrowsAsync<ImmutaApiException>(() => method switch
        {
            "POST" when path.EndsWith("/regenerate", StringComparison.Ordinal) => _stub.Integrations.RegenerateKeyAsync("1", Ct),
            "POST" => _stub.Integrations.CreateAsync(ImmutaWaitUntil.Started, definition, Ct),
            "PUT" => _stub.Integrations.UpdateAsync(ImmutaWaitUntil.Started, "1", definition, Ct),
            _ => _stub.Integrations.DeleteAsync(ImmutaWaitUntil.Started, "1", cancellationToken: Ct),
        });

        Assert.Single(_stub.Requests());
    }

    [Fact]
    public async Task Get_NotFound_NotRetried()
    {
        _stub.Reply("GET", "/integrations/1", 404, "{}");

        await Assert.ThrowsAsync<ImmutaNotFoundException>(() => _stub.Integrations.GetAsync("1", Ct));

        Assert.Single(_stub.Requests());
    }

    [Fact]
    public async Task Get_NoAnswerWithinTheAttemptTimeout_RetriedThenTimesOut()
    {
        // The fake and the client share a fake clock: the fake holds each answer an hour, each attempt gives up at 10 s.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { TimeProvider = clock });
        using var client = fake.CreateClient(new ImmutaClientOptions
        {
            TimeProvider = clock,
            Retry = new ImmutaRetryOptions { MaxRetries = 2, AttemptTimeout = TimeSpan.FromSeconds(10), BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero },
        });
        fake.InjectFaults(FakeFault.Latency(TimeSpan.FromHours(1)), 3);

        var listing = client.Integrations.ListAsync(Ct);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await UntilAsync(() => fake.Journal.Count >= attempt); // the fake journals a request as it arrives
            clock.Advance(TimeSpan.FromSeconds(10));
        }

        var error = await Assert.ThrowsAsync<ImmutaTransportException>(() => listing);
        Assert.True(error.IsTimeout);
        Assert.Equal("GET /integrations timed out. No complete answer within 10 s (Retry.AttemptTimeout).", error.Message);
        Assert.Equal(3, fake.Journal.Count);
    }

    [Fact]
    public async Task Get_TotalTimeout_BoundsAllAttempts()
    {
        // Attempts give up at 10 s and 20 s; the third is cut short by NetworkTimeout at 25 s.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { TimeProvider = clock });
        using var client = fake.CreateClient(new ImmutaClientOptions
        {
            TimeProvider = clock,
            NetworkTimeout = TimeSpan.FromSeconds(25),
            Retry = new ImmutaRetryOptions { MaxRetries = 5, AttemptTimeout = TimeSpan.FromSeconds(10), BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero },
        });
        fake.InjectFaults(FakeFault.Latency(TimeSpan.FromHours(1)), 6);

        var listing = client.Integrations.ListAsync(Ct);
        foreach (var (attempt, step) in new[] { (1, 10), (2, 10), (3, 5) })
        {
            await UntilAsync(() => fake.Journal.Count >= attempt);
            clock.Advance(TimeSpan.FromSeconds(step));
        }

        var error = await Assert.ThrowsAsync<ImmutaTransportException>(() => listing);
        Assert.True(error.IsTimeout);
        Assert.Equal("GET /integrations timed out. No complete answer within 25 s (NetworkTimeout).", error.Message);
        Assert.Equal(3, fake.Journal.Count);
    }

    [Fact]
    public async Task Get_RetryAfter_HonouredUpToTheCap()
    {
        var clock = new SettlingClock();
        var log = new LogEvents();
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { TimeProvider = clock });
        using var client = fake.CreateClient(new ImmutaClientOptions
        {
            TimeProvider = clock,
            LoggerFactory = log.Factory,
            Retry = StubImmuta.FastRetries with { MaxRetryAfter = TimeSpan.FromMilliseconds(300) },
        });
        fake.InjectFaults(FakeFault.TooManyRequests(TimeSpan.FromSeconds(120)));

        var listing = client.Integrations.ListAsync(Ct);
        await log.Logged(4).WaitAsync(TimeSpan.FromSeconds(60), Ct); // "Retrying … in {DelayMilliseconds} ms"
        Assert.True(await clock.WhenSettledAsync(listing)); // the handler now waits out its delay on the clock

        Assert.Equal(300L, Assert.Single(log.ValuesOf(4, "DelayMilliseconds")));
        Assert.Equal(TimeSpan.FromMilliseconds(300), clock.NextDue - clock.GetUtcNow());
        Assert.Single(fake.Journal);
        clock.SetUtcNow(clock.NextDue!.Value);
        await listing;
        Assert.Equal(2, fake.Journal.Count);
    }

    /// <summary>Waits (real time, bounded) until <paramref name="condition"/> holds.</summary>
    private static async Task UntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 5)
        {
            Assert.True(waited < 60_000, "The condition never held.");
            await Task.Delay(5, Ct);
        }
    }

    [Fact]
    public async Task Get_RetriesOff_NoRetry()
    {
        using var stub = new StubImmuta(new ImmutaClientOptions { Retry = StubImmuta.NoRetries });
        stub.Reply("GET", "/integrations", 503, "{}");

        await Assert.ThrowsAsync<ImmutaApiException>(() => stub.Integrations.ListAsync(Ct));

        Assert.Single(stub.Requests());
    }

    [Fact]
    public void OwnHttpClient_TimeoutIsInfinite_TheHandlerGovernsTimeouts()
        => Assert.Equal(Timeout.InfiniteTimeSpan, _stub.Client.OwnedHttpClient!.Timeout);
}
