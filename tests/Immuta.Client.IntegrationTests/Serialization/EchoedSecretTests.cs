using System.Text.Encodings.Web;
using System.Text.Json;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Serialization;

/// <summary>
/// A server that echoes the request's credentials in an error: whatever the escaping, they are scrubbed from
/// <see cref="ImmutaApiException.Message"/>, <see cref="ImmutaApiException.ServerMessage"/> and <c>ToString()</c>.
/// </summary>
public sealed class EchoedSecretTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string PemLine1 = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj";
    private const string PemLine2 = "MZE9nfBq3B8yXeWqbD4vXyZ1Xo5Cq7r+Hr2Yk/sN0pQwLmZx3vT8Rk9Jd2Fq0Ha1";
    private const string PemLine3 = "5oU1c8tB6fYy2Qk9Ls3Wd7Hc0Ve+/Np4Rm8Xj6Tg2Ki5Ob1Sa3Pz7Mw9Nl4Uy0Qe";

    private static readonly string Pem = $"-----BEGIN PRIVATE KEY-----\n{PemLine1}\n{PemLine2}\n{PemLine3}\n-----END PRIVATE KEY-----\n";

    private const string Password = "hunter2-Core7731\"quote\\back\ttab<>&'+é😀";

    private static readonly JsonSerializerOptions NodeStyle = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string KeyFile()
    {
        var keyFile = new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["project_id"] = "innate-conquest-123456",
            ["private_key_id"] = "9163c12345690924f5dd218ff39",
            ["private_key"] = Pem,
            ["client_email"] = "svc@innate-conquest-123456.iam.gserviceaccount.com",
        };
        return JsonSerializer.Serialize(keyFile, NodeStyle);
    }

    /// <summary>How the server put the credential in its answer.</summary>
    public static TheoryData<string> Echoes() => new(
        "PemDecodedInJsonMessage",
        "PemOneLineInJsonMessage",
        "PemInPlainTextBody",
        "PemInHtmlPage",
        "KeyFileEscapedOnceInJsonMessage",
        "KeyFilePrivateKeyOnly",
        "PasswordNodeEscaped",
        "PasswordStjDefaultEscaped",
        "PasswordLowerHexEscaped",
        "PasswordUpperHexEscaped",
        "PasswordInRequestJsonQuotedInMessage",
        "PasswordInCutOffJson",
        "PasswordInErrorMember",
        "PasswordHtmlEncoded");

    [Theory]
    [MemberData(nameof(Echoes))]
    public async Task CreateAsync_ServerEchoesCredentialWithEscapedCharacters_ScrubbedFromMessageAndServerMessage(string echo)
    {
        using var stub = new StubImmuta();
        var (definition, body, contentType) = Case(echo);
        stub.Reply("POST", "/integrations", 400, body, contentType);

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => stub.Integrations.CreateAsync(ImmutaWaitUntil.Started, definition, Ct));

        var printed = string.Join("\n", error.Message, error.ServerMessage, error.Error, error.ToString());
        foreach (var part in new[] { PemLine1, PemLine2, PemLine3, "Core7731", "hunter2", "9163c12345690924f5dd218ff39" })
        {
            Assert.DoesNotContain(part, printed, StringComparison.Ordinal);
        }

        Assert.Contains("***", error.ServerMessage + error.Error, StringComparison.Ordinal);
    }

    private static (IntegrationDefinition Definition, string Body, string ContentType) Case(string echo)
    {
        var keyPair = new SnowflakeIntegration
        {
            AutoBootstrap = true,
            Config = new SnowflakeConfig
            {
                Host = "acme.snowflakecomputing.com", Warehouse = "WH", Database = "DB", AuthenticationType = AuthenticationType.KeyPair,
                Username = "SYSTEM_ACCOUNT", PrivateKey = Pem,
            },
        };
        var userPassword = keyPair with { Config = keyPair.Config with { AuthenticationType = AuthenticationType.UserPassword, PrivateKey = null, Password = Password } };
        var bigQuery = new BigQueryIntegration
        {
            AutoBootstrap = false,
            Config = new BigQueryConfig { Role = "immuta", Dataset = "immuta", DatasetSuffix = "_secureView", Location = "us-east1", Credential = KeyFile() },
        };

        string Json(string message) => JsonSerializer.Serialize(new Dictionary<string, object> { ["statusCode"] = 400, ["error"] = "Bad Request", ["message"] = message }, NodeStyle);
        string Hex(string text, string format) => string.Concat(text.Select(c => "\\u" + ((int)c).ToString(format, System.Globalization.CultureInfo.InvariantCulture)));

        return echo switch
        {
            "PemDecodedInJsonMessage" => (keyPair, Json($"invalid private key {Pem} for SYSTEM_ACCOUNT"), "application/json"),
            "PemOneLineInJsonMessage" => (keyPair, Json($"base64 error near '{PemLine2}'"), "application/json"),
            "PemInPlainTextBody" => (keyPair, $"bad key:\n{Pem}", "text/plain"),
            "PemInHtmlPage" => (keyPair, $"<html><body><h1>Bad key</h1><pre>{Pem}</pre></body></html>", "text/html"),
            "KeyFileEscapedOnceInJsonMessage" => (bigQuery, Json($"credential {KeyFile()} is not allowed"), "application/json"),
            "KeyFilePrivateKeyOnly" => (bigQuery, Json($"private_key {Pem.TrimEnd()} could not be parsed"), "application/json"),
            "PasswordNodeEscaped" => (userPassword, Json($"login failed for SYSTEM_ACCOUNT/{Password}"), "application/json"),
            "PasswordStjDefaultEscaped" => (userPassword, JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = "Bad Request", ["message"] = $"password {Password} rejected" }), "application/json"),
            "PasswordLowerHexEscaped" => (userPassword, $$"""{"statusCode":400,"error":"Bad Request","message":"password {{Hex(Password, "x4")}} rejected"}""", "application/json"),
            "PasswordUpperHexEscaped" => (userPassword, $$"""{"statusCode":400,"error":"Bad Request","message":"password {{Hex(Password, "X4")}} rejected"}""", "application/json"),
            "PasswordInRequestJsonQuotedInMessage" => (userPassword, Json($"\"config\" must be valid: {ImmutaJson.Serialize<IntegrationDefinition>(userPassword)}"), "application/json"),
            "PasswordInCutOffJson" => (userPassword, Json($"password {Password} rejected")[..^10], "application/json"),
            "PasswordInErrorMember" => (userPassword, JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = $"Bad password {Password}" }, NodeStyle), "application/json"),
            "PasswordHtmlEncoded" => (userPassword, $"<html><head><title>Bad {System.Net.WebUtility.HtmlEncode(Password)}</title></head></html>", "text/html"),
            _ => throw new ArgumentOutOfRangeException(nameof(echo), echo, null),
        };
    }
}
