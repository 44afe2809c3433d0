using Immuta.Client.Testing;
using Xunit;

namespace Immuta.Client.Tests.Support;

/// <summary>
/// Where an integration test runs: the fake (always), or a live tenant when <c>IMMUTA_URL</c> and <c>IMMUTA_API_KEY</c>
/// are set (skipped otherwise, and reported as skipped). The assertions are the same for both.
/// </summary>
internal sealed class TestBackend : IAsyncDisposable
{
    public const string Fake = "fake";
    public const string Live = "live";

    /// <summary>Fast polling for the fake; a live tenant gets the SDK's defaults.</summary>
    public static readonly PollingOptions FastPolling = new()
    {
        InitialDelay = TimeSpan.FromMilliseconds(5),
        MaxDelay = TimeSpan.FromMilliseconds(20),
        MinimumInterval = TimeSpan.Zero,
        Timeout = TimeSpan.FromHours(12), // a timeout here would only be the machine's slowness: a hang still ends the test run
    };

    /// <summary>
    /// Polls at once, one after another: with a fake that settles by a count of polls, a wait needs no time to pass, so it
    /// runs on a clock nobody moves (a <c>FakeTimeProvider</c>) and every duration it reports is zero, however slow the machine.
    /// </summary>
    public static readonly PollingOptions NoDelays = new()
    {
        InitialDelay = TimeSpan.Zero,
        MaxDelay = TimeSpan.FromMilliseconds(1), // never reached: a zero initial delay stays zero
        MinimumInterval = TimeSpan.Zero,
        JitterFactor = 0,
    };

    private TestBackend(ImmutaClient client, FakeImmutaServer? server)
    {
        Client = client;
        Server = server;
    }

    public ImmutaClient Client { get; }

    /// <summary>The fake, or <see langword="null"/> against a live tenant.</summary>
    public FakeImmutaServer? Server { get; }

    public static TheoryData<string> Names() => new(Fake, Live);

    public static TestBackend Start(string name, int settleAfterPolls = 2)
    {
        if (name == Live)
        {
            var url = Environment.GetEnvironmentVariable("IMMUTA_URL");
            var key = Environment.GetEnvironmentVariable("IMMUTA_API_KEY");
            Assert.SkipWhen(string.IsNullOrWhiteSpace(url) || string.IsNullOrWhiteSpace(key), "IMMUTA_URL and IMMUTA_API_KEY are not set: no live tenant.");
            return new TestBackend(new ImmutaClient(new Uri(url!), new ImmutaApiKeyCredential(key!)), server: null);
        }

        var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = settleAfterPolls });
        return new TestBackend(fake.CreateClient(new ImmutaClientOptions { Polling = FastPolling, Retry = StubImmuta.FastRetries }), fake);
    }

    /// <summary>The fake; skips the test against a live tenant (scripted failures exist only in the fake).</summary>
    public FakeImmutaServer RequireFake()
    {
        Assert.SkipWhen(Server is null, "This test scripts the fake; it does not run against a live tenant.");
        return Server!;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
