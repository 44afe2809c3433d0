using System.Net;
using System.Text;
using System.Text.Json;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Serialization;

/// <summary>
/// A server that echoes the request's credential in a form other than JSON's escaping: another language's escapes, HTML
/// references, URL encoding, another text encoding, its reason phrase, trimmed, normalized, upper-cased, cut short. None
/// of it reaches <see cref="Exception.ToString"/>.
/// </summary>
public sealed class EchoedSecretFormsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>How the server wrote the credential back.</summary>
    public static TheoryData<string> Echoes() => new(
        "Utf16BodyWithCharset",
        "Utf16BodyWithByteOrderMark",
        "ReasonPhrase",
        "BackslashQuoteEscaped",
        "YamlSingleQuoted",
        "YamlEscapes",
        "HtmlReferencesInJson",
        "UrlEncoded",
        "TrimmedByTheServer",
        "DecomposedUnicode",
        "UpperCased",
        "CutShortWithEllipsis",
        "CutShortByTheReadLimit",
        "TwoBackslashesEchoedRaw",
        "UnicodeEscapeEscapedThreeTimes");

    [Theory]
    [MemberData(nameof(Echoes))]
    public async Task CreateAsync_ServerEchoesTheCredentialInAnotherForm_NotInTheException(string echo)
    {
        var (password, answer) = Case(echo);
        using var client = AnsweringClient.Create(answer);

        var error = await Assert.ThrowsAnyAsync<ImmutaApiException>(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Started, WithPassword(password), Ct));

        var printed = string.Join("\n", error.ToString(), error.ServerMessage, error.Error).Replace("\0", string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("Core7731", printed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hunter2-Co", printed, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CreateAsync_JsonErrorBodyWithAByteOrderMark_ServerMessageIsTheMessage()
    {
        using var client = AnsweringClient.Create(_ => Answer(HttpStatusCode.BadRequest, [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes("""{"error":"Bad Request","message":"host is required"}""")], "application/json"));

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Started, WithPassword("hunter2-Core7731"), Ct));

        Assert.Equal("host is required", error.ServerMessage);
    }

    [Fact]
    public async Task CreateAsync_ServerMessageHoldsAShortCommonWord_NotMangled()
    {
        // A 3-character password is too short to scrub safely; a longer one is scrubbed only where it stands.
        using var client = AnsweringClient.Create(_ => Json("""{"message":"the passenger host is not reachable"}"""));

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Started, WithPassword("passengers-Core7731"), Ct));

        Assert.Equal("the passenger host is not reachable", error.ServerMessage);
    }

    private static (string Password, Func<HttpRequestMessage, HttpResponseMessage> Answer) Case(string echo)
    {
        const string Plain = "hunter2-Core7731";
        static string Message(string text) => JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = "Bad Request", ["message"] = text });
        return echo switch
        {
            "Utf16BodyWithCharset" => (Plain, _ => Answer(HttpStatusCode.BadRequest, Encoding.Unicode.GetBytes(Message($"bad password {Plain}")), "application/json", "utf-16")),
            "Utf16BodyWithByteOrderMark" => (Plain, _ => Answer(HttpStatusCode.BadRequest, [.. Encoding.Unicode.Preamble, .. Encoding.Unicode.GetBytes($"bad password {Plain}")], "text/plain")),
            "ReasonPhrase" => (Plain, _ => new HttpResponseMessage(HttpStatusCode.BadRequest) { ReasonPhrase = $"bad password {Plain}" }),
            "BackslashQuoteEscaped" => ("it's-hunter2-Core7731", _ => Json(Message(@"bad password 'it\'s-hunter2-Core7731'"))),
            "YamlSingleQuoted" => ("it's-hunter2-Core7731", _ => Json(Message("could not parse 'it''s-hunter2-Core7731'"))),
            "YamlEscapes" => ("hunter2-Core7731\u001b\u00a0\u0007", _ => Json(Message(@"could not parse ""hunter2-Core7731\e\_\x07"""))),
            "HtmlReferencesInJson" => ("<hunter2>&-Core7731", _ => Json(Message("bad password &lt;hunter2&#62;&#x26;-Core7731"))),
            "UrlEncoded" => ("p@ss word/hunter2-Core7731é", _ => Json(Message("cannot connect to jdbc:snowflake://acme?password=" + Uri.EscapeDataString("p@ss word/hunter2-Core7731é")))),
            "TrimmedByTheServer" => ("  hunter2-Core7731  ", _ => Json(Message($"login failed with password {Plain}"))),
            "DecomposedUnicode" => ("café-hunter2-Core7731", _ => Json(Message("bad password " + "café-hunter2-Core7731".Normalize(NormalizationForm.FormD)))),
            "UpperCased" => (Plain, _ => Json(Message("BAD PASSWORD HUNTER2-CORE7731"))),
            "CutShortWithEllipsis" => ("hunter2-Co-" + Plain, _ => Json(Message("bad password hunter2-Co-hunte…"))),
            "CutShortByTheReadLimit" => ("hunter2-Co-" + Plain, _ => Answer(
                HttpStatusCode.BadRequest,
                Encoding.UTF8.GetBytes(new string(' ', ImmutaExceptionFactory.MaxErrorBodyBytes - 200) + "bad password " + new string('.', 170) + "hunter2-Co-" + Plain),
                "text/plain")),
            "TwoBackslashesEchoedRaw" => (@"hunter2-\\Core7731", _ => Answer(HttpStatusCode.BadRequest, Encoding.UTF8.GetBytes(@"bad password hunter2-\\Core7731"), "text/plain")),
            // A gateway wrapping the server's message, which quoted an escape: "-" as \u002d, its backslash escaped twice more.
            "UnicodeEscapeEscapedThreeTimes" => (Plain, _ => Json(Message(@"bad password hunter2\\u002dCore7731"))),
            _ => throw new ArgumentOutOfRangeException(nameof(echo), echo, null),
        };
    }

    private static HttpResponseMessage Json(string body) => Answer(HttpStatusCode.BadRequest, Encoding.UTF8.GetBytes(body), "application/json");

    private static HttpResponseMessage Answer(HttpStatusCode status, byte[] body, string mediaType, string? charset = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType) { CharSet = charset };
        return new HttpResponseMessage(status) { Content = content };
    }

    private static SnowflakeIntegration WithPassword(string password) => new()
    {
        AutoBootstrap = true,
        Config = new SnowflakeConfig
        {
            Host = "acme.snowflakecomputing.com", Warehouse = "WH", Database = "DB", AuthenticationType = AuthenticationType.UserPassword,
            Username = "SYSTEM_ACCOUNT", Password = password,
        },
    };
}
