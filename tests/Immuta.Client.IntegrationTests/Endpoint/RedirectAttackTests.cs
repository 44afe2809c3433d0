using System.Net;
using Immuta.Client.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Immuta.Client.Tests.Endpoint;

/// <summary>
/// A handler of the caller's (the DI path's primary handler) that follows redirects, attacked: a chain of them to a 503,
/// secrets in the last Location, a timeout there, a status poll redirected, and handlers that rewrite the address to an
/// equal one (not a move: still retried).
/// </summary>
public sealed class RedirectAttackTests : IDisposable
{
    private readonly StubImmuta _tenant = new();
    private readonly StubImmuta _elsewhere = new();
    private readonly StubImmuta _third = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _tenant.Dispose();
        _elsewhere.Dispose();
        _third.Dispose();
    }

    private sealed class Following(ServiceProvider provider) : IDisposable
    {
        public IntegrationsClient Integrations => provider.GetRequiredService<IntegrationsClient>();

        public void Dispose() => provider.Dispose();
    }

    private Following Client(ImmutaRetryOptions? retry = null, Func<DelegatingHandler>? handler = null)
    {
        var services = new ServiceCollection();
        var http = services.AddImmutaClient(s =>
        {
            s.Url = new Uri(_tenant.Server.Url!);
            s.ApiKey = StubImmuta.ApiKey;
            s.Options.Retry = retry ?? StubImmuta.FastRetries;
            s.Options.Polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(1), MinimumInterval = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(1) };
        }).HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler()); // follows redirects
        if (handler is not null)
        {
            http.AddHttpMessageHandler(handler);
        }

        return new Following(services.BuildServiceProvider());
    }

    [Fact]
    public async Task ListAsync_ChainOfRedirectsTo503RetryAfter_OneRequestAtTheEndNoSecret()
    {
        var last = new UriBuilder(_third.Server.Url + "/integrations?apiKey=" + StubImmuta.ApiKey) { UserName = "user", Password = "pa55w0rd" }.Uri;
        _tenant.Reply("GET", "/integrations", 302, body: null, headers: ("Location", _elsewhere.Server.Url + "/hop"));
        _elsewhere.Reply("GET", "/hop", 307, body: null, headers: ("Location", last.ToString()));
        _third.Reply("GET", "/integrations", 503, body: null, headers: ("Retry-After", "0"));
        using var client = Client();

        var error = await Assert.ThrowsAsync<ImmutaRedirectException>(() => client.Integrations.ListAsync(Ct));

        Assert.True(error.WasSentToLocation);
        Assert.Single(_third.Requests());
        Assert.Single(_tenant.Requests());
        Assert.DoesNotContain(StubImmuta.ApiKey, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("pa55w0rd", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("user", error.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_RedirectToATargetThatNeverAnswers_OneAttemptThereTimeoutNamingTheRedirect()
    {
        await using var target = new RawFaultServer(RawFault.Timeout, ("application/json", Examples.Read("get-integrations.response.json")));
        _tenant.Reply("GET", "/integrations", 302, body: null, headers: ("Location", new Uri(target.Uri, "/integrations?token=s3cr3t").ToString()));
        using var client = Client(new ImmutaRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(20), AttemptTimeout = TimeSpan.FromMilliseconds(300) });

        var error = await Assert.ThrowsAsync<ImmutaTransportException>(() => client.Integrations.ListAsync(Ct));

        Assert.True(error.IsTimeout);
        Assert.Contains("redirected away from", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, target.Requests);
    }

    [Fact]
    public async Task ListAsync_HandlerSetsAnEqualNewUri_503IsRetried()
    {
        _tenant.Reply("GET", "/integrations", 503, body: null);
        using var client = Client(handler: () => new Rewrite(u => new Uri(u.ToString())));

        await Assert.ThrowsAsync<ImmutaApiException>(() => client.Integrations.ListAsync(Ct));

        Assert.True(_tenant.Requests().Count > 1);
    }

    [Fact]
    public async Task ListAsync_HandlerAddsAFragment_503IsRetried()
    {
        _tenant.Reply("GET", "/integrations", 503, body: null);
        using var client = Client(handler: () => new Rewrite(u => new Uri(u.ToString() + "#part")));

        await Assert.ThrowsAsync<ImmutaApiException>(() => client.Integrations.ListAsync(Ct));

        Assert.True(_tenant.Requests().Count > 1); // Uri equality ignores the fragment, which is never sent: not a move
    }

    [Fact]
    public async Task CreateAsyncCompleted_StatusPollRedirectedToAConnectionReset_PolledThereOnceThrowsRedirect()
    {
        await using var target = new RawFaultServer(RawFault.ResetMidResponse, ("application/json", Examples.Read("get-integrations-id-status.response.json")));
        _tenant.Reply("POST", "/integrations", 202, Examples.Read("post-integrations.snowflake.response.json"));
        _tenant.Reply("GET", "/integrations/123456789/status", 302, body: null, headers: ("Location", new Uri(target.Uri, "/status?key=" + StubImmuta.ApiKey).ToString()));
        using var client = Client();

        // The reset comes after the answer's headers: the pipeline sees the redirect before it reads the body.
        var error = await Assert.ThrowsAsync<ImmutaRedirectException>(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, new TrinoIntegration(), Ct));

        Assert.True(error.WasSentToLocation);
        Assert.DoesNotContain(StubImmuta.ApiKey, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, target.Requests);
        Assert.Single(_tenant.Requests("/integrations/123456789/status"));
    }

    private sealed class Rewrite(Func<Uri, Uri> rewrite) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = rewrite(request.RequestUri!);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
