using Xunit;

namespace Immuta.Client.Tests.Attack;

/// <summary>
/// "Whatever Immuta accepts goes through": the delete of an integration of a platform this SDK does not know (spec §15
/// RS-1, Amazon Redshift Spectrum, set up with <c>autoBootstrap: true</c>) may take the setup credentials, as Snowflake's,
/// Redshift's and Synapse's do. The SDK lets Immuta decide (<see cref="IntegrationDeleteCredentials.RefusalFor"/> is
/// <see langword="null"/> for it), yet its credentials cannot be read from a file, nor built as a model.
/// </summary>
public sealed class UnknownPlatformDeleteAttackTests
{
    private static readonly IntegrationType Spectrum = new("Redshift Spectrum");

    [Fact]
    public void RefusalFor_PlatformThisSdkDoesNotKnow_NoRefusalImmutaDecides()
    {
        Assert.Null(IntegrationDeleteCredentials.RefusalFor(new UnknownIntegration(Spectrum) { AutoBootstrap = true }));
    }

    [Fact(Skip = "Broken promise, not fixed (a public API change): IntegrationDeleteCredentials has a private protected "
        + "constructor and no record for a platform the SDK does not know, so ParseDeleteCredentials/LoadDeleteCredentialsAsync "
        + "throw ArgumentException (\"not a platform this SDK knows\") and the tool's delete --credentials exits with a usage "
        + "error, although RefusalFor lets Immuta decide. Needs an UnknownDeleteCredentials (every member kept, as UnknownIntegration).")]
    public void ParseDeleteCredentials_PlatformThisSdkDoesNotKnow_EveryMemberKeptForImmutaToDecide()
    {
        var credentials = IntegrationDefinitionFile.ParseDeleteCredentials(
            """{"authenticationType":"userPassword","username":"admin","password":"s3cret","role":"spectrum_admin"}""",
            Spectrum, IntegrationFileFormat.Json, environment: _ => null);

        Assert.Equal("userPassword", credentials.AuthenticationType?.Value);
        Assert.Contains("{\"authenticationType\":\"userPassword\",\"username\":\"admin\"", ImmutaJson.Serialize(credentials), StringComparison.Ordinal);
    }
}
