using System.Text;
using System.Text.Json;

namespace Immuta.Client.Serialization;

/// <summary>
/// Parses JSON that code walks itself (a <see cref="JsonDocument"/> outside the serializer) only when every string and
/// member name in it can be read as UTF-16. <see cref="JsonDocument.Parse(string, JsonDocumentOptions)"/> accepts an
/// escaped unpaired surrogate (<c>"\ud800"</c>: valid JSON, not valid Unicode), and then <see cref="JsonElement.GetString"/>
/// and <see cref="JsonProperty.Name"/> throw <see cref="InvalidOperationException"/> at whoever reads it. Here it is a
/// <see cref="JsonException"/> at parse time, as the serializer reports it, so the caller's one catch of bad JSON covers it.
/// </summary>
internal static class ReadableJsonDocument
{
    /// <summary>The document of <paramref name="json"/>.</summary>
    /// <exception cref="JsonException">The text is not JSON, or a string or member name in it holds an unpaired surrogate escape (the exception gives its line and byte, never the text).</exception>
    public static JsonDocument Parse(string json)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);
        var document = JsonDocument.Parse(utf8);
        try
        {
            EnsureReadable(utf8);
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    // Only an escaped string can hold an escaped surrogate; the reader decodes nothing else.
    private static void EnsureReadable(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped && !Decodes(ref reader))
            {
                var before = utf8[..(int)reader.TokenStartIndex];
                var line = before.Count((byte)'\n');
                var byteInLine = before.Length - (before.LastIndexOf((byte)'\n') + 1);
                var what = reader.TokenType == JsonTokenType.PropertyName ? "A member name" : "A string";
                throw new JsonException(
                    $"{what} holds an unpaired surrogate escape (\\uD800-\\uDFFF without its other half): valid JSON, but not text .NET can read.",
                    path: null,
                    lineNumber: line,
                    bytePositionInLine: byteInLine);
            }
        }
    }

    private static bool Decodes(ref Utf8JsonReader reader)
    {
        try
        {
            _ = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
