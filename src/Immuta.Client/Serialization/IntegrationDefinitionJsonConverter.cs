using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Immuta.Client.Serialization;

/// <summary>
/// Reads an <see cref="IntegrationDefinition"/> by its <c>type</c> member wherever it stands, and writes one through its
/// runtime type so <c>type</c> is always on the wire. Unknown types become <see cref="UnknownIntegration"/>.
/// </summary>
/// <remarks>
/// A member that does not fit its type is set aside by <see cref="TolerantReader"/> (kept raw, reported) rather than
/// failing the read. When <c>type</c> appears twice, the last one decides the platform, as the last value of any other
/// duplicated member wins.
/// </remarks>
internal sealed class IntegrationDefinitionJsonConverter : JsonConverter<IntegrationDefinition>
{
    /// <summary>The member of a definition that must fit: its platform.</summary>
    internal static readonly string[] Vital = ["type"];

    [ThreadStatic]
    private static string? t_typeRead;

    public override IntegrationDefinition? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var definition = ReadPlatform(ref reader, options, Vital, out var issues);
        KeepResponseMembers(definition);
        TolerantReader.Attach(definition, issues);
        return definition;
    }

    /// <summary>Called by <see cref="IntegrationDefinition.Type"/>'s init with each <c>type</c> the serializer reads.</summary>
    internal static void TypeRead(IntegrationType type) => t_typeRead = type.Value;

    /// <summary>
    /// Reads the object the reader stands on as the record of its platform (response members in their read-side slots),
    /// setting aside what does not fit.
    /// </summary>
    internal static IntegrationDefinition ReadPlatform(ref Utf8JsonReader reader, JsonSerializerOptions options, string[] vital, out List<ReadIssue>? issues)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected an integration object, found {KindOf(reader.TokenType)}.");
        }

        // One pass: a copy of the reader looks ahead for the first "type", then the platform's record reads the object
        // itself (no intermediate document). The record's read reports the last "type"; when it differs (a duplicated key),
        // the object is read again as the last one's platform.
        var start = reader;
        var type = FindType(reader);
        var definition = ReadAs(ref reader, type, options, vital, out issues, out var last);
        if (!string.Equals(type, last, StringComparison.Ordinal))
        {
            reader = start;
            definition = ReadAs(ref reader, last, options, vital, out issues, out _);
        }

        return definition;
    }

    private static IntegrationDefinition ReadAs(ref Utf8JsonReader reader, string type, JsonSerializerOptions options, string[] vital, out List<ReadIssue>? issues, out string lastType)
    {
        t_typeRead = null;
        try
        {
            var definition = (IntegrationDefinition)(TolerantReader.Read(ref reader, TypeInfoFor(type, options), vital, out issues)
                ?? throw new JsonException("The integration is null."));

            // An unknown platform's record takes "type" through its constructor (the last value, too); the others report it.
            lastType = definition is UnknownIntegration unknown ? unknown.Type.Value! : t_typeRead ?? type;
            return definition;
        }
        finally
        {
            t_typeRead = null;
        }
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
        var options = ImmutaJson.Options;
        if (definition.ResponseId is { } id)
        {
            extra["id"] = JsonSerializer.SerializeToElement(id, (JsonTypeInfo<string>)options.GetTypeInfo(typeof(string)));
        }

        if (definition.ResponseStatus is { } status)
        {
            extra["status"] = JsonSerializer.SerializeToElement(status, (JsonTypeInfo<IntegrationStatus>)options.GetTypeInfo(typeof(IntegrationStatus)));
        }

        if (definition.ResponseValidationResults is { } validation)
        {
            extra["validationResults"] = JsonSerializer.SerializeToElement(validation, (JsonTypeInfo<ValidationResults>)options.GetTypeInfo(typeof(ValidationResults)));
        }

        definition.ResponseId = null;
        definition.ResponseStatus = null;
        definition.ResponseValidationResults = null;
    }

    /// <summary>The first <c>type</c> member of the object the reader stands on (read on a copy; the reader does not move).</summary>
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
                        : throw new JsonException($"The integration's 'type' must be a string, found {KindOf(scan.TokenType)}.");
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
        => options.GetTypeInfo(ImmutaPlatforms.Find(type)?.DefinitionType ?? typeof(UnknownIntegration));

    // A token as an error names it, in JSON's words (never the reader's token names such as StartArray).
    private static string KindOf(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "a list",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => "nothing",
    };
}
