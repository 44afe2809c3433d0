// The README's "Typed WireMock stubs" example, compiled and run here so it cannot rot. Keep the two in step.
using System.Net;
using Immuta.Client;
using Immuta.Client.Testing;
using WireMock.Server;
using Xunit;

namespace MyCompany.Platform.Tests;

public class InventorySyncTests
{
    [Fact]
    public async Task Sync_ReadsTheIntegrationYourOwnWireMockServerStubs()
    {
        using var server = WireMockServer.Start();
        var snowflake = new Integration
        {
            Id = "7",
            Status = IntegrationStatus.Enabled,
            Definition = new SnowflakeIntegration { Config = new SnowflakeConfig { Host = "acme.snowflakecomputing.com" } },
        };
        server.Given(ImmutaStubs.GetIntegration("7")).RespondWith(ImmutaStubs.Integration(snowflake));
        server.GivenStatusSequence("7", IntegrationStatus.Editing, IntegrationStatus.Enabled);   // then enabled for good
        using var client = new ImmutaClient(new Uri(server.Url!), new ImmutaApiKeyCredential("test-key"));

        var read = await client.Integrations.GetAsync("7", TestContext.Current.CancellationToken);
        var status = await client.Integrations.GetStatusAsync("7", TestContext.Current.CancellationToken);

        Assert.Equal("acme.snowflakecomputing.com", ((SnowflakeIntegration)read.Definition).Config!.Host);
        Assert.Equal(IntegrationStatus.Editing, status.Status);
    }

    [Fact]
    public async Task Onboarding_AnExistingIntegration_IsReportedWithItsId()
    {
        await using var fake = FakeImmutaServer.Start();
        await using var client = fake.CreateClient();

        // Takes precedence over the fake's own behaviour for this endpoint; every other endpoint is still the fake's.
        fake.Given(ImmutaStubs.CreateIntegration())
            .RespondWith(ImmutaStubs.Error(HttpStatusCode.Conflict, "Trino integration already exists (id = 7)"));

        var error = await Assert.ThrowsAsync<ImmutaConflictException>(() => client.Integrations.CreateAsync(
            ImmutaWaitUntil.Started, new TrinoIntegration(), TestContext.Current.CancellationToken));
        Assert.Equal("7", error.ExistingIntegrationId);
        Assert.Empty(await client.Integrations.ListAsync(TestContext.Current.CancellationToken));
    }
}
