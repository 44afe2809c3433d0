using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Immuta.Client.Tests.Schema;

/// <summary>
/// What a schema fails to describe of the models: every public member of every model a platform or a delete credential
/// holds (nested models and lists of them included), walked through the contracts the SDK serializes with, must be under
/// its JSON name at the same place in the schema, with a description. A member added to a model and missing from the
/// schema is named here.
/// </summary>
internal static class SchemaCoverage
{
    public static IReadOnlyList<string> Missing(JsonNode schema)
    {
        var missing = new List<string>();
        var definitions = schema["$defs"];
        var roots = DefinitionSchemaGenerator.Platforms().Select(p => p.Model).Concat(DefinitionSchemaGenerator.DeleteCredentials());
        foreach (var model in roots)
        {
            Walk(ImmutaJson.Options.GetTypeInfo(model), definitions?[model.Name], model.Name, missing);
        }

        return missing;
    }

    private static void Walk(JsonTypeInfo model, JsonNode? schema, string path, List<string> missing)
    {
        if (schema is not JsonObject)
        {
            missing.Add(path);
            return;
        }

        foreach (var member in model.Properties.Where(p => !p.IsExtensionData && DefinitionSchemaGenerator.IsPublic(p)))
        {
            var at = $"{path}.{member.Name}";
            var described = schema["properties"]?[member.Name];
            if (described is not JsonObject)
            {
                missing.Add(at);
                continue;
            }

            if (described["description"] is null)
            {
                missing.Add($"{at} (no description)");
            }

            var type = Nullable.GetUnderlyingType(member.PropertyType) ?? member.PropertyType;
            if (typeof(ImmutaModel).IsAssignableFrom(type))
            {
                Walk(ImmutaJson.Options.GetTypeInfo(type), described, at, missing);
            }
            else if (type.IsGenericType && type.GetGenericArguments() is [var item] && typeof(ImmutaModel).IsAssignableFrom(item))
            {
                Walk(ImmutaJson.Options.GetTypeInfo(item), described["items"], $"{at}[]", missing);
            }
        }
    }
}
