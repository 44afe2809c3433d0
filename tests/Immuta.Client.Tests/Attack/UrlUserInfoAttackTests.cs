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
    [InlineData("https://host.example/a?mail=x@y.example")]
    [InlineData("https://host.example/a#x@y.example")]
    [InlineData("mailto:someone@host.example")]
    [InlineData("https://[::1]:443/x")]
    [InlineData("https://u:12/34")]
    public void MaskUrlUserInfo_NoAtSignBeforeTheQueryOrFragment_SameText(string text)
        => Assert.Same(text, ImmutaRedaction.MaskUrlUserInfo(text));

    // A password holding '/' whose start reads as a port: RFC 3986 reads https://u:12/34@h.example as host u, port 12 and
    // path /34@h.example, but the user meant user u, password 12/34. An at sign in the path before the query or fragment
    // ends user info, as far as printing goes (a path's own at sign masks the host too: when in doubt, mask).
    [Theory]
    [InlineData("https://u:12/34@h.example", "https://***@h.example")]
    [InlineData("https://u:12/34@h.example/api?x=1", "https://***@h.example/api?x=1")]
    [InlineData("https://u:12/3/4@h.example/db", "https://***@h.example/db")]
    [InlineData("https://u:12/3@4@h.example/db", "https://***@h.example/db")]
    [InlineData("https://u:12/3%404@h.example/db", "https://***@h.example/db")]
    [InlineData("https://u:12/3:4@h.example:8443/db", "https://***@h.example:8443/db")]
    [InlineData("https://u:12%2F34@h.example/db", "https://***@h.example/db")]
    [InlineData("https://u:12%2F34%40h.example/db", "https://***@h.example/db")]
    [InlineData("https://u:12/34@[::1]:443/db", "https://***@[::1]:443/db")]
    [InlineData("https://[::1]:443/@x", "https://***@x")]
    [InlineData("https://host.example:8443/path/@me", "https://***@me")]
    [InlineData("https://u/34@h.example", "https://***@h.example")]
    [InlineData("see https://u:12/34@one.example and https://v:56/78@two.example/x.", "see https://***@one.example and https://***@two.example/x.")]
    [InlineData("\"https://u:12/34@h.example\"", "\"https://***@h.example\"")]
    [InlineData("https://u:12/34@h.example?next=https://v:56/78@two.example", "https://***@h.example?next=https://***@two.example")]
    public void MaskUrlUserInfo_PasswordThatLooksLikeAPortAndPath_MaskedUpToThePathsLastAtSign(string text, string expected)
        => Assert.Equal(expected, ImmutaRedaction.MaskUrlUserInfo(text));

    [Fact]
    public void MaskUrlUserInfo_ManyUrlsWithAtSignsInTheirPaths_EveryOneMasked()
    {
        const int Count = 1 << 16;
        var text = new StringBuilder().Insert(0, "a://u:1/2@h ", Count).ToString();

        Assert.Equal(new StringBuilder().Insert(0, "a://***@h ", Count).ToString(), ImmutaRedaction.MaskUrlUserInfo(text));
    }

    [Fact]
    public void MaskUrlUserInfo_ManyUrlsInOnePathEndingInAnAtSign_MaskedUpToIt()
    {
        // 131,072 URLs in one path with one at sign at its end: a path scan from every URL to its end would not finish.
        var text = new StringBuilder().Insert(0, "a://h/", 1 << 17).Append("x@y").ToString();

        Assert.Equal("a://***@y", ImmutaRedaction.MaskUrlUserInfo(text));
    }

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
