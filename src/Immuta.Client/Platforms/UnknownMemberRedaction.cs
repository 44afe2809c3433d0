using System.Text;
using System.Text.Json;
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
        if (!JsonSecretMasker.HoldsCredentials(json))
        {
            return definition;
        }

        // A copy of its own (a with-copy shares its nested models with the original, which must keep its values), read back
        // from the JSON just written: the reader keeps every unknown member under its exact name, one holding an unpaired
        // surrogate escape ("\udc00x") included, which a walk of the JSON text could not even enumerate.
        var copy = ImmutaJson.Deserialize<IntegrationDefinition>(Encoding.UTF8.GetString(json));
        Redact(copy);
        return JsonSerializer.SerializeToUtf8Bytes(copy, info).AsSpan().SequenceEqual(json) ? definition : copy; // nothing redacted: the original, byte for byte
    }

    // A model's unknown members are its AdditionalProperties; its members of a model type are walked in turn. An unknown
    // platform's config (raw JSON, every member in it unknown) is redacted by ImmutaPlatforms.AsRead itself.
    private static void Redact(ImmutaModel model)
    {
        model.AdditionalProperties = ServerRedaction.Unknown(model.AdditionalProperties);
        foreach (var property in ImmutaJson.Options.GetTypeInfo(model.GetType()).Properties)
        {
            if (!property.IsExtensionData && property.Get?.Invoke(model) is ImmutaModel child)
            {
                Redact(child);
            }
        }
    }
}
