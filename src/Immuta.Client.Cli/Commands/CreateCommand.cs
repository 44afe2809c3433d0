using System.CommandLine;

namespace Immuta.Client.Cli.Commands;

/// <summary><c>create -f FILE</c>: creates an integration and waits for it to be enabled.</summary>
internal static class CreateCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var file = CliOptions.File();
        var dryRun = CliOptions.DryRun();
        var noWait = CliOptions.NoWait();
        var timeout = CliOptions.Timeout();
        var create = new Command("create", "Create an integration from a file and wait for it to be enabled.") { file, dryRun, noWait, timeout };
        create.SetAction((p, ct) => CommandRunner.RunAsync(p, environment, async run =>
        {
            var definition = await Definitions.LoadAsync(run, p.GetRequiredValue(file), IntegrationRequestKind.Create, ct).ConfigureAwait(false);
            if (p.GetValue(dryRun))
            {
                await run.Output.WriteAsync(await run.Client.Integrations.ValidateAsync(definition, ct).ConfigureAwait(false)).ConfigureAwait(false);
                await run.Environment.Error.WriteLineAsync("dry run: Immuta validated the definition; nothing was created.").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var operation = await run.Client.Integrations.CreateAsync(ImmutaWaitUntil.Started, definition, ct).ConfigureAwait(false);
            return await OperationWait.FinishAsync(run, operation, p.GetValue(noWait), p.GetValue(timeout), ct).ConfigureAwait(false);
        }, needsClient: true, ct));
        create.With([.. CliOptions.Tenant, CliOptions.Output, CliOptions.ShowSecrets, CliOptions.SkipValidation]);
        return create;
    }
}
