using System.Text.Json;
using System.Text.Json.Serialization;

namespace Immuta.Client.Serialization;

/// <summary>
/// Writes <see cref="ImmutaModel.AdditionalProperties"/> (the members the SDK does not model) in place, as members of the
/// model's object: as they came with the SDK's options, and with every credential masked (<see cref="CredentialNames"/>)
/// under any other options (a logger's, a web framework's), as a <see cref="SecretString"/> is. Reading is left to
/// System.Text.Json, which fills extension data itself.
/// </summary>
internal sealed class AdditionalPropertiesJsonConverter : JsonConverter<IDictionary<string, JsonElement>>
{
    public override IDictionary<string, JsonElement>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => throw new NotSupportedException("Extension data is read by System.Text.Json, not by this converter.");

    public override void Write(Utf8JsonWriter writer, IDictionary<string, JsonElement> value, JsonSerializerOptions options)
    {
        var reveal = JsonSecretMasker.RevealsSecrets(options);
        var pair = !reveal && CredentialNames.IsCredentialPair(value);
        foreach (var (name, element) in value)
        {
            if (reveal && StrictStringJsonConverter.HasUnpairedSurrogate(name))
            {
                WriteUnpaired(writer, name, element, options);
                continue;
            }

            writer.WritePropertyName(name);
            if (reveal)
            {
                RawJsonElementConverter.WriteValue(writer, element); // as it came, unpaired surrogate escapes included
            }
            else if (element.ValueKind != JsonValueKind.Null && (CredentialNames.IsCredential(name) || (pair && CredentialNames.IsPairValue(name))))
            {
                writer.WriteStringValue(SecretString.Mask);
            }
            else
            {
                JsonSecretMasker.WriteMasked(element, writer);
            }
        }
    }

    // A name holding an unpaired surrogate, as a JSON document may (read by TolerantReader): System.Text.Json has no way to
    // write it as a name (WritePropertyName writes U+FFFD, a different member; JsonEncodedText refuses it), so the member
    // goes out as raw text, "\ud800x":value, which a writer takes only when it skips validation, as the serializer's own
    // writers do (JsonSerializer.Serialize to a string, bytes or a stream). A writer of the caller's that validates is
    // refused, naming the member, rather than sent a different name.
    private static void WriteUnpaired(Utf8JsonWriter writer, string name, JsonElement element, JsonSerializerOptions options)
    {
        var member = new System.Text.StringBuilder("\"");
        var run = 0;
        for (var i = 0; i <= name.Length; i++)
        {
            var unpaired = i < name.Length && IsUnpairedAt(name, i);
            if (i == name.Length || unpaired)
            {
                if (i > run)
                {
                    member.Append(JsonEncodedText.Encode(name.AsSpan(run, i - run), options.Encoder).Value);
                }

                if (unpaired)
                {
                    member.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)name[i]:x4}");
                }

                run = i + 1;
            }
            else if (char.IsHighSurrogate(name[i]))
            {
                i++; // a pair: both halves go in the run
            }
        }

        member.Append("\":").Append(element.GetRawText());
        WriteRawMember(writer, name, member.ToString());
    }

    /// <summary>
    /// Writes <paramref name="member"/> (<c>"name":value</c>, raw JSON) as the next member of the object being written: the one
    /// way to write a name holding an unpaired surrogate. Needs a writer that skips validation.
    /// </summary>
    /// <exception cref="JsonException">The writer validates: it would refuse the raw member.</exception>
    internal static void WriteRawMember(Utf8JsonWriter writer, string name, string member)
    {
        if (!writer.Options.SkipValidation)
        {
            var shown = Internal.UriUserInfo.Mask(System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(name)), SecretString.Mask); // U+FFFD for display
            throw new JsonException(
                $"The member '{shown}' has a name holding an unpaired surrogate (U+D800-U+DFFF without its other half): it can be written back "
                + "only by the serializer's own writer (serialize to a string, bytes or a stream), not by a Utf8JsonWriter that validates.");
        }

        writer.WriteRawValue(member, skipInputValidation: true);
    }

    private static bool IsUnpairedAt(string text, int i)
        => char.IsHighSurrogate(text[i]) ? i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])
            : char.IsLowSurrogate(text[i]) && (i == 0 || !char.IsHighSurrogate(text[i - 1]));
}
