using System.Text.Json;
using System.Text.Json.Serialization;

namespace Immuta.Client.Serialization;

/// <summary>
/// Reads a raw JSON value (an unknown member, an unknown platform's <c>config</c>, a validation <c>result</c>) and writes it
/// back as it came. A string escape that is an unpaired surrogate (<c>"\ud800"</c>) is valid JSON but not valid Unicode:
/// <see cref="JsonElement.WriteTo"/> cannot decode it, so such a value is written back byte for byte instead.
/// </summary>
internal sealed class RawJsonElementConverter : JsonConverter<JsonElement>
{
    // An empty array is the usual validation result ("result": []): one shared, immutable element instead of a document each.
    private static readonly JsonElement EmptyArray = JsonDocument.Parse("[]").RootElement.Clone();

    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            var next = reader;
            if (next.Read() && next.TokenType == JsonTokenType.EndArray)
            {
                reader = next;
                return EmptyArray;
            }
        }

        return JsonElement.ParseValue(ref reader);
    }

    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) => WriteValue(writer, value);

    /// <summary>Writes a raw value as it came.</summary>
    internal static void WriteValue(Utf8JsonWriter writer, JsonElement value)
    {
        if (value.ValueKind is JsonValueKind.String or JsonValueKind.Object or JsonValueKind.Array && HasUnpairedSurrogateEscape(value))
        {
            writer.WriteRawValue(value.GetRawText(), skipInputValidation: true);
        }
        else
        {
            value.WriteTo(writer);
        }
    }

    /// <summary>Whether the raw text of <paramref name="value"/> holds a <c>\uD800</c>–<c>\uDFFF</c> escape that is not one half of a pair.</summary>
    internal static bool HasUnpairedSurrogateEscape(JsonElement value)
    {
#if NET9_0_OR_GREATER
        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value);
        return raw.IndexOf((byte)'\\') >= 0 && HasUnpairedSurrogateEscape(System.Text.Encoding.UTF8.GetString(raw));
#else
        var raw = value.GetRawText();
        return raw.Contains('\\', StringComparison.Ordinal) && HasUnpairedSurrogateEscape(raw);
#endif
    }

    /// <summary>Whether JSON text holds an escape of an unpaired surrogate.</summary>
    internal static bool HasUnpairedSurrogateEscape(string json)
    {
        var pendingHigh = false;
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] != '\\' || i + 1 >= json.Length)
            {
                if (pendingHigh)
                {
                    return true;
                }

                continue;
            }

            if (json[i + 1] != 'u' || i + 5 >= json.Length || !ushort.TryParse(json.AsSpan(i + 2, 4), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var unit))
            {
                if (pendingHigh)
                {
                    return true;
                }

                i++; // \" \\ \n …: the escaped character is not an escape itself
                continue;
            }

            var c = (char)unit;
            if (char.IsHighSurrogate(c))
            {
                if (pendingHigh)
                {
                    return true;
                }

                pendingHigh = true;
            }
            else if (char.IsLowSurrogate(c))
            {
                if (!pendingHigh)
                {
                    return true;
                }

                pendingHigh = false;
            }
            else if (pendingHigh)
            {
                return true;
            }

            i += 5;
        }

        return pendingHigh;
    }
}
