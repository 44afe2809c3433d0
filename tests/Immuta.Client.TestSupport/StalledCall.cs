using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Immuta.Client.Tests.Support;

/// <summary>
/// Runs a call against a <see cref="RawFaultServer"/> whose client times out on a fake clock. The clock moves only once
/// the server holds the request or its body back for good (and, when asked, once the client holds the response's head),
/// so a timeout fires exactly when nothing else can happen any more: the outcome cannot depend on the machine's speed.
/// </summary>
internal sealed class StalledCall : ILoggerProvider
{
    /// <summary>How long (real time) a call may take once nothing holds it back before the test calls it hung.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private readonly TaskCompletionSource _headReceived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    public StalledCall() => LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(builder => builder.AddProvider(this).SetMinimumLevel(LogLevel.Trace));

    /// <summary>Logs to this provider: it learns when the SDK received a response's head (event 2).</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>Completes when the SDK logged a response's head.</summary>
    public Task HeadReceived => _headReceived.Task;

    /// <summary>
    /// Starts <paramref name="call"/>; when <paramref name="server"/> stalls (then, if <paramref name="afterHead"/>, once the
    /// head arrived), moves the clock by <paramref name="advance"/>. Returns what the call threw, or null.
    /// </summary>
    public async Task<Exception?> RunAsync(Func<Task> call, RawFaultServer server, TimeSpan advance, bool afterHead = false)
    {
        var calling = call();
        var guard = Task.Delay(HangGuard, TestContext.Current.CancellationToken);
        if (await Task.WhenAny(calling, server.Stalled, guard) == guard)
        {
            Assert.Fail("The call neither ended nor reached the server's stall.");
        }

        if (!calling.IsCompleted)
        {
            if (afterHead && await Task.WhenAny(calling, HeadReceived, guard) == guard)
            {
                Assert.Fail("The call never received the response's head.");
            }

            Clock.Advance(advance);
        }

        if (await Task.WhenAny(calling, guard) == guard)
        {
            Assert.Fail($"The call still hangs {HangGuard.TotalSeconds} s (real time) after its timeouts passed on the clock.");
        }

        try
        {
            await calling;
            return null;
        }
        catch (Exception error)
        {
            return error;
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(StalledCall owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 2)
            {
                owner._headReceived.TrySetResult();
            }
        }
    }
}
