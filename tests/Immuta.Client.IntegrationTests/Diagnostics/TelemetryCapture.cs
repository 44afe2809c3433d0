using System.Diagnostics;
using System.Text;
using Immuta.Client.Tests.Support;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Immuta.Client.Tests.Diagnostics;

/// <summary>
/// What OpenTelemetry's in-memory exporters and a capturing logger see of one fake server: the SDK's spans and the
/// runtime's HTTP spans, the SDK's metrics, every log event at Trace level. Tests run in parallel and listeners are
/// process-wide, so spans and metric points are kept by the fake's port (<c>server.port</c>), which no other test shares.
/// </summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly LockedCollection<Activity> _spans = new();
    private readonly LockedCollection<MetricSnapshot> _metrics = new();
    private readonly TracerProvider _tracer;
    private readonly MeterProvider _meter;
    private readonly CapturingLoggerProvider _logs = new();

    public TelemetryCapture()
    {
        _tracer = Sdk.CreateTracerProviderBuilder()
            .AddSource("Immuta.Client", "System.Net.Http")
            .SetSampler(new AlwaysOnSampler())
            .AddInMemoryExporter(_spans)
            .Build()!;
        _meter = Sdk.CreateMeterProviderBuilder()
            .AddMeter("Immuta.Client")
            .AddInMemoryExporter(_metrics)
            .Build()!;
        LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));
    }

    public ILoggerFactory LoggerFactory { get; }

    /// <summary>Every log event, <c>Level: message | properties</c>.</summary>
    public IReadOnlyList<string> Logs => [.. _logs.Lines];

    /// <summary>Every span exported so far, of any test running now (for scans: a test's own secrets are its own).</summary>
    public IReadOnlyList<Activity> AllSpans => _spans.Snapshot();

    /// <summary>The spans of the traces that touched <paramref name="port"/>.</summary>
    public IReadOnlyList<Activity> SpansOf(int port)
    {
        var all = _spans.Snapshot();
        var traces = all.Where(s => s.GetTagItem("server.port") is int p && p == port).Select(s => s.TraceId).ToHashSet();
        return [.. all.Where(s => traces.Contains(s.TraceId))];
    }

    /// <summary>The root spans (no parent) of the traces that touched <paramref name="port"/>, oldest first.</summary>
    public IReadOnlyList<Activity> RootsOf(int port)
        => [.. SpansOf(port).Where(s => s.ParentSpanId == default).OrderBy(s => s.StartTimeUtc)];

    /// <summary>
    /// The tree under <paramref name="root"/>, one span a line, indented by depth: <c>name kind [status]</c>. The runtime's
    /// HTTP spans are written <c>HTTP GET</c>. Siblings in the order they started.
    /// </summary>
    public string Tree(Activity root)
    {
        var spans = _spans.Snapshot().Where(s => s.TraceId == root.TraceId).ToList();
        var text = new StringBuilder();
        void Walk(Activity span, int depth)
        {
            text.Append(' ', depth * 2).Append(NameOf(span)).Append(' ').Append(span.Kind);
            if (span.Status != ActivityStatusCode.Unset)
            {
                text.Append(' ').Append(span.Status);
            }

            text.Append('\n');
            foreach (var child in spans.Where(c => c.TraceId == span.TraceId && c.ParentSpanId == span.SpanId).OrderBy(c => c.StartTimeUtc))
            {
                Walk(child, depth + 1);
            }
        }

        Walk(root, 0);
        return text.ToString();
    }

    public static string NameOf(Activity span)
        => span.Source.Name == "System.Net.Http" ? $"HTTP {span.GetTagItem("http.request.method")}" : span.OperationName;

    /// <summary>The SDK's tags of a span, sorted, <c>key=value</c>.</summary>
    public static IReadOnlyList<string> TagsOf(Activity span) => [.. span.TagObjects.Select(t => $"{t.Key}={t.Value}").Order(StringComparer.Ordinal)];

    /// <summary>The metrics exported so far (a flush first).</summary>
    public IReadOnlyList<MetricSnapshot> Metrics()
    {
        _metrics.Clear(); // the exporter hands over every metric again on each flush (cumulative)
        _meter.ForceFlush();
        return _metrics.Snapshot();
    }

    /// <summary>The points of <paramref name="name"/> whose tags include <paramref name="tag"/> = <paramref name="value"/>.</summary>
    public IReadOnlyList<(IReadOnlyDictionary<string, object?> Tags, MetricPoint Point)> Points(string name, string tag, object value)
    {
        var found = new List<(IReadOnlyDictionary<string, object?>, MetricPoint)>();
        foreach (var metric in Metrics().Where(m => m.Name == name))
        {
            foreach (var point in metric.MetricPoints)
            {
                var tags = new Dictionary<string, object?>();
                foreach (var pair in point.Tags)
                {
                    tags[pair.Key] = pair.Value;
                }

                if (tags.TryGetValue(tag, out var v) && Equals(v, value))
                {
                    found.Add((tags, point));
                }
            }
        }

        return found;
    }

    public void Dispose()
    {
        _tracer.Dispose();
        _meter.Dispose();
        LoggerFactory.Dispose();
        _logs.Dispose();
    }
}

/// <summary>A collection the exporters add to from any thread while a test reads it.</summary>
internal sealed class LockedCollection<T> : ICollection<T>
{
    private readonly List<T> _items = [];

    public int Count
    {
        get
        {
            lock (_items)
            {
                return _items.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public List<T> Snapshot()
    {
        lock (_items)
        {
            return [.. _items];
        }
    }

    public void Add(T item)
    {
        lock (_items)
        {
            _items.Add(item);
        }
    }

    public void Clear()
    {
        lock (_items)
        {
            _items.Clear();
        }
    }

    public bool Contains(T item) => Snapshot().Contains(item);

    public void CopyTo(T[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

    public bool Remove(T item)
    {
        lock (_items)
        {
            return _items.Remove(item);
        }
    }

    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
