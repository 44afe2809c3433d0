using System.Text.Json;
using System.Text.Json.Serialization;

namespace Immuta.Client.Serialization;

/// <summary>
/// Reads and writes strings (values and dictionary keys) as the built-in converter does, except that a string holding an
/// unpaired surrogate is refused on write: the built-in writer would silently replace it with U+FFFD and send a different
/// value (a different password, say). A value read from JSON with such an escape is not a string member: it is kept raw
/// (see <see cref="TolerantReader"/>) and written back as it came.
/// </summary>
internal sealed class StrictStringJsonConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => reader.TokenType == JsonTokenType.String ? reader.GetString() : throw new JsonException($"Expected a string, found {reader.TokenType}.");

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
        => writer.WriteStringValue(Checked(value));

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => reader.GetString()!;

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
        => writer.WritePropertyName(Checked(value));

    /// <summary>The string, when it is valid UTF-16.</summary>
    /// <exception cref="JsonException">It holds an unpaired surrogate (the serializer adds the path).</exception>
    internal static string Checked(string value)
        => HasUnpairedSurrogate(value)
            ? throw new JsonException("A string holds an unpaired surrogate (U+D800-U+DFFF without its other half); it would be written as U+FFFD, a different value.")
            : value;

    /// <summary>Whether a string holds a surrogate that is not one half of a pair.</summary>
    internal static bool HasUnpairedSurrogate(string value)
    {
        var span = value.AsSpan();
        var at = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (at < 0)
        {
            return false;
        }

        for (var i = at; i < span.Length; i++)
        {
            if (char.IsHighSurrogate(span[i]) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(span[i]))
            {
                return true;
            }
        }

        return false;
    }
}
