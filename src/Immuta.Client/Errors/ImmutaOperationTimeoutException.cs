namespace Immuta.Client;

/// <summary>
/// An integration did not settle within <see cref="PollingOptions.Timeout"/>: the deadline passed (after one last status
/// check), or Immuta asked (<c>Retry-After</c>) to wait past it.
/// </summary>
public class ImmutaOperationTimeoutException : ImmutaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="id">The integration id.</param>
    /// <param name="kind">The operation, or <see langword="null"/> for a watch.</param>
    /// <param name="lastStatus">The last status seen, if any.</param>
    /// <param name="timeout">The timeout that ran out.</param>
    /// <param name="statusRequests">How many status requests the wait sent.</param>
    /// <param name="innerException">What ended the wait early (a <c>Retry-After</c> past the deadline) or failed the last check, if anything.</param>
    public ImmutaOperationTimeoutException(
        string message, string id, IntegrationOperationKind? kind, IntegrationStatus? lastStatus, TimeSpan timeout, int statusRequests, Exception? innerException = null)
        : base(message, innerException)
    {
        Id = id;
        Kind = kind;
        LastStatus = lastStatus;
        Timeout = timeout;
        StatusRequests = statusRequests;
    }

    /// <summary>The integration id.</summary>
    public string Id { get; }

    /// <summary>
    /// The operation whose wait timed out; <see langword="null"/> for <see cref="IntegrationsClient.WatchStatusAsync"/>,
    /// which waits for any settled status and is no create, update or delete.
    /// </summary>
    public IntegrationOperationKind? Kind { get; }

    /// <summary>The last status seen, or <see langword="null"/> when no poll succeeded.</summary>
    public IntegrationStatus? LastStatus { get; }

    /// <summary>The timeout that ran out.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>How many status requests the wait sent (the last check at the deadline included).</summary>
    public int StatusRequests { get; }
}
