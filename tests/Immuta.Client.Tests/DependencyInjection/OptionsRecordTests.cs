using System.Text.Json;
using Xunit;

namespace Immuta.Client.Tests.DependencyInjection;

/// <summary>
/// <see cref="ImmutaClientOptions"/> is a record like the other options types: a <c>with</c> copy carries every setting and
/// leaves the original alone, and nothing that prints options or settings prints the key, however it is written.
/// </summary>
public sealed class OptionsRecordTests
{
    public static TheoryData<string> Keys() =>
    [
        "kéy-ünïcödé-秘密-0123456789",
        "\\u0041\\u0042-escaped-0123456789",
        "key-\"quoted\"\\-\t-0123456789",
    ];

    [Fact]
    public void With_ChangedSetting_CopiesTheRestAndLeavesTheOriginal()
    {
        var original = new ImmutaClientOptions { ApplicationId = "inventory/2.1", NetworkTimeout = TimeSpan.FromSeconds(7), ValidateBeforeSending = false };

        var copy = original with { NetworkTimeout = TimeSpan.FromSeconds(9) };

        Assert.Equal(TimeSpan.FromSeconds(7), original.NetworkTimeout);
        Assert.Equal(TimeSpan.FromSeconds(9), copy.NetworkTimeout);
        Assert.Equal("inventory/2.1", copy.ApplicationId);
        Assert.False(copy.ValidateBeforeSending);
        Assert.Same(original.Polling, copy.Polling);
        Assert.Equal(original, copy with { NetworkTimeout = TimeSpan.FromSeconds(7) });
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void ToString_SettingsAndOptionsCopyHoldingAnOddKey_NeverPrintTheKey(string key)
    {
        var settings = new ImmutaClientSettings { Url = new Uri("https://tenant.immuta.com"), ApiKey = key, Options = new ImmutaClientOptions { ApplicationId = "app" } };
        var copy = settings.Options with { NetworkTimeout = TimeSpan.FromSeconds(5) };

        var printed = string.Join("\n", settings.ToString(), settings.Options.ToString(), copy.ToString());

        Assert.Contains("NetworkTimeout = 00:00:05", printed, StringComparison.Ordinal); // the record prints its settings
        foreach (var form in new[] { key, JsonSerializer.Serialize(key).Trim('"'), JsonEncodedText.Encode(key).ToString(), "0123456789" })
        {
            Assert.DoesNotContain(form, printed, StringComparison.Ordinal);
        }
    }
}
