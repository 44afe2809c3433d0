namespace Immuta.Client;

/// <summary>
/// 3xx: Immuta (or a proxy in front of it) redirected the call. The SDK does not follow redirects, so nothing was sent
/// to <see cref="ImmutaApiException.Location"/>; the endpoint is probably not the address Immuta answers on (a missing
/// <c>https://</c>, another host name, a path). When an <see cref="HttpClient"/> you supplied followed a redirect to
/// another origin itself, <see cref="WasSentToLocation"/> is <see langword="true"/>: the request (its body included)
/// reached that address before the SDK saw it.
/// </summary>
public class ImmutaRedirectException : ImmutaApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full message.</param>
    /// <param name="details">What the response said, with <see cref="ImmutaErrorDetails.Location"/>.</param>
    /// <param name="wasSentToLocation">Whether the request was sent to the redirect's target (by a handler that follows redirects).</param>
    public ImmutaRedirectException(string message, ImmutaErrorDetails details, bool wasSentToLocation)
        : base(message, details) => WasSentToLocation = wasSentToLocation;

    /// <summary>
    /// Whether a handler of an <see cref="HttpClient"/> you supplied followed the redirect, so the request was sent to
    /// <see cref="ImmutaApiException.Location"/> (a create or an update may have been carried out there).
    /// </summary>
    public bool WasSentToLocation { get; }
}
