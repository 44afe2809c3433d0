using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Immuta.Client.Serialization;

namespace Immuta.Client;

/// <summary>
/// Redaction on read of the members the SDK does not model, at every depth: a member named like a credential
/// (<see cref="CredentialNames"/>, the SDK's one rule) reads back <c>&lt;REDACTED&gt;</c>, whether it stands next to the
/// typed members of a definition, of its <c>config</c> or of any object under it (<c>oAuthClientConfig</c>,
/// <c>proxyOptions</c>, <c>okta</c>, …), or anywhere inside such an unknown member or an unknown platform's <c>config</c>.
/// </summary>
/// <remarks>
/// The typed members keep the per-platform answers of <see cref="ImmutaPlatform.AsRead"/> (a Databricks token reads <c>REDACTED</c>,
/// a Snowflake OAuth <c>clientSecret</c> in clear, as Immuta's examples show them); this is only about what Immuta's
/// examples cannot show, the members the SDK does not know. A definition with nothing to redact is returned as it is
/// (not rewritten: its unknown members stay byte for byte what was stored).
/// </remarks>
internal static class UnknownMemberRedaction
{
    /// <summary>The definition with every unknown credential-named member, at any depth, read back as <c>&lt;REDACTED&gt;</c>.</summary>
    public static IntegrationDefinition Apply(IntegrationDefinition definition)
    {
        var info = ImmutaJson.Options.GetTypeInfo(definition.GetType());
        var json = JsonSerializer.SerializeToUtf8Bytes(definition, info);
        if (!JsonSecretMasker.HoldsCredentials(json) || JsonNode.Parse(json) is not JsonObject node || !Redact(node, info))
        {
            return definition;
        }

        return ImmutaJson.Deserialize<IntegrationDefinition>(node.ToJsonString());
    }

    // Walks a JSON object alongside the model type it was written from; true when something was redacted.
    private static bool Redact(JsonObject node, JsonTypeInfo info)
    {
        var changed = false;
        foreach (var (name, value) in node.ToList())
        {
            var property = info.Properties.FirstOrDefault(p => !p.IsExtensionData && string.Equals(p.Name, name, StringComparison.Ordinal));
            if (property is null)
            {
                changed |= RedactOpen(node, name, value);
            }
            else if (value is JsonObject child && typeof(ImmutaModel).IsAssignableFrom(property.PropertyType))
            {
                changed |= Redact(child, ImmutaJson.Options.GetTypeInfo(property.PropertyType));
            }
            else if (property.PropertyType == typeof(JsonElement) || property.PropertyType == typeof(JsonElement?))
            {
                // Raw JSON the SDK keeps as it came (an unknown platform's config): every member in it is unknown.
                changed |= RedactInside(node, name, value);
            }
        }

        return changed;
    }

    // A member the model does not have: redacted whole when its name is a credential's, else inside.
    private static bool RedactOpen(JsonObject parent, string name, JsonNode? value)
    {
        if (value is null)
        {
            return false;
        }

        if (CredentialNames.IsCredential(name))
        {
            if (value is JsonValue text && text.GetValueKind() == JsonValueKind.String && text.GetValue<string>() == ImmutaRedaction.AngleBracketMarker)
            {
                return false;
            }

            parent[name] = ImmutaRedaction.AngleBracketMarker;
            return true;
        }

        return RedactInside(parent, name, value);
    }

    private static bool RedactInside(JsonObject parent, string name, JsonNode? value)
    {
        if (value is not (JsonObject or JsonArray))
        {
            return false;
        }

        var raw = System.Text.Encoding.UTF8.GetBytes(value.ToJsonString());
        if (!JsonSecretMasker.HoldsCredentials(raw))
        {
            return false;
        }

        var masked = JsonNode.Parse(JsonSecretMasker.Mask(raw, ImmutaRedaction.AngleBracketMarker));
        if (JsonNode.DeepEquals(masked, value))
        {
            return false;
        }

        parent[name] = masked;
        return true;
    }
}
