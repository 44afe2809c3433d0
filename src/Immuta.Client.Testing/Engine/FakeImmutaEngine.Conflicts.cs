using System.Text.Json.Nodes;

namespace Immuta.Client.Testing;

// Conflicts with the integrations already held: identity and non-editable settings.
internal sealed partial class FakeImmutaEngine
{
    /// <summary>
    /// The 409 for a definition whose identity (<see cref="IntegrationIdentity"/>: platform and normalized host, workspace,
    /// name or dataset) another integration holds, disabled ones included; <see langword="null"/> when none does. A create
    /// onto the identity of one that settled in <c>createError</c> is answered 400 "Use PUT /integrations/{id} endpoint …
    /// that previously failed to create." instead (§15 E-1, <b>secondary</b>): it is repaired with PUT, not created again.
    /// </summary>
    private FakeHttpResponse? Holder(IntegrationDefinition definition, FakeIntegration? except, bool creating)
    {
        var holder = _integrations.Values.FirstOrDefault(i => i != except && !i.Removed
            && (IntegrationIdentity.SameIntegration(i.Definition, definition) || SameUnknownIntegration(i.Definition, definition)));
        if (holder is null)
        {
            return null;
        }

        var key = IntegrationIdentity.KeyOf(holder.Definition) ?? string.Empty;
        return creating && holder.Status == IntegrationStatus.CreateError
            ? FakeHttpResponse.Error(400, "Bad Request", FakeErrors.PreviouslyFailedToCreate(holder.Definition, key, holder.Id))
            : FakeHttpResponse.Error(409, "Conflict", FakeErrors.AlreadyExists(definition, key, holder.Id));
    }

    // A platform the SDK does not know: its identity is somewhere in its configuration, so the same type with the same
    // configuration is the same integration (see FakeImmutaServer's "One integration per identity").
    private static bool SameUnknownIntegration(IntegrationDefinition held, IntegrationDefinition definition)
        => ImmutaPlatforms.Of(definition) is null && held.Type == definition.Type
            && JsonNode.DeepEquals(JsonNode.Parse(ImmutaJson.Serialize(held))?["config"], JsonNode.Parse(ImmutaJson.Serialize(definition))?["config"]);

    /// <summary>
    /// Whether an update changes what the fake treats as fixed once an integration exists (answered 400 "Unable to edit
    /// integration due to changes of non-editable attribute(s).", §15 E-2, <b>secondary</b>). Immuta documents that "some
    /// settings cannot be changed once an integration is configured" ([000] L1004) without listing them; the fake fixes:
    /// <list type="bullet">
    /// <item>the platform (<c>type</c>): another platform is another integration;</item>
    /// <item>the host of Snowflake, Redshift and Azure Synapse Analytics and the Databricks <c>workspaceUrl</c>, compared as
    /// <see cref="IntegrationIdentity"/> normalizes them (inference: Immuta names an integration by it, "integration on host
    /// X (id = 1)", and keeps one per host; no documented PUT changes it);</item>
    /// <item>Synapse <c>metadataDelimiters</c> once set (doc: they "cannot be changed once set", Y3), a PUT leaving them out included.</item>
    /// </list>
    /// Editable: a Native S3 <c>name</c> (Immuta's own PUT example renames one, [000] L541-565), a BigQuery <c>dataset</c>
    /// and everything else (nothing documents otherwise).
    /// </summary>
    private static bool NonEditable(IntegrationDefinition current, IntegrationDefinition proposed)
    {
        if (current.Type != proposed.Type)
        {
            return true;
        }

        // The identity of a platform named by its host or workspace (compared as IntegrationIdentity normalizes them), and
        // each setting its platform documents as fixed once set.
        var platform = ImmutaPlatforms.Of(current);
        if (platform is null || ImmutaPlatforms.Of(proposed) != platform)
        {
            return false; // a platform the SDK does not know (or a type differing only in case): Immuta decides
        }

        if (platform.IdentityKind is IntegrationIdentityKind.Host or IntegrationIdentityKind.WorkspaceUrl
            && IntegrationIdentity.KeyOf(current) != IntegrationIdentity.KeyOf(proposed))
        {
            return true;
        }

        if (platform.NonEditablePaths.Count == 0)
        {
            return false;
        }

        var before = JsonNode.Parse(ImmutaJson.Serialize(current));
        var after = JsonNode.Parse(ImmutaJson.Serialize(proposed));
        return platform.NonEditablePaths.Any(path => At(before, path) is { } set && !JsonNode.DeepEquals(set, At(after, path)));
    }

    // The node at a dotted path (config.metadataDelimiters); null when absent or JSON null.
    private static JsonNode? At(JsonNode? node, string path)
    {
        foreach (var name in path.Split('.'))
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(name, out var child) ? child : null;
        }

        return node;
    }
}
