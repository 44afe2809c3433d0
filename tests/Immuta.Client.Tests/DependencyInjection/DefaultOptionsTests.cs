using Xunit;

namespace Immuta.Client.Tests.DependencyInjection;

/// <summary>
/// A client given no options shares one default instance and does not check it again: that is safe only while the
/// defaults are valid and equal to fresh options, which these tests hold them to.
/// </summary>
public sealed class DefaultOptionsTests
{
    [Fact]
    public void Default_EveryDefaultSetting_HasNoProblem()
    {
        Assert.Empty(ImmutaClientOptions.Default.Problems());
    }

    [Fact]
    public void Default_ComparedWithFreshOptions_IsEqual()
    {
        Assert.Equal(new ImmutaClientOptions(), ImmutaClientOptions.Default);
    }

    [Fact]
    public void ValidOrDefault_NoOptions_ReturnsTheSharedDefault()
    {
        Assert.Same(ImmutaClientOptions.Default, ImmutaClientOptions.ValidOrDefault(null));
    }

    [Fact]
    public void ValidOrDefault_OptionsOutOfRange_ThrowsNamingTheSetting()
    {
        var options = new ImmutaClientOptions { NetworkTimeout = TimeSpan.FromSeconds(-5) };

        var error = Assert.Throws<ArgumentException>(() => ImmutaClientOptions.ValidOrDefault(options));

        Assert.Contains("NetworkTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NoOptions_BuildsAClientOnTheDefaults()
    {
        using var client = new ImmutaClient(new Uri("https://tenant.immuta.test"), new ImmutaApiKeyCredential("key-0123456789"));

        Assert.Equal(new Uri("https://tenant.immuta.test"), client.Endpoint);
    }
}
