using System.Net;
using Immuta.Client.DependencyInjection;
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
        var operation = await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, Snowflake(), Ct);

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

        await host.Services.GetRequiredKeyedService<ImmutaClient>("production").Integrations.CreateAsync(ImmutaWaitUntil.Started, Snowflake(), Ct);
        await host.Services.GetRequiredKeyedService<IntegrationsClient>("staging").CreateAsync(ImmutaWaitUntil.Started, new TrinoIntegration(), Ct);

        Assert.Equal(IntegrationType.Snowflake, Assert.Single(production.Integrations).Type);
        Assert.Equal(IntegrationType.Trino, Assert.Single(staging.Integrations).Type);
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task AddImmutaClient_MissingSettings_HostFailsToStartNamingThem()
    {
        using var host = BuildHost(new() { ["Immuta:Url"] = "ftp://example.com", ["Immuta:Polling:JitterFactor"] = "3" }, services => services
            .AddSingleton(NoEnvironment)
            .AddImmutaClient());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Contains("Immuta:Url must be an absolute http or https URL, such as https://tenant.immuta.com.", error.Failures);
        Assert.Contains("Immuta:ApiKey is required (or set IMMUTA_API_KEY).", error.Failures);
        Assert.Contains("Immuta:Polling:JitterFactor must be in [0, 1); was 3.", error.Failures);
    }

    [Fact]
    public void Bind_PollingMaxRetryAfter_RefusedNamingTheOneCap()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Immuta:Polling:MaxRetryAfter"] = "00:01:00" }).Build().GetSection("Immuta");

        var error = Assert.Throws<FormatException>(() => new ImmutaClientSettings().Bind(section));

        Assert.Equal("Immuta:Polling:MaxRetryAfter is no setting: the Retry-After cap is Immuta:Retry:MaxRetryAfter, for retries and status polls alike.", error.Message);
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

    private static EnvironmentVariables NoEnvironment { get; } = new(_ => null);

    private static EnvironmentVariables DevEnvironment(FakeImmutaServer dev) => new(name => name switch
    {
        "IMMUTA_URL" => dev.Uri.ToString(),
        "IMMUTA_API_KEY" => dev.ApiKey,
        _ => null,
    });

    [Theory]
    [InlineData("no key")]
    [InlineData("no url")]
    public async Task AddKeyedImmutaClient_SettingMissing_HostFailsToStartNamingItInsteadOfUsingTheEnvironment(string missing)
    {
        await using var dev = FakeImmutaServer.Start();
        await using var prod = FakeImmutaServer.Start();
        var configuration = new Dictionary<string, string?>();
        if (missing != "no url")
        {
            configuration["Immuta:prod:Url"] = prod.Uri.ToString();
        }

        if (missing != "no key")
        {
            configuration["Immuta:prod:ApiKey"] = prod.ApiKey;
        }

        using var host = BuildHost(configuration, services => services
            .AddSingleton(DevEnvironment(dev))
            .AddKeyedImmutaClient("prod", new ConfigurationBuilder().AddInMemoryCollection(configuration).Build().GetSection("Immuta:prod")));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Equal(
            missing == "no key" ? "Immuta:prod:ApiKey is required (a keyed client does not read IMMUTA_API_KEY)." : "Immuta:prod:Url is required (a keyed client does not read IMMUTA_URL).",
            Assert.Single(error.Failures));
        Assert.Empty(dev.Journal);
        Assert.Empty(prod.Journal);
    }

    [Fact]
    public async Task AddKeyedImmutaClient_DelegateWithoutKey_HostFailsToStartNamingIt()
    {
        await using var dev = FakeImmutaServer.Start();
        using var host = BuildHost([], services => services
            .AddSingleton(DevEnvironment(dev))
            .AddKeyedImmutaClient("prod", s => s.Url = new Uri("https://prod.immuta.test")));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Equal("Immuta:prod:ApiKey is required (a keyed client does not read IMMUTA_API_KEY).", Assert.Single(error.Failures));
    }

    [Fact]
    public async Task AddImmutaClient_Unkeyed_UrlAndKeyFromTheEnvironment()
    {
        await using var dev = FakeImmutaServer.Start();
        using var host = BuildHost([], services => services.AddSingleton(DevEnvironment(dev)).AddImmutaClient());
        await host.StartAsync(Ct);

        await host.Services.GetRequiredService<IntegrationsClient>().ListAsync(Ct);

        Assert.Single(dev.Journal, r => r.Authorized);
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task AddImmutaClient_AndAKeyedClient_BothValidatedAtStart()
    {
        using var host = BuildHost([], services => services
            .AddSingleton(NoEnvironment)
            .AddImmutaClient(s =>
            {
                s.Url = new Uri("https://tenant.immuta.test");
                s.ApiKey = "k-123456";
            })
            .Services.AddKeyedImmutaClient("staging", s => s.Url = new Uri("https://staging.immuta.test")));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Equal("Immuta:staging:ApiKey is required (a keyed client does not read IMMUTA_API_KEY).", Assert.Single(error.Failures));
    }

    [Fact]
    public async Task AddImmutaClient_CalledTwice_SdkHandlerAddedOnceAndBothDelegatesApply()
    {
        await using var fake = FakeImmutaServer.Start();
        using var host = BuildHost([], services =>
        {
            services.AddImmutaClient(s => // a library
            {
                s.Url = fake.Uri;
                s.Options.Retry = StubImmuta.FastRetries;
            });
            services.AddImmutaClient(s => s.ApiKey = fake.ApiKey); // the application
        });
        fake.InjectFaults(FakeFault.ServerError(503), count: 20);
        await host.StartAsync(Ct);

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => host.Services.GetRequiredService<ImmutaClient>().Integrations.ListAsync(Ct));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(1 + StubImmuta.FastRetries.MaxRetries, fake.Journal.Count);
        await host.StopAsync(Ct);
    }

    public static TheoryData<string, string, string> UnusableSettings() => new()
    {
        { "Immuta:Url", "https://user:pa55@tenant.immuta.com", "Immuta:Url must not carry user information; pass the API key as the credential." },
        { "Immuta:ApiKey", "clé-ключ", "Immuta:ApiKey contains a character that cannot be sent in an HTTP header (only printable ASCII can)." },
        { "Immuta:ApiKey", "key\u0000with-nul", "Immuta:ApiKey contains a character that cannot be sent in an HTTP header (only printable ASCII can)." },
    };

    [Theory]
    [MemberData(nameof(UnusableSettings))]
    public async Task AddImmutaClient_SettingThatWouldFailLater_HostFailsToStartNamingIt(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { ["Immuta:Url"] = "https://tenant.immuta.test", ["Immuta:ApiKey"] = "k-123456" };
        settings[key] = System.Text.RegularExpressions.Regex.Unescape(value);
        using var host = BuildHost(settings, services => services.AddSingleton(NoEnvironment).AddImmutaClient());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Equal(expected, Assert.Single(error.Failures));
        Assert.DoesNotContain("pa55", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Immuta:NetworkTimeout", "30", "Immuta:NetworkTimeout: '30' is not a duration (hh:mm:ss, such as 00:00:05).")]
    [InlineData("Immuta:Retry:MaxRetries", "2.5", "Immuta:Retry:MaxRetries: '2.5' is not a whole number.")]
    [InlineData("Immuta:Polling:MaxConsecutiveFailures", "1e10", "Immuta:Polling:MaxConsecutiveFailures: '1e10' is not a whole number.")]
    public void Bind_ValueThatWouldBeMisread_NamesTheFullKey(string key, string value, string expected)
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build().GetSection("Immuta");

        var error = Assert.Throws<FormatException>(() => new ImmutaClientSettings().Bind(section));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void FillFromEnvironment_UnreadableUrl_ThrowsNamingTheVariable()
    {
        var settings = new ImmutaClientSettings();

        var error = Assert.Throws<FormatException>(() => settings.FillFromEnvironment(name => name == "IMMUTA_URL" ? "tenant.immuta.com" : null));

        Assert.Equal("IMMUTA_URL is not an absolute URL: give the scheme and host, such as https://tenant.immuta.com.", error.Message);
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
