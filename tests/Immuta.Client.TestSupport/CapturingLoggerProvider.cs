using System.Collections;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Immuta.Client.Tests.Support;

/// <summary>
/// Captures what a structured provider (Serilog, OpenTelemetry) would keep, at every level and for every category: the
/// formatted message, every property of the log state with its value rendered (lists item by item), the exception, and
/// every scope's properties. A capture of the formatted text alone misses a value that the formatter masks but the state
/// still holds, such as HttpClientFactory's header values.
/// </summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    /// <summary>One line per event (<c>Level: message | properties | exception</c>) and per scope (<c>Scope: …</c>).</summary>
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(Lines);

    public void Dispose()
    {
    }

    private static string Render(object? value) => value switch
    {
        null => "null",
        string text => text,
        IEnumerable<KeyValuePair<string, object?>> pairs => string.Join(' ', pairs.Select(p => $"{p.Key}=[{Render(p.Value)}]")),
        IEnumerable items => string.Join(", ", items.Cast<object?>().Select(Render)),
        _ => value.ToString() ?? string.Empty,
    };

    private sealed class CapturingLogger(ConcurrentQueue<string> into) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            into.Enqueue($"Scope: {state} | {Render(state)}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => into.Enqueue($"{logLevel}: {formatter(state, exception)} | {Render(state)} | {exception}");
    }
}
