using System.Net;
using System.Text;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Attack;

/// <summary>
/// An escaped unpaired surrogate (<c>"\ud800"</c>: valid JSON, not valid Unicode) in every answer the SDK reads, and a
/// lone surrogate a user put in a model: only documented exceptions escape, and no printer (ToString, JSON, YAML) crashes.
/// </summary>
public sealed class LoneSurrogateAttackTests
{
    private const string ScriptSecret = "scr-Secret-5521-never";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TrinoIntegration Trino() => new() { AutoBootstrap = true, Config = new TrinoConfig() };

    private static HttpResponseMessage Answer(string body, string mediaType)
        => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, mediaType) };

    [Theory]
    [InlineData("\"\\uD800\"")]
    [InlineData("{\"script\":\"GRANT ROLE IDENTIFIED BY 'scr-Secret-5521-never' a\\udc00b\"}")]
    [InlineData("{\"\\ud800\":\"scr-Secret-5521-never\"}")]
    [InlineData("{\"note\":\"\\ud800\",\"sql\":\"scr-Secret-5521-never\"}")]
    public async Task ScriptsDeleteAsync_JsonAnswerWithALoneSurrogateEscape_SerializationExceptionNamingMethodAndPath(string body)
    {
        using var client = AnsweringClient.Create(_ => Answer(body, "application/json"));

        var error = await Assert.ThrowsAsync<ImmutaSerializationException>(() => client.Integrations.Scripts.DeleteAsync("1", Ct));

        Assert.Equal("POST", error.Method); // the delete script is a POST
        Assert.Contains("/integrations/1", error.Path, StringComparison.Ordinal);
        Assert.Contains("unpaired surrogate", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ScriptSecret, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"\\uD800\"")]
    [InlineData("{\"script\":\"a\\udc00b\"}")]
    [InlineData("{\"\\ud800\":\"x\"}")]
    public async Task ScriptsDeleteAsync_PlainTextThatLooksLikeJsonWithALoneSurrogateEscape_TheScriptAsSent(string body)
    {
        using var client = AnsweringClient.Create(_ => Answer(body, "text/plain"));

        var script = await client.Integrations.Scripts.DeleteAsync("1", Ct);

        Assert.Equal(body, script.Text);
    }

    [Fact]
    public async Task ScriptsDeleteAsync_JsonAnswerWithAPairedSurrogateEscape_ReadAsTheCharacter()
    {
        using var client = AnsweringClient.Create(_ => Answer("{\"script\":\"-- \\ud83d\\ude00\"}", "application/json"));

        var script = await client.Integrations.Scripts.DeleteAsync("1", Ct);

        Assert.Equal("-- \U0001F600", script.Text);
    }

    public static TheoryData<string> HostileAnswers => new()
    {
        """{"id":"\ud800","status":"enabled"}""",
        """{"id":"1","status":"\ud800"}""",
        """{"id":"1","status":"enabled","type":"\udc00"}""",
        """{"\ud800":"x","id":"1","status":"enabled"}""",
        """{"id":"1","status":"enabled","type":"Snowflake","config":{"host":"\ud800","\udc00":1,"password":"p\ud800"}}""",
        """{"id":"1","status":"enabled","validationResults":{"status":"\ud800","validationTests":[{"name":"\ud800","status":"failed","message":"\udc00"}]}}""",
        """{"id":"1","newKey":"\ud800","status":"enabled"}""",
        """{"statusCode":400,"error":"\ud800","message":"bad \udc00","\ud800":"x"}""",
        """{"id":"1","status":"enabled","validationResults":"\ud800","metadata":{"\ud800":["\udc00"]}}""",
    };

    [Theory]
    [MemberData(nameof(HostileAnswers))]
    public async Task EveryRead_AnswerWithALoneSurrogateEscape_ValueOrImmutaException(string body)
    {
        foreach (var status in new[] { HttpStatusCode.OK, HttpStatusCode.Accepted, HttpStatusCode.BadRequest, HttpStatusCode.Conflict, HttpStatusCode.InternalServerError })
        {
            using var client = AnsweringClient.Create(
                request => ScriptedImmuta.Json(status, request.RequestUri!.AbsolutePath == "/integrations" && request.Method == HttpMethod.Get ? $"[{body},{body}]" : body),
                new ImmutaClientOptions { ValidateBeforeSending = false });
            Func<Task>[] calls =
            [
                async () => AssertPrintable(await client.Integrations.GetAsync("1", Ct)),
                async () => AssertPrintable(await client.Integrations.ListAsync(Ct)),
                async () => AssertPrintable(await client.Integrations.GetStatusAsync("1", Ct)),
                async () => AssertPrintable(await client.Integrations.ValidateAsync(Trino(), Ct)),
                async () => AssertPrintable(await client.Integrations.RegenerateKeyAsync("1", Ct)),
                async () => _ = (await client.Integrations.Scripts.CreateAsync(Trino(), Ct)).ToString(),
                async () =>
                {
                    var operation = await client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Trino(), Ct);
                    _ = operation.ToString();
                    _ = operation.GetRawResponse()?.ToString();
                },
            ];

            foreach (var call in calls)
            {
                try
                {
                    await call();
                }
                catch (ImmutaException error)
                {
                    _ = error.ToString();
                    _ = error.Message;
                }
            }
        }
    }

    [Fact]
    public void Printers_UserStringWithALoneSurrogate_ToStringPrintsAndWritersRefuseWithImmutaException()
    {
        var definition = new SnowflakeIntegration
        {
            AutoBootstrap = true,
            Config = new SnowflakeConfig { Host = "h\uD800", Warehouse = "\uDC00w", Password = "p\uD800w" },
        };

        AssertPrintable(definition);
    }

    [Fact]
    public async Task CreateAsync_YamlRequestFormatAndAStringWithALoneSurrogate_SerializationExceptionNothingSent()
    {
        var sent = 0;
        using var client = AnsweringClient.Create(
            _ => { Interlocked.Increment(ref sent); return ScriptedImmuta.Started("1", "creating"); },
            new ImmutaClientOptions { RequestFormat = ImmutaRequestFormat.Yaml, ValidateBeforeSending = false });
        var definition = new SnowflakeIntegration { AutoBootstrap = true, Config = new SnowflakeConfig { Host = "h", Warehouse = "bad \uD800 char" } };

        await Assert.ThrowsAsync<ImmutaSerializationException>(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Started, definition, Ct));

        Assert.Equal(0, sent);
    }

    [Fact]
    public async Task CreateAsync_YamlRequestFormatAndAnUnknownMemberReadWithALoneSurrogateEscape_SerializationExceptionNothingSent()
    {
        var sent = 0;
        using var client = AnsweringClient.Create(
            _ => { Interlocked.Increment(ref sent); return ScriptedImmuta.Started("1", "creating"); },
            new ImmutaClientOptions { RequestFormat = ImmutaRequestFormat.Yaml, ValidateBeforeSending = false });
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>("""{"type":"Snowflake","autoBootstrap":true,"config":{"host":"h","\ud800":"x","note":"\udc00"}}""");

        await Assert.ThrowsAsync<ImmutaSerializationException>(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Started, definition, Ct));

        Assert.Equal(0, sent);
    }

    public static TheoryData<string, IntegrationFileFormat> HostileFiles => new()
    {
        { """{"type":"Snowflake","autoBootstrap":true,"config":{"host":"\ud800"}}""", IntegrationFileFormat.Json },
        { """{"type":"Snowflake","autoBootstrap":true,"config":{"\udc00":"h"}}""", IntegrationFileFormat.Json },
        { """{"type":"\ud800","config":{}}""", IntegrationFileFormat.Json },
        { """{"\ud800":1,"type":"Snowflake"}""", IntegrationFileFormat.Json },
        { """{"type":"Snowflake","config":{"host":"${H}\ud800"}}""", IntegrationFileFormat.Json },
        { """{"type":"Snowflake","config":{"port":"${P}","x":"\ud800"}}""", IntegrationFileFormat.Json },
        { "type: Snowflake\nconfig:\n  host: \"\\ud800\"\n", IntegrationFileFormat.Yaml },
        { "type: Snowflake\nconfig:\n  \"\\udc00\": h\n", IntegrationFileFormat.Yaml },
        { "type: \"\\ud800\"\n", IntegrationFileFormat.Yaml },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public void Parse_DefinitionFileWithALoneSurrogate_DefinitionOrSerializationException(string text, IntegrationFileFormat format)
    {
        IntegrationDefinition definition;
        try
        {
            definition = IntegrationDefinitionFile.Parse(text, format, name => name == "P" ? "443" : "h");
        }
        catch (ImmutaSerializationException error)
        {
            _ = error.ToString();
            return;
        }

        AssertPrintable(definition);
        _ = IntegrationDefinitionFile.TryLocate(text, format, "$.config.host", out _, out _);
    }

    [Theory]
    [InlineData("""{"type":"Snowflake","autoBootstrap":true,"config":{"host":"h","apiToken":"sec-1\ud800"}}""")]
    [InlineData("""{"type":"Snowflake","autoBootstrap":true,"config":{"host":"h","\udc00x":1,"apiToken":"sec-2"}}""")]
    [InlineData("""{"type":"Snowflake","autoBootstrap":true,"\udc00x":{"password":"sec-3"},"config":{"host":"h"}}""")]
    [InlineData("""{"type":"Snowflake","autoBootstrap":true,"config":{"host":"h","extra":{"\udc00x":1,"password":"sec-4"}}}""")]
    [InlineData("""{"type":"NewPlatform","config":{"\udc00x":1,"password":"sec-5\ud800"}}""")]
    public void AsRead_UnknownMembersWithLoneSurrogateEscapesBesideCredentials_CredentialsRedacted(string json)
    {
        var read = ImmutaPlatforms.AsRead(ImmutaJson.Deserialize<IntegrationDefinition>(json));

        var written = ImmutaJson.Serialize(read);
        Assert.DoesNotContain("sec-", written, StringComparison.Ordinal);
        Assert.True(written.Contains("REDACTED", StringComparison.Ordinal), written);
    }

    [Theory]
    [InlineData("""{"type":"\ud800","private_key":"k"}""")]
    [InlineData("""{"\udc00":1,"type":"service_account"}""")]
    [InlineData("""{"type":"service_account","client_email":"a\ud800"}""")]
    public async Task CreateAsync_BigQueryKeyFileWithALoneSurrogateEscape_SentOrRefusedByValidation(string keyFile)
    {
        using var client = AnsweringClient.Create(_ => ScriptedImmuta.Started("1", "creating"));
        var definition = new BigQueryIntegration { AutoBootstrap = true, Config = new BigQueryConfig { Credential = new SecretString(keyFile) } };

        try
        {
            _ = await client.Integrations.CreateAsync(ImmutaWaitUntil.Started, definition, Ct);
        }
        catch (IntegrationValidationException error)
        {
            Assert.DoesNotContain("private_key", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("""{"\ud800":1,"type":"service_account","private_key":"pk-Secret-4410-never"}""")]
    [InlineData("""{"type":"service_account","nested":{"\udc00x":{"private_key":"pk-Secret-4410-never"}}}""")]
    public async Task CreateAsync_KeyFileWithALoneSurrogateNameAndAnErrorEchoingItsKey_ApiExceptionWithTheKeyScrubbed(string keyFile)
    {
        using var client = AnsweringClient.Create(
            _ => ScriptedImmuta.Error(HttpStatusCode.BadRequest, "bad key pk-Secret-4410-never"),
            new ImmutaClientOptions { ValidateBeforeSending = false });
        var definition = new BigQueryIntegration { AutoBootstrap = true, Config = new BigQueryConfig { Credential = new SecretString(keyFile) } };

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Started, definition, Ct));

        Assert.DoesNotContain("pk-Secret-4410-never", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("pk-Secret-4410-never", error.GetRawResponse()!.Content, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ImmutaRequestFormat.Json)]
    [InlineData(ImmutaRequestFormat.Yaml)]
    public async Task EveryWrite_UserCredentialWithALoneSurrogate_SerializationExceptionNothingSentNothingPrinted(ImmutaRequestFormat format)
    {
        var sent = 0;
        using var client = AnsweringClient.Create(
            _ => { Interlocked.Increment(ref sent); return ScriptedImmuta.Error(HttpStatusCode.BadRequest, "no"); },
            new ImmutaClientOptions { RequestFormat = format, ValidateBeforeSending = false });
        var definition = new SnowflakeIntegration { AutoBootstrap = true, Config = new SnowflakeConfig { Host = "h", Password = new SecretString("pw-Secret-\uD800-3310") } };
        var credentials = new SnowflakeDeleteCredentials { Username = "u", Password = new SecretString("pw-Secret-\uD800-3310") };
        Func<Task>[] calls =
        [
            () => client.Integrations.CreateAsync(ImmutaWaitUntil.Started, definition, Ct),
            () => client.Integrations.UpdateAsync(ImmutaWaitUntil.Started, "1", definition, Ct),
            () => client.Integrations.ValidateAsync(definition, Ct),
            () => client.Integrations.Scripts.CreateAsync(definition, Ct),
            () => client.Integrations.DeleteAsync(ImmutaWaitUntil.Started, "1", new DeleteIntegrationOptions { Credentials = credentials }, Ct),
        ];

        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<ImmutaSerializationException>(call);
            Assert.DoesNotContain("3310", error.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(0, sent);
        Assert.DoesNotContain("3310", definition.ToString(), StringComparison.Ordinal);
    }

    // What a caller does with a value: print it, write it as JSON, YAML and a definition file, redact it.
    private static void AssertPrintable<T>(T value)
    {
        _ = value!.ToString();
        foreach (var write in new Func<string>[]
        {
            () => ImmutaJson.Serialize(value),
            () => ImmutaYaml.Serialize(value),
            () => IntegrationDefinitionFile.Format(value, IntegrationFileFormat.Yaml),
            () => ImmutaRedaction.PrintJson(ImmutaJson.Serialize(value)),
            () => ImmutaYaml.FromJson(ImmutaJson.Serialize(value)),
            () => ImmutaJson.Serialize(ImmutaJson.Deserialize<IntegrationDefinition>(ImmutaJson.Serialize(value))),
        })
        {
            try
            {
                _ = write();
            }
            catch (ImmutaException error)
            {
                _ = error.ToString();
            }
        }
    }
}
