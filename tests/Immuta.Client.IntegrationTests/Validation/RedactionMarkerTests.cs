using System.Text.Json;
using System.Text.Json.Nodes;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Validation;

/// <summary>
/// The server's marker <c>&lt;REDACTED&gt;</c> never goes back to it: any string member of any request body (typed or
/// unknown, at any depth) equal to it is refused before sending, naming each path, whatever
/// <see cref="ImmutaClientOptions.ValidateBeforeSending"/> says.
/// </summary>
public sealed class RedactionMarkerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<bool> ValidationOnAndOff() => new(true, false);

    [Theory]
    [MemberData(nameof(ValidationOnAndOff))]
    public async Task UpdateAsync_GetThenRealPasswordSet_RefusedNamingTheRedactedUsername(bool validateBeforeSending)
    {
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = fake.CreateClient(new ImmutaClientOptions { ValidateBeforeSending = validateBeforeSending, Polling = TestBackend.FastPolling });
        var created = await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, Example("post-integrations.snowflake.userPassword.request.json"), Ct);
        var fetched = (SnowflakeIntegration)(await client.Integrations.GetAsync(created.Id, Ct)).Definition;
        var changed = fetched with { Config = fetched.Config! with { Password = "the-real-password" } };
        var sentBefore = fake.Journal.Count;

        var error = await Assert.ThrowsAsync<IntegrationValidationException>(() => client.Integrations.UpdateAsync(ImmutaWaitUntil.Started, created.Id, changed, Ct));

        Assert.Contains(error.Errors, e => e.Path == "config.username" && e.Rule == IntegrationValidationRules.RedactedCredential);
        Assert.Contains("config.username", error.Message, StringComparison.Ordinal);
        Assert.Equal(sentBefore, fake.Journal.Count);
    }

    [Theory]
    [MemberData(nameof(ValidationOnAndOff))]
    public async Task UpdateAsync_TrinoGetThenPut_RedactedApiKeyRefusedAndNothingSent(bool validateBeforeSending)
    {
        using var stub = new StubImmuta(new ImmutaClientOptions { ValidateBeforeSending = validateBeforeSending, Retry = StubImmuta.NoRetries });
        stub.Reply("GET", "/integrations/9", 200, """{"id":"9","status":"enabled","type":"Trino","config":{"apiKey":"<REDACTED>","host":"trino.example.com"}}""");
        stub.Reply("PUT", "/integrations/9", 200, """{"id":"9","status":"editing"}""");
        var fetched = await stub.Integrations.GetAsync("9", Ct);

        var error = await Assert.ThrowsAsync<IntegrationValidationException>(() => stub.Integrations.UpdateAsync(ImmutaWaitUntil.Started, "9", fetched.Definition, Ct));

        Assert.Equal(["config.apiKey"], error.Errors.Select(e => e.Path));
        Assert.DoesNotContain(stub.Requests("/integrations/9"), r => r.Method == "PUT");
    }

    [Fact]
    public void Validate_DeleteCredentialsWithRedactedUsername_ReportsUsername()
    {
        var errors = new SnowflakeDeleteCredentials { AuthenticationType = AuthenticationType.UserPassword, Username = "<REDACTED>", Password = "real" }.Validate();

        var error = Assert.Single(errors);
        Assert.Equal("username", error.Path);
        Assert.Equal(IntegrationValidationRules.RedactedCredential, error.Rule);
    }

    [Fact]
    public async Task DeleteAsync_CredentialsWithRedactedUsername_RefusedEvenWithValidationOff()
    {
        using var stub = new StubImmuta(new ImmutaClientOptions { ValidateBeforeSending = false, Retry = StubImmuta.NoRetries });
        stub.Reply("DELETE", "/integrations/3", 200, """{"id":"3","status":"deleting"}""");
        var options = new DeleteIntegrationOptions { Credentials = new SnowflakeDeleteCredentials { Username = "<REDACTED>", Password = "real" } };

        var error = await Assert.ThrowsAsync<IntegrationValidationException>(() => stub.Integrations.DeleteAsync(ImmutaWaitUntil.Started, "3", options, Ct));

        Assert.Equal(["username"], error.Errors.Select(e => e.Path));
        Assert.Empty(stub.Server.LogEntries);
    }

    /// <summary>Where the marker stands and how it is spelled; the expected paths.</summary>
    public static TheoryData<string, string> Markers() => new()
    {
        { "TypedStringMember", "config.role" },
        { "LowerCase", "config.role" },
        { "SurroundingSpaces", "config.role" },
        { "UnknownTopLevelMember", "apiKey" },
        { "UnknownNestedObject", "config.oAuthClientConfig.refreshToken" },
        { "InsideAnArrayOfObjects", "config.connections[1].password" },
        { "ArrayItem", "config.hosts[0]" },
        { "EveryCharacterEscaped", "config.note" },
        { "SeveralAtOnce", "config.username, config.role, config.connections[0].password" },
    };

    [Theory]
    [MemberData(nameof(Markers))]
    public async Task CreateAsync_MarkerInAnyStringMember_RefusedNamingEachPathWithValidationOff(string where, string paths)
    {
        using var stub = new StubImmuta(new ImmutaClientOptions { ValidateBeforeSending = false, Retry = StubImmuta.NoRetries });
        var definition = Definition(where);

        var error = await Assert.ThrowsAsync<IntegrationValidationException>(() => stub.Integrations.CreateAsync(ImmutaWaitUntil.Started, definition, Ct));

        Assert.Equal(paths, string.Join(", ", error.Errors.Select(e => e.Path)));
        Assert.Empty(stub.Server.LogEntries);
    }

    [Theory]
    [MemberData(nameof(Markers))]
    public void Validate_MarkerInAnyStringMember_Reported(string where, string paths)
    {
        var errors = Definition(where).Validate();

        Assert.All(paths.Split(", "), path => Assert.Contains(errors, e => e.Path == path && e.Rule == IntegrationValidationRules.RedactedCredential));
    }

    [Fact]
    public async Task ScriptsCreateAsync_RedactedUsername_RefusedWithValidationOff()
    {
        using var stub = new StubImmuta(new ImmutaClientOptions { ValidateBeforeSending = false, Retry = StubImmuta.NoRetries });
        var definition = Definition("TypedStringMember") with { AutoBootstrap = false };

        var error = await Assert.ThrowsAsync<IntegrationValidationException>(() => stub.Integrations.Scripts.CreateAsync(definition, Ct));

        Assert.Equal(["config.role"], error.Errors.Select(e => e.Path));
        Assert.Empty(stub.Server.LogEntries);
    }

    [Fact]
    public async Task CreateAsync_MarkerInsideALongerValueOrPlainRedacted_SentAsIs()
    {
        using var stub = new StubImmuta(new ImmutaClientOptions { ValidateBeforeSending = false, Retry = StubImmuta.NoRetries });
        stub.Reply("POST", "/integrations", 200, """{"id":"5","status":"creating"}""");
        var definition = Snowflake() with
        {
            AdditionalProperties = new Dictionary<string, JsonElement>
            {
                ["note"] = JsonSerializer.SerializeToElement("values shown as <REDACTED> come from a GET"),
                ["token"] = JsonSerializer.SerializeToElement("REDACTED"),
            },
        };

        await stub.Integrations.CreateAsync(ImmutaWaitUntil.Started, definition, Ct);

        var sent = JsonNode.Parse(stub.SingleRequest().Body!)!;
        Assert.Equal("values shown as <REDACTED> come from a GET", sent["note"]!.GetValue<string>());
        Assert.Equal("REDACTED", sent["token"]!.GetValue<string>());
    }

    private static SnowflakeIntegration Snowflake() => (SnowflakeIntegration)Example("post-integrations.snowflake.userPassword.request.json");

    private static IntegrationDefinition Definition(string where)
    {
        var snowflake = Snowflake();
        var config = snowflake.Config!;
        SnowflakeIntegration WithConfigExtra(string json) => snowflake with
        {
            Config = config with { AdditionalProperties = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json) },
        };

        return where switch
        {
            "TypedStringMember" => snowflake with { Config = config with { Role = "<REDACTED>" } },
            "LowerCase" => snowflake with { Config = config with { Role = "<redacted>" } },
            "SurroundingSpaces" => snowflake with { Config = config with { Role = "  <REDACTED> " } },
            "UnknownTopLevelMember" => snowflake with { AdditionalProperties = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("""{"apiKey":"<REDACTED>"}""") },
            "UnknownNestedObject" => snowflake with
            {
                Config = config with
                {
                    OAuthClientConfig = new OAuthClientConfig
                    {
                        ClientId = "c",
                        AdditionalProperties = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("""{"refreshToken":"\u003CREDACTED\u003E"}"""),
                    },
                },
            },
            "InsideAnArrayOfObjects" => WithConfigExtra("""{"connections":[{"password":"real"},{"password":"<REDACTED>"}]}"""),
            "ArrayItem" => WithConfigExtra("""{"hosts":["<REDACTED>","b.example.com"]}"""),
            "EveryCharacterEscaped" => WithConfigExtra("""{"note":"\u003c\u0052\u0045\u0044\u0041\u0043\u0054\u0045\u0044\u003e"}"""),
            "SeveralAtOnce" => snowflake with
            {
                Config = config with
                {
                    Role = "<REDACTED>",
                    Username = "<REDACTED>",
                    AdditionalProperties = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("""{"connections":[{"password":"<REDACTED>"}]}"""),
                },
            },
            _ => throw new ArgumentOutOfRangeException(nameof(where), where, null),
        };
    }

    private static IntegrationDefinition Example(string name) => ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read(name));
}
