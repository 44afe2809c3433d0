using System.Text.Json;
using Immuta.Client.Serialization;

namespace Immuta.Client.Http;

/// <summary>
/// The check every request body passes where it is made (<see cref="ImmutaContentSerializer"/>), whatever
/// <see cref="ImmutaClientOptions.ValidateBeforeSending"/> says: any string member equal to the server's marker
/// <c>&lt;REDACTED&gt;</c> (compared decoded, trimmed, any case), typed or unknown, at any depth, is refused naming each
/// path (a definition read with GET carries it, and sending it back would store it as the value). The body is then kept
/// in the <see cref="SecretScope"/>, so that if the server answers with an error, the credentials it carries (values of
/// members <see cref="CredentialNames"/> calls credentials) are scrubbed from the message.
/// </summary>
/// <remarks>
/// The plain marker <c>REDACTED</c> is not refused here (Immuta's own examples send it as a token); local validation
/// reports it, as a warning, for typed credentials. The check reads the serialized bytes once and looks at no member name: the names
/// are looked at only when an error response is read.
/// </remarks>
internal static class RequestBodyCheck
{
    private const int MaxMarkerBytes = 64;

    /// <summary>Throws when a string member is the marker; keeps the body for scrubbing an error.</summary>
    /// <exception cref="IntegrationValidationException">A member is <c>&lt;REDACTED&gt;</c>; one error per path.</exception>
    public static void Check(byte[] json)
    {
        if (HasMarker(json))
        {
            throw new IntegrationValidationException(MarkerErrors(json));
        }

        SecretScope.RecordBody(json);
    }

    /// <summary>The errors <see cref="Check"/> would throw (for local validation).</summary>
    public static List<IntegrationValidationFinding> FindMarkers(ReadOnlySpan<byte> json)
        => HasMarker(json) ? MarkerErrors(json) : [];

    /// <summary>
    /// The values of every member the rule calls a credential (by its name, or a name/value pair's <c>value</c>), at any depth (strings and numbers; for an object or array
    /// under a credential's name, every value inside it), and the user info of every URL in any other string.
    /// </summary>
    public static List<string> CredentialsIn(ReadOnlySpan<byte> json)
    {
        var found = new List<string>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = JsonSecretMasker.MaxDepth });
        Span<int> objects = stackalloc int[JsonSecretMasker.MaxDepth + 1];
        var nextIsCredential = false;
        var credentialDepth = -1;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                objects[reader.CurrentDepth] = (int)reader.TokenStartIndex;
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    nextIsCredential = credentialDepth < 0 && JsonSecretMasker.IsCredential(ref reader, json, objects);
                    continue;
                case JsonTokenType.StartObject or JsonTokenType.StartArray when nextIsCredential:
                    credentialDepth = reader.CurrentDepth;
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray when reader.CurrentDepth == credentialDepth:
                    credentialDepth = -1;
                    break;
                case JsonTokenType.String when nextIsCredential || credentialDepth >= 0:
                    found.Add(Serialization.LenientJsonText.GetString(ref reader));
                    break;
                case JsonTokenType.Number when nextIsCredential || credentialDepth >= 0:
                    found.Add(System.Text.Encoding.UTF8.GetString(reader.ValueSpan));
                    break;
                case JsonTokenType.String when MayHoldUrl(reader.ValueSpan):
                    // A password in a URL-valued member (host: https://admin:pw@…) is a credential whatever the member's name.
                    found.AddRange(Internal.UriUserInfo.Secrets(Serialization.LenientJsonText.GetString(ref reader)));
                    break;
            }

            nextIsCredential = false;
        }

        return found;
    }

    // A URL needs its scheme's ':' (or '%3A', or an escape standing for either); other strings are not decoded at all.
    private static bool MayHoldUrl(ReadOnlySpan<byte> raw) => raw.IndexOfAny((byte)':', (byte)'%', (byte)'\\') >= 0;

    /// <summary>What a path holding the marker is told.</summary>
    internal const string MarkerMessage = "is the server's redaction marker '<REDACTED>', not a real value (a definition read with GET carries it); put the real value in its place";

    private static bool HasMarker(ReadOnlySpan<byte> json)
    {
        if (!MayHoldMarker(json))
        {
            return false;
        }

        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.String && IsMarker(ref reader))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One error per string member equal to <c>&lt;REDACTED&gt;</c>, with its path (<c>config.username</c>, <c>a[0].b</c>).</summary>
    private static List<IntegrationValidationFinding> MarkerErrors(ReadOnlySpan<byte> json)
    {
        var errors = new List<IntegrationValidationFinding>();
        var frames = new List<Frame>();
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    frames[^1].Name = reader.GetString();
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    Advance(frames);
                    frames.Add(new Frame { IsArray = reader.TokenType == JsonTokenType.StartArray });
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    frames.RemoveAt(frames.Count - 1);
                    break;
                default:
                    Advance(frames);
                    if (reader.TokenType == JsonTokenType.String && IsMarker(ref reader))
                    {
                        errors.Add(Validation.LocalRules.RedactedMarker.Finding(PathOf(frames), MarkerMessage));
                    }

                    break;
            }
        }

        return errors;
    }

    // The fast path of nearly every body (vectorized, no allocation): no "redacted" in any case and no \u escape (which
    // could spell a letter) means no member can be the marker. Bodies with non-ASCII text take the full read.
    private static bool MayHoldMarker(ReadOnlySpan<byte> json)
    {
        const int MaxStack = 2048;
        byte[]? rented = null;
        Span<byte> lower = json.Length <= MaxStack ? stackalloc byte[MaxStack] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(json.Length));
        try
        {
            if (System.Text.Ascii.ToLower(json, lower, out var written) != System.Buffers.OperationStatus.Done)
            {
                return true;
            }

            var text = lower[..written];
            return text.IndexOf("redacted"u8) >= 0 || text.IndexOf("\\u"u8) >= 0;
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool IsMarker(ref Utf8JsonReader reader)
    {
        var raw = reader.ValueSpan;
        if (raw.Length < ImmutaRedaction.AngleBracketMarker.Length || raw.Length > MaxMarkerBytes)
        {
            return false;
        }

        // Cheap refusal of ordinary values: unescaped, the marker's first non-space character is '<'.
        if (!reader.ValueIsEscaped && raw.TrimStart(" \t\r\n"u8) is not [(byte)'<', ..] && raw.IndexOfAnyInRange((byte)0x80, (byte)0xFF) < 0)
        {
            return false;
        }

        var text = Serialization.LenientJsonText.GetString(ref reader); // an unpaired surrogate escape is no marker, and must not throw
        return text.AsSpan().Trim().Equals(ImmutaRedaction.AngleBracketMarker, StringComparison.OrdinalIgnoreCase);
    }

    private static void Advance(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
        {
            frames[^1].Index++;
        }
    }

    private static string PathOf(List<Frame> frames)
    {
        var path = new System.Text.StringBuilder();
        foreach (var frame in frames)
        {
            if (frame.IsArray)
            {
                path.Append('[').Append(frame.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(']');
            }
            else
            {
                path.Append(path.Length == 0 ? string.Empty : ".").Append(frame.Name);
            }
        }

        return path.Length == 0 ? "(the body)" : path.ToString();
    }

    private sealed class Frame
    {
        public bool IsArray { get; init; }

        public int Index { get; set; } = -1;

        public string? Name { get; set; }
    }
}
