using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Immuta.Client.Serialization;

namespace Immuta.Client.Cli.Planning;

/// <summary>
/// What <c>apply</c> prints before it changes an integration: every difference between what the server holds now and
/// what it will hold after the request (the file plus Immuta's documented defaults for what the file omits, from
/// <see cref="ImmutaPlatforms.AsRead"/>). <c>+ path: value</c> is added, <c>~ path: old → new</c> changed, <c>- path: old</c> removed,
/// inside arrays too (<c>config.connections[0].host</c>).
/// </summary>
/// <remarks>
/// Credentials (by <see cref="ImmutaRedaction.IsCredentialName"/>, whole objects and arrays under a credential's name included) always
/// print as <c>***</c>. A value the server returns redacted (<see cref="ImmutaRedaction.IsRedactedValue"/>) cannot be
/// compared: it is not a change, unless the caller re-sends credentials on purpose (rotation), when it is listed as sent
/// again. A credential the server returns in clear is compared, and its change printed masked.
/// </remarks>
internal static class PlanDiff
{
    public static IEnumerable<string> Lines(IntegrationDefinition? current, IntegrationDefinition desired, bool resendCredentials = false)
    {
        var before = current is null ? [] : Flatten(current);
        var after = current is null ? Flatten(desired) : AfterWrite(desired);
        foreach (var (field, now) in after)
        {
            if (!before.TryGetValue(field, out var old))
            {
                yield return $"  + {field}: {Show(now)}";
            }
            else if (ImmutaRedaction.IsRedactedValue(old.Value))
            {
                if (resendCredentials)
                {
                    yield return $"  ~ {field}: {SecretString.Mask} (sent again)";
                }
            }
            else if (!string.Equals(old.Value, now.Value, StringComparison.Ordinal))
            {
                yield return old.Secret || now.Secret ? $"  ~ {field}: {SecretString.Mask} (changed)" : $"  ~ {field}: {old.Value} → {now.Value}";
            }
            else if (resendCredentials && now.Secret)
            {
                yield return $"  ~ {field}: {SecretString.Mask} (sent again)";
            }
        }

        foreach (var (field, old) in before)
        {
            if (!after.ContainsKey(field))
            {
                yield return $"  - {field}: {Show(old)}";
            }
        }
    }

    // What the server holds after it accepted the definition: the definition's own values, and Immuta's documented defaults
    // for what it omits (spec §8.1), taken from the SDK's one record of them. AsRead also redacts credentials as a GET
    // would; the definition's values win, so a credential is compared as written, never with a marker.
    private static Dictionary<string, (string Value, bool Secret)> AfterWrite(IntegrationDefinition desired)
    {
        var written = Flatten(desired);
        var after = Flatten(ImmutaPlatforms.AsRead(desired))
            .Where(leaf => !ImmutaRedaction.IsRedactedValue(leaf.Value.Value)) // a marker in place of a whole credential object
            .ToDictionary(leaf => leaf.Key, leaf => leaf.Value, StringComparer.Ordinal);
        foreach (var (field, value) in written)
        {
            after[field] = value;
        }

        return after;
    }

    /// <summary>Whether the definition holds a credential (a member named like one, or a value the server would redact).</summary>
    public static bool HoldsCredentials(IntegrationDefinition definition) => Flatten(definition).Values.Any(v => v.Secret);

    private static string Show((string Value, bool Secret) leaf) => leaf.Secret ? SecretString.Mask : leaf.Value;

    // Each non-null leaf of the definition's JSON by its path, with whether it sits under a credential's name. Values are
    // kept in clear to be compared; they are printed only through Show.
    private static Dictionary<string, (string Value, bool Secret)> Flatten(IntegrationDefinition definition)
    {
        var result = new Dictionary<string, (string Value, bool Secret)>(StringComparer.Ordinal);
        void Walk(JsonNode? node, string path, bool secret)
        {
            switch (node)
            {
                case null:
                    break;
                case JsonObject obj:
                    foreach (var (name, child) in obj)
                    {
                        Walk(child, path.Length == 0 ? name : $"{path}.{name}", secret || ImmutaRedaction.IsCredentialName(name));
                    }

                    break;
                case JsonArray { Count: > 0 } array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        Walk(array[i], string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), secret);
                    }

                    break;
                default:
                    var text = node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node.ToJsonString();
                    result[path] = (text, secret);
                    break;
            }
        }

        Walk(JsonNode.Parse(ImmutaJson.Serialize(definition)), string.Empty, secret: false);
        return result;
    }
}
