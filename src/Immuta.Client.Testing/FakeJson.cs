using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Immuta.Client.Testing;

/// <summary>
/// How the fake writes every JSON body it answers: as Immuta does, with <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c> and
/// <c>'</c> written literally (<c>"&lt;REDACTED&gt;"</c>, <c>"the caller's identity"</c>; spec §15 GEN-1), not as
/// <c>\u003C</c> or <c>\u0027</c>, which System.Text.Json writes by default.
/// </summary>
/// <remarks>
/// The bodies are JSON for an HTTP client, never embedded in HTML, so the HTML-safe escaping of the default encoder buys
/// nothing here. The SDK's own request bodies keep the default encoder: Immuta's JSON parser reads <c>\u003C</c> as
/// <c>&lt;</c>, and the wire format of requests is the SDK's to decide, not the fake's.
/// </remarks>
internal static class FakeJson
{
    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonSerializerOptions Nodes = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes a model of the SDK, through the SDK's own contracts (so unknown members and raw values come out as they went in).</summary>
    /// <exception cref="ImmutaSerializationException">The model cannot be written (a string holding an unpaired surrogate).</exception>
    public static string Serialize<T>(T value)
    {
        // Written directly with Immuta's escaping, not copied through a printer: a raw value (an unknown member holding an
        // unpaired surrogate escape, say) goes back byte for byte.
        var buffer = new ArrayBufferWriter<byte>();
        try
        {
            using var writer = new Utf8JsonWriter(buffer, Writer);
            JsonSerializer.Serialize(writer, value, (JsonTypeInfo<T>)ImmutaJson.Options.GetTypeInfo(typeof(T)));
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentException)
        {
            // The SDK's own words for the same failure (the path named): ImmutaJson.Serialize fails the same way and throws them.
            _ = ImmutaJson.Serialize(value);
            throw new ImmutaSerializationException($"Could not write {typeof(T).Name}: {exception.Message}", exception);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes a JSON tree the fake built (an error body, a status).</summary>
    public static string Write(JsonNode node) => node.ToJsonString(Nodes);
}
