using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace Immuta.Client.Diagnostics;

/// <summary>
/// The SDK's traces and metrics: an <see cref="ActivitySource"/> and a <see cref="Meter"/>, both named
/// <c>Immuta.Client</c>. A call's span is named after the SDK method (<c>Integrations.Get</c>); tags carry the method, the
/// route template Refit put on the request (<see cref="Http.SentRequest"/>: <c>/integrations/{id}</c>, no id, no query), the
/// status code and the integration status; never a body, a credential or the API key.
/// </summary>
internal static class ImmutaTelemetry
{
    public const string Name = "Immuta.Client";

    private static readonly string Version = typeof(ImmutaTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static readonly ActivitySource Source = new(Name, Version);

    public static readonly Meter Meter = new(Name, Version);

    /// <summary>Duration of each API call, in seconds.</summary>
    public static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>(
        "immuta.client.request.duration", unit: "s", description: "Duration of Immuta API calls.");

    /// <summary>Status requests sent while waiting for integrations to settle.</summary>
    public static readonly Counter<long> Polls = Meter.CreateCounter<long>(
        "immuta.client.operation.polls", unit: "{request}", description: "Status polls sent while waiting for integrations to settle.");

    /// <summary>Transport retries of safe requests.</summary>
    public static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "immuta.client.request.retries", unit: "{retry}", description: "Retries of safe requests by the SDK's handler.");
}
