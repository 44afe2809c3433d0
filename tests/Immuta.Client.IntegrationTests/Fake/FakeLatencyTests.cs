using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Immuta.Client.Tests.Fake;

/// <summary>
/// The fake's <see cref="FakeFaultKind.Latency"/> fault waits on the fake's own clock, like everything else it times,
/// and stopping the fake does not wait for an answer it still holds back.
/// </summary>
public sealed class FakeLatencyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Latency_SharedFakeClock_TheAnswerComesWhenTheClockPassesTheDelay()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { TimeProvider = clock });
        using var client = fake.CreateClient(new ImmutaClientOptions
        {
            TimeProvider = clock,
            NetworkTimeout = Timeout.InfiniteTimeSpan,
            Retry = new ImmutaRetryOptions { Enabled = false, AttemptTimeout = Timeout.InfiniteTimeSpan },
        });
        fake.InjectFaults(FakeFault.Latency(TimeSpan.FromMinutes(5)));

        var listing = client.Integrations.ListAsync(Ct);
        await UntilAsync(() => fake.Journal.Count == 1);
        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Empty(await listing.WaitAsync(TimeSpan.FromSeconds(60), Ct)); // five minutes of the fake's clock, not of the wall's
    }

    [Fact]
    public async Task Latency_ClientTimesOutFirst_TheRequestTookEffectAndTheAnswerIsLate()
    {
        // As a server that did the work but answered late: the create is there though the client gave up on its answer.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { TimeProvider = clock });
        using var client = fake.CreateClient(new ImmutaClientOptions { TimeProvider = clock, NetworkTimeout = TimeSpan.FromSeconds(30) });
        fake.InjectFaults(FakeFault.Latency(TimeSpan.FromMinutes(5)));

        var creating = client.Integrations.CreateAsync(ImmutaWaitUntil.Started, ImmutaJson.Deserialize<IntegrationDefinition>(Immuta.Client.Tests.Support.Examples.Read("post-integrations.synapse.userPassword.request.json")), Ct);
        await UntilAsync(() => fake.Journal.Count == 1 || creating.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<ImmutaTransportException>(() => creating.WaitAsync(TimeSpan.FromSeconds(60), Ct));
        Assert.True(error.IsTimeout);
        Assert.Single(fake.Integrations);
    }

    [Fact]
    public async Task DisposeAsync_AnAnswerHeldBackByLatency_StopsWithoutWaitingForIt()
    {
        var fake = FakeImmutaServer.Start();
        using var client = NoRetryClient(fake);
        var listing = await HeldListAsync(fake, client, TimeSpan.FromHours(1), Ct);

        await fake.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60), Ct);

        // The held answer is dropped; the client learns at once that none is coming.
        await Assert.ThrowsAnyAsync<ImmutaException>(() => listing.WaitAsync(TimeSpan.FromSeconds(60), Ct));
    }

    [Fact]
    public async Task DisposeAsync_AnswerHeldForAnHour_CallEndsWithTransportFailureAsTheConnectionCloses()
    {
        // As a real server going away: the connection closes without an answer (not an answer the server never gave).
        var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { TimeProvider = new SettlingClock() });
        using var client = NoRetryClient(fake);
        var listing = await HeldListAsync(fake, client, TimeSpan.FromHours(1), Ct);

        await fake.DisposeAsync();

        var error = await Assert.ThrowsAsync<ImmutaTransportException>(() => listing.WaitAsync(TimeSpan.FromSeconds(60), Ct));
        Assert.False(error.IsTimeout);
    }

    [Fact]
    public async Task DisposeAsync_AnswerHeldOnAClockNeverAdvanced_TheHoldsTimerIsDisposed()
    {
        var clock = new SettlingClock();
        var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { TimeProvider = clock });
        using var client = NoRetryClient(fake);
        var listing = await HeldListAsync(fake, client, TimeSpan.FromHours(1), Ct);
        Assert.Equal(clock.GetUtcNow().AddHours(1), clock.NextDue); // the hold is the fake's only timer

        await fake.DisposeAsync();

        Assert.Null(clock.NextDue);
        await Assert.ThrowsAnyAsync<ImmutaException>(() => listing.WaitAsync(TimeSpan.FromSeconds(60), Ct));
    }

    [Fact]
    public async Task Reset_AnswerHeldForAnHour_CallEndsWithTransportFailureAndTheHoldsTimerIsDisposed()
    {
        // An answer from before the reset is never given after it (with the state of before, to a test that started anew).
        var clock = new SettlingClock();
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { TimeProvider = clock });
        using var client = NoRetryClient(fake);
        var listing = await HeldListAsync(fake, client, TimeSpan.FromHours(1), Ct);

        fake.Reset();

        var error = await Assert.ThrowsAsync<ImmutaTransportException>(() => listing.WaitAsync(TimeSpan.FromSeconds(60), Ct));
        Assert.False(error.IsTimeout);
        Assert.Null(clock.NextDue);
    }

    [Fact]
    public async Task Reset_AfterAHeldAnswerEnded_TheFakeStillHoldsAndAnswersLaterRequests()
    {
        var clock = new SettlingClock();
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { TimeProvider = clock });
        using var client = NoRetryClient(fake);
        var before = await HeldListAsync(fake, client, TimeSpan.FromHours(1), Ct);
        fake.Reset();
        await Assert.ThrowsAsync<ImmutaTransportException>(() => before.WaitAsync(TimeSpan.FromSeconds(60), Ct));
        fake.InjectFaults(FakeFault.Latency(TimeSpan.FromMinutes(5)));

        var after = client.Integrations.ListAsync(Ct);
        await UntilAsync(() => fake.Journal.Count == 1);
        Assert.False(after.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Empty(await after.WaitAsync(TimeSpan.FromSeconds(60), Ct));
    }

    [Fact]
    public async Task Reset_AnswerHeldInTheEngine_TheHoldEndsCancelledAndItsTimerIsDisposed()
    {
        var clock = new SettlingClock();
        var options = new FakeImmutaServerOptions { TimeProvider = clock };
        var engine = new FakeImmutaEngine(options);
        engine.InjectFaults(FakeFault.Latency(TimeSpan.FromHours(1)), count: 1);
        var held = engine.Handle(ListRequest(options), CancellationToken.None).HeldBack;
        Assert.NotNull(held);

        engine.Reset();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => held.WaitAsync(TimeSpan.FromSeconds(60), Ct));
        Assert.Null(clock.NextDue);
    }

    [Fact]
    public async Task ListAsync_CallerCancelsDuringTheHold_ThrowsOperationCanceledAndTheHoldsTimerIsDisposed()
    {
        var clock = new SettlingClock();
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { TimeProvider = clock });
        using var client = NoRetryClient(fake);
        fake.InjectFaults(FakeFault.Latency(TimeSpan.FromHours(1)));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var listing = client.Integrations.ListAsync(stop.Token);
        await UntilAsync(() => fake.Journal.Count == 1);

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listing.WaitAsync(TimeSpan.FromSeconds(60), Ct));
        await UntilAsync(() => clock.NextDue is null); // the fake sees the connection close and ends the hold, the fake still running
    }

    [Fact]
    public async Task CreateAsync_CallerCancelsDuringTheHold_TheCreateTookEffectAndIsJournaledOnceWithTheAnswerItWasToGet()
    {
        // As a server that did the work and answered too late for a caller who left (FakeFault.Latency's documentation).
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { TimeProvider = new SettlingClock() });
        using var client = NoRetryClient(fake);
        fake.InjectFaults(FakeFault.Latency(TimeSpan.FromHours(1)));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var creating = client.Integrations.CreateAsync(ImmutaWaitUntil.Started, ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read("post-integrations.synapse.userPassword.request.json")), stop.Token);
        await UntilAsync(() => fake.Journal.Count == 1);

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => creating.WaitAsync(TimeSpan.FromSeconds(60), Ct));
        var created = Assert.Single(fake.Integrations);
        Assert.Equal(IntegrationStatus.Creating, created.Status);
        var entry = Assert.Single(fake.Journal);
        Assert.Equal(("POST", "/integrations", 200), (entry.Method, entry.Path, entry.StatusCode));
    }

    [Fact]
    public async Task Stop_AnswerHeldInTheEngine_TheHoldEndsCancelledAndItsTimerIsDisposed()
    {
        // The engine alone, without the server that hosts it: the hold ends with the engine, not with whoever awaits it.
        var clock = new SettlingClock();
        var options = new FakeImmutaServerOptions { TimeProvider = clock };
        var engine = new FakeImmutaEngine(options);
        engine.InjectFaults(FakeFault.Latency(TimeSpan.FromHours(1)), count: 1);
        var held = engine.Handle(ListRequest(options), CancellationToken.None).HeldBack;
        Assert.NotNull(held);
        Assert.NotNull(clock.NextDue);

        engine.Stop();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => held);
        Assert.Null(clock.NextDue);
    }

    [Fact]
    public async Task Handle_LatencyTakenAfterStop_TheHoldEndsAtOnceWithNoTimer()
    {
        // A request still arriving as the fake stops: its hold ends before it starts.
        var clock = new SettlingClock();
        var options = new FakeImmutaServerOptions { TimeProvider = clock };
        var engine = new FakeImmutaEngine(options);
        engine.InjectFaults(FakeFault.Latency(TimeSpan.FromHours(1)), count: 1);
        engine.Stop();

        var held = engine.Handle(ListRequest(options), CancellationToken.None).HeldBack;

        Assert.NotNull(held);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => held);
        Assert.Null(clock.NextDue);
    }

    [Fact]
    public void Latency_LongerThanATimerHolds_ThrowsNamingTheDelay()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => FakeFault.Latency(TimeSpan.FromDays(60)));

        Assert.Equal("delay", error.ParamName);
    }

    [Fact]
    public void Latency_Negative_ThrowsNamingTheDelay()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => FakeFault.Latency(TimeSpan.FromSeconds(-5)));

        Assert.Equal("delay", error.ParamName);
    }

    [Fact]
    public async Task Latency_LongestATimerHolds_RequestTakesEffectAndTheAnswerIsHeld()
    {
        await using var fake = FakeImmutaServer.Start();
        using var client = NoRetryClient(fake);
        fake.InjectFaults(FakeFault.Latency(TimeSpan.FromMilliseconds(uint.MaxValue - 1)));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var listing = client.Integrations.ListAsync(stop.Token);
        await UntilAsync(() => fake.Journal.Count == 1);

        Assert.False(listing.IsCompleted);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listing);
    }

    /// <summary>A client of <paramref name="fake"/> that sends each request once, so a held answer is seen as it ends.</summary>
    private static ImmutaClient NoRetryClient(FakeImmutaServer fake)
        => fake.CreateClient(new ImmutaClientOptions { Retry = new ImmutaRetryOptions { Enabled = false } });

    /// <summary>Starts a list whose answer <paramref name="fake"/> holds for <paramref name="hold"/>; returns the pending call once the fake has the request.</summary>
    private static async Task<Task<IReadOnlyList<Integration>>> HeldListAsync(FakeImmutaServer fake, ImmutaClient client, TimeSpan hold, CancellationToken cancellationToken)
    {
        fake.InjectFaults(FakeFault.Latency(hold));
        var listing = client.Integrations.ListAsync(cancellationToken);
        await UntilAsync(() => fake.Journal.Count == 1);
        return listing;
    }

    private static FakeHttpRequest ListRequest(FakeImmutaServerOptions options)
        => new("GET", "/integrations", new Dictionary<string, string>(), options.ApiKey, ContentType: null, FakeRequestBody.None);

    private static async Task UntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 5)
        {
            Assert.True(waited < 60_000, "The condition never held.");
            await Task.Delay(5, Ct);
        }
    }
}
