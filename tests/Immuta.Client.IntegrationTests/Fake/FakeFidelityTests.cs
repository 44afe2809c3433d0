using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Fake;

/// <summary>
/// The fake answers as Immuta does (spec §15): <c>&lt;REDACTED&gt;</c> and apostrophes written literally (GEN-1), the S3
/// validation tests of S3-2, a platform the SDK does not know handled like the others; and it refuses a request member
/// of the wrong type naming its path, as a definition file is refused, instead of storing it.
/// </summary>
public sealed class FakeFidelityTests : IAsyncLifetime
{
    private readonly FakeImmutaServer _fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
    private readonly HttpClient _http = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    // ---- GEN-1: literal <REDACTED> and apostrophes ----

    [Theory]
    [InlineData("GET /integrations/1")]
    [InlineData("GET /integrations")]
    public async Task Read_RedactedCredential_WrittenLiterally(string route)
    {
        await SendAsync("POST /integrations", Examples.Read("post-integrations.snowflake.userPassword.request.json"));

        var (status, body) = await SendAsync(route);

        Assert.Equal(200, status);
        Assert.Contains("\"password\":\"<REDACTED>\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u003C", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Create_NativeS3_ValidationTestsOfS3Two_ApostropheWrittenLiterally()
    {
        var (status, body) = await SendAsync("POST /integrations", Examples.Read("post-integrations.s3.accessKey.request.json"));

        Assert.Equal(200, status);
        Assert.Contains("\"The provided AWS credentials allow fetching the caller's identity via the AWS STS API\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0027", body, StringComparison.OrdinalIgnoreCase);
        var names = ImmutaJson.Deserialize<IntegrationOperationResult>(body).ValidationResults!.ValidationTests!.Select(t => t.Name).ToList();
        Assert.Equal(
            [
                "There is no existing integration matching this configuration",
                "The provided integration name is unique across Immuta S3 integrations",
                "The provided access grants location role is a valid ARN format",
                "The provided AWS credentials allow fetching the caller's identity via the AWS STS API",
                "An AWS Access Grants instance is configured in the provided AWS account and region",
            ],
            names);
    }

    [Fact]
    public async Task ErrorBody_MessageWithAngleBracketsAndApostrophes_WrittenLiterally()
    {
        _fake.RejectNext(FakeRequestKind.Create, System.Net.HttpStatusCode.BadRequest, "can't use <REDACTED> & friends");

        var (status, body) = await SendAsync("POST /integrations", Examples.Read("post-integrations.trino.request.json"));

        Assert.Equal(400, status);
        Assert.Contains("\"message\":\"can't use <REDACTED> & friends\"", body, StringComparison.Ordinal);
    }

    // ---- A member of the wrong type is refused naming its path ----

    public static TheoryData<string, string, string> MistypedMembers() => new()
    {
        { "POST /integrations", "\"port\":\"abc\"", "$.config.port" },
        { "POST /integrations", "\"port\":1e999", "$.config.port" },
        { "POST /integrations", "\"lineage\":{\"enabled\":\"yes\"}", "$.config.lineage.enabled" },
        { "POST /integrations?dryRun=true", "\"port\":\"abc\"", "$.config.port" },
        { "POST /integrations/scripts/create", "\"port\":\"abc\"", "$.config.port" },
    };

    [Theory]
    [MemberData(nameof(MistypedMembers))]
    public async Task Request_ConfigMemberOfTheWrongType_400NamingThePathNothingStored(string route, string member, string path)
    {
        var body = Manual().Replace("\"warehouse\":", member + ",\"warehouse\":", StringComparison.Ordinal);
        Assert.Contains(member, body, StringComparison.Ordinal);

        var (status, answer) = await SendAsync(route, body);

        Assert.True(status == 400, answer);
        Assert.Contains($"at {path}: expected ", Message(answer), StringComparison.Ordinal);
        Assert.Empty(_fake.Integrations);
    }

    [Fact]
    public async Task Create_AutoBootstrapAString_400NamingThePath()
    {
        var (status, answer) = await SendAsync("POST /integrations", Manual().Replace("\"autoBootstrap\":false", "\"autoBootstrap\":\"yes\"", StringComparison.Ordinal));

        Assert.Equal(400, status);
        Assert.Equal("Invalid request body: Could not read IntegrationDefinition at $.autoBootstrap: expected a boolean (true or false), found a string.", Message(answer));
        Assert.Empty(_fake.Integrations);
    }

    [Fact]
    public async Task Create_YamlPortAString_400NamingThePath()
    {
        var yaml = ImmutaYaml.Serialize(ImmutaJson.Deserialize<IntegrationDefinition>(Manual())).Replace("warehouse:", "port: abc\n  warehouse:", StringComparison.Ordinal);
        Assert.Contains("port: abc", yaml, StringComparison.Ordinal);

        var (status, answer) = await SendAsync("POST /integrations", yaml, "application/yaml");

        Assert.True(status == 400, answer);
        Assert.Contains("at $.config.port: expected ", Message(answer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_MemberOfTheWrongType_400AndTheIntegrationUnchanged()
    {
        await SendAsync("POST /integrations", Manual());
        await SendAsync("GET /integrations/1/status"); // settles
        var before = await SendAsync("GET /integrations/1");

        var (status, answer) = await SendAsync("PUT /integrations/1", Manual().Replace("\"warehouse\":", "\"port\":\"abc\",\"warehouse\":", StringComparison.Ordinal));

        Assert.Equal(400, status);
        Assert.Contains("at $.config.port", Message(answer), StringComparison.Ordinal);
        Assert.Equal(before, await SendAsync("GET /integrations/1"));
    }

    [Fact]
    public async Task Delete_CredentialOfTheWrongType_400NamingThePathAndTheIntegrationStays()
    {
        await SendAsync("POST /integrations", Examples.Read("post-integrations.snowflake.userPassword.request.json"));
        await SendAsync("GET /integrations/1/status"); // settles

        var (status, answer) = await SendAsync("DELETE /integrations/1", """{"authenticationType":"userPassword","username":"u","password":{"nested":"abc1234"}}""");

        Assert.Equal(400, status);
        Assert.Contains("at $.password: expected ", Message(answer), StringComparison.Ordinal);
        Assert.DoesNotContain("abc1234", answer, StringComparison.Ordinal);
        Assert.Equal(IntegrationStatus.Enabled, Assert.Single(_fake.Integrations).Status);
    }

    // ---- A platform the SDK does not know ----

    private const string Spectrum = """
        {"type":"Amazon Redshift Spectrum","autoBootstrap":false,"config":{"host":"spectrum.example.com","apiToken":"tok-123","nested":{"clientSecret":"cs-456","note":"it's <fine>"},"list":[{"password":"pw-789"}]},"sessionKey":"sk-000"}
        """;

    // A platform the SDK does not know is a warning at most (issue 13 item 1): the fake stores, lists, settles, updates and
    // deletes it like the others, its credentials redacted on read. Never a 400, never a crash.
    [Fact]
    public async Task UnknownPlatform_Create_HandledLikeTheOthers()
    {
        var (created, answer) = await SendAsync("POST /integrations", Spectrum);

        Assert.True(created == 200, answer);
        await SendAsync("GET /integrations/1/status");
        var (status, body) = await SendAsync("GET /integrations/1");
        var (_, list) = await SendAsync("GET /integrations");
        Assert.Equal(200, status);
        JsonAssert.Equivalent(
            """
            {"id":"1","status":"enabled","validationResults":{"status":"passed","validationTests":[]},"type":"Amazon Redshift Spectrum","autoBootstrap":false,
             "config":{"host":"spectrum.example.com","apiToken":"<REDACTED>","nested":{"clientSecret":"<REDACTED>","note":"it's <fine>"},"list":[{"password":"<REDACTED>"}]},"sessionKey":"<REDACTED>"}
            """,
            body);
        Assert.Single(JsonDocument.Parse(list).RootElement.EnumerateArray());
        foreach (var secret in new[] { "tok-123", "cs-456", "pw-789", "sk-000" })
        {
            Assert.DoesNotContain(secret, body + list, StringComparison.Ordinal);
        }

        var (updated, edit) = await SendAsync("PUT /integrations/1", Spectrum.Replace("tok-123", "tok-999", StringComparison.Ordinal));
        await SendAsync("GET /integrations/1/status");
        var (deleted, _) = await SendAsync("DELETE /integrations/1");
        await SendAsync("GET /integrations/1/status");
        Assert.True(updated == 200, edit);
        Assert.Equal(200, deleted);
        Assert.Empty(_fake.Integrations);
    }

    [Fact]
    public void AsRead_UnknownPlatform_EveryCredentialNamedMemberRedactedTheRestAsStored()
    {
        var stored = ImmutaJson.Deserialize<IntegrationDefinition>(Spectrum);

        var read = ImmutaJson.Serialize(FakeCatalog.AsRead(stored));

        JsonAssert.Equivalent(
            """
            {"type":"Amazon Redshift Spectrum","autoBootstrap":false,
             "config":{"host":"spectrum.example.com","apiToken":"<REDACTED>","nested":{"clientSecret":"<REDACTED>","note":"it's <fine>"},"list":[{"password":"<REDACTED>"}]},"sessionKey":"<REDACTED>"}
            """,
            read);
        JsonAssert.Equivalent(Spectrum, ImmutaJson.Serialize(stored));
    }

    [Fact]
    public async Task KnownPlatform_UnknownCredentialMember_RedactedOnReadKeptStored()
    {
        var body = Manual().Replace("\"warehouse\":", "\"sasToken\":\"sas-123\",\"extra\":{\"apiKey\":\"key-456\",\"keep\":1},\"warehouse\":", StringComparison.Ordinal)
            .Replace("{\"type\"", "{\"refreshToken\":\"rt-789\",\"type\"", StringComparison.Ordinal);
        Assert.Contains("rt-789", body, StringComparison.Ordinal);
        Assert.Contains("sas-123", body, StringComparison.Ordinal);
        var (created, answer) = await SendAsync("POST /integrations", body);
        Assert.True(created == 200, answer);

        var (_, read) = await SendAsync("GET /integrations/1");

        using var document = JsonDocument.Parse(read);
        var config = document.RootElement.GetProperty("config");
        Assert.Equal("<REDACTED>", config.GetProperty("sasToken").GetString());
        Assert.Equal("<REDACTED>", config.GetProperty("extra").GetProperty("apiKey").GetString());
        Assert.Equal(1, config.GetProperty("extra").GetProperty("keep").GetInt32());
        Assert.Equal("<REDACTED>", document.RootElement.GetProperty("refreshToken").GetString());
        Assert.DoesNotContain("sas-123", read, StringComparison.Ordinal);
        Assert.DoesNotContain("key-456", read, StringComparison.Ordinal);
        Assert.DoesNotContain("rt-789", read, StringComparison.Ordinal);
    }

    private static string Manual()
        => JsonSerializer.Serialize(JsonDocument.Parse(Examples.Read("post-integrations.snowflake.userPassword.manual.s002.request.json")).RootElement);

    private async Task<(int Status, string Body)> SendAsync(string route, string? body = null, string contentType = "application/json")
    {
        var (method, path) = (route.Split(' ')[0], route.Split(' ')[1]);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(_fake.Uri, path.TrimStart('/')));
        request.Headers.TryAddWithoutValidation("Authorization", _fake.ApiKey);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        using var response = await _http.SendAsync(request, Ct);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static string? Message(string answer)
    {
        using var document = JsonDocument.Parse(answer);
        return document.RootElement.GetProperty("message").GetString();
    }
}
