using Refit;

namespace Immuta.Client.Http;

/// <summary>
/// The wire: the 13 endpoints of <c>/integrations</c>, each written once here (method, route, query, body). Internal. The
/// route template Refit puts on each request (<see cref="HttpRequestMessageOptions.RelativePathTemplate"/>) names the call
/// in error messages, logs and telemetry (<see cref="SentRequest"/>). Bodies go through <see cref="ImmutaContentSerializer"/>;
/// booleans in queries go as <c>true</c>/<c>false</c>.
/// </summary>
/// <remarks>
/// <para>
/// The API key is an <c>Authorization</c> header parameter, not Refit's <c>AuthorizationHeaderValueGetter</c>: that writes
/// <c>&lt;scheme&gt; &lt;token&gt;</c> and applies only to an <see cref="HttpClient"/> Refit builds, while Immuta takes the
/// bare key and <c>ImmutaClient(HttpClient, …)</c> takes the caller's client.
/// </para>
/// <para>
/// Every method returns the raw response, not a typed result through the content serializer: Refit buffers the whole body
/// again before its serializer runs, while the SDK reads bodies under the call's deadline (<c>NetworkTimeout</c> bounds
/// every byte), tolerantly (reporting what did not fit), from pooled buffers. It also means no Refit exception, which holds
/// the request and its <c>Authorization</c> header, is ever made.
/// </para>
/// </remarks>
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
        [Body] IntegrationDefinition definition, [Query, AliasAs("dryRun")] string? dryRun, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Put("/integrations/{id}")]
    Task<HttpResponseMessage> UpdateAsync(
        string id, [Body] IntegrationDefinition definition, [Query, AliasAs("dryRun")] string? dryRun, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    // No credentials (null) is no body at all: the serializer makes no content for null.
    [Delete("/integrations/{id}")]
    Task<HttpResponseMessage> DeleteAsync(
        string id,
        [Body] IntegrationDeleteCredentials? credentials,
        [Query, AliasAs("dryRun")] string? dryRun,
        [Query, AliasAs("forceDisable")] string? forceDisable,
        [Header("Authorization")] string authorization,
        CancellationToken cancellationToken);

    [Post("/integrations/{id}/regenerate")]
    Task<HttpResponseMessage> RegenerateKeyAsync(string id, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Post("/integrations/scripts/create")]
    Task<HttpResponseMessage> CreateScriptAsync([Body] IntegrationDefinition definition, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Post("/integrations/scripts/initial-create")]
    Task<HttpResponseMessage> InitialCreateScriptAsync([Body] IntegrationDefinition definition, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Post("/integrations/scripts/cleanup")]
    Task<HttpResponseMessage> CleanupScriptAsync([Body] IntegrationDefinition definition, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Post("/integrations/scripts/post-cleanup")]
    Task<HttpResponseMessage> PostCleanupScriptAsync([Body] IntegrationDefinition definition, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Post("/integrations/{id}/scripts/edit")]
    Task<HttpResponseMessage> EditScriptAsync(string id, [Body] IntegrationDefinition definition, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Post("/integrations/{id}/scripts/delete")]
    Task<HttpResponseMessage> DeleteScriptAsync(string id, [Header("Authorization")] string authorization, CancellationToken cancellationToken);
}
