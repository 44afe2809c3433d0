using Xunit;

namespace Immuta.Client.Tests.Attack;

/// <summary>The endpoint refusals, attacked with a query or fragment that is there but empty, and other odd forms.</summary>
public sealed class EndpointAttackTests
{
    [Theory]
    [InlineData("https://tenant.example/?")]
    [InlineData("https://tenant.example/#")]
    [InlineData("https://tenant.example/?#")]
    [InlineData("https://tenant.example?")]
    [InlineData("https://:@tenant.example/")]
    [InlineData("https://tenant.example/api;jsessionid=ABC")]
    [InlineData("https://tenant.example/;")]
    [InlineData("https://tenant.example/a;b/c")]
    [InlineData("https://u:12/34@tenant.example")]
    [InlineData("https://tenant.example/a@b")]
    public void CheckEndpoint_QueryFragmentPathParametersOrUserInfo_Refused(string url)
        => Assert.NotNull(ImmutaClient.CheckEndpoint(new Uri(url), allowInsecureHttp: false, "pass --allow-insecure-http"));

    [Theory]
    [InlineData("https://tenant.example/")]
    [InlineData("https://tenant.example/immuta/")]
    [InlineData("https://bücher.example/")]
    [InlineData("https://tenant.example/  ")]
    public void CheckEndpoint_PlainTenantUrl_Accepted(string url)
        => Assert.Null(ImmutaClient.CheckEndpoint(new Uri(url), allowInsecureHttp: false, "pass --allow-insecure-http"));

    [Fact]
    public void Constructor_UserInfoWithPassword_MessageHoldsNoPassword()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new ImmutaClient(new Uri("https://admin:Pw-9931-secret@tenant.example/"), new ImmutaApiKeyCredential("k-1234567890")));

        Assert.DoesNotContain("Pw-9931-secret", error.ToString(), StringComparison.Ordinal);
    }
}
