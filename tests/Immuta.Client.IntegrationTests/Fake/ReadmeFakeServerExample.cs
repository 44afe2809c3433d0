// The README's "Testing your code with FakeImmutaServer" example, compiled and run here so it cannot rot.
// Keep the two in step.
using Immuta.Client;
using Immuta.Client.Testing;
using Xunit;

namespace MyCompany.Platform.Tests;

public class SnowflakeOnboardingTests
{
    [Fact]
    public async Task Onboarding_CreatesAnEnabledSnowflakeIntegration()
    {
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = fake.CreateClient(new ImmutaClientOptions
        {
            Polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(10), MinimumInterval = TimeSpan.Zero },
        });

        var operation = await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, new SnowflakeIntegration
        {
            AutoBootstrap = true,
            Config = new SnowflakeConfig
            {
                Host = "acme.snowflakecomputing.com",
                Warehouse = "COMPUTE_WH",
                Database = "IMMUTA",
                AuthenticationType = AuthenticationType.UserPassword,
                Username = "IMMUTA_ADMIN",
                Password = "not-a-real-password",
                Role = "ACCOUNTADMIN",
            },
        }, TestContext.Current.CancellationToken);

        Assert.Equal(IntegrationStatus.Enabled, operation.Value.Status);
        var request = Assert.Single(fake.Journal, r => r.Method == "POST");
        Assert.Contains("\"password\":\"***\"", request.Body);   // the journal never keeps credentials

        // Make the next create fail the way Immuta would (422, its documented words), and check your code's error handling:
        fake.FailPrerequisiteNext(FakeRequestKind.Create);
        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => client.Integrations.CreateAsync(
            ImmutaWaitUntil.Started, new TrinoIntegration(), TestContext.Current.CancellationToken));
        Assert.Equal("Validation of prerequisite setup failed. Unable to create integration.", error.ServerMessage);
    }
}
