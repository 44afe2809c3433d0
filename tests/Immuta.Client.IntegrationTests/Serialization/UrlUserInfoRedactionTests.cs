using Immuta.Client.Testing;
using Xunit;

namespace Immuta.Client.Tests.Serialization;

/// <summary>
/// A password in a URL-valued member (<c>host: https://admin:pw@acct…</c>) is a secret whatever the member is called: the
/// SDK's one redaction place masks the user info for every printer (issue 16, review item 1).
/// </summary>
public sealed class UrlUserInfoRedactionTests
{
    private const string Password = "Pw-9931-secret";

    [Theory]
    [InlineData("https://admin:Pw-9931-secret@acct.snowflakecomputing.com/path?x=1", "https://***@acct.snowflakecomputing.com/path?x=1")]
    [InlineData("https://admin:Pw-9931-secret@acct.snowflakecomputing.com", "https://***@acct.snowflakecomputing.com")]
    [InlineData("https://admin%40corp:Pw-9931-secret@acct.snowflakecomputing.com", "https://***@acct.snowflakecomputing.com")]
    [InlineData("https://admin:Pw-9931%40secret@acct.snowflakecomputing.com", "https://***@acct.snowflakecomputing.com")]
    [InlineData("https://admin%3APw-9931-secret%40acct.snowflakecomputing.com/db", "https://***@acct.snowflakecomputing.com/db")]
    [InlineData("https%3A%2F%2Fadmin%3APw-9931-secret%40acct.snowflakecomputing.com%2Fdb", "https%3A%2F%2F***@acct.snowflakecomputing.com%2Fdb")]
    [InlineData("https://admin:Pw-9931-secret\uFF20acct.snowflakecomputing.com", "https://***@acct.snowflakecomputing.com")]
    [InlineData("https://admin:Pw-9931-secret\uFE6Bacct.snowflakecomputing.com", "https://***@acct.snowflakecomputing.com")]
    [InlineData("https://ädmin:Pw-9931-secrét@acct.snowflakecomputing.com", "https://***@acct.snowflakecomputing.com")]
    [InlineData("jdbc:postgresql://admin:Pw-9931-secret@db:5432/x", "jdbc:postgresql://***@db:5432/x")]
    [InlineData("see https://a:Pw-9931-secret@one.example and http://b:Pw-9931-secret@two.example/", "see https://***@one.example and http://***@two.example/")]
    public void MaskUrlUserInfo_EachForm_MasksTheUserInfoAndKeepsTheHost(string text, string expected)
        => Assert.Equal(expected, ImmutaRedaction.MaskUrlUserInfo(text));

    [Theory]
    [InlineData("https://acct.snowflakecomputing.com/path")]
    [InlineData("acct.snowflakecomputing.com")]
    [InlineData("taylor@redshift.com")]
    [InlineData("https://acct.example/users?me=@me")]
    public void MaskUrlUserInfo_NoUserInfo_SameText(string text)
        => Assert.Same(text, ImmutaRedaction.MaskUrlUserInfo(text));

    [Theory]
    [InlineData("host")]
    [InlineData("proxyHost")]
    [InlineData("anyMemberAtAll")]
    [InlineData("h\u00f4te")]
    public void PrintJson_UrlWithPasswordUnderAnyName_UserInfoMasked(string member)
    {
        var printed = ImmutaRedaction.PrintJson($$$"""{"config":{"{{{member}}}":"https://admin:{{{Password}}}@acct.snowflakecomputing.com"}}""");

        Assert.DoesNotContain(Password, printed, StringComparison.Ordinal);
        Assert.Contains("https://***@acct.snowflakecomputing.com", printed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(@"https://admin:Pw-9931-secret\u0040acct.snowflakecomputing.com")]
    [InlineData(@"https\u003a//admin:Pw-9931-secret@acct.snowflakecomputing.com")]
    [InlineData(@"https:\/\/admin:Pw-9931-secret@acct.snowflakecomputing.com")]
    [InlineData(@"https://admin:Pw-9931-secret\uff20acct.snowflakecomputing.com")]
    public void PrintJson_JsonEscapedUrl_UserInfoMasked(string escaped)
    {
        var printed = ImmutaRedaction.PrintJson($$$"""{"host":"{{{escaped}}}"}""");

        Assert.DoesNotContain(Password, printed, StringComparison.Ordinal);
        Assert.Contains("***@acct.snowflakecomputing.com", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void PrintJson_ShowCredentials_UserInfoAsWritten()
        => Assert.Contains(Password, ImmutaRedaction.PrintJson($$$"""{"host":"https://admin:{{{Password}}}@acct"}""", showCredentials: true), StringComparison.Ordinal);

    [Fact]
    public void ToString_ModelWithPasswordInHost_UserInfoMasked()
    {
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>($$$"""{"type":"Snowflake","autoBootstrap":true,"config":{"host":"https://admin:{{{Password}}}@acct.snowflakecomputing.com","warehouse":"w","database":"d","authenticationType":"userPassword","username":"u","password":"p4ssword-x"}}""");

        var printed = definition.ToString();

        Assert.DoesNotContain(Password, printed, StringComparison.Ordinal);
        Assert.Contains("https://***@acct.snowflakecomputing.com", printed, StringComparison.Ordinal);
        Assert.StartsWith("SnowflakeIntegration { ", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_UnknownPlatformWithPasswordInAnyMember_UserInfoMasked()
    {
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>($$$"""{"type":"FutureDb","config":{"endpoint":"wss://admin:{{{Password}}}@future.example"}}""");

        Assert.DoesNotContain(Password, definition.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FakeJournal_CreateWithPasswordInHost_UserInfoMasked()
    {
        await using var fake = FakeImmutaServer.Start();
        using var client = new ImmutaClient(fake.Uri, new ImmutaApiKeyCredential(fake.ApiKey), new ImmutaClientOptions { ValidateBeforeSending = false });
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>($$$"""{"type":"FutureDb","config":{"endpoint":"wss://admin:{{{Password}}}@future.example"}}""");

        await client.Integrations.CreateAsync(ImmutaWaitUntil.Started, definition, TestContext.Current.CancellationToken);

        var body = Assert.Single(fake.Journal, r => r.Method == "POST").Body;
        Assert.DoesNotContain(Password, body, StringComparison.Ordinal);
        Assert.Contains("wss://***@future.example", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorMessage_ServerEchoesTheUrlPassword_Scrubbed()
    {
        await using var fake = FakeImmutaServer.Start();
        fake.RejectNext(FakeRequestKind.Create, System.Net.HttpStatusCode.BadRequest, $"cannot reach {Password} at future.example");
        using var client = new ImmutaClient(fake.Uri, new ImmutaApiKeyCredential(fake.ApiKey), new ImmutaClientOptions { ValidateBeforeSending = false });
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>($$$"""{"type":"FutureDb","config":{"endpoint":"wss://admin:{{{Password}}}@future.example"}}""");

        var error = await Assert.ThrowsAnyAsync<ImmutaException>(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Started, definition, TestContext.Current.CancellationToken));

        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorResponse_ServerEchoesAUrlPasswordTheRequestDidNotCarry_MaskedInMessageAndRawResponse()
    {
        await using var fake = FakeImmutaServer.Start();
        fake.RejectNext(FakeRequestKind.Create, System.Net.HttpStatusCode.BadRequest, "proxy https://svc:Proxy-Pw-7781@proxy.example refused the connection");
        using var client = new ImmutaClient(fake.Uri, new ImmutaApiKeyCredential(fake.ApiKey), new ImmutaClientOptions { ValidateBeforeSending = false });
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>("""{"type":"FutureDb","config":{"endpoint":"future.example"}}""");

        var error = await Assert.ThrowsAnyAsync<ImmutaApiException>(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Started, definition, TestContext.Current.CancellationToken));

        Assert.DoesNotContain("Proxy-Pw-7781", error.Message + error.GetRawResponse()?.Content, StringComparison.Ordinal);
        Assert.Contains("https://***@proxy.example", error.Message, StringComparison.Ordinal);
    }
}

