namespace Immuta.Client.Cli.Planning;

/// <summary>What <c>plan</c> and <c>apply</c> do with one integration.</summary>
internal enum PlanAction
{
    /// <summary>No integration of that platform and identity: it is created.</summary>
    Create,

    /// <summary>It exists and differs from its file (or is in an error status, which Immuta repairs with PUT): it is updated.</summary>
    Update,

    /// <summary>It exists and matches its file: nothing is sent.</summary>
    NoChange,

    /// <summary>Immuta is still working on it (<c>creating</c>, <c>editing</c>, <c>deleting</c>, <c>migrating</c>; an earlier run may have started it): <c>apply</c> waits for it, then compares.</summary>
    Settling,

    /// <summary>One there is <c>disabled</c> (force-disabled): Immuta refuses a second one, and a disabled one is not re-enabled; nothing is sent.</summary>
    Blocked,

    /// <summary>On the tenant, described by no file: left as it is.</summary>
    NotInFiles,

    /// <summary>On the tenant, described by no file, and <c>--prune</c> was given: it is deleted, after every create and update succeeded.</summary>
    Prune,
}

/// <summary>One line of a plan: what happens to one integration, and why.</summary>
internal sealed record PlanItem(PlanAction Action, DesiredIntegration? Desired, Integration? Existing, IReadOnlyList<string> Changes)
{
    /// <summary>Integrations of that identity that Immuta no longer uses (<c>deleted</c>), noted beside a create.</summary>
    public IReadOnlyList<Integration> NotInUse { get; init; } = [];

    /// <summary>Whether applying the plan changes (or waits for) this integration: what <c>plan --detailed-exitcode</c> reports.</summary>
    public bool IsPending => Action is PlanAction.Create or PlanAction.Update or PlanAction.Settling or PlanAction.Prune;

    public string Type => (Desired?.Definition.Type ?? Existing?.Type).ToString() ?? "unknown";

    public string Identity => ImmutaRedaction.MaskUrlUserInfo(IntegrationIdentity.KeyOf(Desired?.Definition ?? Existing!.Definition) ?? "identity unknown to this tool");
}

/// <summary>
/// Compares the files with the tenant: for each file, the integration of its platform and identity (<see cref="IntegrationIdentity"/>)
/// and what the file changes in it (<see cref="PlanDiff"/>); then every integration in use on the tenant that no file describes.
/// </summary>
internal static class TenantPlan
{
    public static List<PlanItem> Build(IReadOnlyList<Integration> tenant, IReadOnlyList<DesiredIntegration> desired, bool prune, bool resendCredentials)
    {
        var plan = new List<PlanItem>();
        foreach (var file in desired)
        {
            var same = tenant.Where(i => IntegrationIdentity.SameIntegration(i.Definition, file.Definition)).ToList();
            var existing = same.FirstOrDefault(i => IntegrationAdoption.IsInUse(i.Status));
            if (existing is null)
            {
                plan.Add(same.FirstOrDefault(i => i.Status == IntegrationStatus.Disabled) is { } disabled
                    ? new PlanItem(PlanAction.Blocked, file, disabled, [])
                    : new PlanItem(PlanAction.Create, file, null, PlanDiff.Lines(null, file.Definition).ToList()) { NotInUse = same });
            }
            else
            {
                plan.Add(Against(existing, file, resendCredentials));
            }
        }

        // Integrations no file describes. One whose identity this tool cannot tell (a platform it does not know) is never
        // pruned: a file might describe it.
        foreach (var other in tenant.Where(i => IntegrationAdoption.IsInUse(i.Status) && !desired.Any(d => IntegrationIdentity.SameIntegration(i.Definition, d.Definition))))
        {
            var known = IntegrationIdentity.KeyOf(other.Definition) is not null && !desired.Any(d => d.Definition.Type == other.Type && IntegrationIdentity.KeyOf(d.Definition) is null);
            plan.Add(new PlanItem(prune && known ? PlanAction.Prune : PlanAction.NotInFiles, null, other, []));
        }

        return plan;
    }

    /// <summary>
    /// What the file does to <paramref name="existing"/>, the integration in use that it describes (found by identity, or
    /// named by Immuta when it refused a create): wait for it, nothing, or an update.
    /// </summary>
    public static PlanItem Against(Integration existing, DesiredIntegration file, bool resendCredentials)
    {
        if (IsSettling(existing.Status))
        {
            return new PlanItem(PlanAction.Settling, file, existing, []);
        }

        var changes = PlanDiff.Lines(existing.Definition, file.Definition, resendCredentials).ToList();
        return new PlanItem(changes.Count == 0 && IsSettled(existing.Status) ? PlanAction.NoChange : PlanAction.Update, file, existing, changes);
    }

    /// <summary>Settled and in use: <c>enabled</c>, or <c>recurringValidationError</c> (in use, its periodic check failed).</summary>
    public static bool IsSettled(IntegrationStatus? status) => status == IntegrationStatus.Enabled || status == IntegrationStatus.RecurringValidationError;

    /// <summary>Immuta is still working on it: a request now would be refused as busy.</summary>
    public static bool IsSettling(IntegrationStatus? status)
        => status == IntegrationStatus.Creating || status == IntegrationStatus.Editing || status == IntegrationStatus.Deleting || status == IntegrationStatus.Migrating;

    /// <summary>The plan's lines for one integration (credentials masked by <see cref="PlanDiff"/>), each on one line.</summary>
    public static IEnumerable<string> Lines(PlanItem item, string label, bool prune, bool resendCredentials)
    {
        var existing = item.Existing;
        switch (item.Action)
        {
            case PlanAction.Create:
                yield return $"plan: {label}create a {item.Type} integration ({item.Identity})";
                foreach (var notInUse in item.NotInUse)
                {
                    yield return $"  note: {IntegrationAdoption.NotInUse(notInUse)}";
                }

                break;
            case PlanAction.Blocked:
                yield return $"plan: {label}cannot apply: {IntegrationAdoption.NotInUse(existing!)}";
                yield break;
            case PlanAction.Settling:
                yield return $"plan: {label}wait: {item.Type} integration {existing!.Id} ({item.Identity}) is {existing.Status} (an earlier run may have started it): apply waits for it to settle, then compares it with the file";
                yield break;
            case PlanAction.NoChange:
                yield return $"plan: {label}no change: {item.Type} integration {existing!.Id} ({item.Identity}) already matches the file; nothing was sent.";
                if (!resendCredentials && PlanDiff.Uncompared(existing.Definition, item.Desired!.Definition) is { Count: > 0 } uncompared)
                {
                    // "Matches" is all the plan can tell: a changed username or a rotated password would otherwise be dropped unsaid.
                    yield return $"  note: Immuta returns {string.Join(", ", uncompared)} redacted, so the file's values were not compared; pass --resend-credentials to send them.";
                }

                yield break;
            case PlanAction.Update:
                var count = $"{item.Changes.Count} change{(item.Changes.Count == 1 ? string.Empty : "s")}";
                var why = IsSettled(existing!.Status) ? string.Empty : $"; its status is {existing.Status}: the file is sent again";
                yield return $"plan: {label}update {item.Type} integration {existing.Id} ({count}{why})";
                break;
            case PlanAction.NotInFiles:
                yield return $"plan: not in the files: {item.Type} integration {existing!.Id} ({item.Identity}) is left as it is"
                    + (prune ? "; this tool cannot tell its identity, so --prune does not delete it" : " (--prune would delete it)");
                yield break;
            case PlanAction.Prune:
                yield return $"plan: delete {item.Type} integration {existing!.Id} ({item.Identity}): no file describes it (--prune)";
                yield break;
        }

        foreach (var line in item.Changes)
        {
            yield return line;
        }

        if (item.Action == PlanAction.Update && !resendCredentials && PlanDiff.HoldsCredentials(item.Desired!.Definition))
        {
            yield return "  note: the update sends the file's credentials too; Immuta returns them redacted, so they are not compared.";
        }
    }

    /// <summary>The plan's last line: how many of each.</summary>
    public static string Summary(IReadOnlyList<PlanItem> plan)
    {
        int Count(PlanAction action) => plan.Count(i => i.Action == action);
        var parts = new List<string>
        {
            $"{Count(PlanAction.Create)} to create",
            $"{Count(PlanAction.Update)} to update",
            $"{Count(PlanAction.Prune)} to delete",
            $"{Count(PlanAction.NoChange)} unchanged",
        };
        if (Count(PlanAction.Settling) > 0)
        {
            parts.Add($"{Count(PlanAction.Settling)} still settling");
        }

        if (Count(PlanAction.Blocked) > 0)
        {
            parts.Add($"{Count(PlanAction.Blocked)} blocked");
        }

        if (Count(PlanAction.NotInFiles) > 0)
        {
            parts.Add($"{Count(PlanAction.NotInFiles)} not in the files");
        }

        return $"plan: {string.Join(", ", parts)}.";
    }
}
