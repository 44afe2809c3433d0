using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Immuta.Client.Serialization;

/// <summary>
/// Reads a string that repeats across the items of a list (such as the name of a validation test) through a small
/// cache of the reading thread's, so a list of thousands of integrations holds one copy of each name instead of one per item.
/// </summary>
/// <remarks>
/// The cache is a fixed table indexed by a hash of the UTF-8 text: a hit returns the cached string after comparing it
/// with the text, a miss allocates and replaces the slot. Only short ASCII values are cached, so the table stays small
/// (at most <see cref="Slots"/> × <see cref="MaxLength"/> characters a thread) and never grows. The table is the thread's
/// own, not the process's: reads of other clients on other threads cannot replace a name between two items of a list
/// being read (a process-wide table let them), and no lock is needed.
/// </remarks>
internal sealed class SharedStringJsonConverter : JsonConverter<string>
{
    internal const int Slots = 256;
    internal const int MaxLength = 128;

    [ThreadStatic]
    private static string?[]? t_cache;

    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > MaxLength)
        {
            return reader.GetString();
        }

        var text = reader.ValueSpan;
        if (!Ascii.IsValid(text))
        {
            return reader.GetString();
        }

        var hash = new HashCode();
        hash.AddBytes(text);
        var slot = hash.ToHashCode() & (Slots - 1);
        var cache = t_cache ??= new string?[Slots];
        var cached = cache[slot];
        if (cached is not null && Ascii.Equals(text, cached))
        {
            return cached;
        }

        var value = Encoding.ASCII.GetString(text);
        cache[slot] = value;
        return value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(StrictStringJsonConverter.Checked(value));
}
