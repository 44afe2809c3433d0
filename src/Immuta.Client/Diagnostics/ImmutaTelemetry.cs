using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace Immuta.Client.Diagnostics;

/// <summary>
/// The SDK's traces and metrics: an <see cref="ActivitySource"/> and a <see cref="Meter"/>, both named
/// <c>Immuta.Client</c>. Tags carry the method, the route template (ids replaced by <c>{id}</c>), the status code and the
/// integration status; never a body, a credential or the API key.
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

    /// <summary>The route template of a path: <c>/integrations/123/status</c> becomes <c>/integrations/{id}/status</c>.</summary>
    public static string RouteOf(string path)
    {
        const string Prefix = "/integrations/";
        var query = path.IndexOf('?', StringComparison.Ordinal);
        var bare = query < 0 ? path : path[..query];
        if (!bare.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return bare;
        }

        var end = bare.IndexOf('/', Prefix.Length);
        var segment = end < 0 ? bare.AsSpan(Prefix.Length) : bare.AsSpan(Prefix.Length, end - Prefix.Length);
        if (segment.IsEmpty || segment.SequenceEqual("scripts"))
        {
            return bare;
        }

        // The documented routes come back as constants: naming the route costs no allocation on a call.
        var rest = end < 0 ? ReadOnlySpan<char>.Empty : bare.AsSpan(end);
        return rest switch
        {
            "" => "/integrations/{id}",
            "/status" => "/integrations/{id}/status",
            "/regenerate" => "/integrations/{id}/regenerate",
            "/scripts/edit" => "/integrations/{id}/scripts/edit",
            "/scripts/delete" => "/integrations/{id}/scripts/delete",
            _ => string.Concat("/integrations/{id}", rest),
        };
    }
}
