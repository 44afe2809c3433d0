using System.Text.Json;
using System.Text.Json.Serialization;

namespace Immuta.Client.Serialization;

/// <summary>
/// Reads an <see cref="Integration"/>: <c>id</c>, <c>status</c> and <c>validationResults</c> stand beside the definition's
/// members in one flat object, so they are split off and everything else becomes the <see cref="Integration.Definition"/>.
/// </summary>
internal sealed class IntegrationJsonConverter : JsonConverter<Integration>
{
    private const string IdName = "id";
    private const string StatusName = "status";
    private const string ValidationResultsName = "validationResults";

    public override Integration? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected an integration object, found {reader.TokenType}.");
        }

        // One pass: the platform's record reads the whole object, including id, status and validationResults into its
        // read-side slots, which are then moved to the Integration.
        var info = IntegrationDefinitionJsonConverter.TypeInfoOf(IntegrationDefinitionJsonConverter.FindType(reader), options);
        var definition = (IntegrationDefinition)(JsonSerializer.Deserialize(ref reader, info) ?? throw new JsonException("The integration is null."));
        var id = definition.ResponseId ?? throw new JsonException("The integration has no 'id' member.");
        var integration = new Integration
        {
            Id = id,
            Status = definition.ResponseStatus,
            ValidationResults = definition.ResponseValidationResults,
            Definition = definition,
        };
        definition.ResponseId = null;
        definition.ResponseStatus = null;
        definition.ResponseValidationResults = null;
        return integration;
    }

    public override void Write(Utf8JsonWriter writer, Integration value, JsonSerializerOptions options)
    {
        if (!JsonSecretMasker.RevealsSecrets(options))
        {
            // Foreign options (a logger's, a web framework's): the wire shape, credentials masked, unknown members included.
            JsonSecretMasker.WriteMasked(value, ImmutaJsonContext.Default.Integration, writer);
            return;
        }

        writer.WriteStartObject();
        writer.WriteString(IdName, value.Id);
        if (value.Status is { } status)
        {
            writer.WriteString(StatusName, status.ToString());
        }

        if (value.ValidationResults is { } validation)
        {
            writer.WritePropertyName(ValidationResultsName);
            JsonSerializer.Serialize(writer, validation, ImmutaJsonContext.Default.ValidationResults);
        }

        var definition = JsonSerializer.SerializeToElement(value.Definition, ImmutaJsonContext.Default.IntegrationDefinition);
        foreach (var member in definition.EnumerateObject())
        {
            member.WriteTo(writer);
        }

        writer.WriteEndObject();
    }
}
