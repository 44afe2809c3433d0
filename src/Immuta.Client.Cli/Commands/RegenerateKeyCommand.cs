using System.CommandLine;

namespace Immuta.Client.Cli.Commands;

/// <summary><c>regenerate-key ID</c>: a new Immuta API key for the integration (Trino); the old one stops working.</summary>
internal static class RegenerateKeyCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var id = CliOptions.Id();
        var regenerate = new Command("regenerate-key", "Regenerate the integration's Immuta API key (Trino); the old one stops working.") { id };
        regenerate.SetAction((p, ct) => CommandRunner.RunAsync(p, environment, async run =>
        {
            await run.Output.WriteAsync(await run.Client.Integrations.RegenerateKeyAsync(p.GetRequiredValue(id), ct).ConfigureAwait(false)).ConfigureAwait(false);
            return ExitCodes.Success;
        }, needsClient: true, ct));
        return regenerate;
    }
}
