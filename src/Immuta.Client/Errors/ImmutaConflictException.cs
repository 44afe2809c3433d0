namespace Immuta.Client;

/// <summary>
/// 409: an integration of that platform already exists on that host (see <see cref="ExistingIntegrationId"/>), or the
/// integration is busy: an update or a delete while it is <c>creating</c>, <c>editing</c>, <c>deleting</c> or
/// <c>migrating</c> (<c>"Unable to edit integration with ID 1 in current state editing."</c>, for both).
/// </summary>
public class ImmutaConflictException : ImmutaApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full message.</param>
    /// <param name="details">What the response said.</param>
    /// <param name="existingIntegrationId">The id parsed from <c>"... (id = 123)"</c>, if present.</param>
    public ImmutaConflictException(string message, ImmutaErrorDetails details, string? existingIntegrationId)
        : base(message, details) => ExistingIntegrationId = existingIntegrationId;

    /// <summary>
    /// The id of the integration that already exists, parsed from <c>"… already exists on host … (id = 123456789)"</c> or
    /// <c>"… already exists on … (id = 1)."</c> (Immuta writes both); <see langword="null"/> for a busy integration.
    /// </summary>
    public string? ExistingIntegrationId { get; }
}
