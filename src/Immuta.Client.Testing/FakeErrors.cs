using System.Globalization;

namespace Immuta.Client.Testing;

/// <summary>
/// The error answers Immuta documents, as the fake gives them: one home for each message, with where it comes from.
/// </summary>
/// <remarks>
/// Sources (spec <c>API.md</c>): §11 is Immuta's own documentation (status-code pages, the seeds). §15 E-1 to E-5 are
/// <b>secondary</b>: a third-party summary of Immuta's status-code page, whose mapping of a message to a method may be the
/// summarizer's. The fake gives those as written there; a test that depends on them depends on that summary.
/// </remarks>
internal static class FakeErrors
{
    /// <summary>
    /// §15 E-2 (<b>secondary</b>): a PUT that changes an attribute the fake treats as fixed (see
    /// <see cref="FakeImmutaEngine"/>'s <c>NonEditable</c>).
    /// </summary>
    public const string NonEditable = "Unable to edit integration due to changes of non-editable attribute(s).";

    /// <summary>
    /// §15 E-4 (<b>secondary</b> for PUT and DELETE; doc for POST, Trino how-to T1): a failed prerequisite. The same words
    /// ("Unable to create integration") on every method, as documented.
    /// </summary>
    public const string PrerequisiteFailed = "Validation of prerequisite setup failed. Unable to create integration.";

    /// <summary>§11 DELETE 400 (doc, C1; C3): credentials sent for an integration set up by hand.</summary>
    public const string CredentialsNotRequired = "Credentials are not required for disable unless the integration was configured automatically. If you need to update your integration credentials, use PUT to update the integration before disabling.";

    /// <summary>§11 DELETE 400 (doc, C3; C4): no credentials for an integration set up automatically.</summary>
    public const string CredentialsRequired = "Integrations that are automatically configured require privileged credentials to disable. Please provide them in your payload.";

    /// <summary>§11 GET 404 (doc, C3; C4; C6).</summary>
    public static string NotFound(string id) => $"No Integration found with ID {id}.";

    /// <summary>
    /// §11 PUT 409 (doc, [000] L781) and §15 E-3 (<b>secondary</b> for DELETE): an update or a delete while the integration is
    /// busy (or, in the fake, <c>disabled</c> for an update). The same words for both methods, as documented.
    /// </summary>
    public static string Busy(string id, IntegrationStatus status) => $"Unable to edit integration with ID {id} in current state {status}.";

    /// <summary>
    /// §11 POST 409 (doc, C1; [000] L366; [004] L148): an integration of that platform already exists there. Immuta writes
    /// both "already exists on host X" and "already exists on X" (§15 E-5, <b>secondary</b>); the fake writes the Databricks
    /// one (named by its workspace URL) as [004] shows it and "on host" for the others, as [000] shows it for Snowflake. The
    /// platform's name and identity come from its descriptor (<see cref="ImmutaPlatform.DisplayName"/>, <see cref="ImmutaPlatform.IdentityKind"/>).
    /// </summary>
    public static string AlreadyExists(IntegrationDefinition definition, string key, long id)
    {
        var platform = ImmutaPlatforms.Of(definition);
        var name = platform?.DisplayName ?? definition.Type.ToString();
        return platform?.IdentityKind switch
        {
            null => Invariant($"{name} integration already exists (id = {id})"),
            IntegrationIdentityKind.WorkspaceUrl => Invariant($"{name} integration already exists on {key} (id = {id})"),
            IntegrationIdentityKind.Name => Invariant($"{name} integration named {key} already exists (id = {id})"),
            IntegrationIdentityKind.OnePerTenant => Invariant($"{name} integration already exists (id = {id})"),
            _ => Invariant($"{name} integration already exists on host {key} (id = {id})"),
        };
    }

    /// <summary>
    /// §15 E-1 (<b>secondary</b>): a create on the identity of an integration that settled in <c>createError</c>. The
    /// documented example is Synapse's ("… for Azure Synapse Analytics integration on host organization.azure.com (id = 1)
    /// that previously failed to create."); the fake words the other platforms the same way.
    /// </summary>
    public static string PreviouslyFailedToCreate(IntegrationDefinition definition, string key, long id)
        => Invariant($"Use PUT /integrations/{id} endpoint to update connection information for {Where(definition, key)} (id = {id}) that previously failed to create.");

    private static string Where(IntegrationDefinition definition, string key)
    {
        var platform = ImmutaPlatforms.Of(definition);
        var name = platform?.DisplayName ?? definition.Type.ToString();
        return platform?.IdentityKind switch
        {
            null => $"{name} integration",
            IntegrationIdentityKind.Name => $"{name} integration named {key}",
            IntegrationIdentityKind.Dataset => $"{name} integration with dataset {key}",
            IntegrationIdentityKind.OnePerTenant => $"{name} integration",
            _ => $"{name} integration on host {key}",
        };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
