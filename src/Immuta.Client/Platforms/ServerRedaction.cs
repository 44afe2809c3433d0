using System.Text;
using System.Text.Json;
using Immuta.Client.Serialization;

namespace Immuta.Client;

/// <summary>How Immuta redacts what it returns (spec §8.9): the helpers of each platform's <see cref="ImmutaPlatform.AsRead"/>.</summary>
internal static class ServerRedaction
{
    private static readonly JsonElement AngleMarker = JsonSerializer.SerializeToElement(ImmutaRedaction.AngleBracketMarker, ImmutaJson.TypeInfo<string>());

    /// <summary>A modelled credential as Immuta returns it: <paramref name="marker"/> when it was set.</summary>
    public static SecretString? Redact(SecretString? value, string marker = ImmutaRedaction.AngleBracketMarker) => value is null ? null : new SecretString(marker);

    /// <summary>
    /// Members the SDK does not model, each named like a credential (<see cref="CredentialNames"/>) or the <c>value</c> of a
    /// name/value pair naming one, at any depth, as
    /// <c>&lt;REDACTED&gt;</c>. A copy: a with-copy shares the dictionary with its original, which must keep its values.
    /// </summary>
    public static IDictionary<string, JsonElement>? Unknown(IDictionary<string, JsonElement>? members)
    {
        if (members is not { Count: > 0 })
        {
            return members;
        }

        var copy = new Dictionary<string, JsonElement>(members.Count, StringComparer.Ordinal);
        var pair = CredentialNames.IsCredentialPair(members);
        foreach (var (name, value) in members)
        {
            var credential = CredentialNames.IsCredential(name) || (pair && CredentialNames.IsPairValue(name));
            copy[name] = credential && value.ValueKind != JsonValueKind.Null ? AngleMarker : Unknown(value);
        }

        return copy;
    }

    /// <summary>Every member named like a credential, at any depth, inside arrays too: the one masking walk, with Immuta's marker.</summary>
    public static JsonElement Unknown(JsonElement value)
    {
        if (value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
        {
            return value;
        }

        // Untouched unless there is something to redact: the walk would write an unpaired surrogate escape as U+FFFD.
        var raw = Encoding.UTF8.GetBytes(value.GetRawText());
        if (!JsonSecretMasker.HoldsCredentials(raw))
        {
            return value;
        }

        var masked = JsonSecretMasker.Mask(raw, ImmutaRedaction.AngleBracketMarker);
        using var document = JsonDocument.Parse(masked);
        return document.RootElement.Clone();
    }
}
