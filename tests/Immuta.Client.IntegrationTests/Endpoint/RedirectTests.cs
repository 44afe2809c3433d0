using System.Net;
using Immuta.Client.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Immuta.Client.Tests.Endpoint;

/// <summary>
/// The SDK does not follow redirects: a 307/308 would re-send a create (its credentials included) to wherever the server
/// points, a 301/302 would turn it into a GET. A redirect is reported with its status and where it pointed; a handler of
/// the caller's own that follows one to another origin is reported too, saying the request went there.
/// </summary>
public sealed class RedirectTests : IDisposable
{
    private readonly StubImmuta _tenant = new();
    private readonly StubImmuta _elsewhere = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TrinoIntegration Definition() => new();

    private string Elsewhere(string path) => _elsewhere.Server.Url + path;

    public void Dispose()
    {
        _tenant.Dispose();
        _elsewhere.Dispose();
    }

    [Theory]
    [InlineData(307)]
    [InlineData(308)]
    public async Task CreateAsync_RedirectToAnotherHost_ThrowsRedirectAndSendsNothingThere(int status)
    {
        var location = new UriBuilder(Elsewhere("/integrations?token=s3cr3t")) { UserName = "user", Password = "pa55w0rd" }.Uri;
        _tenant.Reply("POST", "/integrations", status, body: null, headers: ("Location", location.ToString()));
        _elsewhere.Reply("POST", "/integrations", 200, Examples.Read("post-integrations.snowflake.response.json"));

        var error = await Assert.ThrowsAsync<ImmutaRedirectException>(() => _tenant.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition(), Ct));

        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Equal(new Uri(Elsewhere("/integrations")), error.Location);
        Assert.False(error.WasSentToLocation);
        Assert.Contains("does not follow redirects", error.Message, StringComparison.Ordinal);
        Assert.Contains(Elsewhere("/integrations"), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("pa55w0rd", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(_elsewhere.Requests());
    }

    [Theory]
    [InlineData("/login;jsessionid=SESS-4471;x=1")]
    [InlineData("https://sso.example/a;token=SESS-4471/login")]
    public async Task CreateAsync_RedirectWithPathParameters_LocationAndMessageWithoutThem(string location)
    {
        _tenant.Reply("POST", "/integrations", 302, body: null, headers: ("Location", location));

        var error = await Assert.ThrowsAsync<ImmutaRedirectException>(() => _tenant.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition(), Ct));

        Assert.EndsWith("/login", error.Location!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("SESS-4471", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(";", error.Location.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_302_ThrowsRedirectRatherThanASerializationErrorOfAGet()
    {
        _tenant.Reply("POST", "/integrations", 302, body: null, headers: ("Location", Elsewhere("/integrations")));
        _elsewhere.Reply("GET", "/integrations", 200, Examples.Read("get-integrations.response.json"));

        var error = await Assert.ThrowsAsync<ImmutaRedirectException>(() => _tenant.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition(), Ct));

        Assert.Equal(HttpStatusCode.Found, error.StatusCode);
        Assert.Equal("POST", error.Method);
        Assert.Empty(_elsewhere.Requests());
    }

    [Fact]
    public async Task GetAsync_RelativeLocation_ReportedAbsoluteWithoutQueryOrUserInformation()
    {
        _tenant.Reply("GET", "/integrations/1", 301, body: null, headers: ("Location", "/v2/integrations/1?signature=s3cr3t#part"));

        var error = await Assert.ThrowsAsync<ImmutaRedirectException>(() => _tenant.Integrations.GetAsync("1", Ct));

        Assert.Equal(new Uri(new Uri(_tenant.Server.Url!), "/v2/integrations/1"), error.Location);
        Assert.Equal(error.Location, error.Details.Location);
        Assert.DoesNotContain("s3cr3t", error.ToString(), StringComparison.Ordinal);
        Assert.Single(_tenant.Requests());
    }

    [Fact]
    public async Task GetAsync_RedirectWithoutLocation_ThrowsRedirectSayingSo()
    {
        _tenant.Reply("GET", "/integrations/1", 303, body: null);

        var error = await Assert.ThrowsAsync<ImmutaRedirectException>(() => _tenant.Integrations.GetAsync("1", Ct));

        Assert.Null(error.Location);
        Assert.Contains("with no Location", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_CallersHttpClientFollowsRedirectToAnotherHost_ThrowsSayingTheRequestWentThere()
    {
        _tenant.Reply("POST", "/integrations", 307, body: null, headers: ("Location", Elsewhere("/integrations")));
        _elsewhere.Reply("POST", "/integrations", 200, Examples.Read("post-integrations.snowflake.response.json"));
        using var http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = new Uri(_tenant.Server.Url!) }; // follows redirects
        using var client = new ImmutaClient(http, new ImmutaApiKeyCredential(StubImmuta.ApiKey));

        var error = await Assert.ThrowsAsync<ImmutaRedirectException>(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition(), Ct));

        Assert.True(error.WasSentToLocation);
        Assert.Equal(new Uri(Elsewhere("/integrations")), error.Location);
        Assert.Contains("was sent to " + Elsewhere("/integrations"), error.Message, StringComparison.Ordinal);
        Assert.Contains("AllowAutoRedirect", error.Message, StringComparison.Ordinal);
        Assert.Single(_elsewhere.Requests()); // the caller's handler did send it: the exception says so
    }

    [Fact]
    public async Task ListAsync_CallersHttpClientFollowsRedirectOnTheSameOrigin_Succeeds()
    {
        _tenant.Reply("GET", "/integrations", 302, body: null, headers: ("Location", "/v2/integrations"));
        _tenant.Reply("GET", "/v2/integrations", 200, Examples.Read("get-integrations.response.json"));
        using var http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = new Uri(_tenant.Server.Url!) };
        using var client = new ImmutaClient(http, new ImmutaApiKeyCredential(StubImmuta.ApiKey));

        Assert.NotEmpty(await client.Integrations.ListAsync(Ct));
    }

    [Fact]
    public async Task AddImmutaClient_Redirect_ThrowsRedirectAndSendsNothingThere()
    {
        _tenant.Reply("GET", "/integrations", 302, body: null, headers: ("Location", Elsewhere("/integrations")));
        _elsewhere.Reply("GET", "/integrations", 200, Examples.Read("get-integrations.response.json"));
        var services = new ServiceCollection();
        services.AddImmutaClient(s =>
        {
            s.Url = new Uri(_tenant.Server.Url!);
            s.ApiKey = StubImmuta.ApiKey;
        });
        using var provider = services.BuildServiceProvider();

        await Assert.ThrowsAsync<ImmutaRedirectException>(() => provider.GetRequiredService<IntegrationsClient>().ListAsync(Ct));

        Assert.Empty(_elsewhere.Requests());
    }

    [Fact]
    public async Task AddImmutaClient_PrimaryHandlerThatFollowsRedirects_ThrowsSayingTheRequestWentThere()
    {
        _tenant.Reply("GET", "/integrations", 302, body: null, headers: ("Location", Elsewhere("/integrations")));
        _elsewhere.Reply("GET", "/integrations", 200, Examples.Read("get-integrations.response.json"));
        var services = new ServiceCollection();
        services.AddImmutaClient(s =>
        {
            s.Url = new Uri(_tenant.Server.Url!);
            s.ApiKey = StubImmuta.ApiKey;
        }).HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler());
        using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<ImmutaRedirectException>(() => provider.GetRequiredService<IntegrationsClient>().ListAsync(Ct));

        Assert.True(error.WasSentToLocation);
    }

    [Fact]
    public async Task AddImmutaClient_PrimaryHandlerFollowsRedirectToA503_SendsOneRequestThereAndThrowsRedirect()
    {
        _tenant.Reply("GET", "/integrations", 302, body: null, headers: ("Location", Elsewhere("/integrations")));
        _elsewhere.Reply("GET", "/integrations", 503, body: null);
        using var provider = RedirectFollowingProvider();

        var error = await Assert.ThrowsAsync<ImmutaRedirectException>(() => provider.GetRequiredService<IntegrationsClient>().ListAsync(Ct));

        Assert.True(error.WasSentToLocation);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Single(_elsewhere.Requests()); // the SDK's retries do not follow the handler there
        Assert.Single(_tenant.Requests());
    }

    [Fact]
    public async Task AddImmutaClient_PrimaryHandlerFollowsRedirectToAConnectionReset_SendsOneRequestThereAndThrowsTransportNamingTheRedirect()
    {
        await using var target = new RawFaultServer(RawFault.ResetMidResponse, ("application/json", Examples.Read("get-integrations.response.json")));
        var location = new Uri(target.Uri, "/integrations?token=s3cr3t");
        _tenant.Reply("GET", "/integrations", 302, body: null, headers: ("Location", location.ToString()));
        using var provider = RedirectFollowingProvider();

        var error = await Assert.ThrowsAsync<ImmutaTransportException>(() => provider.GetRequiredService<IntegrationsClient>().ListAsync(Ct));

        Assert.Contains("redirected away from", error.Message, StringComparison.Ordinal);
        Assert.Contains(new Uri(target.Uri, "/integrations").ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("AllowAutoRedirect", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, target.Requests);
        Assert.Single(_tenant.Requests());
    }

    [Fact]
    public async Task AddImmutaClient_HostRetryHandlerAfterAHandlerFollowedARedirect_SendsOneRequestThere()
    {
        _tenant.Reply("GET", "/integrations", 302, body: null, headers: ("Location", Elsewhere("/integrations")));
        _elsewhere.Reply("GET", "/integrations", 503, body: null);
        var services = new ServiceCollection();
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler(o =>
        {
            o.Retry.Delay = TimeSpan.FromMilliseconds(1);
            o.Retry.UseJitter = false;
        }));
        services.AddImmutaClient(s =>
        {
            s.Url = new Uri(_tenant.Server.Url!);
            s.ApiKey = StubImmuta.ApiKey;
            s.UseSdkResilienceHandler = false;
        }).HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler());
        using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAnyAsync<ImmutaException>(() => provider.GetRequiredService<IntegrationsClient>().ListAsync(Ct));

        Assert.Contains("AllowAutoRedirect", error.Message, StringComparison.Ordinal);
        Assert.Single(_elsewhere.Requests());
    }

    [Fact]
    public async Task WatchStatusAsync_CallersHttpClientFollowsRedirectToA503_PollsThereOnceAndThrowsRedirect()
    {
        _tenant.Reply("GET", "/integrations/1/status", 302, body: null, headers: ("Location", Elsewhere("/integrations/1/status")));
        _elsewhere.Reply("GET", "/integrations/1/status", 503, body: null);
        using var http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = new Uri(_tenant.Server.Url!) }; // follows redirects
        using var client = new ImmutaClient(http, new ImmutaApiKeyCredential(StubImmuta.ApiKey));
        var polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(1), MinimumInterval = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(1) };

        var error = await Assert.ThrowsAsync<ImmutaRedirectException>(async () =>
        {
            await foreach (var _ in client.Integrations.WatchStatusAsync("1", polling, Ct))
            {
            }
        });

        Assert.True(error.WasSentToLocation);
        Assert.Single(_elsewhere.Requests());
    }

    private ServiceProvider RedirectFollowingProvider()
    {
        var services = new ServiceCollection();
        services.AddImmutaClient(s =>
        {
            s.Url = new Uri(_tenant.Server.Url!);
            s.ApiKey = StubImmuta.ApiKey;
            s.Options.Retry = StubImmuta.FastRetries;
        }).HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler()); // follows redirects
        return services.BuildServiceProvider();
    }
}
