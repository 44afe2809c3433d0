using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Immuta.Client.Tests.Support;

/// <summary>Records the SDK's log events with their structured values, and lets a test wait for one.</summary>
internal sealed class LogEvents : ILoggerProvider
{
    private readonly ConcurrentQueue<(int Id, IReadOnlyList<KeyValuePair<string, object?>> Values)> _events = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _waiters = new();

    public LogEvents() => Factory = LoggerFactory.Create(builder => builder.AddProvider(this).SetMinimumLevel(LogLevel.Trace));

    public ILoggerFactory Factory { get; }

    /// <summary>The value named <paramref name="name"/> of each event <paramref name="id"/> logged so far.</summary>
    public IReadOnlyList<object?> ValuesOf(int id, string name)
        => [.. _events.Where(e => e.Id == id).Select(e => e.Values.FirstOrDefault(v => v.Key == name).Value)];

    /// <summary>Completes once event <paramref name="id"/> was logged.</summary>
    public Task Logged(int id) => _waiters.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LogEvents owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            owner._events.Enqueue((eventId.Id, state is IReadOnlyList<KeyValuePair<string, object?>> values ? [.. values] : []));
            owner._waiters.GetOrAdd(eventId.Id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }
}
