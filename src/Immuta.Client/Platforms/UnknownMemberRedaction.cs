using System.Collections;
using System.Text;
using System.Text.Json;
using Immuta.Client.Serialization;

namespace Immuta.Client;

/// <summary>
/// Redaction on read of the members the SDK does not model, at every depth: a member named like a credential
/// (<see cref="CredentialNames"/>, the SDK's one rule) reads back <c>&lt;REDACTED&gt;</c>, whether it stands next to the
/// typed members of a definition, of its <c>config</c> or of any object under it (<c>oAuthClientConfig</c>,
/// <c>proxyOptions</c>, <c>okta</c>, …), of a model that is an item of a modelled list (or of a list of lists), or anywhere
/// inside such an unknown member or an unknown platform's <c>config</c>, arrays and arrays of arrays included.
/// </summary>
/// <remarks>
/// The typed members keep the per-platform answers of <see cref="ImmutaPlatform.AsRead"/> (a Databricks token reads <c>REDACTED</c>,
/// a Snowflake OAuth <c>clientSecret</c> in clear, as Immuta's examples show them); this is only about what Immuta's
/// examples cannot show, the members the SDK does not know. A definition with nothing to redact is returned as it is
/// (the same instance, not rewritten: its unknown members stay byte for byte what was stored).
/// </remarks>
internal static class UnknownMemberRedaction
{
    /// <summary>
    /// The model (a definition, or any model the SDK serializes) with every unknown credential-named member, at any depth,
    /// read back as <c>&lt;REDACTED&gt;</c>; <paramref name="model"/> itself when there is none. A modelled member of raw
    /// JSON (<see cref="UnknownIntegration.Config"/>, <see cref="ValidationTest.Result"/>) is not unknown and not walked here:
    /// <see cref="ImmutaPlatforms.AsRead"/> redacts an unknown platform's <c>config</c> itself.
    /// </summary>
    public static T Apply<T>(T model)
        where T : ImmutaModel
    {
        var info = ImmutaJson.Options.GetTypeInfo(model.GetType());
        var json = JsonSerializer.SerializeToUtf8Bytes(model, info);
        if (!JsonSecretMasker.HoldsCredentials(json))
        {
            return model;
        }

        // A copy of its own (a with-copy shares its nested models with the original, which must keep its values), read back
        // from the JSON just written: the reader keeps every unknown member under its exact name, one holding an unpaired
        // surrogate escape ("\udc00x") included, which a walk of the JSON text could not even enumerate.
        var copy = ImmutaJson.Deserialize<T>(Encoding.UTF8.GetString(json));
        Redact(copy);
        return JsonSerializer.SerializeToUtf8Bytes(copy, info).AsSpan().SequenceEqual(json) ? model : copy; // nothing redacted: the original, byte for byte
    }

    // A model's unknown members are its AdditionalProperties (raw JSON, walked inside objects and arrays at any depth by
    // ServerRedaction.Unknown); its modelled members holding models, alone or in lists, dictionaries or lists of lists, are
    // walked in turn. An unknown platform's config (raw JSON, every member in it unknown) is redacted by ImmutaPlatforms.AsRead itself.
    private static void Redact(ImmutaModel model)
    {
        model.AdditionalProperties = ServerRedaction.Unknown(model.AdditionalProperties);
        foreach (var property in ImmutaJson.Options.GetTypeInfo(model.GetType()).Properties)
        {
            if (!property.IsExtensionData)
            {
                RedactModelsIn(property.Get?.Invoke(model));
            }
        }
    }

    private static void RedactModelsIn(object? value)
    {
        switch (value)
        {
            case ImmutaModel model:
                Redact(model);
                break;
            case string:
                break;
            case IDictionary dictionary:
                foreach (var item in dictionary.Values)
                {
                    RedactModelsIn(item);
                }

                break;
            case IEnumerable items:
                foreach (var item in items)
                {
                    RedactModelsIn(item);
                }

                break;
        }
    }
}
