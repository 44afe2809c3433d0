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
/// Credentials (by <see cref="ImmutaRedaction.IsCredentialName"/> and <see cref="ImmutaRedaction.IsCredentialPairValue"/>, whole objects and arrays under a credential's name included) always
/// print as <c>***</c>, and the user info of a URL in any other value as <c>***@</c> (<see cref="ImmutaRedaction.MaskUrlUserInfo"/>). A value the server returns redacted (<see cref="ImmutaRedaction.IsRedactedValue"/>) cannot be
/// compared: it is not a change, unless the caller re-sends credentials on purpose (rotation), when it is listed as sent
/// again; one the server returns as a single marker in place of a whole object or array is that one field. A credential
/// the server returns in clear is compared, and its change printed masked. Values compare as JSON (<c>1</c> and
/// <c>"1"</c> differ); a member whose name could read as a path (<c>a.b</c>) prints as <c>["a.b"]</c>.
/// </remarks>
internal static class PlanDiff
{
    public static IEnumerable<string> Lines(IntegrationDefinition? current, IntegrationDefinition desired, bool resendCredentials = false)
    {
        var (before, after) = Compare(current, desired);
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
            else if (!string.Equals(old.Json, now.Json, StringComparison.Ordinal))
            {
                // A value that changes its JSON type (1 → "1") prints as JSON, or the line would read "1 → 1".
                var typed = old.IsString != now.IsString;
                var (was, becomes) = (ImmutaRedaction.MaskUrlUserInfo(typed ? old.Json : old.Value), ImmutaRedaction.MaskUrlUserInfo(typed ? now.Json : now.Value));
                yield return old.Secret || now.Secret ? $"  ~ {field}: {SecretString.Mask} (changed)"
                    : string.Equals(was, becomes, StringComparison.Ordinal) ? $"  ~ {field}: {becomes} (the URL's user info changed)"
                    : $"  ~ {field}: {was} → {becomes}";
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

    /// <summary>
    /// The fields the update sends that the server returns redacted, so the plan cannot tell whether they change (a
    /// changed username of a Snowflake userPassword integration, a rotated password): what "no change" did not compare.
    /// </summary>
    public static IReadOnlyList<string> Uncompared(IntegrationDefinition current, IntegrationDefinition desired)
    {
        var (before, after) = Compare(current, desired);
        return [.. after.Keys.Where(field => before.TryGetValue(field, out var old) && ImmutaRedaction.IsRedactedValue(old.Value))];
    }

    private static (Dictionary<string, Leaf> Before, Dictionary<string, Leaf> After) Compare(IntegrationDefinition? current, IntegrationDefinition desired)
    {
        if (current is null)
        {
            return ([], Flatten(desired));
        }

        var before = Flatten(current);
        return (before, UnderMarkers(AfterWrite(desired), before));
    }

    // What the server holds after it accepted the definition: the definition's own values, and Immuta's documented defaults
    // for what it omits (spec §8.1), taken from the SDK's one record of them. AsRead also redacts credentials as a GET
    // would; the definition's values win, so a credential is compared as written, never with a marker.
    private static Dictionary<string, Leaf> AfterWrite(IntegrationDefinition desired)
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

    // Immuta returns a credential object or array (an unknown member named like a credential) as one marker: the file's
    // leaves under that field are one credential the server holds redacted, not fields added while the marker is removed.
    // Kept in order: the plan lists fields as the file has them.
    private static Dictionary<string, Leaf> UnderMarkers(Dictionary<string, Leaf> after, Dictionary<string, Leaf> before)
    {
        var markers = before.Where(leaf => ImmutaRedaction.IsRedactedValue(leaf.Value.Value)).Select(leaf => leaf.Key).ToHashSet(StringComparer.Ordinal);
        if (markers.Count == 0)
        {
            return after;
        }

        var result = new Dictionary<string, Leaf>(after.Count, StringComparer.Ordinal);
        foreach (var (field, leaf) in after)
        {
            var marker = MarkerAbove(field, markers);
            if (marker is null)
            {
                result[field] = leaf;
            }
            else
            {
                result.TryAdd(marker, new Leaf(SecretString.Mask, "null", Secret: true, IsString: true));
            }
        }

        return result;
    }

    private static string? MarkerAbove(string field, HashSet<string> markers)
    {
        for (var i = 1; i < field.Length; i++)
        {
            if (field[i] is '.' or '[' && markers.Contains(field[..i]))
            {
                return field[..i];
            }
        }

        return null;
    }

    /// <summary>Whether the definition holds a credential (a member named like one, or a value the server would redact).</summary>
    public static bool HoldsCredentials(IntegrationDefinition definition) => Flatten(definition).Values.Any(v => v.Secret);

    private static string Show(Leaf leaf) => leaf.Secret ? SecretString.Mask : ImmutaRedaction.MaskUrlUserInfo(leaf.Value);

    // Each non-null leaf of the definition's JSON by its path, with whether it sits under a credential's name. An empty
    // object or array is a leaf ({} or []): adding or removing one is a change. Values are kept in clear to be compared
    // (as JSON, so 1 and "1" differ); they are printed only through Show.
    private static Dictionary<string, Leaf> Flatten(IntegrationDefinition definition)
    {
        var result = new Dictionary<string, Leaf>(StringComparer.Ordinal);
        void Walk(JsonNode? node, string path, bool secret)
        {
            switch (node)
            {
                case null:
                    break;
                case JsonObject { Count: > 0 } obj:
                    foreach (var (name, child) in obj)
                    {
                        Walk(child, path + Segment(name, path.Length == 0), secret || ImmutaRedaction.IsCredentialName(name) || ImmutaRedaction.IsCredentialPairValue(name, obj));
                    }

                    break;
                case JsonArray { Count: > 0 } array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        Walk(array[i], string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), secret);
                    }

                    break;
                default:
                    var json = node.ToJsonString();
                    var isString = node is JsonValue v && v.GetValueKind() == JsonValueKind.String;
                    result[path] = new Leaf(isString ? node.GetValue<string>() : json, json, secret, isString);
                    break;
            }
        }

        // Read through the printer's copy (every value as it is): a string Immuta returned with an unpaired surrogate escape,
        // which the SDK keeps as it came and no JSON walk can read, is U+FFFD there instead of an exception.
        Walk(JsonNode.Parse(ImmutaRedaction.PrintJson(ImmutaJson.Serialize(definition), showCredentials: true)), string.Empty, secret: false);
        return result;
    }

    // A member's step in a path: .name, or ["name"] when the name could be read as a path of its own (a.b, a[0], empty),
    // so that {"a.b": 1} and {"a": {"b": 1}} are different fields.
    private static string Segment(string name, bool first)
        => name.Length > 0 && name.AsSpan().IndexOfAny(".[]\"\\") < 0 && !name.Any(char.IsWhiteSpace)
            ? (first ? name : "." + name)
            : "[" + JsonValue.Create(name).ToJsonString() + "]";

    /// <summary>One leaf: its text to print, its JSON to compare, whether it is a credential, whether it is a JSON string.</summary>
    private readonly record struct Leaf(string Value, string Json, bool Secret, bool IsString);
}
