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

        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;

        if (!root.TryGetProperty(IdName, out var idElement))
        {
            throw new JsonException("The integration has no 'id' member.");
        }

        var id = IdJsonConverter.ReadId(idElement);
        IntegrationStatus? status = null;
        if (root.TryGetProperty(StatusName, out var statusElement) && statusElement.ValueKind != JsonValueKind.Null)
        {
            status = statusElement.Deserialize(ImmutaJsonContext.Default.IntegrationStatus);
        }

        var validation = root.TryGetProperty(ValidationResultsName, out var validationElement)
            ? validationElement.Deserialize(ImmutaJsonContext.Default.ValidationResults)
            : null;

        var definition = IntegrationDefinitionJsonConverter.Read(root, options);
        if (definition.AdditionalProperties is { } extra)
        {
            extra.Remove(IdName);
            extra.Remove(StatusName);
            extra.Remove(ValidationResultsName);
        }

        return new Integration { Id = id, Status = status, ValidationResults = validation, Definition = definition };
    }

    public override void Write(Utf8JsonWriter writer, Integration value, JsonSerializerOptions options)
    {
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
