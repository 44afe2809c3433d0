using System.Net;

namespace Immuta.Client;

/// <summary>What an error response said; shared by every <see cref="ImmutaApiException"/>.</summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="Method">The HTTP method of the call.</param>
/// <param name="Path">
/// The path and query of the call as sent (or as a redirect-following handler of yours left it): a query value other than the
/// SDK's own flags, and the API key or a credential the request carried wherever it appears, read <c>REDACTED</c>.
/// </param>
/// <param name="Error">The body's <c>error</c>.</param>
/// <param name="ServerMessage">The body's <c>message</c>, or a summary of a non-JSON body.</param>
/// <param name="RetryAfter">The <c>Retry-After</c> the server sent.</param>
public sealed record ImmutaErrorDetails(
    HttpStatusCode StatusCode,
    string Method,
    string Path,
    string? Error,
    string? ServerMessage,
    TimeSpan? RetryAfter)
{
    /// <summary>
    /// Where a redirect pointed: the response's <c>Location</c> made absolute, or the address a redirect-following
    /// handler ended at. Only its scheme, host, port and path: user information, query and fragment are left out, as they
    /// may hold secrets, and the API key or a credential the request carried reads <c>REDACTED</c> wherever it appears
    /// (a path segment, a <c>;jsessionid=</c>, the host), raw or percent-encoded.
    /// </summary>
    public Uri? Location { get; init; }

    /// <summary>The response as the SDK read it, masked (see <see cref="ImmutaApiException.GetRawResponse"/>); <see langword="null"/> when there was none.</summary>
    public ImmutaRawResponse? RawResponse { get; init; }
}
