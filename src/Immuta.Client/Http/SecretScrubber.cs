using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Immuta.Client.Serialization;

namespace Immuta.Client.Http;

/// <summary>
/// Removes the credentials a request carried (and the API key) from text the server sent back, whatever the escaping:
/// raw, JSON-escaped once in any style (<c>\n</c>, <c>\"</c>, <c>\u0022</c>, lower- or upper-case hex, System.Text.Json's
/// <c>\u003C</c> for <c>&lt;</c>, non-ASCII as <c>\uXXXX</c>), or escaped twice (a message that quotes the request's JSON).
/// Each match becomes <c>***</c>.
/// </summary>
/// <remarks>
/// What is looked for: each credential (at least <see cref="MinimumLength"/> characters); each line of a multi-line
/// credential of at least 16 characters (a server may echo one line of a PEM key); the credentials inside a credential
/// that is a JSON document (the <c>private_key</c> of a BigQuery key file) and their lines. Each is matched by reading the
/// text's JSON escapes as the characters they stand for; each is also looked for in its JSON-escaped forms, so text that
/// escapes it once more is matched too. Costs nothing until an error response is read.
/// </remarks>
internal sealed class SecretScrubber
{
    /// <summary>Shorter values are not scrubbed: they would erase ordinary words of the message.</summary>
    public const int MinimumLength = 4;

    private const int MinimumLineLength = 16;

    private readonly string[] _needles;

    public SecretScrubber(IReadOnlyList<string> secrets)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var secret in secrets)
        {
            AddWithParts(secret, found, depth: 0);
        }

        var needles = new HashSet<string>(found, StringComparer.Ordinal);
        foreach (var value in found)
        {
            try
            {
                needles.Add(JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value);
                needles.Add(JsonEncodedText.Encode(value).Value);
            }
            catch (ArgumentException)
            {
                // not valid UTF-16 (a lone surrogate): it could not have been sent as JSON either
            }
        }

        _needles = [.. needles.OrderByDescending(n => n.Length).ThenBy(n => n, StringComparer.Ordinal)];
    }

    /// <summary>The text with every credential replaced by <c>***</c>; <see langword="null"/> stays <see langword="null"/>.</summary>
    public string? Scrub(string? text)
    {
        if (string.IsNullOrEmpty(text) || _needles.Length == 0)
        {
            return text;
        }

        StringBuilder? scrubbed = null;
        var copied = 0;
        var at = 0;
        while (at < text.Length)
        {
            var end = -1;
            foreach (var needle in _needles)
            {
                end = MatchAt(text, at, needle);
                if (end > 0)
                {
                    break;
                }
            }

            if (end > 0)
            {
                scrubbed ??= new StringBuilder(text.Length);
                scrubbed.Append(text, copied, at - copied).Append(SecretString.Mask);
                at = copied = end;
            }
            else
            {
                at++;
            }
        }

        return scrubbed is null ? text : scrubbed.Append(text, copied, text.Length - copied).ToString();
    }

    private static void AddWithParts(string secret, HashSet<string> found, int depth)
    {
        if (secret.Length < MinimumLength || !found.Add(secret))
        {
            return;
        }

        foreach (var line in LinesOf(secret))
        {
            found.Add(line);
        }

        if (depth == 0 && secret.AsSpan().TrimStart() is [ '{', .. ])
        {
            foreach (var inner in CredentialsInside(secret))
            {
                AddWithParts(inner, found, depth + 1);
            }
        }
    }

    // Lines split at real line breaks and at a literal "\n" (a PEM key pasted from an environment variable).
    private static IEnumerable<string> LinesOf(string secret)
    {
        if (secret.IndexOf('\n') < 0 && secret.IndexOf('\r') < 0 && !secret.Contains("\\n", StringComparison.Ordinal))
        {
            yield break;
        }

        foreach (var part in secret.Replace("\\r\\n", "\n", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal)
            .Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Length >= MinimumLineLength)
            {
                yield return part;
            }
        }
    }

    // A credential that is a JSON document (a service-account key file): the values of its credential-named members.
    // The documented key file carries raw line breaks inside its private_key string, which JSON does not allow: those
    // are read as "\n" on a second try.
    private static List<string> CredentialsInside(string document)
    {
        var values = new List<string>();
        foreach (var candidate in new[] { document, document.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) })
        {
            try
            {
                using var parsed = JsonDocument.Parse(candidate);
                Collect(parsed.RootElement, inCredential: false, values);
                return values;
            }
            catch (JsonException)
            {
                values.Clear();
            }
        }

        return values;
    }

    private static void Collect(JsonElement element, bool inCredential, List<string> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    Collect(member.Value, inCredential || CredentialNames.IsCredential(member.Name), values);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, inCredential, values);
                }

                break;
            case JsonValueKind.String when inCredential:
                values.Add(Serialization.LenientJsonText.GetString(element));
                break;
        }
    }

    /// <summary>
    /// Where a match of <paramref name="needle"/> starting at <paramref name="start"/> ends, reading each JSON escape of the
    /// text (<c>\"</c>, <c>\\</c>, <c>\/</c>, <c>\b</c>, <c>\f</c>, <c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\uXXXX</c> in
    /// either case) as the character it stands for, or as itself; -1 when there is none.
    /// </summary>
    internal static int MatchAt(string text, int start, string needle)
    {
        var at = start;
        foreach (var expected in needle)
        {
            if (at >= text.Length)
            {
                return -1;
            }

            if (text[at] == '\\' && Unescape(text, at, out var decoded, out var length) && decoded == expected)
            {
                at += length;
            }
            else if (text[at] == expected)
            {
                at++;
            }
            else
            {
                return -1;
            }
        }

        return at;
    }

    private static bool Unescape(string text, int at, out char decoded, out int length)
    {
        decoded = '\0';
        length = 2;
        if (at + 1 >= text.Length)
        {
            return false;
        }

        switch (text[at + 1])
        {
            case '"': decoded = '"'; return true;
            case '\\': decoded = '\\'; return true;
            case '/': decoded = '/'; return true;
            case 'b': decoded = '\b'; return true;
            case 'f': decoded = '\f'; return true;
            case 'n': decoded = '\n'; return true;
            case 'r': decoded = '\r'; return true;
            case 't': decoded = '\t'; return true;
            case 'u' when at + 5 < text.Length
                && ushort.TryParse(text.AsSpan(at + 2, 4), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var code):
                decoded = (char)code;
                length = 6;
                return true;
            default:
                return false;
        }
    }
}
