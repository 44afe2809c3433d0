using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Immuta.Client.Serialization;

/// <summary>
/// Reads an <see cref="IntegrationDefinition"/> by its <c>type</c> member wherever it stands, and writes one through its
/// runtime type so <c>type</c> is always on the wire. Unknown types become <see cref="UnknownIntegration"/>.
/// </summary>
internal sealed class IntegrationDefinitionJsonConverter : JsonConverter<IntegrationDefinition>
{
    public override IntegrationDefinition? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected an integration object, found {reader.TokenType}.");
        }

        using var document = JsonDocument.ParseValue(ref reader);
        return Read(document.RootElement, options);
    }

    internal static IntegrationDefinition Read(JsonElement element, JsonSerializerOptions options)
    {
        if (!element.TryGetProperty("type", out var typeElement))
        {
            throw new JsonException("The integration has no 'type' member.");
        }

        if (typeElement.ValueKind != JsonValueKind.String)
        {
            throw new JsonException($"The integration's 'type' must be a string, found {typeElement.ValueKind}.");
        }

        var info = TypeInfoFor(typeElement.GetString()!, options);
        return (IntegrationDefinition)(element.Deserialize(info)
            ?? throw new JsonException("The integration is null."));
    }

    public override void Write(Utf8JsonWriter writer, IntegrationDefinition value, JsonSerializerOptions options)
        => JsonSerializer.Serialize(writer, value, options.GetTypeInfo(value.GetType()));

    // The wire value must match exactly (ordinal): a differently cased type stays an UnknownIntegration, so it is
    // written back as it came instead of being normalised into a value the server did not send.
    private static JsonTypeInfo TypeInfoFor(string type, JsonSerializerOptions options)
    {
        var clrType = type switch
        {
            "Snowflake" => typeof(SnowflakeIntegration),
            "Databricks" => typeof(DatabricksIntegration),
            "Redshift" => typeof(RedshiftIntegration),
            "Azure Synapse Analytics" => typeof(AzureSynapseIntegration),
            "Google BigQuery" => typeof(BigQueryIntegration),
            "Native S3" => typeof(NativeS3Integration),
            "Trino" => typeof(TrinoIntegration),
            _ => typeof(UnknownIntegration),
        };
        return options.GetTypeInfo(clrType);
    }
}
