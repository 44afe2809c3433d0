namespace Immuta.Client.Diagnostics;

/// <summary>
/// <c>url.full</c> as OpenTelemetry's HTTP conventions want it: no credentials (user info becomes
/// <c>REDACTED:REDACTED</c>) and no query value that could be one. The SDK's own query parameters (<c>dryRun</c>,
/// <c>forceDisable</c>: flags) are kept, as they say what the call did; the value of any other (a base address with a
/// signature, a proxy's token) becomes <c>REDACTED</c>. No fragment.
/// </summary>
internal static class TelemetryUrl
{
    private const string Redacted = "REDACTED";

    /// <summary>The query parameters the SDK sends itself (<see cref="Http.IIntegrationsApi"/>); their values are flags.</summary>
    private static readonly string[] SdkParameters = ["dryRun", "forceDisable"];

    /// <summary>The redacted <c>url.full</c> of <paramref name="uri"/>, or <see langword="null"/> when it is not absolute.</summary>
    public static string? Full(Uri? uri)
    {
        if (uri is not { IsAbsoluteUri: true })
        {
            return null;
        }

        var builder = Internal.UriUserInfo.SchemeAuthorityPath(uri, $"{Redacted}:{Redacted}");
        var query = uri.GetComponents(UriComponents.Query, UriFormat.UriEscaped);
        if (query.Length > 0)
        {
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

        return builder.ToString();
    }
}
