using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Immuta.Client.Serialization;

namespace Immuta.Client.Http;

/// <summary>
/// Removes the credentials a request carried (and the API key) from text the server sent back, whatever the escaping:
/// raw, JSON-escaped once in any style (<c>\n</c>, <c>\"</c>, <c>\u0022</c>, lower- or upper-case hex, System.Text.Json's
/// <c>\u003C</c> for <c>&lt;</c>, non-ASCII as <c>\uXXXX</c>), or escaped twice (a message that quotes the request's JSON);
/// YAML's and other languages' backslash escapes (<c>\'</c>, <c>\e</c>, <c>\_</c>, <c>\xXX</c>, …), a doubled quote
/// (<c>''</c>, YAML's and SQL's single-quoted strings), HTML character references (<c>&amp;lt;</c>, <c>&amp;#60;</c>) and
/// URL encoding (<c>%40</c>, <c>+</c> for a space); a character outside the BMP also as one escape of its code point
/// (<c>%F0%9F%98%80</c>, <c>&amp;#128512;</c>, <c>\U0001F600</c>). Each match becomes <c>***</c>, and so does the user info of any URL.
/// </summary>
/// <remarks>
/// What is looked for: each credential (at least <see cref="MinimumLength"/> characters), also trimmed and in both Unicode
/// normalization forms; each line of a multi-line credential of at least 16 characters (a server may echo one line of a
/// PEM key); the credentials inside a credential that is a JSON document (the <c>private_key</c> of a BigQuery key file)
/// and their lines. Each is matched by reading the text's escapes as the characters they stand for; each is also looked
/// for in its JSON-escaped forms, so text that escapes it once more is matched too. A credential of at least
/// <see cref="MinimumFoldedLength"/> characters matches in any case (a server that upper-cases its message), and the
/// first <see cref="MinimumFoldedLength"/> or more characters of one match where the text ends or an ellipsis follows
/// (a message cut short). Costs nothing until an error response is read.
/// </remarks>
internal sealed class SecretScrubber
{
    /// <summary>Shorter values are not scrubbed: they would erase ordinary words of the message.</summary>
    public const int MinimumLength = 4;

    /// <summary>Credentials at least this long also match in another case, and their beginning matches in text cut short.</summary>
    public const int MinimumFoldedLength = 8;

    private const int MinimumLineLength = 16;

    // More ways of reading one stretch of text than this are not followed (only text built to defeat the scrubber has them).
    private const int MaxPositions = 16;

    // How many times an escape's backslash may itself have been escaped (by messages quoting messages) and still be read.
    private const int MaxEscapeDepth = 3;

    // The longest escape read (&#x0000003C; is 11 characters; \UXXXXXXXX 10).
    private const int MaxEscapeLength = 16;

    private readonly string[] _needles;

    public SecretScrubber(IReadOnlyList<string> secrets)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var secret in secrets)
        {
            AddWithParts(secret, found, depth: 0);
        }

        var needles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in found)
        {
            foreach (var form in FormsOf(value))
            {
                needles.Add(form);
                try
                {
                    needles.Add(JsonEncodedText.Encode(form, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value);
                    needles.Add(JsonEncodedText.Encode(form).Value);
                }
                catch (ArgumentException)
                {
                    // not valid UTF-16 (a lone surrogate): it could not have been sent as JSON either
                }
            }
        }

        _needles = [.. needles.OrderByDescending(n => n.Length).ThenBy(n => n, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The text with every credential replaced by <c>***</c>, and the user info of every URL in it (a password the server
    /// echoes that the request did not carry, such as a proxy's); <see langword="null"/> stays <see langword="null"/>.
    /// </summary>
    public string? Scrub(string? text)
        => ScrubCredentials(text) is { } scrubbed ? Internal.UriUserInfo.Mask(scrubbed, SecretString.Mask) : null;

    /// <summary>
    /// <paramref name="text"/> with every credential replaced by <paramref name="marker"/>, and nothing else changed (no
    /// user-info rule): for text whose structure the caller has made safe already (<see cref="Internal.PrintableUrl"/>).
    /// </summary>
    public string ScrubValues(string text, string marker) => ScrubCredentials(text, marker)!;

    private string? ScrubCredentials(string? text, string marker = SecretString.Mask)
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
                scrubbed.Append(text, copied, at - copied).Append(marker);
                at = copied = end;
            }
            else
            {
                at++;
            }
        }

        return scrubbed is null ? text : scrubbed.Append(text, copied, text.Length - copied).ToString();
    }

    // The credential as sent, trimmed (a server may trim what it echoes) and in both normalization forms (one may normalize).
    private static IEnumerable<string> FormsOf(string value)
    {
        yield return value;
        var trimmed = value.Trim();
        if (trimmed.Length >= MinimumLength && trimmed.Length != value.Length)
        {
            yield return trimmed;
        }

        foreach (var form in new[] { NormalizationForm.FormC, NormalizationForm.FormD })
        {
            string? normalized;
            try
            {
                normalized = value.IsNormalized(form) ? null : value.Normalize(form);
            }
            catch (ArgumentException)
            {
                normalized = null; // a lone surrogate
            }

            if (normalized is not null)
            {
                yield return normalized;
            }
        }
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
                var pair = !inCredential && CredentialNames.IsCredentialPair(element);
                foreach (var member in element.EnumerateObject())
                {
                    var name = Serialization.LenientJsonText.ExactName(member);
                    Collect(member.Value, inCredential || CredentialNames.IsCredential(name) || (pair && CredentialNames.IsPairValue(name)), values);
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
    /// Where a match of <paramref name="needle"/> starting at <paramref name="start"/> ends, reading each escape of the
    /// text (<see cref="Decode"/>) as the character it stands for, or as itself; -1 when there is none. Both readings are
    /// followed where both fit (a credential holding <c>\\</c> sent raw), so no escape-looking part of a credential hides it.
    /// </summary>
    internal static int MatchAt(string text, int start, string needle)
    {
        var folded = needle.Length >= MinimumFoldedLength;
        if (start >= text.Length || (!Same(text[start], needle[0], folded) && text[start] is not ('\\' or '&' or '\'' or '%' or '+')))
        {
            return -1; // the common case: no allocation
        }

        Span<int> positions = stackalloc int[MaxPositions];
        Span<int> next = stackalloc int[MaxPositions];
        positions[0] = start;
        var count = 1;
        for (var i = 0; i < needle.Length; i++)
        {
            var expected = needle[i];
            var nextCount = 0;
            var furthest = -1;
            for (var k = 0; k < count; k++)
            {
                var at = positions[k];
                if (at < 0)
                {
                    // ~end: this low surrogate was read with its high one, as one code point (SupplementaryAt).
                    Add(next, ref nextCount, ~at);
                    furthest = Math.Max(furthest, ~at);
                    continue;
                }

                furthest = Math.Max(furthest, at);
                if (at >= text.Length)
                {
                    continue;
                }

                if (char.IsHighSurrogate(expected) && i + 1 < needle.Length && char.IsLowSurrogate(needle[i + 1])
                    && SupplementaryAt(text, at, out var pairLength) == char.ConvertToUtf32(expected, needle[i + 1]))
                {
                    Add(next, ref nextCount, ~(at + pairLength));
                }

                if (Same(text[at], expected, folded))
                {
                    Add(next, ref nextCount, at + 1);
                }

                if (Decode(text, at, expected, out var length) is { } decoded && Same(decoded, expected, folded))
                {
                    Add(next, ref nextCount, at + length);
                }

                if (DecodeEscapedEscape(text, at, expected, folded, MaxEscapeDepth, out length))
                {
                    Add(next, ref nextCount, at + length);
                }
            }

            if (nextCount == 0)
            {
                // Cut short: a long enough beginning of the credential where the text ends or an ellipsis follows.
                return folded && i >= MinimumFoldedLength && furthest >= 0 && IsCutHere(text, furthest) ? furthest : -1;
            }

            next[..nextCount].CopyTo(positions);
            count = nextCount;
        }

        var end = -1;
        foreach (var at in positions[..count])
        {
            end = Math.Max(end, at);
        }

        return end;
    }

    // An escape whose own backslash was escaped again (a message quoting a message that quotes the request, as a gateway
    // wrapping the server's error does): "\\u002d" reads once as "\u002d", which reads as "-". The text from at is read
    // one level (each escape as its character), and what it then starts with is read again, up to depth levels.
    private static bool DecodeEscapedEscape(string text, int at, char expected, bool folded, int depth, out int length)
    {
        length = 0;
        if (depth == 0 || text[at] is not ('\\' or '&' or '%') || Decode(text, at, '\\', out _) != '\\')
        {
            return false;
        }

        var window = Math.Min(MaxEscapeLength << depth, text.Length - at);
        var once = new StringBuilder(window);
        Span<int> ends = stackalloc int[MaxEscapeLength << MaxEscapeDepth];
        for (var i = at; i < at + window;)
        {
            if (Decode(text, i, '\0', out var escape) is { } character && i + escape <= at + window)
            {
                once.Append(character);
                i += escape;
            }
            else
            {
                once.Append(text[i]);
                i++;
            }

            ends[once.Length - 1] = i - at;
        }

        var read = once.ToString();
        if (Decode(read, 0, expected, out var inner) is { } decoded && inner > 1 && Same(decoded, expected, folded))
        {
            length = ends[inner - 1];
            return true;
        }

        if (DecodeEscapedEscape(read, 0, expected, folded, depth - 1, out inner))
        {
            length = ends[inner - 1];
            return true;
        }

        return false;
    }

    private static bool IsCutHere(string text, int at)
        => at >= text.Length
        || text[at] == '\u2026'
        || text.AsSpan(at).StartsWith("...", StringComparison.Ordinal)
        || (at + 1 < text.Length && text[at] == '\\' && text.AsSpan(at).StartsWith("\\u2026", StringComparison.OrdinalIgnoreCase));

    private static void Add(Span<int> positions, ref int count, int position)
    {
        if (count < positions.Length && !positions[..count].Contains(position))
        {
            positions[count++] = position;
        }
    }

    private static bool Same(char text, char expected, bool folded)
        => text == expected || (folded && char.ToUpperInvariant(text) == char.ToUpperInvariant(expected));

    /// <summary>
    /// The character an escape at <paramref name="at"/> stands for, and its length: a backslash escape of JSON, YAML,
    /// Python or C (<c>\"</c>, <c>\\</c>, <c>\/</c>, <c>\'</c>, <c>\b</c>, <c>\f</c>, <c>\n</c>, <c>\r</c>, <c>\t</c>,
    /// <c>\0</c>, <c>\a</c>, <c>\v</c>, <c>\e</c>, <c>\N</c>, <c>\_</c>, <c>\L</c>, <c>\P</c>, <c>\ </c>,
    /// <c>\uXXXX</c>, <c>\xXX</c>, <c>\UXXXXXXXX</c> in the BMP); an HTML character reference (<c>&amp;lt;</c>,
    /// <c>&amp;#60;</c>, <c>&amp;#x3C;</c>); a doubled single quote; a URL-encoded character (<c>%40</c>, UTF-8 sequences
    /// such as <c>%C3%A9</c>); <c>+</c> for a space. <see langword="null"/> when there is none.
    /// </summary>
    private static char? Decode(string text, int at, char expected, out int length)
    {
        length = 0;
        switch (text[at])
        {
            case '\\' when at + 1 < text.Length:
                length = 2;
                return text[at + 1] switch
                {
                    '"' or '\\' or '/' or '\'' or ' ' or '\t' => text[at + 1],
                    'b' => '\b',
                    'f' => '\f',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    '0' => '\0',
                    'a' => '\a',
                    'v' => '\v',
                    'e' => '\u001b',
                    'N' => '\u0085',
                    '_' => '\u00a0',
                    'L' => '\u2028',
                    'P' => '\u2029',
                    'u' => Hex(text, at + 2, 4, ref length),
                    'x' => Hex(text, at + 2, 2, ref length),
                    'U' => Hex(text, at + 2, 8, ref length),
                    _ => null,
                };
            case '&':
                return Entity(text, at, out length);
            case '\'' when at + 1 < text.Length && text[at + 1] == '\'':
                length = 2;
                return '\'';
            case '%':
                return UrlEncoded(text, at, out length);
            case '+' when expected == ' ':
                length = 1;
                return ' ';
            default:
                return null;
        }
    }

    // A character outside the BMP written as one escape of its code point: \UXXXXXXXX, an HTML reference (&#128512;,
    // &#x1F600;) or the four %XX of its UTF-8 form. -1 when there is none.
    private static int SupplementaryAt(string text, int at, out int length)
    {
        length = 0;
        if (text.AsSpan(at).StartsWith("\\U", StringComparison.Ordinal) && at + 10 <= text.Length
            && int.TryParse(text.AsSpan(at + 2, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
        {
            length = 10;
            return code;
        }

        if (text[at] == '&' && text.IndexOf(';', at + 1, Math.Min(12, text.Length - at - 1)) is var semicolon and > 0
            && WebUtility.HtmlDecode(text[at..(semicolon + 1)]) is [var high, var low] && char.IsSurrogatePair(high, low))
        {
            length = semicolon - at + 1;
            return char.ConvertToUtf32(high, low);
        }

        if (ByteAt(text, at) is >= 0xF0 and < 0xF5 and var first)
        {
            var value = first & 0x07;
            for (var k = 1; k < 4; k++)
            {
                if (ByteAt(text, at + (3 * k)) is not (>= 0x80 and < 0xC0 and var continuation))
                {
                    return -1;
                }

                value = (value << 6) | (continuation & 0x3F);
            }

            length = 12;
            return value;
        }

        return -1;
    }

    private static char? Hex(string text, int from, int digits, ref int length)
    {
        if (from + digits > text.Length
            || !uint.TryParse(text.AsSpan(from, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
            || code > char.MaxValue)
        {
            return null;
        }

        length = digits + 2;
        return (char)code;
    }

    private static char? Entity(string text, int at, out int length)
    {
        length = 0;
        var semicolon = text.IndexOf(';', at + 1, Math.Min(12, text.Length - at - 1));
        if (semicolon < 0)
        {
            return null;
        }

        var reference = text.AsSpan(at, semicolon - at + 1).ToString();
        var decoded = WebUtility.HtmlDecode(reference);
        if (decoded.Length != 1)
        {
            return null;
        }

        length = reference.Length;
        return decoded[0];
    }

    // One character written as %XX, or as the two or three %XX of its UTF-8 form.
    private static char? UrlEncoded(string text, int at, out int length)
    {
        length = 0;
        if (ByteAt(text, at) is not { } first)
        {
            return null;
        }

        var (count, value) = first switch
        {
            < 0x80 => (1, first),
            >= 0xC2 and < 0xE0 => (2, first & 0x1F),
            >= 0xE0 and < 0xF0 => (3, first & 0x0F),
            _ => (0, 0),
        };
        for (var k = 1; k < count; k++)
        {
            var continuation = ByteAt(text, at + (3 * k));
            if (continuation is not (>= 0x80 and < 0xC0))
            {
                return null;
            }

            value = (value << 6) | (continuation.Value & 0x3F);
        }

        if (count == 0)
        {
            return null;
        }

        length = 3 * count;
        return (char)value;
    }

    private static int? ByteAt(string text, int at)
        => at + 2 < text.Length && text[at] == '%'
            && byte.TryParse(text.AsSpan(at + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
