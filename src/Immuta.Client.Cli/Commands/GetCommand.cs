using System.CommandLine;

namespace Immuta.Client.Cli.Commands;

/// <summary><c>get ID</c>: one integration, as the server returns it (credentials redacted).</summary>
internal static class GetCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var id = CliOptions.Id();
        var get = new Command("get", "Show one integration (credentials come back redacted).") { id };
        get.SetAction((p, ct) => CommandRunner.RunAsync(p, environment, async run =>
        {
            await run.Output.WriteAsync(await run.Client.Integrations.GetAsync(p.GetRequiredValue(id), ct).ConfigureAwait(false)).ConfigureAwait(false);
            return ExitCodes.Success;
        }, needsClient: true, ct));
        get.With([.. CliOptions.Tenant, CliOptions.Output, CliOptions.ShowSecrets]);
        return get;
    }
}
