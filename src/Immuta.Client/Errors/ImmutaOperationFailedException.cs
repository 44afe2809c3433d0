namespace Immuta.Client;

/// <summary>
/// An integration settled in an error status (<c>createError</c>, <c>editError</c>, <c>deleteError</c>,
/// <c>migrateError</c>, or a status that means it is gone while creating or updating), or a delete was rolled back: after
/// <c>deleting</c>, the integration showed its previous state again (<c>enabled</c>, an error status).
/// </summary>
public class ImmutaOperationFailedException : ImmutaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="id">The integration id.</param>
    /// <param name="kind">The operation.</param>
    /// <param name="status">The status it settled in.</param>
    /// <param name="validationResults">The validation results, from the status call or fetched from the integration.</param>
    public ImmutaOperationFailedException(string message, string id, IntegrationOperationKind kind, IntegrationStatus status, ValidationResults? validationResults)
        : base(message)
    {
        Id = id;
        Kind = kind;
        Status = status;
        ValidationResults = validationResults;
    }

    /// <summary>The integration id.</summary>
    public string Id { get; }

    /// <summary>The operation that failed.</summary>
    public IntegrationOperationKind Kind { get; }

    /// <summary>The status the integration settled in.</summary>
    public IntegrationStatus Status { get; }

    /// <summary>The checks Immuta ran, when known; the failed ones say what to fix.</summary>
    public ValidationResults? ValidationResults { get; }
}
