using System.Text.Json;
using Xunit;

namespace Immuta.Client.Tests.Serialization;

/// <summary>
/// The delete credentials of a platform this SDK does not know (spec §15 RS-1): read from a file with every member kept,
/// written back as they came, their credentials never printed, and only the <c>&lt;REDACTED&gt;</c> rule applied.
/// </summary>
public sealed class UnknownDeleteCredentialsTests : IDisposable
{
    private const string Secret = "s3cret-spectrum";

    private static readonly IntegrationType Spectrum = new("Amazon Redshift Spectrum");

    private readonly string _folder = Directory.CreateTempSubdirectory("immuta-unknown-delete-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string? Env(string name) => name == "SPECTRUM_PASSWORD" ? Secret : null;

    [Fact]
    public async Task LoadDeleteCredentialsAsync_YamlForPlatformThisSdkDoesNotKnow_EveryMemberKeptPlaceholdersFilled()
    {
        var path = Path.Combine(_folder, "credentials.yaml");
        await File.WriteAllTextAsync(path, "authenticationType: okta\nokta:\n  username: admin\n  password: ${SPECTRUM_PASSWORD}\n  appId: app-1\nrole: spectrum_admin\nport: 5439\n", Ct);

        var credentials = await IntegrationDefinitionFile.LoadDeleteCredentialsAsync(path, Spectrum, Env, Ct);

        var unknown = Assert.IsType<UnknownDeleteCredentials>(credentials);
        Assert.Equal(AuthenticationType.Okta, unknown.AuthenticationType);
        Assert.Equal(
            """{"authenticationType":"okta","okta":{"username":"admin","password":"s3cret-spectrum","appId":"app-1"},"role":"spectrum_admin","port":5439}""",
            ImmutaJson.Serialize(unknown));
    }

    [Fact]
    public void Serialize_ReadFromJson_WrittenBackAsItCame()
    {
        const string json = """{"authenticationType":"userPassword","username":"admin","password":"p","extra":[1,{"a":null}],"flag":true}""";

        var credentials = IntegrationDefinitionFile.ParseDeleteCredentials(json, Spectrum, IntegrationFileFormat.Json, _ => null);

        Assert.Equal(json, ImmutaJson.Serialize(credentials));
    }

    [Fact]
    public void Serialize_BuiltInCode_EveryMemberSent()
    {
        var credentials = new UnknownDeleteCredentials
        {
            AuthenticationType = AuthenticationType.UserPassword,
            AdditionalProperties = new Dictionary<string, JsonElement>
            {
                ["username"] = JsonSerializer.SerializeToElement("admin", ImmutaJson.Options.GetTypeInfo(typeof(string))),
                ["password"] = JsonSerializer.SerializeToElement(Secret, ImmutaJson.Options.GetTypeInfo(typeof(string))),
            },
        };

        Assert.Equal($$"""{"authenticationType":"userPassword","username":"admin","password":"{{Secret}}"}""", ImmutaJson.Serialize<IntegrationDeleteCredentials>(credentials));
    }

    [Theory]
    [InlineData("Databricks")]
    [InlineData("Google BigQuery")]
    [InlineData("Native S3")]
    [InlineData("Trino")]
    public void ParseDeleteCredentials_KnownPlatformTakingNone_ArgumentException(string type)
    {
        var error = Assert.Throws<ArgumentException>(
            () => IntegrationDefinitionFile.ParseDeleteCredentials("""{"authenticationType":"token"}""", new IntegrationType(type), IntegrationFileFormat.Json, _ => null));

        Assert.Contains("takes no credentials", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseDeleteCredentials_MistypedAuthenticationType_NamesItsPath()
    {
        var error = Assert.Throws<ImmutaSerializationException>(
            () => IntegrationDefinitionFile.ParseDeleteCredentials("""{"authenticationType":7}""", Spectrum, IntegrationFileFormat.Json, _ => null));

        Assert.Equal("$.authenticationType", error.JsonPath);
    }

    [Fact]
    public void ToString_CredentialMembers_NamesPrintedValuesNot()
    {
        var credentials = IntegrationDefinitionFile.ParseDeleteCredentials(
            $$"""{"authenticationType":"okta","okta":{"password":"{{Secret}}"},"apiToken":"{{Secret}}"}""", Spectrum, IntegrationFileFormat.Json, _ => null);

        var printed = credentials.ToString();

        Assert.Equal("UnknownDeleteCredentials { AdditionalProperties = [okta, apiToken], AuthenticationType = okta }", printed);
        Assert.DoesNotContain(Secret, printed, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MembersThisSdkDoesNotModel_NoFinding()
    {
        var credentials = IntegrationDefinitionFile.ParseDeleteCredentials(
            """{"authenticationType":"userPassword","username":"admin","password":"p","role":"r"}""", Spectrum, IntegrationFileFormat.Json, _ => null);

        Assert.Empty(credentials.Validate());
    }

    [Fact]
    public void Validate_AngleBracketMarkerInAnyMember_Error()
    {
        var credentials = IntegrationDefinitionFile.ParseDeleteCredentials(
            """{"authenticationType":"okta","okta":{"password":"<REDACTED>"}}""", Spectrum, IntegrationFileFormat.Json, _ => null);

        var finding = Assert.Single(credentials.Validate());

        Assert.True(finding.IsError);
        Assert.Equal(IntegrationValidationRules.RedactedCredential, finding.Rule);
        Assert.Throws<IntegrationValidationException>(credentials.EnsureValid);
    }
}
