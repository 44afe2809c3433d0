namespace Immuta.Client.Operations;

/// <summary>
/// What an operation and the poller read, and all they read: an integration's status and, once it settled, the
/// integration itself (its value, or the validation results of a failure). Given to them at construction, so they do
/// not depend on the client that made them; <see cref="IntegrationsClient"/> is the one implementation and answers
/// through its own (virtual) <c>GetStatusAsync</c> and <c>GetAsync</c>.
/// </summary>
internal interface IIntegrationStatusSource
{
    /// <summary><c>GET /integrations/{id}/status</c>.</summary>
    /// <param name="id">The integration id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The id and status.</returns>
    Task<IntegrationStatusResult> GetStatusAsync(string id, CancellationToken cancellationToken);

    /// <summary><c>GET /integrations/{id}</c>.</summary>
    /// <param name="id">The integration id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The integration.</returns>
    Task<Integration> GetIntegrationAsync(string id, CancellationToken cancellationToken);
}
