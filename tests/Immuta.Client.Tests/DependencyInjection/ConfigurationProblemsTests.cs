using Immuta.Client.DependencyInjection;
using Immuta.Client.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

namespace Immuta.Client.Tests.DependencyInjection;

/// <summary>
/// Configuration is checked at start and reports every problem at once, each by its configuration key (or environment
/// variable), never a C# name, never a <see cref="FormatException"/>, never a secret; keys the SDK does not read warn,
/// naming the closest one it does.
/// </summary>
public sealed class ConfigurationProblemsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IHost BuildHost(Dictionary<string, string?> configuration, Func<string, string?>? environment = null, ILoggerProvider? logs = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Services.AddSingleton(new EnvironmentVariables(environment ?? (_ => null)));
        builder.Services.AddImmutaClient();
        return builder.Build();
    }

    [Fact]
    public async Task AddImmutaClient_MaxRetries99AndNegativePollingTimeout_OneExceptionListingBoth()
    {
        using var host = BuildHost(new()
        {
            ["Immuta:Url"] = "https://tenant.immuta.test",
            ["Immuta:ApiKey"] = "k-123456",
            ["Immuta:Retry:MaxRetries"] = "99",
            ["Immuta:Polling:Timeout"] = "-00:00:01",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Equal(
            ["Immuta:Retry:MaxRetries must be in [0, 10]; was 99.", "Immuta:Polling:Timeout must be positive and finite (less than a day); was -00:00:01."],
            error.Failures);
    }

    [Fact]
    public async Task AddImmutaClient_EveryKindOfBadSetting_OneExceptionListingEachByKey()
    {
        const string password = "pa55-w0rd"; // in the URL's user information: never printed
        using var host = BuildHost(new()
        {
            ["Immuta:Url"] = $"https://svc:{password}@tenant.immuta.test",
            ["Immuta:ApiKey"] = "clé",
            ["Immuta:NetworkTimeout"] = "30",
            ["Immuta:ApplicationId"] = "my app",
            ["Immuta:RequestFormat"] = "Xml",
            ["Immuta:ValidateBeforeSending"] = "yes",
            ["Immuta:Polling:BackoffFactor"] = "double",
            ["Immuta:Polling:MaxConsecutiveFailures"] = "1e10",
            ["Immuta:Polling:Timeout"] = "-00:00:01",
            ["Immuta:Polling:JitterFactor"] = "3",
            ["Immuta:Retry:MaxRetries"] = "99",
            ["Immuta:Retry:AttemptTimeout"] = "soon",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Equal(
            [
                // Values that cannot be read.
                "Immuta:NetworkTimeout: '30' is not a duration (hh:mm:ss, such as 00:00:05).",
                "Immuta:ValidateBeforeSending: 'yes' is not true or false.",
                "Immuta:RequestFormat: 'Xml' is not Json or Yaml.",
                "Immuta:Polling:BackoffFactor: 'double' is not a number.",
                "Immuta:Polling:MaxConsecutiveFailures: '1e10' is not a whole number.",
                "Immuta:Retry:AttemptTimeout: 'soon' is not a duration (hh:mm:ss, such as 00:00:05).",

                // Values that would fail later.
                "Immuta:Url must not carry user information; pass the API key as the credential.",
                "Immuta:ApiKey contains a character that cannot be sent in an HTTP header (only printable ASCII can).",

                // Values out of range.
                "Immuta:Retry:MaxRetries must be in [0, 10]; was 99.",
                "Immuta:ApplicationId must be a User-Agent product token such as inventory-service/2.1 (at most 64 characters: letters, digits and !#$%&'*+-.^_`|~, one '/' before a version); U+0020 at position 3 is not allowed.",
                "Immuta:Polling:JitterFactor must be in [0, 1); was 3.",
                "Immuta:Polling:Timeout must be positive and finite (less than a day); was -00:00:01.",
            ],
            error.Failures);
        Assert.DoesNotContain(password, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Options.", error.Message, StringComparison.Ordinal); // no C# names (PollingOptions.Timeout)
    }

    [Fact]
    public async Task AddImmutaClient_EveryBadSettingAtOnceWithTheKeyInTheUrlQuery_OneExceptionByKeyNoSecretAnywhere()
    {
        const string key = "ak-CFGATTACK-3391";
        var logs = new CapturingLoggerProvider();
        using var host = BuildHost(new()
        {
            ["Immuta:Url"] = $"https://tenant.immuta.test/?apikey={key}",
            ["Immuta:ApiKey"] = "k-123456",
            ["Immuta:NetworkTimeout"] = "0",
            ["Immuta:Polling:MaxConsecutiveFailures"] = "-1",
            ["Immuta:Polling:InitialDelay"] = "-00:00:01",
            ["Immuta:Retry:BaseDelay"] = "abc",
            ["Immuta:Retry:MaxRetries"] = "-3",
            ["Immuta:Polling:Timout"] = "00:05:00",
            ["Immuta:Pölling:Timeout"] = "00:05:00",
            ["Immuta:Api_Key"] = key,
        }, logs: logs);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        foreach (var setting in new[] { "Immuta:Url", "Immuta:NetworkTimeout", "Immuta:Polling:MaxConsecutiveFailures", "Immuta:Polling:InitialDelay", "Immuta:Retry:BaseDelay", "Immuta:Retry:MaxRetries" })
        {
            Assert.Single(error.Failures, f => f.StartsWith(setting + " ", StringComparison.Ordinal) || f.StartsWith(setting + ":", StringComparison.Ordinal));
        }

        var warned = string.Join('\n', logs.Lines.Where(l => l.StartsWith("Warning: The setting", StringComparison.Ordinal)));
        Assert.Contains("Immuta:Polling:Timout is not one the SDK reads, so it is ignored: did you mean Immuta:Polling:Timeout?", warned, StringComparison.Ordinal);
        Assert.Contains("Immuta:Pölling is not one the SDK reads, so it is ignored: did you mean Immuta:Polling?", warned, StringComparison.Ordinal);
        Assert.Contains("Immuta:Api_Key is not one the SDK reads, so it is ignored: did you mean Immuta:ApiKey?", warned, StringComparison.Ordinal);
        Assert.DoesNotContain("CFGATTACK", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, l => l.Contains("CFGATTACK", StringComparison.Ordinal));
        Assert.DoesNotContain("Options.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("configuration", "Immuta:Url is not an absolute URL: give the scheme and host, such as https://tenant.immuta.com.")]
    [InlineData("environment", "IMMUTA_URL is not an absolute URL: give the scheme and host, such as https://tenant.immuta.com.")]
    public async Task AddImmutaClient_UrlWithoutScheme_NamedAsTheProblemNotAsMissing(string source, string expected)
    {
        var configuration = new Dictionary<string, string?> { ["Immuta:ApiKey"] = "k-123456" };
        if (source == "configuration")
        {
            configuration["Immuta:Url"] = "tenant.immuta.com";
        }

        using var host = BuildHost(configuration, name => name == "IMMUTA_URL" && source == "environment" ? "tenant.immuta.com" : null);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Equal(expected, Assert.Single(error.Failures));
    }

    [Fact]
    public async Task AddImmutaClient_ImmutaUrlWithUserInformation_RefusedNamingTheVariableWithoutPrintingIt()
    {
        using var host = BuildHost(new() { ["Immuta:ApiKey"] = "k-123456" }, name => name == "IMMUTA_URL" ? "https://svc:s3cret-Pw@tenant.immuta.com" : null);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Equal("IMMUTA_URL must not carry user information; pass the API key as the credential.", Assert.Single(error.Failures));
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_SeveralUnreadableValues_OneFormatExceptionNamingEach()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Immuta:Retry:AttemptTimeout"] = "soon",
            ["Immuta:Retry:MaxRetries"] = "many",
        }).Build().GetSection("Immuta");

        var error = Assert.Throws<FormatException>(() => new ImmutaClientSettings().Bind(section));

        Assert.Equal("Immuta:Retry:MaxRetries: 'many' is not a whole number. Immuta:Retry:AttemptTimeout: 'soon' is not a duration (hh:mm:ss, such as 00:00:05).", error.Message);
    }

    [Fact]
    public void Constructor_SeveralSettingsOutOfRange_OneArgumentExceptionNamingEach()
    {
        var options = new ImmutaClientOptions
        {
            Retry = new ImmutaRetryOptions { MaxRetries = 99 },
            Polling = new PollingOptions { Timeout = TimeSpan.FromSeconds(-1) },
        };

        var error = Assert.Throws<ArgumentException>(() => new ImmutaClient(new Uri("https://tenant.immuta.test"), new ImmutaApiKeyCredential("k-123456"), options));

        Assert.Equal("ImmutaRetryOptions.MaxRetries must be in [0, 10]; was 99. PollingOptions.Timeout must be positive and finite (less than a day); was -00:00:01.", error.Message);
    }

    [Fact]
    public async Task AddImmutaClient_MisspelledKeys_WarnAtStartNamingTheClosestKnownKey()
    {
        var logs = new CapturingLoggerProvider();
        using var host = BuildHost(new()
        {
            ["Immuta:Url"] = "https://tenant.immuta.test",
            ["Immuta:ApiKey"] = "k-123456",
            ["Immuta:Retry:MaxRetrys"] = "5",
            ["Immuta:NetworkTimout"] = "00:00:30",
            ["Immuta:Poling:Timeout"] = "00:05:00",
            ["Immuta:Staging:Url"] = "https://staging.immuta.test", // another tenant's section: not a misspelling
        }, logs: logs);

        await host.StartAsync(Ct);

        var warnings = logs.Lines.Where(l => l.StartsWith("Warning: The setting", StringComparison.Ordinal)).Select(l => l[..l.IndexOf(" | ", StringComparison.Ordinal)]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                "Warning: The setting Immuta:NetworkTimout is not one the SDK reads, so it is ignored: did you mean Immuta:NetworkTimeout?",
                "Warning: The setting Immuta:Poling is not one the SDK reads, so it is ignored: did you mean Immuta:Polling?",
                "Warning: The setting Immuta:Retry:MaxRetrys is not one the SDK reads, so it is ignored: did you mean Immuta:Retry:MaxRetries?",
            ],
            warnings);
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task AddImmutaClient_EveryKeyTheReadmeShows_NoWarning()
    {
        var logs = new CapturingLoggerProvider();
        using var host = BuildHost(new()
        {
            ["Immuta:Url"] = "https://tenant.immuta.com",
            ["Immuta:ApiKey"] = "k-123456",
            ["Immuta:ApplicationId"] = "inventory-service",
            ["Immuta:NetworkTimeout"] = "00:01:40",
            ["immuta:polling:initialdelay"] = "00:00:01", // keys compare without case, as configuration does
            ["Immuta:Polling:MaxDelay"] = "00:00:05",
            ["Immuta:Polling:Timeout"] = "00:20:00",
            ["Immuta:Retry:MaxRetries"] = "3",
            ["Immuta:Retry:BaseDelay"] = "00:00:00.500",
            ["Immuta:Retry:AttemptTimeout"] = "00:00:30",
            ["Immuta:Staging:Url"] = "https://staging.immuta.com",
        }, logs: logs);

        await host.StartAsync(Ct);

        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal));
        await host.StopAsync(Ct);
    }
}
