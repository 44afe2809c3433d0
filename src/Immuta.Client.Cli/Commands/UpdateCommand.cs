using System.CommandLine;

namespace Immuta.Client.Cli.Commands;

/// <summary><c>update ID -f FILE</c>: replaces an integration's definition and waits for it to be enabled again.</summary>
internal static class UpdateCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var id = CliOptions.Id();
        var file = CliOptions.File();
        var dryRun = CliOptions.DryRun();
        var noWait = CliOptions.NoWait();
        var timeout = CliOptions.Timeout();
        var update = new Command("update", "Replace an integration's definition from a file and wait for it to be enabled again.") { id, file, dryRun, noWait, timeout };
        update.SetAction((p, ct) => CommandRunner.RunAsync(p, environment, async run =>
        {
            var definition = await Definitions.LoadAsync(run, p.GetRequiredValue(file), IntegrationRequestKind.Update, ct).ConfigureAwait(false);
            var target = p.GetRequiredValue(id);
            if (p.GetValue(dryRun))
            {
                await run.Output.WriteAsync(await run.Client.Integrations.ValidateUpdateAsync(target, definition, ct).ConfigureAwait(false)).ConfigureAwait(false);
                await run.Environment.Error.WriteLineAsync("dry run: Immuta validated the update; nothing was changed.").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var operation = await run.Client.Integrations.UpdateAsync(ImmutaWaitUntil.Started, target, definition, ct).ConfigureAwait(false);
            return await OperationWait.FinishAsync(run, operation, p.GetValue(noWait), p.GetValue(timeout), ct).ConfigureAwait(false);
        }, needsClient: true, ct));
        update.With([.. CliOptions.Tenant, CliOptions.Output, CliOptions.ShowSecrets, CliOptions.SkipValidation]);
        return update;
    }
}
