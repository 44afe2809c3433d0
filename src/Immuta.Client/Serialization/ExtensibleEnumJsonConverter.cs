using System.Text.Json;
using System.Text.Json.Serialization;

namespace Immuta.Client.Serialization;

/// <summary>A string-backed value whose set of known values the server may extend.</summary>
/// <typeparam name="TSelf">The implementing struct.</typeparam>
internal interface IExtensibleEnum<TSelf>
    where TSelf : struct, IExtensibleEnum<TSelf>
{
    /// <summary>Creates a value from its wire text.</summary>
    static abstract TSelf Create(string value);

    /// <summary>The documented values, which the converter returns instead of allocating their text again.</summary>
    static abstract TSelf[] Known { get; }

    /// <summary>The wire text.</summary>
    string? Value { get; }
}

/// <summary>Reads and writes an extensible enum as its wire string, keeping values the SDK does not know.</summary>
/// <typeparam name="T">The extensible enum.</typeparam>
internal sealed class ExtensibleEnumJsonConverter<T> : JsonConverter<T>
    where T : struct, IExtensibleEnum<T>
{
    // The documented values and their UTF-8 text: a list of thousands of integrations repeats a handful of statuses, so
    // those are shared instead of allocated once per member.
    private static readonly (byte[] Utf8, T Value)[] KnownValues =
        [.. T.Known.Select(known => (System.Text.Encoding.UTF8.GetBytes(known.Value!), known))];

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string for {typeof(T).Name}, found {reader.TokenType}.");
        }

        if (!reader.HasValueSequence && !reader.ValueIsEscaped)
        {
            var text = reader.ValueSpan;
            foreach (var (utf8, value) in KnownValues)
            {
                if (text.SequenceEqual(utf8))
                {
                    return value;
                }
            }
        }

        return T.Create(reader.GetString()!);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        => writer.WriteStringValue(StrictStringJsonConverter.Checked(value.Value ?? string.Empty));
}
