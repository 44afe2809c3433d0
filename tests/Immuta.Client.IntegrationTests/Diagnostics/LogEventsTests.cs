using System.Collections.Concurrent;
using System.Reflection;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Immuta.Client.Tests.Diagnostics;

/// <summary>
/// The SDK's log events: Information only for what an operator acts on (an operation that settled), Warning for a failed
/// or timed-out operation and for a retry, each request and poll Debug; the ids are stable.
/// </summary>
public sealed class LogEventsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void LogEvents_Declared_HaveTheStableIdsAndLevels()
    {
        var events = typeof(ImmutaClient).Assembly.GetType("Immuta.Client.Diagnostics.Log", throwOnError: true)!
            .GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(m => (m.Name, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(e => e.Attribute is not null)
            .OrderBy(e => e.Attribute!.EventId)
            .Select(e => $"{e.Attribute!.EventId} {e.Attribute.Level} {e.Name}")
            .ToList();

        Assert.Equal(
            [
                "1 Debug RequestSent",
                "2 Debug ResponseReceived",
                "3 Debug RequestFailed",
                "4 Warning Retrying",
                "5 Debug Polled",
                "6 Information Settled",
                "7 Warning PollFailed",
                "8 Warning OperationFailed",
                "9 Warning OperationTimedOut",
                "10 Warning WaitFailed",
                "11 Debug WaitCancelled",
                "12 Debug WatchEnded",
                "20 Warning InsecureEndpoint",
                "30 Warning ResponseMemberSetAside",
                "31 Warning MoreResponseMembersSetAside",
                "40 Warning ValidationWarning",
                "50 Warning UnknownSetting",
            ],
            events);
    }

    [Fact]
    public async Task HappyPath_CreateGetDelete_OnlyTheSettledOperationsAreInformation()
    {
        var events = new EventCapture();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(events));
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = fake.CreateClient(new ImmutaClientOptions { LoggerFactory = factory, Polling = TestBackend.NoDelays, TimeProvider = new FakeTimeProvider() });

        var created = await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, TracingTests.Definition(), Ct);
        await client.Integrations.GetAsync(created.Id, Ct);
        await client.Integrations.DeleteAsync(ImmutaWaitUntil.Completed, created.Id, TracingTests.DeleteOptions(), Ct);

        Assert.Equal(
            [$"Information 6 Integration {created.Id} (create) settled as enabled after 0 ms and 1 polls", $"Information 6 Integration {created.Id} (delete) settled as deleted after 0 ms and 1 polls"],
            events.Lines.Where(l => !l.StartsWith("Debug", StringComparison.Ordinal) && !l.StartsWith("Trace", StringComparison.Ordinal)));
        Assert.Contains(events.Lines, l => l.StartsWith("Debug 2 POST /integrations answered 200", StringComparison.Ordinal));
        Assert.Contains(events.Lines, l => l.StartsWith("Debug 1 Sending Integrations.Get", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retry_OfAGet_IsWarningWithReasonAndDelay()
    {
        var events = new EventCapture();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(events));
        await using var fake = FakeImmutaServer.Start();
        using var client = fake.CreateClient(new ImmutaClientOptions { LoggerFactory = factory, Retry = StubImmuta.FastRetries });
        fake.InjectFaults(FakeFault.ServerError(503));

        await client.Integrations.ListAsync(Ct);

        var retry = Assert.Single(events.Lines, l => l.Contains(" 4 ", StringComparison.Ordinal));
        Assert.Matches(@"^Warning 4 Retrying GET /integrations \(retry 1\) in \d+ ms after status 503$", retry);
    }

    [Fact]
    public async Task FailedOperation_SettledInError_IsOneWarning()
    {
        var events = new EventCapture();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(events));
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = fake.CreateClient(new ImmutaClientOptions { LoggerFactory = factory, Polling = TestBackend.NoDelays, TimeProvider = new FakeTimeProvider() });
        fake.FailNext(IntegrationOperationKind.Create);

        var failure = await Assert.ThrowsAsync<ImmutaOperationFailedException>(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, TracingTests.Definition(), Ct));

        Assert.Equal([$"Warning 8 Integration {failure.Id} (create) failed: settled as createError after 0 ms and 1 polls"], events.Lines);
    }

    [Fact]
    public async Task TimedOutOperation_Held_IsOneWarning()
    {
        var events = new EventCapture();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(events));
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = fake.CreateClient(new ImmutaClientOptions
        {
            LoggerFactory = factory,
            Polling = TestBackend.NoDelays with { Timeout = TimeSpan.FromMilliseconds(50), InitialDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(5) },
        });
        var started = await client.Integrations.CreateAsync(ImmutaWaitUntil.Started, TracingTests.Definition(), Ct);
        fake.Hold(started.Id); // never settles, whatever the machine's speed

        await Assert.ThrowsAsync<ImmutaOperationTimeoutException>(() => started.WaitForCompletionAsync(Ct));

        var line = Assert.Single(events.Lines);
        Assert.Matches($@"^Warning 9 Integration {started.Id} \(create\) did not settle within the wait \(\d+ ms, \d+ polls\); last status creating$", line);
    }

    [Fact]
    public async Task ListAsync_TenThousandNullItems_TwentyWarningsAndOneCountingTheRest()
    {
        var events = new EventCapture();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(events));
        var body = "[" + string.Join(',', Enumerable.Repeat("null", 10_000)) + "]";
        using var client = AnsweringClient.Create(_ => ScriptedImmuta.Json(System.Net.HttpStatusCode.OK, body), new ImmutaClientOptions { LoggerFactory = factory });

        var integrations = await client.Integrations.ListAsync(Ct);

        Assert.Empty(integrations);
        Assert.Equal(21, events.Lines.Count);
        Assert.All(events.Lines.Take(20), line => Assert.StartsWith("Warning 30 GET /integrations: a response member did not fit", line, StringComparison.Ordinal));
        Assert.Equal(
            "Warning 31 GET /integrations: 9980 more response members did not fit the model and were kept as they came (only the first 20 are logged)",
            events.Lines[^1]);
    }

    /// <summary>Every event of the SDK's category: <c>Level id message</c>.</summary>
    private sealed class EventCapture : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName == "Immuta.Client" ? _lines : null);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string>? into) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => into is not null;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => into?.Enqueue($"{logLevel} {eventId.Id} {formatter(state, exception)}");
        }
    }
}
