using Xunit;

namespace Immuta.Client.Tests.Attack;

/// <summary>
/// "Whatever Immuta accepts goes through": the delete of an integration of a platform this SDK does not know (spec §15
/// RS-1, Amazon Redshift Spectrum, set up with <c>autoBootstrap: true</c>) may take the setup credentials, as Snowflake's,
/// Redshift's and Synapse's do. The SDK lets Immuta decide (<see cref="IntegrationDeleteCredentials.RefusalFor"/> is
/// <see langword="null"/> for it), and its credentials are read from a file as <see cref="UnknownDeleteCredentials"/>, every
/// member kept (they could not be read, nor built as a model, before).
/// </summary>
public sealed class UnknownPlatformDeleteAttackTests
{
    private static readonly IntegrationType Spectrum = new("Redshift Spectrum");

    [Fact]
    public void RefusalFor_PlatformThisSdkDoesNotKnow_NoRefusalImmutaDecides()
    {
        Assert.Null(IntegrationDeleteCredentials.RefusalFor(new UnknownIntegration(Spectrum) { AutoBootstrap = true }));
    }

    [Fact]
    public void ParseDeleteCredentials_PlatformThisSdkDoesNotKnow_EveryMemberKeptForImmutaToDecide()
    {
        var credentials = IntegrationDefinitionFile.ParseDeleteCredentials(
            """{"authenticationType":"userPassword","username":"admin","password":"s3cret","role":"spectrum_admin"}""",
            Spectrum, IntegrationFileFormat.Json, environment: _ => null);

        Assert.Equal("userPassword", credentials.AuthenticationType?.Value);
        Assert.Contains("{\"authenticationType\":\"userPassword\",\"username\":\"admin\"", ImmutaJson.Serialize(credentials), StringComparison.Ordinal);
    }
}
