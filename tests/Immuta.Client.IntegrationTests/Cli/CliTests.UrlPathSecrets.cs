using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary>
/// A tenant URL that carries a session or key in its path (path parameters, <c>;jsessionid=…</c>) or a password whose
/// <c>/</c> makes it read as a port and a path (<c>https://u:12/34@host</c>) is refused as a key in the query is, and
/// the refusal does not print it.
/// </summary>
public sealed partial class CliTests
{
    [Theory]
    [InlineData("https://tenant.example/api;jsessionid=SESSION-9931", "SESSION-9931")]
    [InlineData("https://tenant.example/api;key=KEY-9931/more", "KEY-9931")]
    public async Task AnyCommand_UrlWithPathParameters_Exits2WithoutPrintingThem(string url, string secret)
    {
        var (code, output, error) = await RunAsync("list", "--url", url, "--api-key", "k-123456");

        Assert.Equal(2, code);
        Assert.Equal("error: --url must not carry a query, fragment or path parameters (;name=value: the SDK's requests do not need them, and a session or key in them would be printed): give the scheme, host and path only, and pass the API key as the credential.\n", error.ReplaceLineEndings("\n"));
        Assert.DoesNotContain(secret, output + error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://u:12/34@tenant.example")]
    [InlineData("https://u:12/34@tenant.example/api")]
    [InlineData("https://tenant.example/api/u:pw@x")]
    public async Task AnyCommand_UrlWithAnAtSignInItsPath_Exits2AsUserInformation(string url)
    {
        var (code, output, error) = await RunAsync("list", "--url", url, "--api-key", "k-123456");

        Assert.Equal(2, code);
        Assert.Equal("error: --url must not carry user information; pass the API key as the credential.\n", error.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("34", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("pw", output + error, StringComparison.Ordinal);
    }
}
