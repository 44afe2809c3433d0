using System.CommandLine;

namespace Immuta.Client.Cli.Commands;

/// <summary><c>status ID</c>: an integration's status.</summary>
internal static class StatusCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var id = CliOptions.Id();
        var status = new Command("status", "Show an integration's status.") { id };
        status.SetAction((p, ct) => CommandRunner.RunAsync(p, environment, async run =>
        {
            await run.Output.WriteAsync(await run.Client.Integrations.GetStatusAsync(p.GetRequiredValue(id), ct).ConfigureAwait(false)).ConfigureAwait(false);
            return ExitCodes.Success;
        }, needsClient: true, ct));
        status.With([.. CliOptions.Tenant, CliOptions.Output]);
        return status;
    }
}
