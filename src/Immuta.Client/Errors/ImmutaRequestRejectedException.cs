namespace Immuta.Client;

/// <summary>
/// 400 or 422: the server refused the request as invalid (missing or wrong fields, credentials sent or missing on delete,
/// an attribute that cannot be edited, failed prerequisites), or a create found an integration of that platform on that
/// host that previously failed to create (see <see cref="ExistingIntegrationId"/>). <see cref="Errors"/> lists the
/// server's messages. The request was sent; what local validation refuses before sending is
/// <see cref="IntegrationValidationException"/>.
/// </summary>
public class ImmutaRequestRejectedException : ImmutaApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full message.</param>
    /// <param name="details">What the response said.</param>
    public ImmutaRequestRejectedException(string message, ImmutaErrorDetails details)
        : base(message, details)
        => Errors = MessagesOf(details);

    /// <summary>Creates the exception for a create that names an integration which previously failed to create.</summary>
    /// <param name="message">The full message.</param>
    /// <param name="details">What the response said.</param>
    /// <param name="existingIntegrationId">The id parsed from <c>"Use PUT /integrations/1 endpoint … (id = 1) that previously failed to create."</c>, if present.</param>
    public ImmutaRequestRejectedException(string message, ImmutaErrorDetails details, string? existingIntegrationId)
        : base(message, details)
    {
        Errors = MessagesOf(details);
        ExistingIntegrationId = existingIntegrationId;
    }

    /// <summary>
    /// The server's messages: the body's <c>message</c> (Immuta sends one), or a summary of a body that was not Immuta's
    /// JSON; empty when the response had no body. Secrets the request carried are masked, as in <see cref="ImmutaApiException.ServerMessage"/>.
    /// </summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>
    /// The id of the integration of that platform on that host that previously failed to create, when Immuta answered a
    /// create with 400 <c>"Use PUT /integrations/1 endpoint to update connection information for … (id = 1) that previously
    /// failed to create."</c> (spec §15 E-1; both the path and the <c>(id = 1)</c> are read, and must agree). Send the
    /// definition to it with <see cref="IntegrationsClient.UpdateAsync"/>, as <see cref="IntegrationsClient.CreateOrAdoptAsync"/>
    /// does. <see langword="null"/> for every other 400 and 422.
    /// </summary>
    public string? ExistingIntegrationId { get; }

    private static IReadOnlyList<string> MessagesOf(ImmutaErrorDetails details)
        => string.IsNullOrWhiteSpace(details.ServerMessage) ? [] : [details.ServerMessage];
}
