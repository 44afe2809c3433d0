using System.Text;

namespace Immuta.Client.Internal;

/// <summary>
/// The one rule for the user info of a URL (<c>https://admin:pw@host/…</c>): it may hold a password, so it never prints.
/// Serves telemetry's <c>url.full</c> (a parsed <see cref="Uri"/>) and every printer of text (<see cref="ImmutaRedaction.MaskUrlUserInfo"/>):
/// one place that knows where user info starts and ends.
/// </summary>
/// <remarks>
/// In text, a URL is found by its <c>scheme://</c> (the <c>:</c> and <c>/</c> also percent-encoded, <c>%3A%2F%2F</c>); its
/// authority runs to the first <c>/</c>, <c>?</c>, <c>#</c>, <c>\</c>, quote, angle bracket or white space; when the authority
/// holds an at sign (<c>@</c>, <c>%40</c>, or the full-width <c>＠</c> and small <c>﹫</c> that some parsers fold to
/// <c>@</c>), everything before the last one is user info. JSON and YAML escapes (<c>\u0040</c>) are decoded by their readers
/// before the text gets here. When in doubt it masks: a host shown as <c>***</c> by mistake costs little.
/// </remarks>
internal static class UriUserInfo
{
    private static readonly string[] AtSigns = ["@", "%40", "\uFF20", "\uFE6B"];

    /// <summary><c>scheme://</c>, then <paramref name="marker"/> and <c>@</c> when <paramref name="uri"/> has user info, then host, port and path (escaped).</summary>
    /// <param name="uri">An absolute URI.</param>
    /// <param name="marker">What stands for the user info.</param>
    public static StringBuilder SchemeAuthorityPath(Uri uri, string marker)
    {
        var builder = new StringBuilder(uri.Scheme).Append("://");
        if (uri.UserInfo.Length > 0)
        {
            builder.Append(marker).Append('@');
        }

        return builder.Append(uri.GetComponents(UriComponents.Host | UriComponents.Port | UriComponents.Path, UriFormat.UriEscaped));
    }

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

    // Each user info: where it starts, where its at sign starts, and the at sign's length.
    private static IEnumerable<(int Start, int End, int SignLength)> Find(string text)
    {
        var at = 0;
        while (NextAuthority(text, ref at) is var (start, end) && start >= 0)
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

            if (lastAt >= 0)
            {
                yield return (start, lastAt, signLength);
            }

            at = end;
        }
    }

    // The next authority (after "scheme://") at or after `at`: its start and end, or (-1, -1).
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

    // "://" or its percent-encoded forms, whichever comes first.
    private static int IndexOfSeparator(string text, int from, out int length)
    {
        var best = -1;
        length = 0;
        foreach (var separator in (ReadOnlySpan<string>)["://", "%3A%2F%2F", "%3A//", ":%2F%2F"])
        {
            var found = text.IndexOf(separator, from, StringComparison.OrdinalIgnoreCase);
            if (found >= 0 && (best < 0 || found < best))
            {
                best = found;
                length = separator.Length;
            }
        }

        return best;
    }

    private static bool EndsAuthority(string text, int index)
    {
        var c = text[index];
        return c is '/' or '?' or '#' or '\\' or '"' or '\'' or '<' or '>' or '`' || char.IsWhiteSpace(c)
            || (c == '%' && text.AsSpan(index).StartsWith("%2F", StringComparison.OrdinalIgnoreCase));
    }
}
