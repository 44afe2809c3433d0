using System.Text.Json;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Serialization;

/// <summary>
/// Models written by System.Text.Json with options that are not the SDK's (as logging libraries and web frameworks do)
/// show no credential; the SDK's own writers (request bodies, <see cref="ImmutaJson"/>, definition files) keep them.
/// </summary>
public sealed class ForeignJsonOptionsTests
{
    private const string Password = "pa55-Foreign-7731";
    private const string UnknownToken = "tok-Foreign-8842";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Reflection-based options, as JsonSerializer.Serialize(model) and new JsonSerializerOptions() give.
    private static readonly JsonSerializerOptions Defaults = new();

    private static SnowflakeIntegration Definition() => new()
    {
        AutoBootstrap = true,
        Config = new SnowflakeConfig
        {
            Host = "acme.snowflakecomputing.com",
            Warehouse = "WH",
            Database = "DB",
            AuthenticationType = AuthenticationType.UserPassword,
            Username = "admin",
            Password = Password,
            AdditionalProperties = new Dictionary<string, JsonElement> { ["accessToken"] = JsonSerializer.SerializeToElement(UnknownToken, Defaults) },
        },
    };

    public static TheoryData<string> Shapes() => new("SecretStringAlone", "Definition", "DefinitionAsBase", "DefinitionAsObject", "Config", "Integration", "ListOfIntegrations", "DeleteCredentials", "UnknownDeleteCredentials", "WebOptions", "DefaultSerializeCall");

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Serialize_ForeignOptions_CredentialsMasked(string shape)
    {
        var definition = Definition();
        var integration = new Integration { Id = "1", Status = IntegrationStatus.Enabled, Definition = definition };

        var json = shape switch
        {
            "SecretStringAlone" => JsonSerializer.Serialize(new SecretString(Password), Defaults),
            "Definition" => JsonSerializer.Serialize(definition, Defaults),
            "DefinitionAsBase" => JsonSerializer.Serialize<IntegrationDefinition>(definition, Defaults),
            "DefinitionAsObject" => JsonSerializer.Serialize<object>(definition, Defaults),
            "Config" => JsonSerializer.Serialize(definition.Config, Defaults),
            "Integration" => JsonSerializer.Serialize(integration, Defaults),
            "ListOfIntegrations" => JsonSerializer.Serialize(new[] { integration }, Defaults),
            "DeleteCredentials" => JsonSerializer.Serialize(new SnowflakeDeleteCredentials { Username = "admin", Password = Password, AdditionalProperties = definition.Config!.AdditionalProperties }, Defaults),
            "UnknownDeleteCredentials" => JsonSerializer.Serialize<IntegrationDeleteCredentials>(
                new UnknownDeleteCredentials
                {
                    AdditionalProperties = new Dictionary<string, JsonElement>(definition.Config!.AdditionalProperties!) { ["password"] = JsonSerializer.SerializeToElement(Password, Defaults) },
                },
                Defaults),
            "WebOptions" => JsonSerializer.Serialize(new { integration, definition }, JsonSerializerOptions.Web),
            "DefaultSerializeCall" => JsonSerializer.Serialize(definition) + JsonSerializer.Serialize(integration),
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
        };

        Assert.DoesNotContain(Password, json, StringComparison.Ordinal);
        Assert.DoesNotContain(UnknownToken, json, StringComparison.Ordinal);
        Assert.Contains("***", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_ForeignOptions_PlainMembersKept()
    {
        var json = JsonSerializer.Serialize<IntegrationDefinition>(Definition(), Defaults);

        var config = JsonDocument.Parse(json).RootElement.GetProperty("config");
        Assert.Equal("acme.snowflakecomputing.com", config.GetProperty("host").GetString());
        Assert.Equal("admin", config.GetProperty("username").GetString());
        Assert.Equal("***", config.GetProperty("password").GetString());
        Assert.Equal("***", config.GetProperty("accessToken").GetString());
    }

    [Fact]
    public void Serialize_UnknownPlatformWithForeignOptions_ConfigCredentialsMasked()
    {
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>("""{"type":"Redshift Spectrum","config":{"host":"h","password":"pa55-Foreign-7731","creds":[{"sasToken":"tok-Foreign-8842"}]}}""");

        var json = JsonSerializer.Serialize((UnknownIntegration)definition, Defaults) + JsonSerializer.Serialize(definition, Defaults);

        Assert.DoesNotContain(Password, json, StringComparison.Ordinal);
        Assert.DoesNotContain(UnknownToken, json, StringComparison.Ordinal);
    }

    [Fact]
    public void SdkWriters_KeepRealValues()
    {
        var definition = Definition();

        var written = new[]
        {
            ImmutaJson.Serialize<IntegrationDefinition>(definition),
            ImmutaJson.Serialize<IntegrationDefinition>(definition, indented: true),
            JsonSerializer.Serialize<IntegrationDefinition>(definition, ImmutaJson.Options),
            IntegrationDefinitionFile.Format<IntegrationDefinition>(definition),
            IntegrationDefinitionFile.Format<IntegrationDefinition>(definition, IntegrationFileFormat.Yaml),
            ImmutaJson.Serialize(new Integration { Id = "1", Definition = definition }),
        };

        Assert.All(written, text => Assert.Contains(Password, text, StringComparison.Ordinal));
        Assert.All(written, text => Assert.Contains(UnknownToken, text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RequestBody_KeepsRealValues()
    {
        using var stub = new StubImmuta();
        stub.Reply("POST", "/integrations", 200, """{"id":"5","status":"creating"}""");

        await stub.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition(), Ct);

        var body = stub.SingleRequest().Body!;
        Assert.Contains(Password, body, StringComparison.Ordinal);
        Assert.Contains(UnknownToken, body, StringComparison.Ordinal);
    }
}
