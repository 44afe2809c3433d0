using System.Net;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Fake;

/// <summary>
/// A force-disabled integration is not used by Immuta: <see cref="IntegrationsClient.CreateOrAdoptAsync"/> does not
/// adopt it and does not try to re-enable it (a PUT re-enabling it is undocumented), and the fake refuses to edit it.
/// </summary>
public sealed class DisabledIntegrationTests : IAsyncLifetime
{
    private readonly FakeImmutaServer _fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
    private readonly ImmutaClient _client;

    public DisabledIntegrationTests() => _client = _fake.CreateClient(new ImmutaClientOptions { Polling = TestBackend.FastPolling });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IntegrationsClient Integrations => _client.Integrations;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _fake.DisposeAsync();
    }

    private static SnowflakeIntegration Snowflake()
        => (SnowflakeIntegration)ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read("post-integrations.snowflake.userPassword.manual.s002.request.json"));

    private async Task ForceDisabledAsync()
    {
        var created = await Integrations.CreateAsync(ImmutaWaitUntil.Completed, Snowflake(), Ct);
        await Integrations.DeleteAsync(ImmutaWaitUntil.Completed, created.Id, new DeleteIntegrationOptions { ForceDisable = true }, Ct);
        Assert.Equal(IntegrationStatus.Disabled, Assert.Single(_fake.Integrations).Status);
    }

    [Fact]
    public async Task CreateOrAdoptAsync_ForceDisabledOnThatHost_ConflictSayingWhyAndWhatToDo()
    {
        await ForceDisabledAsync();
        var requests = _fake.Journal.Count;

        var error = await Assert.ThrowsAsync<ImmutaConflictException>(() => Integrations.CreateOrAdoptAsync(ImmutaWaitUntil.Completed, Snowflake(), Ct));

        Assert.Equal("1", error.ExistingIntegrationId);
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal(
            "POST /integrations failed with 409 (Conflict): Snowflake integration already exists on host organization.us-east-1.snowflakecomputing.com (id = 1) "
            + "Snowflake integration 1 on organization.us-east-1.snowflakecomputing.com is disabled: Immuta no longer uses it (a disabled integration was force-disabled, "
            + "and no cleanup was done on the platform). It is not adopted or re-enabled, because Immuta does not document that an update re-enables it. "
            + "Delete it (DELETE /integrations/1), remove what it left on the platform, and create the integration again.",
            error.Message);
        Assert.Equal(["POST /integrations", "GET /integrations/1"], _fake.Journal.Skip(requests).Select(r => $"{r.Method} {r.Path}"));
        Assert.Equal(IntegrationStatus.Disabled, Assert.Single(_fake.Integrations).Status);
    }

    [Fact]
    public async Task CreateOrAdoptAsync_AfterDeletingTheDisabledOne_Creates()
    {
        await ForceDisabledAsync();
        await Integrations.DeleteAsync(ImmutaWaitUntil.Completed, "1", cancellationToken: Ct);

        var operation = await Integrations.CreateOrAdoptAsync(ImmutaWaitUntil.Completed, Snowflake(), Ct);

        Assert.False(operation.WasAdopted);
        Assert.Equal(IntegrationStatus.Enabled, operation.Status);
    }

    [Fact]
    public async Task Update_ForceDisabled_ConflictAndStaysDisabled()
    {
        await ForceDisabledAsync();

        var error = await Assert.ThrowsAsync<ImmutaConflictException>(() => Integrations.UpdateAsync(ImmutaWaitUntil.Started, "1", Snowflake(), Ct));

        Assert.Equal("Unable to edit integration with ID 1 in current state disabled.", error.ServerMessage);
        Assert.Equal(IntegrationStatus.Disabled, Assert.Single(_fake.Integrations).Status);
    }

    [Fact]
    public async Task CreateOrAdoptAsync_ConflictNamesAnIntegrationOnAnotherHost_NotAdopted()
    {
        var immuta = new ScriptedImmuta((_, request) => (request.Method.Method, request.RequestUri!.AbsolutePath) switch
        {
            ("POST", "/integrations") => ScriptedImmuta.Error(HttpStatusCode.Conflict, "Snowflake integration already exists on host h (id = 77)"),
            _ => ScriptedImmuta.Integration("77", "enabled"),
        });
        var definition = new SnowflakeIntegration
        {
            AutoBootstrap = true,
            Config = new SnowflakeConfig { Host = "elsewhere", Warehouse = "w", Database = "d", AuthenticationType = AuthenticationType.UserPassword, Username = "u", Password = "p4ssword" },
        };

        var error = await Assert.ThrowsAsync<ImmutaConflictException>(() => immuta.Client.Integrations.CreateOrAdoptAsync(ImmutaWaitUntil.Started, definition, Ct));

        Assert.EndsWith("Immuta named integration 77 as the conflict, but it is a Snowflake integration on h, not the Snowflake integration on elsewhere: it was not adopted.", error.Message, StringComparison.Ordinal);
        Assert.Equal("77", error.ExistingIntegrationId);
    }

    [Fact]
    public async Task CreateOrAdoptAsync_ConflictNamesAnIntegrationThatIsGone_ThrowsTheConflict()
    {
        var immuta = new ScriptedImmuta((_, request) => request.Method.Method == "POST"
            ? ScriptedImmuta.Error(HttpStatusCode.Conflict, "Snowflake integration already exists on host h (id = 77)")
            : ScriptedImmuta.Error(HttpStatusCode.NotFound, "No Integration found with ID 77."));
        var definition = new SnowflakeIntegration { AutoBootstrap = true, Config = new SnowflakeConfig { Host = "h", Warehouse = "w", Database = "d", AuthenticationType = AuthenticationType.UserPassword, Username = "u", Password = "p4ssword" } };

        var error = await Assert.ThrowsAsync<ImmutaConflictException>(() => immuta.Client.Integrations.CreateOrAdoptAsync(ImmutaWaitUntil.Started, definition, Ct));

        Assert.Equal("Snowflake integration already exists on host h (id = 77)", error.ServerMessage);
        Assert.Equal("POST /integrations failed with 409 (Conflict): Snowflake integration already exists on host h (id = 77)", error.Message);
    }
}
