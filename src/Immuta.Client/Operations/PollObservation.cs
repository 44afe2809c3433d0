namespace Immuta.Client.Operations;

/// <summary>What one poll saw.</summary>
/// <param name="Status">The status (<see cref="IntegrationStatus.Deleted"/> when the integration is gone).</param>
/// <param name="Gone">The status endpoint answered 404 during a delete or a watch.</param>
internal readonly record struct PollObservation(IntegrationStatus Status, bool Gone);
