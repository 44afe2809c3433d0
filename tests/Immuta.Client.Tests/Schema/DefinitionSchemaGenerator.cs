using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace Immuta.Client.Tests.Schema;

/// <summary>
/// Generates the JSON Schema of integration definition files (<c>immuta-integrations.schema.json</c>, shipped with the
/// tool) from the SDK's models: System.Text.Json's <see cref="JsonSchemaExporter"/> over the contracts the SDK reads and
/// writes with (<see cref="ImmutaJson.Options"/>, its source-generated context), descriptions from its XML documentation.
/// Nothing in it is written by hand: the platforms are the SDK's public <see cref="IntegrationDefinition"/> records, each
/// a branch chosen by its wire <c>type</c>; a <c>type</c> the SDK does not know is its own branch (Immuta decides).
/// </summary>
/// <remarks>
/// Unknown members are allowed everywhere (the models keep them). Members the SDK models but never writes (an
/// integration's <c>id</c>, <c>status</c> and <c>validationResults</c>, read from responses) are left out: in a file they
/// are unknown members like any other. The delete credentials are under <c>$defs</c> (<c>delete -f</c> files).
/// </remarks>
internal static class DefinitionSchemaGenerator
{
    private const string Placeholder = " A credential: write a `${NAME}` placeholder, read from the environment when the file is loaded, rather than the value; it is never printed.";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The platforms: every public, concrete <see cref="IntegrationDefinition"/> record but the unknown one, by wire type.</summary>
    public static IReadOnlyList<(string WireType, Type Model)> Platforms() => ModelsDerivedFrom(typeof(IntegrationDefinition))
        .Where(t => t != typeof(UnknownIntegration))
        .Select(t => (((IntegrationDefinition)Activator.CreateInstance(t)!).Type.Value!, t))
        .OrderBy(p => p.Item1, StringComparer.Ordinal)
        .ToList();

    /// <summary>The delete credentials: every public, concrete <see cref="IntegrationDeleteCredentials"/> record.</summary>
    public static IReadOnlyList<Type> DeleteCredentials() => ModelsDerivedFrom(typeof(IntegrationDeleteCredentials)).ToList();

    public static JsonObject Generate(XmlDocs docs)
    {
        var exporter = new JsonSchemaExporterOptions { TransformSchemaNode = (context, node) => Transform(context, node, docs) };
        var definitions = new JsonObject();
        var branches = new JsonArray();
        var platforms = Platforms();
        var type = docs.Of(typeof(IntegrationDefinition).GetProperty(nameof(IntegrationDefinition.Type))!);
        foreach (var (wireType, model) in platforms)
        {
            var branch = Object(ImmutaJson.Options.GetTypeInfo(model).GetJsonSchemaAsNode(exporter));
            branch["type"] = "object";
            Object(branch["properties"])["type"] = new JsonObject { ["description"] = type, ["const"] = wireType };
            definitions[model.Name] = branch;
            branches.Add(new JsonObject { ["$ref"] = $"#/$defs/{model.Name}" });
        }

        definitions[nameof(UnknownIntegration)] = new JsonObject
        {
            ["description"] = docs.Of(typeof(UnknownIntegration)),
            ["type"] = "object",
            ["properties"] = new JsonObject { ["type"] = new JsonObject { ["not"] = new JsonObject { ["enum"] = new JsonArray([.. platforms.Select(p => JsonValue.Create(p.WireType))]) } } },
        };
        branches.Add(new JsonObject { ["$ref"] = $"#/$defs/{nameof(UnknownIntegration)}" });

        foreach (var model in DeleteCredentials())
        {
            var credentials = Object(ImmutaJson.Options.GetTypeInfo(model).GetJsonSchemaAsNode(exporter));
            credentials["type"] = "object";
            definitions[model.Name] = credentials;
        }

        return new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$comment"] = "Generated from the Immuta.Client models (tests/Immuta.Client.Tests/Schema); do not edit by hand. Delete credentials (delete -f): #/$defs/<Platform>DeleteCredentials.",
            ["title"] = "Immuta integration definition",
            ["description"] = docs.Of(typeof(IntegrationDefinition)) + " Any string value may be a `${NAME}` placeholder, read from the environment when the file is loaded; so may a whole number or boolean value, converted to the type the field expects.",
            ["type"] = "object",
            ["required"] = new JsonArray("type"),
            ["properties"] = new JsonObject
            {
                ["type"] = new JsonObject
                {
                    ["description"] = type,
                    ["type"] = "string",
                    ["examples"] = new JsonArray([.. platforms.Select(p => JsonValue.Create(p.WireType))]),
                },
            },
            ["oneOf"] = branches,
            ["$defs"] = definitions,
        };
    }

    /// <summary>The schema as the shipped file holds it: indented, <c>\n</c> line ends, a final line end.</summary>
    public static string ToText(JsonNode schema) => schema.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";

    private static IEnumerable<Type> ModelsDerivedFrom(Type baseType) => baseType.Assembly.GetExportedTypes()
        .Where(t => t.IsSubclassOf(baseType) && !t.IsAbstract)
        .OrderBy(t => t.Name, StringComparer.Ordinal);

    private static JsonObject Object(JsonNode? node) => node as JsonObject ?? throw new InvalidOperationException($"Expected a schema object, found {node?.ToJsonString()}.");

    private static JsonNode Transform(JsonSchemaExporterContext context, JsonNode node, XmlDocs docs)
    {
        // Types read by a converter of their own (strings, credentials, extensible enums) come out as "any": say what they are.
        if (IsAny(node) && ValueSchema(context.TypeInfo.Type) is { } value)
        {
            node = value;
        }

        if (context.PropertyInfo is null && context.TypeInfo.Kind == JsonTypeInfoKind.Object && node is JsonObject { } model && model["properties"] is JsonObject properties)
        {
            foreach (var hidden in context.TypeInfo.Properties.Where(p => !IsPublic(p)))
            {
                properties.Remove(hidden.Name);
            }
        }

        // A number or a boolean may be written as a whole-value placeholder (port: ${REDSHIFT_PORT}): the file's reader
        // converts it to the type the model expects (IntegrationDefinitionFile), so the schema accepts that string too.
        if (IsNumberOrBoolean(node))
        {
            node = new JsonObject { ["anyOf"] = new JsonArray(node, new JsonObject { ["type"] = "string", ["pattern"] = WholePlaceholderPattern }) };
        }

        var member = context.PropertyInfo?.AttributeProvider as PropertyInfo;
        var description = member is not null ? docs.Of(member) : context.PropertyInfo is null && context.TypeInfo.Kind == JsonTypeInfoKind.Object ? docs.Of(context.TypeInfo.Type) : null;
        if (member?.PropertyType == typeof(SecretString))
        {
            description += Placeholder;
        }

        if (description is null)
        {
            return node;
        }

        var described = node as JsonObject ?? new JsonObject();
        described.Insert(0, "description", description);
        return described;
    }

    // One ${NAME} or ${NAME:-default} and nothing else: the placeholders IntegrationDefinitionFile expands.
    private const string WholePlaceholderPattern = @"^\$\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\}$";

    // A schema whose only non-null types are numbers or booleans ("integer", ["integer", "null"], "boolean", …).
    private static bool IsNumberOrBoolean(JsonNode node)
    {
        string[] types = (node as JsonObject)?["type"] switch
        {
            JsonValue single => [single.GetValue<string>()],
            JsonArray several => several.Select(t => t?.GetValue<string>()).OfType<string>().ToArray(),
            _ => [],
        };
        var named = types.Where(t => t != "null").ToArray();
        return named.Length > 0 && named.All(t => t is "integer" or "number" or "boolean");
    }

    private static bool IsAny(JsonNode node) => node is JsonObject { Count: 0 } || (node is JsonValue v && v.GetValueKind() == JsonValueKind.True);

    // Every type written as a JSON string by its own converter: string, SecretString, and the SDK's extensible enums (any
    // text accepted, the known values offered to editors as examples).
    private static JsonObject? ValueSchema(Type type)
    {
        var nullable = Nullable.GetUnderlyingType(type) is not null || !type.IsValueType;
        type = Nullable.GetUnderlyingType(type) ?? type;
        var kind = nullable ? new JsonArray("string", "null") : (JsonNode)"string";
        if (type == typeof(string) || type == typeof(SecretString))
        {
            return new JsonObject { ["type"] = kind };
        }

        var known = type.GetProperties(BindingFlags.Public | BindingFlags.Static).Where(p => p.PropertyType == type).Select(p => p.GetValue(null)?.ToString()).OfType<string>().ToArray();
        return known.Length == 0 ? null : new JsonObject { ["type"] = kind, ["examples"] = new JsonArray([.. known.Select(k => JsonValue.Create(k))]) };
    }

    /// <summary>Whether a member is part of the model's public shape (the read-side slots of a response are not).</summary>
    public static bool IsPublic(JsonPropertyInfo property) => property.AttributeProvider switch
    {
        PropertyInfo p => p.GetMethod?.IsPublic == true,
        FieldInfo f => f.IsPublic,
        _ => true,
    };
}
