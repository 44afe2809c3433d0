using System.Text;
using System.Text.Json;

namespace Immuta.Client.Serialization;

/// <summary>
/// Decodes JSON strings for display and classification (masking, scrubbing, member names), never for values written back:
/// an escaped unpaired surrogate (<c>"\ud800"</c>) is valid JSON but not valid Unicode, and the SDK writes such a value
/// back byte for byte (<see cref="RawJsonElementConverter"/>); System.Text.Json's <c>GetString</c> throws on it, so here it
/// becomes U+FFFD instead.
/// </summary>
internal static class LenientJsonText
{
    /// <summary>The string or property name the reader stands on.</summary>
    public static string GetString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            return Unescape(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan);
        }
    }

    /// <summary>The string value of an element.</summary>
    public static string GetString(JsonElement element)
    {
        try
        {
            return element.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            var raw = element.GetRawText();
            return Unescape(Encoding.UTF8.GetBytes(raw.AsSpan(1, raw.Length - 2).ToString()));
        }
    }

    /// <summary>The string value of a node (one parsed from text holding an unpaired surrogate escape included).</summary>
    public static string GetString(System.Text.Json.Nodes.JsonValue value)
    {
        try
        {
            return value.GetValue<string>();
        }
        catch (InvalidOperationException)
        {
            return value.TryGetValue<JsonElement>(out var element) ? GetString(element) : string.Empty;
        }
    }

    /// <summary>
    /// The exact name of a member whose name holds an unpaired surrogate escape (<c>"\ud800x"</c>), the surrogate kept as
    /// the UTF-16 code unit it stands for (a .NET string can hold it; System.Text.Json refuses to make one); <see langword="null"/>
    /// for a name System.Text.Json reads. For a name kept and written back (<see cref="TolerantReader"/>), not for display.
    /// </summary>
    public static string? UnpairedName(JsonProperty member)
    {
        try
        {
            _ = member.Name;
            return null;
        }
        catch (InvalidOperationException)
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes("{" + member.ToString() + "}"));
            reader.Read();
            reader.Read();
            return Unescape(reader.ValueSpan, keepUnpaired: true);
        }
    }

    /// <summary>
    /// The name of a member, an unpaired surrogate escape in it kept as the code unit it stands for: for classifying a
    /// member by its name (<see cref="JsonProperty.Name"/> throws on such a name).
    /// </summary>
    public static string ExactName(JsonProperty member) => UnpairedName(member) ?? member.Name;

    /// <summary>
    /// Unescapes the raw bytes of a JSON string (without its quotes); unpaired surrogates become U+FFFD, or stay as they
    /// are when <paramref name="keepUnpaired"/>.
    /// </summary>
    internal static string Unescape(ReadOnlySpan<byte> escaped, bool keepUnpaired = false)
    {
        var text = Encoding.UTF8.GetString(escaped);
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 >= text.Length)
            {
                result.Append(text[i]);
                continue;
            }

            var next = text[++i];
            switch (next)
            {
                case 'b': result.Append('\b'); break;
                case 'f': result.Append('\f'); break;
                case 'n': result.Append('\n'); break;
                case 'r': result.Append('\r'); break;
                case 't': result.Append('\t'); break;
                case 'u' when i + 4 < text.Length && ushort.TryParse(text.AsSpan(i + 1, 4), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var code):
                    i += 4;
                    var c = (char)code;
                    if (char.IsHighSurrogate(c) && i + 6 < text.Length && text[i + 1] == '\\' && text[i + 2] == 'u'
                        && ushort.TryParse(text.AsSpan(i + 3, 4), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var low)
                        && char.IsLowSurrogate((char)low))
                    {
                        result.Append(c).Append((char)low);
                        i += 6;
                    }
                    else
                    {
                        result.Append(char.IsSurrogate(c) && !keepUnpaired ? '\uFFFD' : c);
                    }

                    break;
                default: result.Append(next); break; // \" \\ \/
            }
        }

        return result.ToString();
    }
}
