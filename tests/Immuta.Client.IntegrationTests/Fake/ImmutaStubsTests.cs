using System.Net;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using WireMock.Server;
using Xunit;

namespace Immuta.Client.Tests.Fake;

/// <summary>
/// <see cref="ImmutaStubs"/> on a user's own WireMock server, and stubs added to the fake that take precedence over it:
/// whatever the stubs answer, the SDK reads as it reads Immuta.
/// </summary>
public sealed class ImmutaStubsTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Integration Snowflake(string id, IntegrationStatus status) => new()
    {
        Id = id,
        Status = status,
        Definition = new SnowflakeIntegration
        {
            AutoBootstrap = true,
            Config = new SnowflakeConfig { Host = "acme.snowflakecomputing.com", Warehouse = "COMPUTE_WH", Database = "IMMUTA", Password = "<REDACTED>" },
        },
    };

    private static ImmutaClientOptions FastPolling => new()
    {
        Polling = new PollingOptions { InitialDelay = TimeSpan.Zero, MinimumInterval = TimeSpan.Zero },
    };

    private ImmutaClient Client() => new(new Uri(_server.Url!), new ImmutaApiKeyCredential("k-123456"), FastPolling);

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task GetIntegration_ModelStub_SdkReadsTheSameModel()
    {
        var snowflake = Snowflake("7", IntegrationStatus.Enabled);
        _server.Given(ImmutaStubs.GetIntegration("7")).RespondWith(ImmutaStubs.Integration(snowflake));
        using var client = Client();

        var read = await client.Integrations.GetAsync("7", Ct);

        Assert.Equal(ImmutaJson.Serialize(snowflake), ImmutaJson.Serialize(read));
    }

    [Fact]
    public async Task GetIntegration_IdWithDashAndUnderscoreTheSdkSends_IsStubbed()
    {
        // The stubs had a rule of their own (letters and digits): an id the SDK sends could not be stubbed.
        var snowflake = Snowflake("int-7_b", IntegrationStatus.Enabled);
        _server.Given(ImmutaStubs.GetIntegration("int-7_b")).RespondWith(ImmutaStubs.Integration(snowflake));
        using var client = Client();

        var read = await client.Integrations.GetAsync("int-7_b", Ct);

        Assert.Equal("int-7_b", read.Id);
    }

    [Fact]
    public async Task ListIntegrations_TwoModels_SdkReadsBoth()
    {
        _server.Given(ImmutaStubs.ListIntegrations()).RespondWith(ImmutaStubs.Integrations([Snowflake("7", IntegrationStatus.Enabled), Snowflake("8", IntegrationStatus.Disabled)]));
        using var client = Client();

        var all = await client.Integrations.ListAsync(Ct);

        Assert.Equal([("7", IntegrationStatus.Enabled), ("8", IntegrationStatus.Disabled)], all.Select(i => (i.Id, i.Status!.Value)));
    }

    [Fact]
    public async Task GivenStatusSequence_CreatingTwiceThenEnabled_TheWaitPollsEachThenSettles()
    {
        _server.Given(ImmutaStubs.CreateIntegration()).RespondWith(ImmutaStubs.Accepted(new IntegrationOperationResult { Id = "7", Status = IntegrationStatus.Creating }));
        _server.GivenStatusSequence("7", IntegrationStatus.Creating, IntegrationStatus.Creating, IntegrationStatus.Enabled);
        _server.Given(ImmutaStubs.GetIntegration("7")).RespondWith(ImmutaStubs.Integration(Snowflake("7", IntegrationStatus.Enabled)));
        using var client = Client();

        var operation = await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, new TrinoIntegration(), Ct);

        Assert.Equal(IntegrationStatus.Enabled, operation.Value.Status);
        Assert.Equal(3, _server.LogEntries.Count(e => e.RequestMessage!.Path == "/integrations/7/status")); // creating, creating, enabled
        Assert.Equal(IntegrationStatus.Enabled, (await client.Integrations.GetStatusAsync("7", Ct)).Status); // and enabled for good
    }

    [Fact]
    public async Task Error_DocumentedConflict_SdkThrowsTheConflictWithTheExistingId()
    {
        _server.Given(ImmutaStubs.CreateIntegration()).RespondWith(ImmutaStubs.Error(HttpStatusCode.Conflict, "Snowflake integration already exists on host acme.snowflakecomputing.com (id = 7)"));
        using var client = Client();

        var error = await Assert.ThrowsAsync<ImmutaConflictException>(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Started, new TrinoIntegration(), Ct));

        Assert.Equal("7", error.ExistingIntegrationId);
        Assert.Equal("Conflict", error.Error);
    }

    [Fact]
    public async Task ScriptText_CreateScript_SdkReadsTheText()
    {
        _server.Given(ImmutaStubs.Script("create")).RespondWith(ImmutaStubs.ScriptText(new IntegrationScript("CREATE ROLE IMMUTA_SYSTEM_ACCOUNT;")));
        using var client = Client();

        var definition = ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read("post-integrations-scripts-create.snowflake.userPassword.request.json"));

        var script = await client.Integrations.Scripts.CreateAsync(definition, Ct);

        Assert.Equal("CREATE ROLE IMMUTA_SYSTEM_ACCOUNT;", script.Text);
    }

    [Theory]
    [InlineData("7/../8")]
    [InlineData("7?x=1")]
    [InlineData(" ")]
    public void GetIntegration_IdThatIsNotAPlainId_Refused(string id)
        => Assert.ThrowsAny<ArgumentException>(() => ImmutaStubs.GetIntegration(id));

    [Fact]
    public void GivenStatusSequence_NoStatus_Refused()
        => Assert.Throws<ArgumentException>(() => _server.GivenStatusSequence("7"));

    [Fact]
    public async Task FakeGiven_StubForOneEndpoint_TakesPrecedenceAndTheRestIsTheFakes()
    {
        await using var fake = FakeImmutaServer.Start();
        using var client = fake.CreateClient(FastPolling);
        var created = await client.Integrations.CreateAsync(ImmutaWaitUntil.Started, new TrinoIntegration(), Ct);

        fake.Given(ImmutaStubs.GetIntegration(created.Id)).RespondWith(ImmutaStubs.Error(HttpStatusCode.NotFound, $"No Integration found with ID {created.Id}."));

        await Assert.ThrowsAsync<ImmutaNotFoundException>(() => client.Integrations.GetAsync(created.Id, Ct));
        Assert.Equal(created.Id, Assert.Single(await client.Integrations.ListAsync(Ct)).Id); // not stubbed: the fake's own
    }

    [Fact]
    public async Task FakeGivenStatusSequence_OverridesTheFakesStatus()
    {
        await using var fake = FakeImmutaServer.Start();
        using var client = fake.CreateClient(FastPolling);
        var created = await client.Integrations.CreateAsync(ImmutaWaitUntil.Started, new TrinoIntegration(), Ct);
        fake.GivenStatusSequence(created.Id, IntegrationStatus.Migrating, IntegrationStatus.MigrateError);

        var first = await client.Integrations.GetStatusAsync(created.Id, Ct);
        var second = await client.Integrations.GetStatusAsync(created.Id, Ct);
        var third = await client.Integrations.GetStatusAsync(created.Id, Ct);

        Assert.Equal([IntegrationStatus.Migrating, IntegrationStatus.MigrateError, IntegrationStatus.MigrateError], [first.Status!.Value, second.Status!.Value, third.Status!.Value]);
    }

    [Fact]
    public async Task FakeGiven_RequestWithoutTheKey_StillRefusedBeforeAnyStub()
    {
        await using var fake = FakeImmutaServer.Start();
        fake.Given(ImmutaStubs.ListIntegrations()).RespondWith(ImmutaStubs.Integrations([]));
        using var client = new ImmutaClient(fake.Uri, new ImmutaApiKeyCredential("not-the-fake's-key"));

        await Assert.ThrowsAsync<ImmutaAuthenticationException>(() => client.Integrations.ListAsync(Ct));
    }

    [Fact]
    public async Task FakeReset_StubsRemoved_TheFakeAnswersAgain()
    {
        await using var fake = FakeImmutaServer.Start();
        using var client = fake.CreateClient(FastPolling);
        fake.Given(ImmutaStubs.ListIntegrations()).RespondWith(ImmutaStubs.Error(HttpStatusCode.ServiceUnavailable, "down"));

        fake.Reset();
        await client.Integrations.CreateAsync(ImmutaWaitUntil.Started, new TrinoIntegration(), Ct);

        Assert.Single(await client.Integrations.ListAsync(Ct));
    }
}
