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

    /// <summary>The wire text.</summary>
    string? Value { get; }
}

/// <summary>Reads and writes an extensible enum as its wire string, keeping values the SDK does not know.</summary>
/// <typeparam name="T">The extensible enum.</typeparam>
internal sealed class ExtensibleEnumJsonConverter<T> : JsonConverter<T>
    where T : struct, IExtensibleEnum<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string for {typeof(T).Name}, found {reader.TokenType}.");
        }

        return T.Create(reader.GetString()!);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.Value ?? string.Empty);
}
