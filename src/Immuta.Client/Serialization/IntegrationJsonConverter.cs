using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Immuta.Client.Serialization;

/// <summary>
/// Reads an <see cref="Integration"/>: <c>id</c>, <c>status</c> and <c>validationResults</c> stand beside the definition's
/// members in one flat object, so they are split off and everything else becomes the <see cref="Integration.Definition"/>.
/// </summary>
/// <remarks>
/// One member that does not fit its type does not fail the read (see <see cref="TolerantReader"/>), unless it is the
/// integration's <c>type</c>, <c>id</c> or <c>status</c>: without those the integration cannot be named or waited on.
/// </remarks>
internal sealed class IntegrationJsonConverter : JsonConverter<Integration>
{
    private const string IdName = "id";
    private const string StatusName = "status";
    private const string ValidationResultsName = "validationResults";

    private static readonly string[] Vital = ["type", IdName, StatusName];

    public override Integration? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // One pass: the platform's record reads the whole object, including id, status and validationResults into its
        // read-side slots, which are then moved to the Integration.
        var definition = IntegrationDefinitionJsonConverter.ReadPlatform(ref reader, options, Vital, out var issues);
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
        if (definition.AdditionalProperties is { } extra)
        {
            LeaveOutResponseMembers(extra, issues);
            if (extra.Count == 0)
            {
                definition.AdditionalProperties = null;
            }
        }

        TolerantReader.Attach(integration, issues);
        return integration;
    }

    // Members set aside at the top (an explicit null status, a validationResults that is not an object) belong to the
    // response, not to the definition: they are not sent back with it.
    private static void LeaveOutResponseMembers(IDictionary<string, JsonElement> extra, List<ReadIssue>? issues)
    {
        foreach (var name in (ReadOnlySpan<string>)[IdName, StatusName, ValidationResultsName])
        {
            if (extra.Remove(name) && issues is not null)
            {
                var path = "$." + name;
                var index = issues.FindIndex(issue => issue.Path == path && issue.Kind == ReadIssueKind.Mistyped);
                if (index >= 0)
                {
                    issues[index] = issues[index] with { Kind = ReadIssueKind.Dropped };
                }
            }
        }
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
        writer.WriteString(IdName, StrictStringJsonConverter.Checked(value.Id));
        if (value.Status is { } status)
        {
            writer.WriteString(StatusName, StrictStringJsonConverter.Checked(status.ToString()));
        }

        if (value.ValidationResults is { } validation)
        {
            writer.WritePropertyName(ValidationResultsName);
            JsonSerializer.Serialize(writer, validation, (JsonTypeInfo<ValidationResults>)options.GetTypeInfo(typeof(ValidationResults)));
        }

        // The definition's members follow, each as written by its own contract (raw values written back as they came).
        var definition = JsonSerializer.SerializeToElement(value.Definition, (JsonTypeInfo<IntegrationDefinition>)options.GetTypeInfo(typeof(IntegrationDefinition)));
        foreach (var member in definition.EnumerateObject())
        {
            if (LenientJsonText.UnpairedName(member) is { } unpaired)
            {
                AdditionalPropertiesJsonConverter.WriteRawMember(writer, unpaired, member.ToString()); // "\ud800x": as it was written
                continue;
            }

            writer.WritePropertyName(member.Name);
            RawJsonElementConverter.WriteValue(writer, member.Value);
        }

        writer.WriteEndObject();
    }
}
