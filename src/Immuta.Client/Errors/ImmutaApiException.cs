using System.Net;

namespace Immuta.Client;

/// <summary>
/// Immuta answered with an error status. Carries the HTTP status, the body's <c>error</c> and <c>message</c>, and the
/// method and path of the call; the message reads <c>"POST /integrations failed with 409 (Conflict): ..."</c>.
/// </summary>
public class ImmutaApiException : ImmutaException
{
    /// <summary>Creates an exception for an error response.</summary>
    /// <param name="message">The full message.</param>
    /// <param name="details">What the response said.</param>
    public ImmutaApiException(string message, ImmutaErrorDetails details)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(details);
        Details = details;
    }

    /// <summary>What the response said.</summary>
    public ImmutaErrorDetails Details { get; }

    /// <summary>The HTTP status of the response.</summary>
    public HttpStatusCode StatusCode => Details.StatusCode;

    /// <summary>The body's <c>error</c> (the status text, such as <c>Conflict</c>), when the body was JSON.</summary>
    public string? Error => Details.Error;

    /// <summary>The body's <c>message</c>, or a readable summary of a body that was not Immuta's JSON (an HTML page, plain text).</summary>
    public string? ServerMessage => Details.ServerMessage;

    /// <summary>The HTTP method of the call, such as <c>POST</c>.</summary>
    public string Method => Details.Method;

    /// <summary>The path of the call, such as <c>/integrations/123/status</c>.</summary>
    public string Path => Details.Path;

    /// <summary>How long the server asked to wait before trying again (<c>Retry-After</c>), if it said.</summary>
    public TimeSpan? RetryAfter => Details.RetryAfter;

    /// <summary>Where a redirect pointed (see <see cref="ImmutaErrorDetails.Location"/>), for <see cref="ImmutaRedirectException"/>.</summary>
    public Uri? Location => Details.Location;

    /// <summary>
    /// The response as the SDK read it: status, headers and the start of the body, with secrets masked (see
    /// <see cref="ImmutaRawResponse"/>). A copy: the connection is long released.
    /// </summary>
    /// <returns>The response; <see langword="null"/> when the exception was not made from one (built by hand, or a redirect a handler followed).</returns>
    public ImmutaRawResponse? GetRawResponse() => Details.RawResponse;
}
