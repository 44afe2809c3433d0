using Immuta.Client.Http;

namespace Immuta.Client;

/// <summary>
/// The script endpoints, for integrations set up by hand (<c>autoBootstrap: false</c>): each returns a script to run on the
/// data platform. Get it from <see cref="IntegrationsClient.Scripts"/>; thread-safe.
/// </summary>
/// <remarks>
/// Which platforms each endpoint accepts: create — Snowflake, Databricks, Redshift, Synapse; initial-create — Redshift,
/// Synapse; cleanup — Snowflake, Redshift, Synapse; post-cleanup — Synapse; edit — Snowflake, Databricks, Redshift,
/// Synapse; delete — Snowflake, Redshift, Synapse, and Databricks Unity Catalog (spec §15 DC1). These lists are Immuta's
/// documentation at the time of writing: local validation warns about another platform, and sends the request.
/// </remarks>
public class IntegrationScriptsClient
{
    private readonly ImmutaPipeline _pipeline = null!;

    /// <summary>For mocking only.</summary>
    protected IntegrationScriptsClient()
    {
    }

    private readonly IntegrationsClient _integrations = null!;

    internal IntegrationScriptsClient(ImmutaPipeline pipeline, IntegrationsClient integrations)
    {
        _pipeline = pipeline;
        _integrations = integrations;
    }

    /// <summary>The script that sets up Immuta's resources before the integration is created (<c>POST /integrations/scripts/create</c>); then create with the same definition.</summary>
    /// <param name="definition">The integration, with <c>autoBootstrap: false</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The script.</returns>
    public virtual Task<IntegrationScript> CreateAsync(IntegrationDefinition definition, CancellationToken cancellationToken = default)
        => SendAsync("Integrations.Scripts.Create", definition, IntegrationRequestKind.CreateScript, static (api, body, auth, ct) => api.CreateScriptAsync(body, auth, ct), cancellationToken);

    /// <summary>The first of two setup scripts for Redshift and Synapse (<c>POST /integrations/scripts/initial-create</c>); then <see cref="CreateAsync"/>.</summary>
    /// <param name="definition">The integration, with <c>autoBootstrap: false</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The script.</returns>
    public virtual Task<IntegrationScript> InitialCreateAsync(IntegrationDefinition definition, CancellationToken cancellationToken = default)
        => SendAsync("Integrations.Scripts.InitialCreate", definition, IntegrationRequestKind.InitialCreateScript, static (api, body, auth, ct) => api.InitialCreateScriptAsync(body, auth, ct), cancellationToken);

    /// <summary>The script that removes Immuta's resources of an integration that was not created (<c>POST /integrations/scripts/cleanup</c>).</summary>
    /// <param name="definition">The integration, with <c>autoBootstrap: false</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The script.</returns>
    public virtual Task<IntegrationScript> CleanupAsync(IntegrationDefinition definition, CancellationToken cancellationToken = default)
        => SendAsync("Integrations.Scripts.Cleanup", definition, IntegrationRequestKind.CleanupScript, static (api, body, auth, ct) => api.CleanupScriptAsync(body, auth, ct), cancellationToken);

    /// <summary>The second clean-up script for a Synapse integration that was not created (<c>POST /integrations/scripts/post-cleanup</c>).</summary>
    /// <param name="definition">The integration, with <c>autoBootstrap: false</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The script.</returns>
    public virtual Task<IntegrationScript> PostCleanupAsync(IntegrationDefinition definition, CancellationToken cancellationToken = default)
        => SendAsync("Integrations.Scripts.PostCleanup", definition, IntegrationRequestKind.PostCleanupScript, static (api, body, auth, ct) => api.PostCleanupScriptAsync(body, auth, ct), cancellationToken);

    /// <summary>The script that changes an integration set up by hand (<c>POST /integrations/{id}/scripts/edit</c>); then update with the same definition.</summary>
    /// <param name="id">The integration id.</param>
    /// <param name="definition">The whole new definition, with <c>autoBootstrap: false</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The script.</returns>
    public virtual Task<IntegrationScript> EditAsync(string id, IntegrationDefinition definition, CancellationToken cancellationToken = default)
    {
        IntegrationsClient.CheckId(id);
        return SendAsync("Integrations.Scripts.Edit", definition, IntegrationRequestKind.EditScript, (api, body, auth, ct) => api.EditScriptAsync(id, body, auth, ct), cancellationToken);
    }

    /// <summary>The script that removes Immuta's resources of a created integration (<c>POST /integrations/{id}/scripts/delete</c>); then delete it.</summary>
    /// <param name="id">The integration id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The script.</returns>
    public virtual Task<IntegrationScript> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        IntegrationsClient.CheckId(id);
        return _pipeline.SendForScriptAsync("Integrations.Scripts.Delete", (api, auth, ct) => api.DeleteScriptAsync(id, auth, ct), cancellationToken);
    }

    private Task<IntegrationScript> SendAsync(
        string operation,
        IntegrationDefinition definition,
        IntegrationRequestKind kind,
        Func<Http.IIntegrationsApi, IntegrationDefinition, string, CancellationToken, Task<HttpResponseMessage>> call,
        CancellationToken cancellationToken)
    {
        _integrations.CheckBeforeSending(definition, kind);
        return _pipeline.SendForScriptAsync(operation, (api, auth, ct) => call(api, definition, auth, ct), cancellationToken);
    }
}
