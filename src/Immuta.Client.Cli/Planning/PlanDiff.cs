using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Immuta.Client.Serialization;

namespace Immuta.Client.Cli.Planning;

/// <summary>What <c>apply</c> prints before it changes an integration: the differences between the server's definition and the file's.</summary>
internal static class PlanDiff
{
    /// <summary>
    /// The fields the file sets that differ from the server's: <c>+ path: value</c> (new) and <c>~ path: old → new</c>,
    /// inside arrays too (<c>config.connections[0].host</c>). Credentials (by <see cref="CredentialNames"/>, whole
    /// objects and arrays under a credential's name included) show as <c>***</c>; the server returns them redacted, so a
    /// credential always counts as sent again. Fields the file leaves out are not listed: the server keeps its defaults.
    /// </summary>
    public static IEnumerable<string> Lines(IntegrationDefinition? current, IntegrationDefinition desired)
    {
        var before = current is null ? [] : Flatten(current);
        foreach (var (field, (value, secret)) in Flatten(desired))
        {
            if (!before.TryGetValue(field, out var old))
            {
                yield return $"  + {field}: {value}";
            }
            else if (secret)
            {
                yield return $"  ~ {field}: {SecretString.Mask} (credentials are sent again)";
            }
            else if (old.Value != value)
            {
                yield return $"  ~ {field}: {old.Value} → {value}";
            }
        }
    }

    // Each leaf of the definition's JSON, masked first (every printer masks with the one rule), by its path.
    private static Dictionary<string, (string Value, bool Secret)> Flatten(IntegrationDefinition definition)
    {
        var masked = JsonSecretMasker.Mask(System.Text.Encoding.UTF8.GetBytes(ImmutaJson.Serialize(definition)));
        var result = new Dictionary<string, (string Value, bool Secret)>(StringComparer.Ordinal);
        void Walk(JsonNode? node, string path, bool secret)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (name, child) in obj)
                    {
                        Walk(child, path.Length == 0 ? name : $"{path}.{name}", secret || CredentialNames.IsCredential(name));
                    }

                    break;
                case JsonArray { Count: > 0 } array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        Walk(array[i], string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), secret);
                    }

                    break;
                default:
                    var text = node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node?.ToJsonString() ?? "null";
                    result[path] = (text, secret && node is not null);
                    break;
            }
        }

        Walk(JsonNode.Parse(masked), string.Empty, secret: false);
        return result;
    }
}
