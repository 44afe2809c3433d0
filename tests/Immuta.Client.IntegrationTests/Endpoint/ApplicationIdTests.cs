using System.Reflection;
using Immuta.Client.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace Immuta.Client.Tests.Endpoint;

/// <summary>
/// <see cref="ImmutaClientOptions.ApplicationId"/> goes in the <c>User-Agent</c> header: whatever passes validation is a
/// product token (RFC 9110) the header accepts, and whatever does not fails at once, naming the setting, rather than on
/// every request (or every DI resolution) with a <see cref="FormatException"/>.
/// </summary>
public sealed class ApplicationIdTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Refused() => new(
        "größen-dienst", "app(1)", "svc@prod", "inventory service", "a/b/c", "/1.0", "app/", "", "tab\tbed", "semi;colon", "quote\"d",
        "comma,separated", "brace{", "equals=1", "question?", new string('a', 65));

    public static TheoryData<string> Accepted() => new("inventory-service", "inventory-service/2.1.0-beta+7", "a", "!#$%&'*+-.^_`|~09AZaz", new string('a', 64));

    [Theory]
    [MemberData(nameof(Refused))]
    public void Validate_NotAProductToken_ThrowsNamingTheSetting(string id)
    {
        var error = Assert.Throws<ArgumentException>(() => new ImmutaClientOptions { ApplicationId = id }.Validate());

        Assert.StartsWith("ImmutaClientOptions.ApplicationId must be a User-Agent product token", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void Constructor_NotAProductToken_ThrowsArgumentException(string id)
        => Assert.Throws<ArgumentException>(() => new ImmutaClient(new Uri("https://tenant.immuta.com"), new ImmutaApiKeyCredential("k-123456"), new ImmutaClientOptions { ApplicationId = id }));

    [Theory]
    [MemberData(nameof(Accepted))]
    public async Task ListAsync_ProductToken_SentFirstInTheUserAgent(string id)
    {
        using var stub = new StubImmuta(new ImmutaClientOptions { ApplicationId = id, Retry = StubImmuta.NoRetries });
        stub.Reply("GET", "/integrations", 200, "[]");

        await stub.Integrations.ListAsync(Ct);

        Assert.StartsWith(id + " Immuta.Client/", stub.SingleRequest().Header("User-Agent"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_ProductToken_UserAgentIsExactlyTheIdThenTheSdkAndRuntime()
    {
        using var stub = new StubImmuta(new ImmutaClientOptions { ApplicationId = "app/1.0", Retry = StubImmuta.NoRetries });
        stub.Reply("GET", "/integrations", 200, "[]");

        await stub.Integrations.ListAsync(Ct);

        Assert.Equal($"app/1.0 Immuta.Client/{PackageVersion()} (.NET {Environment.Version})", stub.SingleRequest().Header("User-Agent"));
    }

    [Fact]
    public async Task AddImmutaClient_ProductToken_UserAgentIsExactlyTheIdThenTheSdkAndRuntime()
    {
        using var stub = new StubImmuta();
        stub.Reply("GET", "/integrations", 200, "[]");
        await using var provider = Registered(stub, "app/1.0");

        await provider.GetRequiredService<ImmutaClient>().Integrations.ListAsync(Ct);

        Assert.Equal($"app/1.0 Immuta.Client/{PackageVersion()} (.NET {Environment.Version})", stub.SingleRequest().Header("User-Agent"));
    }

    [Fact]
    public async Task AddImmutaClient_NotAProductTokenWithoutAHost_RefusedAsTheClientIsMadeAndNothingSent()
    {
        using var stub = new StubImmuta();
        await using var provider = Registered(stub, "svc@prod");

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ImmutaClient>());
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IHttpClientFactory>().CreateClient("Immuta.Client"));
        Assert.Empty(stub.Server.LogEntries);
    }

    // The DI client of a stub (http://127.0.0.1), never started as a host: validated as its options are first read.
    private static ServiceProvider Registered(StubImmuta stub, string applicationId)
    {
        var services = new ServiceCollection();
        services.AddImmutaClient(settings =>
        {
            settings.Url = new Uri(stub.Server.Url!);
            settings.ApiKey = StubImmuta.ApiKey;
            settings.Options.ApplicationId = applicationId;
            settings.Options.AllowInsecureHttp = true;
            settings.Options.Retry = StubImmuta.NoRetries;
        });
        return services.BuildServiceProvider();
    }

    // What the User-Agent carried before the version was a constant: the informational version without build metadata.
    private static string PackageVersion()
    {
        var version = typeof(ImmutaClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus >= 0 ? version[..plus] : version;
    }

    [Fact]
    public void Validate_NonAsciiLetter_MessageShowsItsCodePoint()
    {
        var error = Assert.Throws<ArgumentException>(() => new ImmutaClientOptions { ApplicationId = "größen" }.Validate());

        Assert.EndsWith("U+00F6 at position 3 is not allowed.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddImmutaClient_NotAProductToken_HostFailsToStartNamingTheSetting()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Immuta:Url"] = "https://tenant.immuta.com",
            ["Immuta:ApiKey"] = "k-123456",
            ["Immuta:ApplicationId"] = "svc@prod",
        });
        builder.Services.AddImmutaClient();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.StartsWith("Immuta:ApplicationId must be a User-Agent product token", Assert.Single(error.Failures), StringComparison.Ordinal);
    }
}
