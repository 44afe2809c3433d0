using System.CommandLine;

namespace Immuta.Client.Cli.Commands;

/// <summary>
/// <c>regenerate-key ID</c>: a new Immuta API key for the integration (Trino); the old one stops working, so the new one
/// is printed in clear, alone on its line on standard output (<c>KEY=$(immuta-integrations regenerate-key 5)</c>). With
/// an explicit <c>-o json</c> or <c>-o yaml</c>, the answer is printed in that format, the key in clear too.
/// </summary>
internal static class RegenerateKeyCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var id = CliOptions.Id();
        var regenerate = new Command("regenerate-key", "Regenerate the integration's Immuta API key (Trino); the old one stops working.") { id };
        regenerate.SetAction((p, ct) => CommandRunner.RunAsync(p, environment, async run =>
        {
            var regenerated = await run.Client.Integrations.RegenerateKeyAsync(p.GetRequiredValue(id), ct).ConfigureAwait(false);
            if (regenerated.NewKey is not { } key)
            {
                throw new CommandFailedException($"Immuta answered the regeneration of integration {p.GetRequiredValue(id)} without a key (newKey); the old key may no longer work.");
            }

            if (p.GetValue(CliOptions.Output)?.ToLowerInvariant() is "json" or "yaml")
            {
                await run.Output.WithSecretsShown().WriteAsync(regenerated).ConfigureAwait(false);
            }
            else
            {
                await run.Environment.Out.WriteLineAsync(key.Reveal()).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }, needsClient: true, ct));
        regenerate.With([.. CliOptions.Tenant, CliOptions.Output]);
        return regenerate;
    }
}
