using Immuta.Client.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace Immuta.Client.Tests.Endpoint;

/// <summary>
/// Timeouts and delays run on .NET timers, which stop at about 49.7 days. A longer setting passed validation and then
/// failed calls: every call "timed out" at once (AttemptTimeout), or a Refit exception escaped (a retry delay). Now it
/// fails at once, naming the setting.
/// </summary>
public sealed class LongTimerTests
{
    private static readonly TimeSpan TooLong = TimeSpan.FromDays(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Settings() => new("NetworkTimeout", "Retry.AttemptTimeout", "Retry.BaseDelay", "Retry.MaxDelay", "Retry.MaxRetryAfter");

    private static ImmutaClientOptions With(string setting, TimeSpan value) => setting switch
    {
        "NetworkTimeout" => new ImmutaClientOptions { NetworkTimeout = value },
        "Retry.AttemptTimeout" => new ImmutaClientOptions { Retry = new ImmutaRetryOptions { AttemptTimeout = value } },
        "Retry.BaseDelay" => new ImmutaClientOptions { Retry = new ImmutaRetryOptions { BaseDelay = value, MaxDelay = value } },
        "Retry.MaxDelay" => new ImmutaClientOptions { Retry = new ImmutaRetryOptions { MaxDelay = value } },
        _ => new ImmutaClientOptions { Retry = new ImmutaRetryOptions { MaxRetryAfter = value } },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Validate_LongerThanATimerCanWait_ThrowsNamingTheSetting(string setting)
    {
        var error = Assert.Throws<ArgumentException>(() => With(setting, TooLong).Validate());

        var name = setting.StartsWith("Retry.", StringComparison.Ordinal) ? "ImmutaRetryOptions." + setting["Retry.".Length..] : "ImmutaClientOptions." + setting;
        Assert.StartsWith(name + " must be", error.Message, StringComparison.Ordinal);
        Assert.Contains("49 days", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public async Task ListAsync_LongestAllowedSetting_Works(string setting)
    {
        using var stub = new StubImmuta(With(setting, TimeSpan.FromDays(49)));
        stub.Reply("GET", "/integrations", 200, "[]");

        Assert.Empty(await stub.Integrations.ListAsync(Ct));
    }

    [Fact]
    public async Task AddImmutaClient_RetryDelayLongerThanATimerCanWait_HostFailsToStartNamingIt()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Immuta:Url"] = "https://tenant.immuta.test",
            ["Immuta:ApiKey"] = "k-123456",
            ["Immuta:Retry:MaxDelay"] = "60.00:00:00",
        });
        builder.Services.AddImmutaClient();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.StartsWith("Immuta:Retry:MaxDelay must be at least BaseDelay and at most 49 days", Assert.Single(error.Failures), StringComparison.Ordinal);
    }
}
