using System.Text.Json;
using System.Text.Json.Serialization;

namespace Immuta.Client.Serialization;

/// <summary>
/// For raw JSON members of a model (<see cref="UnknownIntegration.Config"/>, <see cref="ValidationTest.Result"/>): read and
/// written as they came with the SDK's options, and written with their credentials masked under any other options (a
/// logger's, a web framework's), as a <see cref="SecretString"/> is. Takes <see cref="JsonElement"/>, a nullable one, and
/// <see cref="IReadOnlyList{T}"/> of them.
/// </summary>
internal sealed class MaskedForeignJsonConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert)
        => typeToConvert == typeof(JsonElement) || typeToConvert == typeof(JsonElement?) || typeToConvert == typeof(IReadOnlyList<JsonElement>);

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options)
        => typeToConvert == typeof(JsonElement) ? new Element()
            : typeToConvert == typeof(JsonElement?) ? new NullableElement()
            : new ElementList();

    private static void Write(Utf8JsonWriter writer, JsonElement element, JsonSerializerOptions options)
    {
        if (JsonSecretMasker.RevealsSecrets(options))
        {
            element.WriteTo(writer);
        }
        else
        {
            JsonSecretMasker.WriteMasked(element, writer);
        }
    }

    private sealed class Element : JsonConverter<JsonElement>
    {
        public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => JsonElement.ParseValue(ref reader);

        public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options)
            => MaskedForeignJsonConverter.Write(writer, value, options);
    }

    private sealed class NullableElement : JsonConverter<JsonElement?>
    {
        public override JsonElement? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => JsonElement.ParseValue(ref reader);

        public override void Write(Utf8JsonWriter writer, JsonElement? value, JsonSerializerOptions options)
        {
            if (value is { } element)
            {
                MaskedForeignJsonConverter.Write(writer, element, options);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }

    private sealed class ElementList : JsonConverter<IReadOnlyList<JsonElement>>
    {
        public override IReadOnlyList<JsonElement>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException($"Expected an array, found {reader.TokenType}.");
            }

            var items = new List<JsonElement>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                items.Add(JsonElement.ParseValue(ref reader));
            }

            return items;
        }

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<JsonElement> value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var item in value)
            {
                MaskedForeignJsonConverter.Write(writer, item, options);
            }

            writer.WriteEndArray();
        }
    }
}
