using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace Immuta.Client.Diagnostics;

/// <summary>
/// The SDK's traces and metrics: an <see cref="ActivitySource"/> and a <see cref="Meter"/>, both named
/// <c>Immuta.Client</c>, following OpenTelemetry's conventions and the Azure SDK's model. Each public SDK method is one
/// <see cref="ActivityKind.Internal"/> span named after it (<see cref="MethodSpan"/>), the parent of the runtime's HTTP
/// <c>Client</c> spans (one per attempt) and of the SDK calls it makes; a wait for an operation is a <c>wait</c> span
/// whose children are the polls. Tags carry the method, the route template, the redacted URL, the server, the status code
/// and the integration status; never a body, a credential or the API key.
/// </summary>
/// <remarks>
/// The README's "Observability" section lists every span, instrument and log event; keep it in step.
/// </remarks>
internal static class ImmutaTelemetry
{
    public const string Name = "Immuta.Client";

    /// <summary>The name of the span of a wait for an operation, child of the method that waits.</summary>
    public const string WaitSpan = "wait";

    public static readonly ActivitySource Source = new(Name, Internal.SdkVersion.Value);

    public static readonly Meter Meter = new(Name, Internal.SdkVersion.Value);

    /// <summary>
    /// The bucket bounds of <see cref="RequestDuration"/>, in seconds: those the runtime advises for
    /// <c>http.client.request.duration</c>.
    /// </summary>
    public static readonly IReadOnlyList<double> RequestDurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    /// <summary>Duration of each SDK call (one request, its retries included), in seconds.</summary>
    public static readonly Histogram<double> RequestDuration = CreateHistogram(
        "immuta.client.request.duration", "Duration of Immuta API calls, retries included.", RequestDurationBuckets);

    /// <summary>
    /// The bucket bounds of <see cref="OperationDuration"/>, in seconds: from a second to the default wait timeout
    /// (<see cref="PollingOptions.Timeout"/>, 20 minutes).
    /// </summary>
    public static IReadOnlyList<double> OperationDurationBuckets => OperationInstruments.DurationBuckets;

    /// <summary>Duration of create, update and delete operations, from the handle's creation to the end of the wait, in seconds.</summary>
    public static Histogram<double> OperationDuration => OperationInstruments.Duration;

    /// <summary>Operations that ended, by kind and outcome (<see cref="OperationTelemetry"/>).</summary>
    public static Counter<long> Operations => OperationInstruments.Ended;

    /// <summary>Status requests sent while waiting for integrations to settle.</summary>
    public static Counter<long> Polls => OperationInstruments.Polls;

    /// <summary>Transport retries of safe requests.</summary>
    public static Counter<long> Retries => RetryInstruments.Retries;

    // The instruments of operations and retries are made when the first of them is used, not with the first call: a
    // process that only reads makes one instrument (cold start, BENCHMARKS.md). A listener sees each when it is made.
    private static class OperationInstruments
    {
        public static readonly IReadOnlyList<double> DurationBuckets = [1, 2.5, 5, 10, 15, 30, 60, 120, 180, 300, 450, 600, 900, 1200];

        public static readonly Histogram<double> Duration = CreateHistogram(
            "immuta.client.operation.duration", "Duration of integration operations, from the answer that started them to their end.", DurationBuckets);

        public static readonly Counter<long> Ended = Meter.CreateCounter<long>(
            "immuta.client.operations", unit: "{operation}", description: "Integration operations that ended, by kind and outcome.");

        public static readonly Counter<long> Polls = Meter.CreateCounter<long>(
            "immuta.client.operation.polls", unit: "{request}", description: "Status polls sent while waiting for integrations to settle.");
    }

    private static class RetryInstruments
    {
        public static readonly Counter<long> Retries = Meter.CreateCounter<long>(
            "immuta.client.request.retries", unit: "{retry}", description: "Retries of safe requests by the SDK's handler.");
    }

    /// <summary>
    /// Adds to <paramref name="counter"/>. A <see cref="MeterListener"/> of the host's that throws fails neither the call
    /// nor the SDK's telemetry around it (the measurement is lost, as if nobody listened).
    /// </summary>
    public static void Add(Counter<long> counter, long delta, in TagList tags)
    {
        try
        {
            counter.Add(delta, tags);
        }
#pragma warning disable CA1031 // whatever a listener throws is the listener's failure, not the call's
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>Records in <paramref name="histogram"/>, as <see cref="Add"/> does: a listener's failure is not the call's.</summary>
    public static void Record(Histogram<double> histogram, double value, in TagList tags)
    {
        try
        {
            histogram.Record(value, tags);
        }
#pragma warning disable CA1031 // as in Add
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>
    /// Whether the status call in progress expects a 404 (a delete's or a watch's last poll: the integration is gone). Set
    /// by the poll around the call; the call's span and its duration then do not count a 404 as an error.
    /// </summary>
    private static readonly AsyncLocal<bool> NotFoundExpectedFlag = new();

    public static bool NotFoundExpected => NotFoundExpectedFlag.Value;

    /// <summary>Marks the calls made until the returned scope is disposed as ones for which a 404 is an expected answer.</summary>
    public static NotFoundScope ExpectNotFound(bool expected)
    {
        var previous = NotFoundExpectedFlag.Value;
        NotFoundExpectedFlag.Value = expected;
        return new NotFoundScope(previous);
    }

    /// <summary>Restores the flag of <see cref="ExpectNotFound"/>.</summary>
    public readonly struct NotFoundScope(bool previous) : IDisposable
    {
        public void Dispose() => NotFoundExpectedFlag.Value = previous;
    }

    /// <summary>
    /// OpenTelemetry's <c>error.type</c> for an exception that ended a call: the status code of an error answer
    /// (<c>404</c>), <c>timeout</c>, the runtime's name of a transport error (<c>connection_error</c>), otherwise the
    /// exception's full type name. Low cardinality, and never a message (a message may quote what the server said).
    /// </summary>
    public static string ErrorType(Exception exception) => exception switch
    {
        ImmutaApiException api => ((int)api.StatusCode).ToString(CultureInfo.InvariantCulture),
        ImmutaTransportException { IsTimeout: true } or ImmutaOperationTimeoutException => "timeout",
        ImmutaTransportException { InnerException: HttpRequestException { HttpRequestError: var error and not HttpRequestError.Unknown } } => SnakeCase(error.ToString()),
        _ => exception.GetType().FullName ?? exception.GetType().Name,
    };

    private static string SnakeCase(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length + 8);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && builder.Length > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    // Bucket advice is a .NET 9 API (System.Diagnostics.DiagnosticSource 9); on .NET 8 hosts the SDK keeps the lowest
    // package versions it needs, so the buckets are set with a View there (README "Observability").
    private static Histogram<double> CreateHistogram(string name, string description, IReadOnlyList<double> buckets)
#if NET9_0_OR_GREATER
        => Meter.CreateHistogram(name, unit: "s", description: description, tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = buckets });
#else
        => Meter.CreateHistogram<double>(name, unit: "s", description: description);
#endif
}
