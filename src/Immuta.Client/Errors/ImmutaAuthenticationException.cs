namespace Immuta.Client;

/// <summary>401 or 403: the API key is wrong, expired, or lacks the <c>APPLICATION_ADMIN</c> permission.</summary>
public class ImmutaAuthenticationException : ImmutaApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full message.</param>
    /// <param name="details">What the response said.</param>
    public ImmutaAuthenticationException(string message, ImmutaErrorDetails details)
        : base(message, details)
    {
    }
}
