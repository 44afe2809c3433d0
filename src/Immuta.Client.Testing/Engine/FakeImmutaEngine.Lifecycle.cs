namespace Immuta.Client.Testing;

// The state machine: an integration's move through its transitional status to its target on the injected clock.
internal sealed partial class FakeImmutaEngine
{
    private void Begin(FakeIntegration integration, IntegrationStatus transitional, IntegrationOperationKind kind, IntegrationStatus success, IntegrationStatus failure)
    {
        integration.Status = transitional;
        integration.SettleAt = Now + _options.SettleAfter;
        integration.PollsLeft = _options.SettleAfterPolls;
        if (_failures.Remove(kind, out var failedTest))
        {
            integration.Target = failure;
            integration.Validation = new ValidationResults
            {
                Status = ValidationStatus.Failed,
                ValidationTests = [.. integration.Validation.ValidationTests ?? [], failedTest],
            };
        }
        else
        {
            integration.Target = success;
        }
    }

    /// <summary>Moves a transitional integration to its target once its time (or its polls) ran out, unless held.</summary>
    private void Settle(FakeIntegration integration, bool poll)
    {
        if (integration.Target is not { } target || integration.Held)
        {
            return;
        }

        if (poll && integration.PollsLeft is { } left)
        {
            integration.PollsLeft = left - 1;
        }

        var due = integration.PollsLeft is { } polls ? polls <= 0 : Now >= integration.SettleAt;
        if (!due)
        {
            return;
        }

        integration.Status = target;
        integration.Target = null;
        if (target == IntegrationStatus.EditError && integration.Previous is { } previous)
        {
            integration.Definition = previous; // rolled back to the previous configuration
        }

        if (target == IntegrationStatus.Deleted && integration.RemoveOnSettle)
        {
            integration.Removed = true;
            _integrations.Remove(integration.Id);
        }
    }

    private static bool IsTransitional(IntegrationStatus status)
        => status == IntegrationStatus.Creating || status == IntegrationStatus.Editing || status == IntegrationStatus.Deleting || status == IntegrationStatus.Migrating;
}
