using System.Text;

namespace Immuta.Client.Internal;

/// <summary>
/// The one rule for the user info of a URL (<c>https://admin:pw@host/…</c>): it may hold a password, so it never prints.
/// Serves every printer of text (<see cref="ImmutaRedaction.MaskUrlUserInfo"/>, error scrubbing): one place that knows where
/// user info starts and ends in text. A parsed <see cref="Uri"/> is made printable by <see cref="PrintableUrl"/>.
/// </summary>
/// <remarks>
/// In text, a URL is found by its <c>scheme://</c> (the <c>:</c> and <c>/</c> also percent-encoded, <c>%3A%2F%2F</c>); its
/// authority runs to the first <c>/</c>, <c>?</c>, <c>#</c>, <c>\</c>, quote, angle bracket or white space; when the authority
/// holds an at sign (<c>@</c>, <c>%40</c>, or the full-width <c>＠</c> and small <c>﹫</c> that some parsers fold to
/// <c>@</c>), everything before the last one is user info. An authority with no at sign whose <c>:</c> is not followed by a
/// port (<c>https://u:pa/ss@host</c>, a password holding <c>/</c>, <c>?</c>, <c>#</c> or <c>%2F</c>) goes on to the first at
/// sign before white space or a quote, and the host after it. An authority with no at sign followed by a path that holds
/// one (<c>https://u:12/34@host</c>: a password holding <c>/</c> whose start reads as a port) is user info up to the
/// path's last at sign before its query or fragment: a path's at sign counts as the end of user info, whatever RFC 3986
/// says. The text is read in one pass. JSON and YAML escapes (<c>\u0040</c>) are decoded by their readers
/// before the text gets here. When in doubt it masks: a host shown as <c>***</c> by mistake costs little.
/// </remarks>
internal static partial class UriUserInfo
{
    private static readonly string[] AtSigns = ["@", "%40", "\uFF20", "\uFE6B"];

    private static readonly System.Buffers.SearchValues<char> AtSignStarts = System.Buffers.SearchValues.Create("@%\uFF20\uFE6B");

    /// <summary>
    /// An absolute URL as the SDK prints it: scheme, host, port and path, without the user info, query, fragment or each
    /// path segment's parameters (<c>/login;jsessionid=…</c>), and masked (<see cref="Mask"/>: a password holding <c>/</c>
    /// reads as a port and a path with an at sign); any of them may hold a session or a password.
    /// </summary>
    /// <param name="uri">An absolute URI.</param>
    public static string Printable(Uri uri)
        => Mask(WithoutPathParameters(uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)), SecretString.Mask);

    /// <summary><paramref name="path"/> with each segment cut at its first <c>;</c>: a segment's parameters may carry a session id or a key.</summary>
    public static string WithoutPathParameters(string path)
        => path.Contains(';', StringComparison.Ordinal) ? PathParameters().Replace(path, string.Empty) : path;

    [System.Text.RegularExpressions.GeneratedRegex(";[^/]*", System.Text.RegularExpressions.RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial System.Text.RegularExpressions.Regex PathParameters();

    /// <summary>
    /// <paramref name="text"/> with the user info of every URL in it replaced by <paramref name="marker"/>; the same instance
    /// when there is none.
    /// </summary>
    public static string Mask(string text, string marker)
    {
        StringBuilder? masked = null;
        var copied = 0;
        foreach (var (start, end, signLength) in Find(text))
        {
            masked ??= new StringBuilder(text.Length);
            masked.Append(text, copied, start - copied).Append(marker).Append('@');
            copied = end + signLength;
        }

        return masked is null ? text : masked.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>
    /// The user info of every URL in <paramref name="text"/>, whole and its password alone (after the first <c>:</c>, raw
    /// and percent-decoded): what an error message echoing the text must not show.
    /// </summary>
    public static IEnumerable<string> Secrets(string text)
    {
        foreach (var (start, end, _) in Find(text))
        {
            var userInfo = text[start..end];
            yield return userInfo;
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0 && colon < userInfo.Length - 1)
            {
                var password = userInfo[(colon + 1)..];
                yield return password;
                if (password.Contains('%', StringComparison.Ordinal))
                {
                    yield return Uri.UnescapeDataString(password);
                }
            }
        }
    }

    // Each user info: where it starts, where its at sign starts, and the at sign's length. Linear in the text: the end of a
    // stretch of text and the next at sign in it are looked for once and remembered for the URLs that follow in it.
    private static IEnumerable<(int Start, int End, int SignLength)> Find(string text)
    {
        var at = 0;
        var stretchEnd = -1; // where the stretch of text last looked at ends (white space, a quote, …)
        var nextAt = -1; // the first at sign at or after the last place looked from in that stretch, or -1: none in it
        var lookedFrom = int.MaxValue;
        var pathEnd = -1; // where the path last looked at ends (its query, fragment, or the end of the URL)
        var pathAt = (At: -1, Length: 0); // the last at sign in that path
        while (NextAuthority(text, ref at) is var (start, end) && start >= 0)
        {
            var (lastAt, signLength) = LastAtSign(text, start, end);
            if (lastAt < 0 && StartsPath(text, end))
            {
                // An at sign in the path: a password holding a '/' (https://u:12/34@host, "12" read as a port) ends the
                // authority early. Everything up to the path's last at sign is user info, as far as printing goes.
                if (end >= pathEnd)
                {
                    pathEnd = end;
                    while (pathEnd < text.Length && !EndsPath(text[pathEnd]))
                    {
                        pathEnd++;
                    }

                    pathAt = LastAtSign(text, end, pathEnd);
                }

                if (pathAt.At >= end)
                {
                    (lastAt, signLength) = pathAt;
                    end = lastAt + signLength;
                    while (end < text.Length && !EndsAuthority(text, end))
                    {
                        end++;
                    }
                }
            }

            if (lastAt < 0 && PasswordMayGoOn(text, start, end))
            {
                // A password holding a '/', '?' or '#' (https://u:pa/ss@host, or pa%2Fss): its at sign comes after the authority
                // seems to end; the host is what follows the first at sign, up to its own end.
                if (end >= stretchEnd)
                {
                    stretchEnd = end;
                    while (stretchEnd < text.Length && !EndsText(text[stretchEnd]))
                    {
                        stretchEnd++;
                    }

                    lookedFrom = int.MaxValue;
                }

                if (end < lookedFrom || (nextAt >= 0 && nextAt < end))
                {
                    nextAt = FirstAtSign(text, end, stretchEnd);
                    lookedFrom = end;
                }

                if (nextAt >= 0)
                {
                    var hostEnd = nextAt;
                    while (hostEnd < stretchEnd && !EndsAuthority(text, hostEnd))
                    {
                        hostEnd++;
                    }

                    (lastAt, signLength) = LastAtSign(text, start, hostEnd);
                    end = hostEnd;
                }
            }

            if (lastAt >= 0)
            {
                yield return (start, lastAt, signLength);
            }

            // The next URL may begin right where this authority ended: "https://u:p@h,https://v:q@h2" ends the first at the
            // second's "//", whose scheme's ':' (or "%3A") came just before.
            at = Math.Max(start, end - 3);
        }
    }

    // The last at sign (in any of its forms) in text[start..end]: where it starts and its length, or (-1, 0).
    private static (int At, int Length) LastAtSign(string text, int start, int end)
    {
        var lastAt = -1;
        var signLength = 0;
        foreach (var sign in AtSigns)
        {
            var found = text.AsSpan(start, end - start).LastIndexOf(sign, StringComparison.OrdinalIgnoreCase);
            if (found >= 0 && start + found > lastAt)
            {
                lastAt = start + found;
                signLength = sign.Length;
            }
        }

        return (lastAt, signLength);
    }

    // Where the first at sign (in any of its forms) in text[start..end] starts, or -1.
    private static int FirstAtSign(string text, int start, int end)
    {
        while (start < end)
        {
            var found = text.AsSpan(start, end - start).IndexOfAny(AtSignStarts);
            if (found < 0)
            {
                return -1;
            }

            found += start;
            if (text[found] != '%' || text.AsSpan(found).StartsWith("%40", StringComparison.Ordinal))
            {
                return found;
            }

            start = found + 1;
        }

        return -1;
    }

    // An authority without an at sign that cannot be a host and port ("u:pa" of https://u:pa/ss@host, not "[::1]:443" or
    // "host:8443"), cut by a '/', '?', '#' or "%2F": the start of user info whose password holds that character.
    private static bool PasswordMayGoOn(string text, int start, int end)
    {
        if (end >= text.Length || !(text[end] is '/' or '?' or '#' || text.AsSpan(end).StartsWith("%2F", StringComparison.OrdinalIgnoreCase)) || text[start] == '[')
        {
            return false;
        }

        var colon = text.AsSpan(start, end - start).IndexOf(':');
        return colon >= 0 && !IsPort(text.AsSpan(start + colon + 1, end - start - colon - 1));
    }

    // Whether a path follows the authority that ends at `end`: a '/' or "%2F".
    private static bool StartsPath(string text, int end)
        => end < text.Length && (text[end] == '/' || text.AsSpan(end).StartsWith("%2F", StringComparison.OrdinalIgnoreCase));

    // Where a path ends: its query or fragment, or where the URL ends.
    private static bool EndsPath(char c) => c is '?' or '#' || EndsText(c);

    private static bool IsPort(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');

    // Where no URL goes on: white space, quotes, angle brackets, a backtick or a backslash.
    private static bool EndsText(char c) => c is '"' or '\'' or '<' or '>' or '`' or '\\' || char.IsWhiteSpace(c);

    // The next authority (after "scheme://") at or after `at`: its start and end, or (-1, -1). One pass over the text.
    private static (int Start, int End) NextAuthority(string text, ref int at)
    {
        while (at < text.Length)
        {
            var colon = IndexOfSeparator(text, at, out var separatorLength);
            if (colon < 0)
            {
                at = text.Length;
                return (-1, -1);
            }

            at = colon + separatorLength;
            if (colon == 0 || !(char.IsAsciiLetterOrDigit(text[colon - 1]) || text[colon - 1] is '+' or '-' or '.'))
            {
                continue;
            }

            var end = at;
            while (end < text.Length && !EndsAuthority(text, end))
            {
                end++;
            }

            return (at, end);
        }

        return (-1, -1);
    }

    // The first "://" or one of its percent-encoded forms at or after `from`: each ':' or '%' is looked at once, so a text
    // of many URLs is read in one pass.
    private static int IndexOfSeparator(string text, int from, out int length)
    {
        while (from < text.Length)
        {
            var found = text.AsSpan(from).IndexOfAny(':', '%');
            if (found < 0)
            {
                break;
            }

            found += from;
            foreach (var separator in (ReadOnlySpan<string>)["://", "%3A%2F%2F", "%3A//", ":%2F%2F"])
            {
                if (text.AsSpan(found).StartsWith(separator, StringComparison.OrdinalIgnoreCase))
                {
                    length = separator.Length;
                    return found;
                }
            }

            from = found + 1;
        }

        length = 0;
        return -1;
    }

    private static bool EndsAuthority(string text, int index)
    {
        var c = text[index];
        return c is '/' or '?' or '#' or '\\' or '"' or '\'' or '<' or '>' or '`' || char.IsWhiteSpace(c)
            || (c == '%' && text.AsSpan(index).StartsWith("%2F", StringComparison.OrdinalIgnoreCase));
    }
}
