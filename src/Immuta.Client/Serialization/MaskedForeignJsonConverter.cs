using System.Text.Json;
using System.Text.Json.Serialization;

namespace Immuta.Client.Serialization;

/// <summary>
/// For raw JSON members of a model (<see cref="UnknownIntegration.Config"/>, <see cref="ValidationTest.Result"/>): read and
/// written as they came with the SDK's options, and written with their credentials masked under any other options (a
/// logger's, a web framework's), as a <see cref="SecretString"/> is. Takes <see cref="JsonElement"/> and a nullable one.
/// </summary>
internal sealed class MaskedForeignJsonConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert)
        => typeToConvert == typeof(JsonElement) || typeToConvert == typeof(JsonElement?);

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options)
        => typeToConvert == typeof(JsonElement) ? new Element() : new NullableElement();

    private static readonly RawJsonElementConverter Raw = new();

    private static void Write(Utf8JsonWriter writer, JsonElement element, JsonSerializerOptions options)
    {
        if (JsonSecretMasker.RevealsSecrets(options))
        {
            RawJsonElementConverter.WriteValue(writer, element); // as it came, unpaired surrogate escapes included
        }
        else
        {
            JsonSecretMasker.WriteMasked(element, writer);
        }
    }

    private sealed class Element : JsonConverter<JsonElement>
    {
        public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => Raw.Read(ref reader, typeof(JsonElement), options);

        public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options)
            => MaskedForeignJsonConverter.Write(writer, value, options);
    }

    private sealed class NullableElement : JsonConverter<JsonElement?>
    {
        public override JsonElement? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => Raw.Read(ref reader, typeof(JsonElement), options);

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
}
