using Immuta.Client.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Immuta.Client.Tests.Attack;

/// <summary>A wait whose polls take no time on the client's clock still ends against a fake that settles on the wall's clock.</summary>
public sealed class ZeroDelayWaitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateAsync_ZeroDelaysOnAFakeClockAgainstTheDefaultFake_Ends()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfter = TimeSpan.FromMilliseconds(200) });
        using var client = fake.CreateClient(new ImmutaClientOptions
        {
            TimeProvider = clock,
            Polling = new PollingOptions { InitialDelay = TimeSpan.Zero, MaxDelay = TimeSpan.FromMilliseconds(1), MinimumInterval = TimeSpan.Zero, JitterFactor = 0 },
        });

        var creating = client.Integrations.CreateAsync(
            ImmutaWaitUntil.Completed,
            ImmutaJson.Deserialize<IntegrationDefinition>(Immuta.Client.Tests.Support.Examples.Read("post-integrations.synapse.userPassword.request.json")),
            Ct);

        var operation = await creating.WaitAsync(TimeSpan.FromSeconds(120), Ct); // a guard against a hang, not a measure
        Assert.True(operation.HasCompleted);
    }
}
