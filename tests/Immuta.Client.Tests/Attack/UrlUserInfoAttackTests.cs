using System.Text;
using Xunit;

namespace Immuta.Client.Tests.Attack;

/// <summary>The one rule for URL user info, attacked with the forms a user or a server may write.</summary>
public sealed class UrlUserInfoAttackTests
{
    private const string Password = "Pw-9931-secret";

    [Theory]
    [InlineData("jdbc:snowflake://u:Pw-9931-secret@acct.snowflakecomputing.com/?db=x", "jdbc:snowflake://***@acct.snowflakecomputing.com/?db=x")]
    [InlineData("ftp://u:Pw-9931-secret@files.example/x", "ftp://***@files.example/x")]
    [InlineData("s3://AKIAEXAMPLE:Pw-9931-secret@bucket/key", "s3://***@bucket/key")]
    [InlineData("HTTPS://u:Pw-9931-secret@HOST.EXAMPLE", "HTTPS://***@HOST.EXAMPLE")]
    [InlineData("https://u:Pw-9931-secret@[::1]:443/x", "https://***@[::1]:443/x")]
    [InlineData("https://u:Pw@9931-secret@host.example", "https://***@host.example")]
    [InlineData("https://u:Pw%2F9931%23secret%3F@host.example", "https://***@host.example")]
    [InlineData("https://u:Pw:9931-secret@host.example", "https://***@host.example")]
    [InlineData("https://h.example/?next=https://u:Pw-9931-secret@h2.example", "https://h.example/?next=https://***@h2.example")]
    [InlineData("https://u:Pw-9931-secret@host.example,https://v:Pw-9931-secret@two.example", "https://***@host.example,https://***@two.example")]
    public void MaskUrlUserInfo_OtherSchemesAndOddPasswords_UserInfoMasked(string text, string expected)
        => Assert.Equal(expected, ImmutaRedaction.MaskUrlUserInfo(text));

    [Theory]
    [InlineData("https://u:Pw/9931-secret@host.example/db")]
    [InlineData("https://u:Pw#9931-secret@host.example/db")]
    [InlineData("https://u:Pw?9931-secret@host.example/db")]
    public void MaskUrlUserInfo_PasswordWithARawDelimiter_NoPartOfThePasswordPrinted(string text)
    {
        var masked = ImmutaRedaction.MaskUrlUserInfo(text);

        Assert.DoesNotContain("9931", masked, StringComparison.Ordinal);
        Assert.Contains("host.example/db", masked, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://host.example:8443/path/@me")]
    [InlineData("https://host.example/a?mail=x@y.example")]
    [InlineData("mailto:someone@host.example")]
    [InlineData("https://[::1]:443/@x")]
    public void MaskUrlUserInfo_AtSignOutsideTheAuthority_SameText(string text)
        => Assert.Same(text, ImmutaRedaction.MaskUrlUserInfo(text));

    [Fact]
    public void MaskUrlUserInfo_ManyUrlsInOneMegabyte_EveryOneMasked()
    {
        // 131,072 URLs: a scan that looks for each separator from every URL to the end of the text would not finish.
        const int Count = 1 << 17;
        var text = new StringBuilder().Insert(0, "a://u:p@h ", Count).ToString();

        var masked = ImmutaRedaction.MaskUrlUserInfo(text);

        Assert.Equal(new StringBuilder().Insert(0, "a://***@h ", Count).ToString(), masked);
    }

    [Fact]
    public void MaskUrlUserInfo_ManySchemeSeparatorsWithoutUserInfo_SameText()
    {
        var text = new StringBuilder().Insert(0, "x://", 1 << 18).ToString();

        Assert.Same(text, ImmutaRedaction.MaskUrlUserInfo(text));
    }

    [Fact]
    public void MaskUrlUserInfo_OneMegabyteWithoutUrl_SameText()
    {
        var text = new string('a', 1 << 20);

        Assert.Same(text, ImmutaRedaction.MaskUrlUserInfo(text));
    }

    [Theory]
    [InlineData("""{"https://u:Pw-9931-secret@host.example":1}""")]
    [InlineData("""{"hosts":["a","https://u:Pw-9931-secret@host.example"]}""")]
    [InlineData("""{"a":{"b":[{"c":"https:\/\/u:Pw-9931-secret\u0040host.example"}]}}""")]
    [InlineData("""{"https:\/\/u:Pw-9931-secret\u0040host.example":1}""")]
    public void PrintJson_UrlInANameOrArray_PasswordNotPrinted(string json)
        => Assert.DoesNotContain(Password, ImmutaRedaction.PrintJson(json), StringComparison.Ordinal);

    [Fact]
    public void YamlToJson_DuplicateKeyHoldingAUrlWithPassword_MessageHoldsNoPassword()
    {
        var yaml = "https://u:Pw-9931-secret@host.example: 1\nhttps://u:Pw-9931-secret@host.example: 2\n";

        var error = Assert.Throws<ImmutaSerializationException>(() => ImmutaYaml.ToJson(yaml));

        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
    }
}
