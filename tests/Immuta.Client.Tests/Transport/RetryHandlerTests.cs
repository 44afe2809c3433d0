using System.Net;
using Immuta.Client.Tests.Support;
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
            "POST" => _stub.Integrations.CreateAsync(WaitUntil.Started, definition, Ct),
            "PUT" => _stub.Integrations.UpdateAsync(WaitUntil.Started, "1", definition, Ct),
            _ => _stub.Integrations.DeleteAsync(WaitUntil.Started, "1", cancellationToken: Ct),
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
    public async Task Get_SlowerThanAttemptTimeout_RetriedThenTimesOut()
    {
        // The fake journals a request when it arrives (WireMock only once it has answered), so the attempts can be counted.
        await using var fake = Immuta.Client.Testing.FakeImmutaServer.Start();
        using var client = fake.CreateClient(new ImmutaClientOptions { Retry = StubImmuta.FastRetries with { MaxRetries = 2, AttemptTimeout = TimeSpan.FromMilliseconds(150) } });
        fake.InjectFaults(Immuta.Client.Testing.FakeFault.Latency(TimeSpan.FromSeconds(2)), 3);

        var error = await Assert.ThrowsAsync<ImmutaTransportException>(() => client.Integrations.ListAsync(Ct));

        Assert.True(error.IsTimeout);
        Assert.Equal(3, fake.Journal.Count);
    }

    [Fact]
    public async Task Get_TotalTimeout_BoundsAllAttempts()
    {
        using var stub = new StubImmuta(new ImmutaClientOptions { NetworkTimeout = TimeSpan.FromMilliseconds(400), Retry = StubImmuta.FastRetries with { AttemptTimeout = TimeSpan.FromMilliseconds(150) } });
        stub.Server.Given(Request.Create().WithPath("/integrations").UsingGet()).RespondWith(Response.Create().WithDelay(TimeSpan.FromSeconds(2)).WithBody("[]"));
        var started = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ImmutaTransportException>(() => stub.Integrations.ListAsync(Ct));

        Assert.True(error.IsTimeout);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(3), $"took {started.Elapsed}"); // 3 attempts of 2 s would take 6 s
    }

    [Fact]
    public async Task Get_RetryAfter_HonouredUpToTheCap()
    {
        using var stub = new StubImmuta(new ImmutaClientOptions { Retry = StubImmuta.FastRetries with { MaxRetryAfter = TimeSpan.FromMilliseconds(300) } });
        stub.Server.Given(Request.Create().WithPath("/integrations").UsingGet()).InScenario("r").WillSetStateTo("ok")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "120"));
        stub.Server.Given(Request.Create().WithPath("/integrations").UsingGet()).InScenario("r").WhenStateIs("ok")
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody("[]"));

        await stub.Integrations.ListAsync(Ct);

        var requests = stub.Requests();
        Assert.Equal(2, requests.Count);
        var gap = requests[1].DateTime - requests[0].DateTime;
        Assert.InRange(gap.TotalMilliseconds, 250, 5000);
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
