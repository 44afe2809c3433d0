using System.Collections;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Immuta.Client.Tests.Support;

/// <summary>
/// Captures what a structured provider (Serilog, OpenTelemetry) would keep, at every level and for every category: the
/// formatted message, every property of the log state with its value rendered (lists item by item), the exception and
/// every scope's properties. Text-only captures miss a value that the formatter masks but the state still holds.
/// </summary>
internal sealed class StructuredLogCapture : ILoggerProvider
{
    public ConcurrentQueue<string> Events { get; } = new();

    public ConcurrentQueue<string> Scopes { get; } = new();

    /// <summary>Every event and scope, one per line.</summary>
    public string Everything => string.Join('\n', Events.Concat(Scopes));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    internal static string Render(object? value) => value switch
    {
        null => "null",
        string text => text,
        IEnumerable<KeyValuePair<string, object?>> pairs => string.Join(' ', pairs.Select(p => $"{p.Key}=[{Render(p.Value)}]")),
        IEnumerable items => string.Join(", ", items.Cast<object?>().Select(Render)),
        _ => value.ToString() ?? string.Empty,
    };

    private sealed class Logger(StructuredLogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            capture.Scopes.Enqueue($"{category} scope: {state} | {Render(state)}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => capture.Events.Enqueue($"{logLevel} {category} [{eventId.Id} {eventId.Name}]: {formatter(state, exception)} | {Render(state)} | {exception}");
    }
}
