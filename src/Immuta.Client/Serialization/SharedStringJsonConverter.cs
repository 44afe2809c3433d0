using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Immuta.Client.Serialization;

/// <summary>
/// Reads a string that repeats across the items of a list (such as the name of a validation test) through a small
/// process-wide cache, so a list of thousands of integrations holds one copy of each name instead of one per item.
/// </summary>
/// <remarks>
/// The cache is a fixed table indexed by a hash of the UTF-8 text: a hit returns the cached string after comparing it
/// with the text, a miss allocates and replaces the slot. Only short ASCII values are cached, so the table stays small
/// (at most <see cref="Slots"/> × <see cref="MaxLength"/> characters) and never grows. Strings are immutable and slot
/// writes are atomic, so no lock is needed.
/// </remarks>
internal sealed class SharedStringJsonConverter : JsonConverter<string>
{
    internal const int Slots = 256;
    internal const int MaxLength = 128;

    private static readonly string?[] Cache = new string?[Slots];

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
        var cached = Volatile.Read(ref Cache[slot]);
        if (cached is not null && Ascii.Equals(text, cached))
        {
            return cached;
        }

        var value = Encoding.ASCII.GetString(text);
        Volatile.Write(ref Cache[slot], value);
        return value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(StrictStringJsonConverter.Checked(value));
}
