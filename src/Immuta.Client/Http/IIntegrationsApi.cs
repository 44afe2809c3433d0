using Refit;

namespace Immuta.Client.Http;

/// <summary>
/// The wire: the 13 endpoints of <c>/integrations</c>. Internal; every method returns the raw response so that errors and
/// bodies are read in one place (no Refit exception, which holds the request and its <c>Authorization</c> header, ever
/// reaches a caller). Bodies are prepared by the caller; booleans in queries go as <c>true</c>/<c>false</c>.
/// </summary>
[Headers("Accept: application/json")]
internal interface IIntegrationsApi
{
    [Get("/integrations")]
    Task<HttpResponseMessage> ListAsync([Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Get("/integrations/{id}")]
    Task<HttpResponseMessage> GetAsync(string id, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Get("/integrations/{id}/status")]
    Task<HttpResponseMessage> GetStatusAsync(string id, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Post("/integrations")]
    Task<HttpResponseMessage> CreateAsync(
        [Body] HttpContent body, [Query, AliasAs("dryRun")] string? dryRun, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Put("/integrations/{id}")]
    Task<HttpResponseMessage> UpdateAsync(
        string id, [Body] HttpContent body, [Query, AliasAs("dryRun")] string? dryRun, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Delete("/integrations/{id}")]
    Task<HttpResponseMessage> DeleteAsync(
        string id,
        [Query, AliasAs("dryRun")] string? dryRun,
        [Query, AliasAs("forceDisable")] string? forceDisable,
        [Header("Authorization")] string authorization,
        CancellationToken cancellationToken);

    // A separate method, because Refit writes a null [Body] as the JSON text "null" instead of sending no body.
    [Delete("/integrations/{id}")]
    Task<HttpResponseMessage> DeleteWithCredentialsAsync(
        string id,
        [Body] HttpContent body,
        [Query, AliasAs("dryRun")] string? dryRun,
        [Query, AliasAs("forceDisable")] string? forceDisable,
        [Header("Authorization")] string authorization,
        CancellationToken cancellationToken);

    [Post("/integrations/{id}/regenerate")]
    Task<HttpResponseMessage> RegenerateKeyAsync(string id, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Post("/integrations/scripts/create")]
    Task<HttpResponseMessage> CreateScriptAsync([Body] HttpContent body, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Post("/integrations/scripts/initial-create")]
    Task<HttpResponseMessage> InitialCreateScriptAsync([Body] HttpContent body, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Post("/integrations/scripts/cleanup")]
    Task<HttpResponseMessage> CleanupScriptAsync([Body] HttpContent body, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Post("/integrations/scripts/post-cleanup")]
    Task<HttpResponseMessage> PostCleanupScriptAsync([Body] HttpContent body, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Post("/integrations/{id}/scripts/edit")]
    Task<HttpResponseMessage> EditScriptAsync(string id, [Body] HttpContent body, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Post("/integrations/{id}/scripts/delete")]
    Task<HttpResponseMessage> DeleteScriptAsync(string id, [Header("Authorization")] string authorization, CancellationToken cancellationToken);
}
