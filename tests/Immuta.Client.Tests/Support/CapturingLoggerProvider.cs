using System.Collections;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Immuta.Client.Tests.Support;

/// <summary>Captures every log event at every level as text: the message, the structured values and the exception.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(Lines);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(ConcurrentQueue<string> into) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable pairs ? string.Join(' ', pairs.Cast<object>()) : string.Empty;
            into.Enqueue($"{logLevel}: {formatter(state, exception)} | {values} | {exception}");
        }
    }
}
