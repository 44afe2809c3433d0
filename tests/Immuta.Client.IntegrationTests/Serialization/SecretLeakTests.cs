using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Serialization;

/// <summary>Credentials never show in <c>ToString()</c>, the debugger or exception messages.</summary>
public sealed class SecretLeakTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> ExamplesWithSecrets()
        => new(Examples.Names().Where(n => ModelWalker.Secrets(ExampleCodec.For(n).Read(Examples.Read(n))).Any(s => !s.Secret.IsRedacted)));

    [Theory]
    [MemberData(nameof(ExamplesWithSecrets))]
    public void ToString_ModelHoldingSecrets_PrintsNoSecret(string example)
    {
        var model = ExampleCodec.For(example).Read(Examples.Read(example));
        var printed = model.ToString()!;

        // A secret whose value the example also uses for a plain field (S3's "123456789") cannot be told apart in print.
        var json = Examples.Read(example);
        var secrets = ModelWalker.Secrets(model).Where(s => !s.Secret.IsRedacted).ToList();
        Assert.NotEmpty(secrets);
        secrets = secrets.Where(s => Occurrences(json, s.Secret.Reveal()) == secrets.Count(o => o.Secret == s.Secret)).ToList();
        Assert.All(secrets, s => Assert.DoesNotContain(s.Secret.Reveal(), printed, StringComparison.Ordinal));
        Assert.Contains(SecretString.Mask, printed, StringComparison.Ordinal);
    }

    private static readonly System.Text.Json.JsonSerializerOptions RelaxedJson = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static int Occurrences(string json, string value)
    {
        var quoted = System.Text.Json.JsonSerializer.Serialize(value, RelaxedJson);
        var count = 0;
        for (var at = json.IndexOf(quoted, StringComparison.Ordinal); at >= 0; at = json.IndexOf(quoted, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [Fact]
    public void SecretTypes_DebuggerDisplay_IsMasked()
    {
        var attribute = typeof(SecretString).GetCustomAttributes(typeof(System.Diagnostics.DebuggerDisplayAttribute), false)
            .Cast<System.Diagnostics.DebuggerDisplayAttribute>().Single();
        Assert.Equal("***", attribute.Value);
        Assert.Equal("ImmutaApiKeyCredential ***", new ImmutaApiKeyCredential("secret-key-123").ToString());
    }

    [Fact]
    public void SecretString_StringInterpolation_PrintsMask()
    {
        SecretString secret = "hunter22";

        Assert.Equal("pw=***", $"pw={secret}");
        Assert.Equal("hunter22", secret.Reveal());
    }

    [Fact]
    public async Task CreateAsync_ServerEchoesCredentialsInError_MessageIsScrubbed()
    {
        using var stub = new StubImmuta();
        var definition = new SnowflakeIntegration
        {
            AutoBootstrap = true,
            Config = new SnowflakeConfig
            {
                Host = "acme.snowflakecomputing.com",
                Warehouse = "WH",
                Database = "DB",
                AuthenticationType = AuthenticationType.UserPassword,
                Username = "admin",
                Password = "s3cr3t-Passw0rd",
                Role = "ACCOUNTADMIN",
            },
        };
        stub.Reply("POST", "/integrations", 400,
            $$"""{"statusCode":400,"error":"Bad Request","message":"login failed for admin/s3cr3t-Passw0rd with key {{StubImmuta.ApiKey}}"}""");

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => stub.Integrations.CreateAsync(ImmutaWaitUntil.Started, definition, Ct));

        Assert.DoesNotContain("s3cr3t-Passw0rd", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(StubImmuta.ApiKey, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-Passw0rd", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("login failed for admin/*** with key ***", error.ServerMessage);
    }

    [Fact]
    public async Task AnyFailure_ApiKey_NeverInExceptionOrClient()
    {
        using var refusing = new RefusingPort();
        using var client = new ImmutaClient(refusing.Uri, new ImmutaApiKeyCredential(StubImmuta.ApiKey));

        var error = await Assert.ThrowsAsync<ImmutaTransportException>(() => client.Integrations.ListAsync(Ct));

        Assert.DoesNotContain(StubImmuta.ApiKey, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(StubImmuta.ApiKey, client.ToString(), StringComparison.Ordinal);
        Assert.Empty(error.Data);
    }
}
