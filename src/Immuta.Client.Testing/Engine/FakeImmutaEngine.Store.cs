using System.Globalization;

namespace Immuta.Client.Testing;

// Finding stored integrations and writing them as responses.
internal sealed partial class FakeImmutaEngine
{
    private FakeHttpResponse? Lookup(string id, out FakeIntegration? integration)
    {
        integration = null;
        if (!TryFind(id, out var found, poll: false))
        {
            return NotFound(id);
        }

        integration = found;
        return null;
    }

    private bool TryFind(string id, out FakeIntegration integration, bool poll)
    {
        integration = null!;
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var key) || !_integrations.TryGetValue(key, out var found))
        {
            return false;
        }

        Settle(found, poll);
        integration = found;
        return !found.Removed;
    }

    private FakeIntegration Find(string id)
        => TryFind(id, out var integration, poll: false) ? integration : throw new KeyNotFoundException($"The fake holds no integration {id}.");

    private static FakeHttpResponse NotFound(string id) => FakeHttpResponse.Error(404, "Not found", FakeErrors.NotFound(id));

    private static Integration Read(FakeIntegration integration) => new()
    {
        Id = integration.Id.ToString(CultureInfo.InvariantCulture),
        Status = integration.Status,
        ValidationResults = integration.Validation,
        Definition = FakeCatalog.AsRead(integration.Definition),
    };

    private static FakeHttpResponse Result(FakeIntegration? integration, IntegrationStatus? status, ValidationResults validation)
        => new(200, FakeJson.Serialize(new IntegrationOperationResult
        {
            Id = integration?.Id.ToString(CultureInfo.InvariantCulture),
            Status = status,
            ValidationResults = validation,
        }));
}
