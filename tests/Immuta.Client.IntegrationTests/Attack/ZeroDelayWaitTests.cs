using Immuta.Client.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Immuta.Client.Tests.Attack;

/// <summary>
/// A wait whose polls take no time on the client's clock (a FakeTimeProvider nobody advances) still ends however many polls
/// it takes: the zero delay once became the maximum delay at the 1,024th poll (0 × 2^1024 is NaN), a delay on a clock that
/// never moves. Seen against the fake's default real-clock settling (2 s of polls); settled by a count of polls here.
/// </summary>
public sealed class ZeroDelayWaitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateAsync_ZeroDelaysOnAFakeClockPastTheThousandthPoll_Ends()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1100 }); // past the 1,024th poll
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
        Assert.True(fake.Journal.Count(r => r.Path.EndsWith("/status", StringComparison.Ordinal)) > 1024);
    }
}
