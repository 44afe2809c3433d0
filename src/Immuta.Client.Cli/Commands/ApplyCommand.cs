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
        var apply = new Command("apply", "Create the integration a file describes, or update the existing one of that platform and host; prints the plan first.") { file, dryRun, timeout };
        apply.SetAction((p, ct) => CommandRunner.RunAsync(p, environment, run => ApplyAsync(run, p.GetRequiredValue(file), p.GetValue(dryRun), p.GetValue(timeout), ct), needsClient: true, ct));
        return apply;
    }

    /// <summary>
    /// Finds the integration of the file's platform on the file's host (or workspace, name, dataset; compared as
    /// <see cref="IntegrationIdentity"/> normalizes them), prints what would change (credentials masked), and updates it;
    /// creates one when none exists. One that failed to create (<c>createError</c>) is in the list and is updated, as
    /// Immuta asks; should Immuta answer the create that one there previously failed to create (the list did not show
    /// it), <see cref="IntegrationsClient.CreateOrAdoptAsync"/> sends the file to it with PUT and says so. A
    /// <c>disabled</c> integration there is neither updated nor re-enabled: the create goes through
    /// <see cref="IntegrationsClient.CreateOrAdoptAsync"/>, whose error says why and what to do if Immuta refuses it
    /// (<see cref="IntegrationAdoption"/>).
    /// </summary>
    private static async Task<int> ApplyAsync(CliRun run, string path, bool dryRun, string? timeout, CancellationToken cancellationToken)
    {
        var desired = await IntegrationDefinitionFile.LoadAsync(path, run.Environment.Variables, cancellationToken).ConfigureAwait(false);
        var all = await run.Client.Integrations.ListAsync(cancellationToken).ConfigureAwait(false);
        var same = all.Where(i => IntegrationIdentity.SameIntegration(i.Definition, desired)).ToList();
        var existing = same.FirstOrDefault(i => IntegrationAdoption.IsInUse(i.Status));
        var error = run.Environment.Error;
        if (existing is null)
        {
            // Create and update follow the same rules: checked (and warnings printed) once.
            await Definitions.CheckAsync(run, desired, IntegrationRequestKind.Create).ConfigureAwait(false);

            await error.WriteLineAsync($"plan: create a {desired.Type} integration ({IntegrationIdentity.KeyOf(desired)})").ConfigureAwait(false);
            foreach (var notInUse in same)
            {
                await error.WriteLineAsync($"  note: {IntegrationAdoption.NotInUse(notInUse)}").ConfigureAwait(false);
            }

            foreach (var line in PlanDiff.Lines(null, desired))
            {
                await error.WriteLineAsync(line).ConfigureAwait(false);
            }

            if (dryRun)
            {
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

        var changes = PlanDiff.Lines(existing.Definition, desired).ToList();
        await error.WriteLineAsync($"plan: update {desired.Type} integration {existing.Id} ({changes.Count} change{(changes.Count == 1 ? string.Empty : "s")})").ConfigureAwait(false);
        foreach (var line in changes)
        {
            await error.WriteLineAsync(line).ConfigureAwait(false);
        }

        if (dryRun)
        {
            return ExitCodes.Success;
        }

        var updated = await run.Client.Integrations.UpdateAsync(WaitUntil.Started, existing.Id, desired, cancellationToken).ConfigureAwait(false);
        return await OperationWait.FinishAsync(run, updated, noWait: false, timeout, cancellationToken).ConfigureAwait(false);
    }
}
