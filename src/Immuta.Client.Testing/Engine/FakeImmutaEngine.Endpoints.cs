using System.Text.Json.Nodes;

namespace Immuta.Client.Testing;

// The 13 endpoints' behaviour.
internal sealed partial class FakeImmutaEngine
{
    private FakeHttpResponse List()
    {
        var all = new List<Integration>();
        foreach (var integration in _integrations.Values.ToList())
        {
            Settle(integration, poll: false);
            if (!integration.Removed)
            {
                all.Add(Read(integration));
            }
        }

        return new FakeHttpResponse(200, FakeJson.Serialize<IReadOnlyList<Integration>>(all));
    }

    private FakeHttpResponse Get(string id)
        => Lookup(id, out var integration) is { } missing ? missing : new FakeHttpResponse(200, FakeJson.Serialize(Read(integration!)));

    private FakeHttpResponse Status(string id)
    {
        if (!TryFind(id, out var integration, poll: true))
        {
            return NotFound(id);
        }

        return FakeHttpResponse.Json(200, new JsonObject { ["id"] = integration.Id, ["status"] = integration.Status.ToString() });
    }

    private FakeHttpResponse Create(FakeHttpRequest request)
    {
        if (Rejected(FakeRequestKind.Create) is { } rejected)
        {
            return rejected;
        }

        if (ParseDefinition(request, IntegrationRequestKind.Create, out var definition) is { } invalid)
        {
            return invalid;
        }

        if (Holder(definition!, except: null, creating: true) is { } conflict)
        {
            return conflict;
        }

        if (PrerequisiteFailed(FakeRequestKind.Create) is { } unprepared)
        {
            return unprepared;
        }

        var validation = FakeCatalog.ValidationFor(definition!);
        if (request.Flag("dryRun"))
        {
            return Result(null, null, validation);
        }

        var integration = new FakeIntegration(_nextId++, definition!, validation);
        _integrations[integration.Id] = integration;
        Begin(integration, IntegrationStatus.Creating, IntegrationOperationKind.Create, IntegrationStatus.Enabled, IntegrationStatus.CreateError);
        return Result(integration, IntegrationStatus.Creating, integration.Validation);
    }

    private FakeHttpResponse Update(string id, FakeHttpRequest request)
    {
        if (Rejected(FakeRequestKind.Update) is { } rejected)
        {
            return rejected;
        }

        if (Lookup(id, out var integration) is { } missing)
        {
            return missing;
        }

        // §11 PUT 409 (doc) while busy. A disabled integration is not re-enabled by an update either: Immuta documents no
        // way back from a force-disable. One that settled in createError is updated: that is how Immuta asks to repair it (E-1).
        if (IsTransitional(integration!.Status) || integration.Status == IntegrationStatus.Disabled)
        {
            return FakeHttpResponse.Error(409, "Conflict", FakeErrors.Busy(id, integration.Status));
        }

        if (ParseDefinition(request, IntegrationRequestKind.Update, out var parsed) is { } invalid)
        {
            return invalid;
        }

        var definition = parsed!;
        if (NonEditable(integration.Definition, definition))
        {
            return FakeHttpResponse.Error(400, "Bad Request", FakeErrors.NonEditable);
        }

        if (Holder(definition, except: integration, creating: false) is { } conflict)
        {
            return conflict;
        }

        if (PrerequisiteFailed(FakeRequestKind.Update) is { } unprepared)
        {
            return unprepared;
        }

        var validation = FakeCatalog.ValidationFor(definition);
        if (request.Flag("dryRun"))
        {
            return Result(integration, integration.Status, validation);
        }

        integration.Previous = integration.Definition;
        integration.Definition = definition;
        integration.Validation = validation;
        Begin(integration, IntegrationStatus.Editing, IntegrationOperationKind.Update, IntegrationStatus.Enabled, IntegrationStatus.EditError);
        return Result(integration, IntegrationStatus.Editing, validation);
    }

    private FakeHttpResponse Delete(string id, FakeHttpRequest request)
    {
        if (Rejected(FakeRequestKind.Delete) is { } rejected)
        {
            return rejected;
        }

        if (Lookup(id, out var integration) is { } missing)
        {
            return missing;
        }

        // §15 E-3 (secondary): a DELETE while busy gets the words of the PUT 409, "Unable to edit …".
        if (IsTransitional(integration!.Status))
        {
            return FakeHttpResponse.Error(409, "Conflict", FakeErrors.Busy(id, integration.Status));
        }

        var hasBody = !request.Content.IsEmpty;
        var platform = ImmutaPlatforms.Of(integration.Definition);
        // A platform the SDK does not know, set up automatically, may take credentials (spec §15 RS-1): a body is read with
        // every member kept, and none is required.
        var takesCredentials = platform is null || platform.DeleteCredentialsType is not null;
        var automatic = integration.Definition.AutoBootstrap == true;
        if (hasBody && platform?.DeleteCredentialsRefusedMessage is { } refused)
        {
            return FakeHttpResponse.Error(400, "Bad request", refused);
        }

        if (hasBody && !(takesCredentials && automatic))
        {
            return FakeHttpResponse.Error(400, "Bad request", FakeErrors.CredentialsNotRequired);
        }

        if (!hasBody && platform is not null && takesCredentials && automatic && !request.Flag("forceDisable"))
        {
            return FakeHttpResponse.Error(400, "Bad request", FakeErrors.CredentialsRequired);
        }

        if (hasBody && ParseCredentials(request, platform) is { } unreadable)
        {
            return unreadable;
        }

        if (PrerequisiteFailed(FakeRequestKind.Delete) is { } unprepared)
        {
            return unprepared;
        }

        if (request.Flag("dryRun"))
        {
            return Result(integration, integration.Status, integration.Validation);
        }

        var force = request.Flag("forceDisable");
        integration.RemoveOnSettle = !force;
        Begin(integration, IntegrationStatus.Deleting, IntegrationOperationKind.Delete, force ? IntegrationStatus.Disabled : IntegrationStatus.Deleted, IntegrationStatus.DeleteError);
        return Result(integration, IntegrationStatus.Deleting, integration.Validation);
    }

    private FakeHttpResponse Regenerate(string id)
    {
        if (Lookup(id, out var integration) is { } missing)
        {
            return missing;
        }

        if (ImmutaPlatforms.Of(integration!.Definition)?.AcceptsApiKeyRegeneration != true)
        {
            var documented = string.Join(", ", ImmutaPlatforms.All.Where(p => p.AcceptsApiKeyRegeneration).Select(p => p.DisplayName));
            return FakeHttpResponse.Error(400, "Bad Request", $"Regenerating the API key is documented for {documented} integrations only; integration {id} is {integration.Definition.Type}.");
        }

        return FakeHttpResponse.Json(200, new JsonObject { ["newKey"] = Guid.NewGuid().ToString("N") });
    }

    private static FakeHttpResponse Script(FakeHttpRequest request, IntegrationRequestKind kind, string endpoint)
        => ParseDefinition(request, kind, out var definition) is { } invalid
            ? invalid
            : new FakeHttpResponse(200, FakeCatalog.Script(endpoint, definition!, id: null), "text/plain");

    private FakeHttpResponse EditScript(string id, FakeHttpRequest request)
    {
        if (Lookup(id, out var integration) is { } missing)
        {
            return missing;
        }

        if (ParseDefinition(request, IntegrationRequestKind.EditScript, out var definition) is { } invalid)
        {
            return invalid;
        }

        return definition!.Type != integration!.Definition.Type
            ? FakeHttpResponse.Error(400, "Bad Request", $"The type of integration {id} is '{integration.Definition.Type}', not '{definition.Type}'.")
            : new FakeHttpResponse(200, FakeCatalog.Script("edit", definition, id), "text/plain");
    }

    private FakeHttpResponse DeleteScript(string id)
    {
        if (Lookup(id, out var integration) is { } missing)
        {
            return missing;
        }

        // A platform the SDK does not know gets the generic handling, as on the other script endpoints: its documented
        // list is not known, so the fake does not guess it away (issue 13: never refuse what Immuta may accept).
        return ImmutaPlatforms.Of(integration!.Definition) is not { } platform || platform.AcceptsDeleteScript
            ? new FakeHttpResponse(200, FakeCatalog.Script("delete", integration.Definition, id), "text/plain")
            : FakeHttpResponse.Error(400, "Bad Request", $"The scripts/delete endpoint does not accept '{integration.Definition.Type}' integrations.");
    }
}
