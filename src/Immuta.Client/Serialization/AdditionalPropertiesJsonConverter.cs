using System.Text.Json;
using System.Text.Json.Serialization;

namespace Immuta.Client.Serialization;

/// <summary>
/// Writes <see cref="ImmutaModel.AdditionalProperties"/> (the members the SDK does not model) in place, as members of the
/// model's object: as they came with the SDK's options, and with every credential masked (<see cref="CredentialNames"/>)
/// under any other options (a logger's, a web framework's), as a <see cref="SecretString"/> is. Reading is left to
/// System.Text.Json, which fills extension data itself.
/// </summary>
internal sealed class AdditionalPropertiesJsonConverter : JsonConverter<IDictionary<string, JsonElement>>
{
    public override IDictionary<string, JsonElement>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => throw new NotSupportedException("Extension data is read by System.Text.Json, not by this converter.");

    public override void Write(Utf8JsonWriter writer, IDictionary<string, JsonElement> value, JsonSerializerOptions options)
    {
        var reveal = JsonSecretMasker.RevealsSecrets(options);
        foreach (var (name, element) in value)
        {
            writer.WritePropertyName(name);
            if (reveal)
            {
                RawJsonElementConverter.WriteValue(writer, element); // as it came, unpaired surrogate escapes included
            }
            else if (element.ValueKind != JsonValueKind.Null && CredentialNames.IsCredential(name))
            {
                writer.WriteStringValue(SecretString.Mask);
            }
            else
            {
                JsonSecretMasker.WriteMasked(element, writer);
            }
        }
    }
}
