using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

namespace Immuta.Client.Tests.Endpoint;

/// <summary>
/// Plain <c>http://</c> to another machine would carry the API key and credentials unencrypted: refused unless
/// <see cref="ImmutaClientOptions.AllowInsecureHttp"/> says otherwise (then a warning is logged). This machine is fine.
/// </summary>
public sealed class InsecureHttpTests
{
    private static readonly ImmutaApiKeyCredential Key = new("insecure-http-test-key");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> RemoteHttp() => new("http://tenant.immuta.com", "http://10.0.0.7:8080/", "http://[2001:db8::1]/", "http://localhost.example.com/");

    public static TheoryData<string> LoopbackHttp() => new("http://127.0.0.1:8080/", "http://127.1.2.3/", "http://[::1]:5000/", "http://localhost:5000/", "http://LOCALHOST/");

    [Theory]
    [MemberData(nameof(RemoteHttp))]
    public void Constructor_HttpToAnotherMachine_ThrowsNamingTheSetting(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => new ImmutaClient(new Uri(url), Key));

        Assert.Equal("endpoint", error.ParamName);
        Assert.Contains("ImmutaClientOptions.AllowInsecureHttp", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RemoteHttp))]
    public void Constructor_HttpClientWithHttpAddressToAnotherMachine_ThrowsNamingTheSetting(string url)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };

        var error = Assert.Throws<ArgumentException>(() => new ImmutaClient(http, Key));

        Assert.Equal("httpClient", error.ParamName);
        Assert.Contains("ImmutaClientOptions.AllowInsecureHttp", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(LoopbackHttp))]
    public void Constructor_HttpToThisMachine_Accepted(string url)
    {
        using var client = new ImmutaClient(new Uri(url), Key);

        Assert.Equal(new Uri(url), client.Endpoint);
    }

    [Fact]
    public void Constructor_HttpToAnotherMachineAllowed_LogsAWarning()
    {
        using var capture = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(capture));

        using var client = new ImmutaClient(new Uri("http://tenant.immuta.com"), Key, new ImmutaClientOptions { AllowInsecureHttp = true, LoggerFactory = loggers });

        var warning = Assert.Single(capture.Lines);
        Assert.StartsWith("Warning: The Immuta endpoint http://tenant.immuta.com is plain http://", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_HttpToThisMachine_LogsNothing()
    {
        using var capture = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(capture));

        using var client = new ImmutaClient(new Uri("http://127.0.0.1:8080"), Key, new ImmutaClientOptions { LoggerFactory = loggers });

        Assert.Empty(capture.Lines);
    }

    [Fact]
    public async Task AddImmutaClient_HttpUrlToAnotherMachine_HostFailsToStartNamingTheSettings()
    {
        using var host = BuildHost(new() { ["Immuta:Url"] = "http://tenant.immuta.com", ["Immuta:ApiKey"] = "k-123456" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith("Immuta:Url uses http:// to another machine", failure, StringComparison.Ordinal);
        Assert.Contains("set Immuta:AllowInsecureHttp to true", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddImmutaClient_AllowInsecureHttpInConfiguration_StartsAndWarns()
    {
        using var capture = new CapturingLoggerProvider();
        using var host = BuildHost(
            new() { ["Immuta:Url"] = "http://tenant.immuta.com", ["Immuta:ApiKey"] = "k-123456", ["Immuta:AllowInsecureHttp"] = "true" },
            logging => logging.AddProvider(capture));

        await host.StartAsync(Ct);
        _ = host.Services.GetRequiredService<ImmutaClient>();

        Assert.Contains(capture.Lines, l => l.StartsWith("Warning: The Immuta endpoint http://tenant.immuta.com is plain http://", StringComparison.Ordinal));
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task FakeImmutaServer_IsHttpOnThisMachine_StillWorks()
    {
        await using var fake = FakeImmutaServer.Start();
        using var client = fake.CreateClient();

        Assert.Empty(await client.Integrations.ListAsync(Ct));
    }

    private static IHost BuildHost(Dictionary<string, string?> configuration, Action<ILoggingBuilder>? logging = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        logging?.Invoke(builder.Logging);
        builder.Services.AddImmutaClient();
        return builder.Build();
    }
}
