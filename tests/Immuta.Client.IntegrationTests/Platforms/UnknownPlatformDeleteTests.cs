using System.Text.Json;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Platforms;

/// <summary>
/// The delete of an integration of a platform this SDK does not know (spec §15 RS-1, Amazon Redshift Spectrum): its
/// credentials (<see cref="UnknownDeleteCredentials"/>) are sent with every member, and the fake, like Immuta, decides.
/// </summary>
public sealed class UnknownPlatformDeleteTests : IAsyncLifetime
{
    private const string Secret = "pw-spectrum-4417";

    private static readonly IntegrationType Spectrum = new("Amazon Redshift Spectrum");

    private readonly FakeImmutaServer _fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
    private ImmutaClient? _client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ImmutaClient Client => _client ??= _fake.CreateClient(new ImmutaClientOptions { Polling = TestBackend.FastPolling });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        await _fake.DisposeAsync();
    }

    private async Task<string> CreateSpectrumAsync(bool autoBootstrap)
    {
        var definition = new UnknownIntegration(Spectrum)
        {
            AutoBootstrap = autoBootstrap,
            Config = JsonDocument.Parse("""{"host":"spectrum.example.com","database":"dev"}""").RootElement.Clone(),
        };
        return (await Client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, definition, Ct)).Id;
    }

    private static IntegrationDeleteCredentials Credentials()
        => IntegrationDefinitionFile.ParseDeleteCredentials(
            $$"""{"authenticationType":"userPassword","username":"admin","password":"{{Secret}}","options":{"drop":true},"role":"spectrum_admin"}""",
            Spectrum, IntegrationFileFormat.Json, _ => null);

    [Fact]
    public async Task DeleteAsync_UnknownPlatformSetUpAutomaticallyWithCredentials_BodyArrivesWithEveryMemberAndDeletes()
    {
        var id = await CreateSpectrumAsync(autoBootstrap: true);

        await Client.Integrations.DeleteAsync(ImmutaWaitUntil.Completed, id, new DeleteIntegrationOptions { Credentials = Credentials() }, Ct);

        var delete = Assert.Single(_fake.Journal, r => r.Method == "DELETE");
        Assert.Equal(200, delete.StatusCode);
        Assert.Equal("""{"authenticationType":"userPassword","username":"admin","password":"***","options":{"drop":true},"role":"spectrum_admin"}""", delete.Body);
        Assert.Empty(_fake.Integrations);
    }

    [Fact]
    public async Task DeleteAsync_UnknownPlatformSetUpAutomaticallyWithoutCredentials_Deletes()
    {
        var id = await CreateSpectrumAsync(autoBootstrap: true);

        await Client.Integrations.DeleteAsync(ImmutaWaitUntil.Completed, id, cancellationToken: Ct);

        Assert.Empty(_fake.Integrations);
    }

    [Fact]
    public async Task DeleteAsync_UnknownPlatformSetUpByHandWithCredentials_Rejected400()
    {
        var id = await CreateSpectrumAsync(autoBootstrap: false);

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(
            () => Client.Integrations.DeleteAsync(ImmutaWaitUntil.Completed, id, new DeleteIntegrationOptions { Credentials = Credentials() }, Ct));

        Assert.Contains("Credentials are not required for disable unless the integration was configured automatically.", error.Message, StringComparison.Ordinal);
        Assert.Single(_fake.Integrations);
    }

    [Fact]
    public async Task DeleteAsync_UnknownPlatformCredentialsWithMistypedAuthenticationType_Rejected400NamingThePath()
    {
        var id = await CreateSpectrumAsync(autoBootstrap: true);
        using var client = _fake.CreateClient(new ImmutaClientOptions { ValidateBeforeSending = false, Polling = TestBackend.FastPolling });
        var credentials = new UnknownDeleteCredentials
        {
            AdditionalProperties = new Dictionary<string, JsonElement> { ["authenticationType"] = JsonDocument.Parse("7").RootElement.Clone() },
        };

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(
            () => client.Integrations.DeleteAsync(ImmutaWaitUntil.Completed, id, new DeleteIntegrationOptions { Credentials = credentials }, Ct));

        Assert.Contains("authenticationType", error.Message, StringComparison.Ordinal);
        Assert.Single(_fake.Integrations);
    }
}
