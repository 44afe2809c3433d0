using System.Net;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace Immuta.Client.Tests.DependencyInjection;

/// <summary><c>AddImmutaClient</c> in a generic host: configuration, keyed tenants, validation at start, the HTTP pipeline.</summary>
public sealed class AddImmutaClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SnowflakeIntegration Snowflake()
        => (SnowflakeIntegration)ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read("post-integrations.snowflake.userPassword.manual.s002.request.json"));

    private static IHost BuildHost(Dictionary<string, string?> configuration, Action<IServiceCollection> register)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        register(builder.Services);
        return builder.Build();
    }

    [Fact]
    public async Task AddImmutaClient_FromConfiguration_CreatesAndWaitsAgainstTheFake()
    {
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var host = BuildHost(new()
        {
            ["Immuta:Url"] = fake.Uri.ToString(),
            ["Immuta:ApiKey"] = fake.ApiKey,
            ["Immuta:Polling:InitialDelay"] = "00:00:00.010",
            ["Immuta:Polling:MinimumInterval"] = "00:00:00",
            ["Immuta:Retry:MaxRetries"] = "1",
            ["Immuta:ApplicationId"] = "di-test",
        }, services => services.AddImmutaClient());
        await host.StartAsync(Ct);

        var client = host.Services.GetRequiredService<ImmutaClient>();
        var operation = await client.Integrations.CreateAsync(WaitUntil.Completed, Snowflake(), Ct);

        Assert.Equal(IntegrationStatus.Enabled, operation.Value.Status);
        Assert.Same(client.Integrations, host.Services.GetRequiredService<IntegrationsClient>());
        var settings = host.Services.GetRequiredService<IOptionsMonitor<ImmutaClientSettings>>().CurrentValue;
        Assert.Equal(TimeSpan.FromMilliseconds(10), settings.Options.Polling.InitialDelay);
        Assert.Equal(1, settings.Options.Retry.MaxRetries);
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task AddKeyedImmutaClient_TwoTenants_EachClientReachesItsOwnFake()
    {
        await using var production = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        await using var staging = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var host = BuildHost(new()
        {
            ["Immuta:Staging:Url"] = staging.Uri.ToString(),
            ["Immuta:Staging:ApiKey"] = staging.ApiKey,
        }, services =>
        {
            services.AddKeyedImmutaClient("production", s =>
            {
                s.Url = production.Uri;
                s.ApiKey = production.ApiKey;
            });
            services.AddKeyedImmutaClient("staging", new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Immuta:Staging:Url"] = staging.Uri.ToString(),
                ["Immuta:Staging:ApiKey"] = staging.ApiKey,
            }).Build().GetSection("Immuta:Staging"));
        });
        await host.StartAsync(Ct);

        await host.Services.GetRequiredKeyedService<ImmutaClient>("production").Integrations.CreateAsync(WaitUntil.Started, Snowflake(), Ct);
        await host.Services.GetRequiredKeyedService<IntegrationsClient>("staging").CreateAsync(WaitUntil.Started, new TrinoIntegration(), Ct);

        Assert.Equal(IntegrationType.Snowflake, Assert.Single(production.Integrations).Type);
        Assert.Equal(IntegrationType.Trino, Assert.Single(staging.Integrations).Type);
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task AddImmutaClient_MissingSettings_HostFailsToStartNamingThem()
    {
        Assert.SkipWhen(Environment.GetEnvironmentVariable("IMMUTA_API_KEY") is { Length: > 0 }, "IMMUTA_API_KEY is set, so the key is not missing.");
        using var host = BuildHost(new() { ["Immuta:Url"] = "ftp://example.com", ["Immuta:Polling:JitterFactor"] = "3" }, services => services.AddImmutaClient());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Contains("Immuta:Url must be an absolute http or https URL.", error.Failures);
        Assert.Contains("Immuta:ApiKey is required (or set IMMUTA_API_KEY).", error.Failures);
        Assert.Contains("Immuta: PollingOptions.JitterFactor must be in [0, 1); was 3.", error.Failures);
    }

    [Fact]
    public void Bind_UnreadableDuration_NamesTheFullKey()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Immuta:Retry:AttemptTimeout"] = "soon" }).Build().GetSection("Immuta");

        var error = Assert.Throws<FormatException>(() => new ImmutaClientSettings().Bind(section));

        Assert.Equal("Immuta:Retry:AttemptTimeout: 'soon' is not a duration (hh:mm:ss, such as 00:00:05).", error.Message);
    }

    [Fact]
    public void FillFromEnvironment_OnlyMissingValues()
    {
        var settings = new ImmutaClientSettings { ApiKey = "from-code" };

        settings.FillFromEnvironment(name => name == "IMMUTA_URL" ? "https://env.immuta.test" : "from-env");

        Assert.Equal(new Uri("https://env.immuta.test"), settings.Url);
        Assert.Equal("from-code", settings.ApiKey);
        Assert.DoesNotContain("from-code", settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpClientBuilder_CustomHandlerAndSdkHandlerOff_CustomHandlerSeesEveryRequestAndNothingIsRetried()
    {
        await using var fake = FakeImmutaServer.Start();
        var seen = new List<string>();
        using var host = BuildHost([], services => services
            .AddImmutaClient(s =>
            {
                s.Url = fake.Uri;
                s.ApiKey = fake.ApiKey;
                s.UseSdkResilienceHandler = false;
            })
            .HttpClientBuilder.AddHttpMessageHandler(() => new RecordingHandler(seen)));
        fake.InjectFaults(FakeFault.ServerError(503));

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => host.Services.GetRequiredService<ImmutaClient>().Integrations.ListAsync(Ct));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(["GET /integrations"], seen);
        Assert.Single(fake.Journal);
    }

    [Fact]
    public async Task AddImmutaClient_SdkHandlerOn_GetRetried()
    {
        await using var fake = FakeImmutaServer.Start();
        using var host = BuildHost([], services => services.AddImmutaClient(s =>
        {
            s.Url = fake.Uri;
            s.ApiKey = fake.ApiKey;
            s.Options.Retry = StubImmuta.FastRetries;
        }));
        fake.InjectFaults(FakeFault.ServerError(503));

        await host.Services.GetRequiredService<ImmutaClient>().Integrations.ListAsync(Ct);

        Assert.Equal([503, 200], fake.Journal.Select(r => r.StatusCode));
    }

    private sealed class RecordingHandler(List<string> seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen.Add($"{request.Method} {request.RequestUri!.AbsolutePath}");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
