namespace Immuta.Client;

/// <summary>404: no integration with that id (<c>"No Integration found with ID 5."</c>).</summary>
public class ImmutaNotFoundException : ImmutaApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full message.</param>
    /// <param name="details">What the response said.</param>
    public ImmutaNotFoundException(string message, ImmutaErrorDetails details)
        : base(message, details)
    {
    }
}
