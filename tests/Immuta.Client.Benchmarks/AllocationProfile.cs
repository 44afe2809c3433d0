using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text.Json;
using Immuta.Client.Serialization;

namespace Immuta.Client.Benchmarks;

/// <summary>
/// Which types a large list allocates: reads a list of about 14 MB once (after a warm-up) and prints the runtime's
/// allocation samples (one <c>GCAllocationTick</c> event per ~100 KB allocated) by type. This is the profile behind the
/// large-list figure in BENCHMARKS.md.
/// </summary>
internal static class AllocationProfile
{
    public const string Command = "alloc-profile";

    public static int Run()
    {
        var body = Bodies.List(20_000);
        for (var i = 0; i < 3; i++)
        {
            JsonSerializer.Deserialize(body, ImmutaJsonContext.Default.IReadOnlyListIntegration);
        }

        using var listener = new AllocationListener();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var list = JsonSerializer.Deserialize(body, ImmutaJsonContext.Default.IReadOnlyListIntegration)!;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(list);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{list.Count} integrations, body {body.Length / 1e6:0.0} MB, allocated {allocated / 1e6:0.0} MB ({(double)allocated / body.Length:0.00}x the body, {allocated / list.Count} B per integration)"));
        Console.WriteLine("| Type | Samples | Share |");
        Console.WriteLine("|---|---:|---:|");
        var samples = listener.Snapshot();
        var total = samples.Values.Sum();
        foreach (var (type, count) in samples.OrderByDescending(pair => pair.Value).Take(15))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `{type}` | {count} | {100.0 * count / total:0} % |"));
        }

        return 0;
    }

    private sealed class AllocationListener : EventListener
    {
        private readonly Dictionary<string, int> _samples = [];

        public Dictionary<string, int> Snapshot()
        {
            lock (_samples)
            {
                return new Dictionary<string, int>(_samples);
            }
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: allocation ticks
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.PayloadNames is null)
            {
                return;
            }

            var type = eventData.Payload![eventData.PayloadNames.IndexOf("TypeName")] as string ?? "?";
            lock (_samples)
            {
                _samples[type] = _samples.GetValueOrDefault(type) + 1;
            }
        }
    }
}
