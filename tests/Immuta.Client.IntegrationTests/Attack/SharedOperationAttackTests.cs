using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Attack;

/// <summary>
/// One <see cref="IntegrationOperation"/> shared by several callers at once (a host that hands the operation to more than
/// one task): each wait ends with the settled integration, and one caller cancelling does not end the others' waits.
/// </summary>
public sealed class SharedOperationAttackTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WaitForCompletionAsync_EightCallersOnOneOperation_EachGetsTheSettledIntegration()
    {
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 3 });
        using var client = fake.CreateClient(new ImmutaClientOptions { Polling = TestBackend.FastPolling });
        var operation = await client.Integrations.CreateAsync(ImmutaWaitUntil.Started, new TrinoIntegration { AutoBootstrap = true, Config = new TrinoConfig() }, Ct);

        var settled = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => operation.WaitForCompletionAsync(Ct), Ct)));

        Assert.All(settled, s => Assert.Equal(IntegrationStatus.Enabled, s!.Status));
        Assert.All(settled, s => Assert.Equal(operation.Id, s!.Id));
    }

    [Fact]
    public async Task WaitForCompletionAsync_OneOfTwoCallersCancels_TheOtherStillGetsTheSettledIntegration()
    {
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 3 });
        using var client = fake.CreateClient(new ImmutaClientOptions { Polling = TestBackend.FastPolling });
        var operation = await client.Integrations.CreateAsync(ImmutaWaitUntil.Started, new TrinoIntegration { AutoBootstrap = true, Config = new TrinoConfig() }, Ct);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var quitter = operation.WaitForCompletionAsync(cancelled.Token);
        var stayer = operation.WaitForCompletionAsync(Ct);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => quitter);
        Assert.Equal(IntegrationStatus.Enabled, (await stayer)!.Status);
    }
}
