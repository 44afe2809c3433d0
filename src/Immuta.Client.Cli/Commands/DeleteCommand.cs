using System.CommandLine;

namespace Immuta.Client.Cli.Commands;

/// <summary><c>delete ID</c>: deletes an integration (with its delete credentials where it takes them) and waits until it is gone.</summary>
internal static class DeleteCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var id = CliOptions.Id();
        var file = new Option<string?>("--file", "-f") { Description = "The credentials used to configure the integration (Snowflake, Redshift, Synapse set up automatically)." };
        var forceDisable = new Option<bool>("--force-disable") { Description = "Remove it in Immuta only; its objects on the platform stay." };
        var dryRun = CliOptions.DryRun();
        var noWait = CliOptions.NoWait();
        var timeout = CliOptions.Timeout();
        var delete = new Command("delete", "Delete an integration and wait until it is gone.") { id, file, forceDisable, dryRun, noWait, timeout };
        delete.SetAction((p, ct) => CommandRunner.RunAsync(p, environment, async run =>
        {
            var target = p.GetRequiredValue(id);
            var options = new DeleteIntegrationOptions
            {
                ForceDisable = p.GetValue(forceDisable) ? true : null,
                Credentials = p.GetValue(file) is { } credentialsFile ? await Definitions.LoadCredentialsAsync(run, target, credentialsFile, ct).ConfigureAwait(false) : null,
            };
            if (p.GetValue(dryRun))
            {
                await run.Output.WriteAsync(await run.Client.Integrations.ValidateDeleteAsync(target, options, ct).ConfigureAwait(false)).ConfigureAwait(false);
                await run.Environment.Error.WriteLineAsync("dry run: Immuta validated the delete; nothing was deleted.").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var operation = await run.Client.Integrations.DeleteAsync(ImmutaWaitUntil.Started, target, options, ct).ConfigureAwait(false);
            return await OperationWait.FinishAsync(run, operation, p.GetValue(noWait), p.GetValue(timeout), ct).ConfigureAwait(false);
        }, needsClient: true, ct));
        delete.With([.. CliOptions.Tenant, CliOptions.Output, CliOptions.SkipValidation]);
        return delete;
    }
}
