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

        // One pass: a copy of the reader looks ahead for "type" (wherever it stands), then the platform's record reads the
        // object itself. No intermediate document.
        var info = TypeInfoFor(FindType(reader), options);
        var definition = (IntegrationDefinition)(JsonSerializer.Deserialize(ref reader, info)
            ?? throw new JsonException("The integration is null."));
        KeepResponseMembers(definition);
        return definition;
    }

    // A definition read on its own (a file saved from a GET, say) keeps any id, status and validationResults it carries
    // as unknown members, written back as they came; only an Integration takes them out.
    private static void KeepResponseMembers(IntegrationDefinition definition)
    {
        if (definition.ResponseId is null && definition.ResponseStatus is null && definition.ResponseValidationResults is null)
        {
            return;
        }

        var extra = definition.AdditionalProperties ??= new Dictionary<string, JsonElement>();
        if (definition.ResponseId is { } id)
        {
            extra["id"] = JsonSerializer.SerializeToElement(id, ImmutaJsonContext.Default.String);
        }

        if (definition.ResponseStatus is { } status)
        {
            extra["status"] = JsonSerializer.SerializeToElement(status, ImmutaJsonContext.Default.IntegrationStatus);
        }

        if (definition.ResponseValidationResults is { } validation)
        {
            extra["validationResults"] = JsonSerializer.SerializeToElement(validation, ImmutaJsonContext.Default.ValidationResults);
        }

        definition.ResponseId = null;
        definition.ResponseStatus = null;
        definition.ResponseValidationResults = null;
    }

    /// <summary>The <c>type</c> member of the object the reader stands on (read on a copy; the reader does not move).</summary>
    internal static string FindType(Utf8JsonReader scan)
    {
        var depth = scan.CurrentDepth;
        while (scan.Read() && !(scan.TokenType == JsonTokenType.EndObject && scan.CurrentDepth == depth))
        {
            if (scan.TokenType == JsonTokenType.PropertyName && scan.CurrentDepth == depth + 1)
            {
                var isType = scan.ValueTextEquals("type"u8);
                scan.Read();
                if (isType)
                {
                    return scan.TokenType == JsonTokenType.String
                        ? scan.GetString()!
                        : throw new JsonException($"The integration's 'type' must be a string, found {scan.TokenType}.");
                }

                // TrySkip, not Skip: when a stream is read in segments the reader is not on its final block, and Skip
                // refuses even though System.Text.Json has buffered this whole value for the converter.
                if (!scan.TrySkip())
                {
                    throw new JsonException("The integration object is cut off.");
                }
            }
        }

        throw new JsonException("The integration has no 'type' member.");
    }

    internal static JsonTypeInfo TypeInfoOf(string type, JsonSerializerOptions options) => TypeInfoFor(type, options);

    public override void Write(Utf8JsonWriter writer, IntegrationDefinition value, JsonSerializerOptions options)
    {
        if (!JsonSecretMasker.RevealsSecrets(options))
        {
            // Foreign options (a logger's, a web framework's): the wire shape, credentials masked, unknown members included.
            JsonSecretMasker.WriteMasked(value, ImmutaJsonContext.Default.IntegrationDefinition, writer);
            return;
        }

        JsonSerializer.Serialize(writer, value, options.GetTypeInfo(value.GetType()));
    }

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
