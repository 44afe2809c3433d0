using System.Text;
using Immuta.Client.Http;

namespace Immuta.Client.Internal;

/// <summary>
/// The one place a URL the SDK prints or tags is made printable: telemetry's <c>url.full</c> and <c>server.address</c>, the
/// path of an exception's message (and so of the health check's description) and a redirect's
/// <see cref="ImmutaErrorDetails.Location"/>. A handler of the caller's that follows a redirect hands back whatever address
/// the server chose, which may hold the API key or the request's credentials anywhere; so, whatever the shape printed:
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>user info never prints: <c>REDACTED:REDACTED@</c> in <c>url.full</c> (which says there was some), dropped elsewhere;</item>
/// <item>the query keeps the values of the SDK's own flags (<c>dryRun</c>, <c>forceDisable</c>: they say what the call did)
/// and has every other value <c>REDACTED</c> (a bare item, <c>?token</c>, too); a <see cref="ImmutaErrorDetails.Location"/> has no query;</item>
/// <item>the fragment never prints;</item>
/// <item>then the API key and the request's credentials are masked by value in what is left, host, path segments, path
/// parameters (<c>;jsessionid=…</c>) and query names included, raw or percent-encoded (<see cref="SecretScrubber"/>, the one
/// scrub of values).</item>
/// </list>
/// The marker is OpenTelemetry's <c>REDACTED</c> everywhere, a valid host label and path segment, so a masked Location is still a URL.
/// </remarks>
internal static class PrintableUrl
{
    /// <summary>What stands for a masked part.</summary>
    public const string Redacted = "REDACTED";

    /// <summary>The query parameters the SDK sends itself (<see cref="IIntegrationsApi"/>); their values are flags.</summary>
    private static readonly string[] SdkParameters = ["dryRun", "forceDisable"];

    /// <summary>
    /// <c>url.full</c>: scheme, <c>REDACTED:REDACTED@</c> when there is user info, host, port, path and the query by the
    /// rule above, masked; <see langword="null"/> when <paramref name="uri"/> is not absolute.
    /// </summary>
    public static string? Full(Uri? uri, SecretScrubber secrets)
    {
        if (uri is not { IsAbsoluteUri: true })
        {
            return null;
        }

        var builder = new StringBuilder(uri.Scheme).Append("://");
        if (uri.UserInfo.Length > 0)
        {
            builder.Append(Redacted).Append(':').Append(Redacted).Append('@');
        }

        builder.Append(uri.GetComponents(UriComponents.Host | UriComponents.Port | UriComponents.Path, UriFormat.UriEscaped));
        AppendQuery(builder, uri.GetComponents(UriComponents.Query, UriFormat.UriEscaped));
        return secrets.ScrubValues(builder.ToString(), Redacted);
    }

    /// <summary><c>server.address</c>: the host, masked; <see langword="null"/> when there is no absolute address.</summary>
    public static string? Host(Uri? uri, SecretScrubber secrets)
        => uri is { IsAbsoluteUri: true } ? secrets.ScrubValues(uri.Host, Redacted) : null;

    /// <summary>The path and query of a call, for a message (<c>/integrations/1?dryRun=true</c>), masked.</summary>
    public static string Path(Uri? address, SecretScrubber secrets)
    {
        var (path, query) = address switch
        {
            null => ("(no request on the response)", string.Empty),
            { IsAbsoluteUri: true } absolute => (absolute.GetComponents(UriComponents.Path | UriComponents.KeepDelimiter, UriFormat.UriEscaped),
                absolute.GetComponents(UriComponents.Query, UriFormat.UriEscaped)),
            var relative => SplitRelative(relative.OriginalString),
        };

        var builder = new StringBuilder(path);
        AppendQuery(builder, query);
        return secrets.ScrubValues(builder.ToString(), Redacted);
    }

    /// <summary>
    /// Where a redirect pointed: scheme, host, port and path (no user info, query, fragment or path parameters such as
    /// <c>;jsessionid=…</c>, and a password that reads as a port masked: <see cref="UriUserInfo"/>), masked.
    /// </summary>
    public static Uri Location(Uri address, SecretScrubber secrets)
    {
        if (!address.IsAbsoluteUri)
        {
            return new Uri(secrets.ScrubValues(UriUserInfo.WithoutPathParameters(SplitRelative(address.OriginalString).Path), Redacted), UriKind.Relative);
        }

        var withoutParameters = UriUserInfo.WithoutPathParameters(address.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped));
        var printable = secrets.ScrubValues(UriUserInfo.Mask(withoutParameters, Redacted), Redacted);
        return Uri.TryCreate(printable, UriKind.Absolute, out var masked)
            ? masked
            : new Uri(secrets.ScrubValues(address.GetComponents(UriComponents.Path | UriComponents.KeepDelimiter, UriFormat.UriEscaped), Redacted), UriKind.Relative);
    }

    private static (string Path, string Query) SplitRelative(string text)
    {
        var hash = text.IndexOf('#', StringComparison.Ordinal);
        var withoutFragment = hash < 0 ? text : text[..hash];
        var question = withoutFragment.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? (withoutFragment, string.Empty) : (withoutFragment[..question], withoutFragment[(question + 1)..]);
    }

    private static void AppendQuery(StringBuilder builder, string query)
    {
        if (query.Length == 0)
        {
            return;
        }

        builder.Append('?');
        var first = true;
        foreach (var pair in query.Split('&'))
        {
            builder.Append(first ? string.Empty : "&");
            first = false;
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? pair : pair[..equals];
            if (SdkParameters.Contains(key, StringComparer.Ordinal))
            {
                builder.Append(pair);
            }
            else
            {
                // A bare item (`?token`) may be the secret itself.
                builder.Append(equals < 0 ? Redacted : $"{key}={Redacted}");
            }
        }
    }
}
