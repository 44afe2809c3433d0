using Xunit;

namespace Immuta.Client.Tests.DependencyInjection;

/// <summary><see cref="ImmutaClientSettings.ToString"/> names the tenant, never a password in its URL.</summary>
public sealed class SettingsPrintingTests
{
    [Fact]
    public void ToString_UrlWithUserInformationAndQuery_PrintsNeither()
    {
        var settings = new ImmutaClientSettings { Url = new Uri("https://admin:S3CRET@tenant.immuta.com/base?apikey=K3Y"), ApiKey = "k-123456" };

        var text = settings.ToString();

        Assert.Equal("ImmutaClientSettings { Url = https://tenant.immuta.com/base }", text);
    }

    [Theory]
    [InlineData("https://u:12/34@tenant.immuta.com/base", "https://***@tenant.immuta.com/base")]
    [InlineData("https://tenant.immuta.com/base;jsessionid=SESS-4471/x", "https://tenant.immuta.com/base/x")]
    public void ToString_PasswordThatReadsAsAPortOrPathParameters_PrintsNeither(string url, string printed)
    {
        var settings = new ImmutaClientSettings { Url = new Uri(url) };

        Assert.Equal($"ImmutaClientSettings {{ Url = {printed} }}", settings.ToString());
    }

    [Fact]
    public void ToString_RelativeUrl_PrintsNotItsText()
    {
        var settings = new ImmutaClientSettings { Url = new Uri("admin:S3CRET@tenant", UriKind.RelativeOrAbsolute) };

        Assert.DoesNotContain("S3CRET", settings.ToString(), StringComparison.Ordinal);
    }
}
