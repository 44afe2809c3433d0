namespace Immuta.Client;

/// <summary>What an <see cref="IntegrationOperation"/> waits for.</summary>
public enum IntegrationOperationKind
{
    /// <summary>A create: settles on <c>enabled</c>, fails on <c>createError</c>.</summary>
    Create,

    /// <summary>An update: settles on <c>enabled</c>, fails on <c>editError</c>.</summary>
    Update,

    /// <summary>
    /// A delete: settles on <c>deleted</c>, <c>disabled</c> or 404; fails on <c>deleteError</c>, or when, after
    /// <c>deleting</c>, the integration shows its previous state again (a rollback).
    /// </summary>
    Delete,
}

/// <summary>A status seen while waiting, reported through <see cref="IProgress{T}"/>.</summary>
/// <param name="Id">The integration id.</param>
/// <param name="Kind">What the operation waits for.</param>
/// <param name="Status">The status seen (<see cref="IntegrationStatus.Deleted"/> after a 404 during a delete).</param>
/// <param name="IsKnownStatus">Whether the SDK knows the status; an unknown one is treated as still in progress.</param>
/// <param name="Elapsed">Time since the wait started.</param>
/// <param name="StatusRequests">How many status requests the wait has sent so far.</param>
public sealed record IntegrationOperationProgress(
    string Id,
    IntegrationOperationKind Kind,
    IntegrationStatus Status,
    bool IsKnownStatus,
    TimeSpan Elapsed,
    int StatusRequests);
