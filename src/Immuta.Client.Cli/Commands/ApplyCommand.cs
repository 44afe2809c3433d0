using System.CommandLine;
using Immuta.Client.Cli.Planning;

namespace Immuta.Client.Cli.Commands;

/// <summary><c>apply -f FILE</c>: creates the integration a file describes, or updates the one of that platform and identity; prints the plan first.</summary>
internal static class ApplyCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var file = CliOptions.File();
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan and change nothing." };
        var timeout = CliOptions.Timeout();
        var resend = new Option<bool>("--resend-credentials") { Description = "Send the file's credentials even when nothing else changes (rotation): Immuta returns them redacted, so the plan cannot tell whether they changed." };
        var apply = new Command("apply", "Create the integration a file describes, or update the existing one of that platform and host; prints the plan first, and sends nothing when there is nothing to change.") { file, dryRun, timeout, resend };
        apply.SetAction((p, ct) => CommandRunner.RunAsync(p, environment, run => ApplyAsync(run, p.GetRequiredValue(file), p.GetValue(dryRun), p.GetValue(timeout), p.GetValue(resend), ct), needsClient: true, ct));
        return apply;
    }

    /// <summary>
    /// Finds the integration of the file's platform on the file's host (or workspace, name, dataset; compared as
    /// <see cref="IntegrationIdentity"/> normalizes them), prints every change the update makes (<see cref="PlanDiff"/>,
    /// credentials masked) and updates it, or says there is nothing to change and sends nothing; creates one when none
    /// exists. One that failed to create (<c>createError</c>) is in the list and is updated, as Immuta asks; should Immuta
    /// answer the create that one there previously failed to create (the list did not show it),
    /// <see cref="IntegrationsClient.CreateOrAdoptAsync"/> sends the file to it with PUT and says so. A <c>disabled</c>
    /// integration there (left by <c>delete --force-disable</c>) is neither updated nor re-enabled, and no create is
    /// sent (Immuta refuses a second integration there): the plan says so and what to do, exit 1.
    /// </summary>
    private static async Task<int> ApplyAsync(CliRun run, string path, bool dryRun, TimeSpan? timeout, bool resendCredentials, CancellationToken cancellationToken)
    {
        var desired = await Definitions.ReadAsync<IntegrationDefinition>(run.Environment, path, cancellationToken).ConfigureAwait(false);
        var all = await run.Client.Integrations.ListAsync(cancellationToken).ConfigureAwait(false);
        var same = all.Where(i => IntegrationIdentity.SameIntegration(i.Definition, desired)).ToList();
        var existing = same.FirstOrDefault(i => IntegrationAdoption.IsInUse(i.Status));
        var error = run.Environment.Error;
        if (existing is null)
        {
            // Create and update follow the same rules: checked (and warnings printed) once.
            await Definitions.CheckAsync(run, desired, IntegrationRequestKind.Create).ConfigureAwait(false);
            if (same.FirstOrDefault(i => i.Status == IntegrationStatus.Disabled) is { } disabled)
            {
                await error.WriteLineAsync($"plan: cannot apply: {IntegrationAdoption.NotInUse(disabled)}").ConfigureAwait(false);
                throw new CommandFailedException($"{desired.Type} integration {disabled.Id} is disabled on {IntegrationIdentity.KeyOf(desired)}: Immuta refuses a second integration there; nothing was sent.");
            }

            await error.WriteLineAsync($"plan: create a {desired.Type} integration ({IntegrationIdentity.KeyOf(desired)})").ConfigureAwait(false);
            foreach (var notInUse in same)
            {
                await error.WriteLineAsync($"  note: {IntegrationAdoption.NotInUse(notInUse)}").ConfigureAwait(false);
            }

            await WriteLinesAsync(run, PlanDiff.Lines(null, desired)).ConfigureAwait(false);
            if (dryRun)
            {
                await error.WriteLineAsync("dry run: nothing was sent.").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var created = await run.Client.Integrations.CreateOrAdoptAsync(WaitUntil.Started, desired, cancellationToken).ConfigureAwait(false);
            if (created.WasRepaired)
            {
                await error.WriteLineAsync($"  note: Immuta says {desired.Type} integration {created.Id} previously failed to create: the file was sent to it with PUT, as Immuta asks.").ConfigureAwait(false);
            }

            if (!created.WasAdopted)
            {
                return await OperationWait.FinishAsync(run, created, noWait: false, timeout, cancellationToken).ConfigureAwait(false);
            }

            // Created by someone else since the list was read: it is updated like one found in the list.
            existing = await run.Client.Integrations.GetAsync(created.Id, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await Definitions.CheckAsync(run, desired, IntegrationRequestKind.Update).ConfigureAwait(false);
        }

        var changes = PlanDiff.Lines(existing.Definition, desired, resendCredentials).ToList();
        var settled = existing.Status == IntegrationStatus.Enabled || existing.Status == IntegrationStatus.RecurringValidationError;
        if (changes.Count == 0 && settled)
        {
            await error.WriteLineAsync($"plan: no change: {desired.Type} integration {existing.Id} ({IntegrationIdentity.KeyOf(desired)}) already matches the file; nothing was sent.").ConfigureAwait(false);
            if (PlanDiff.Uncompared(existing.Definition, desired) is { Count: > 0 } uncompared)
            {
                // "Matches" is all the plan can tell: a changed username or a rotated password would otherwise be dropped unsaid.
                await error.WriteLineAsync(Findings.OneLine($"  note: Immuta returns {string.Join(", ", uncompared)} redacted, so the file's values were not compared; pass --resend-credentials to send them.")).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }

        // One in an error status (createError, editError, …) is sent the file again even when nothing differs: Immuta
        // asks for a PUT to repair it.
        var count = $"{changes.Count} change{(changes.Count == 1 ? string.Empty : "s")}";
        var why = settled ? string.Empty : $"; its status is {existing.Status}: the file is sent again";
        await error.WriteLineAsync($"plan: update {desired.Type} integration {existing.Id} ({count}{why})").ConfigureAwait(false);
        await WriteLinesAsync(run, changes).ConfigureAwait(false);
        if (!resendCredentials && PlanDiff.HoldsCredentials(desired))
        {
            await error.WriteLineAsync("  note: the update sends the file's credentials too; Immuta returns them redacted, so they are not compared.").ConfigureAwait(false);
        }

        if (dryRun)
        {
            await error.WriteLineAsync("dry run: nothing was sent.").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var updated = await run.Client.Integrations.UpdateAsync(WaitUntil.Started, existing.Id, desired, cancellationToken).ConfigureAwait(false);
        return await OperationWait.FinishAsync(run, updated, noWait: false, timeout, cancellationToken).ConfigureAwait(false);
    }

    // A value from the file or the server may hold a line break: each plan line prints as one line.
    private static async Task WriteLinesAsync(CliRun run, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            await run.Environment.Error.WriteLineAsync(Findings.OneLine(line)).ConfigureAwait(false);
        }
    }
}
