using System.CommandLine;

namespace Immuta.Client.Cli.Commands;

/// <summary><c>validate -f FILE</c>: checks a definition offline; needs no tenant.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var file = CliOptions.File();
        var validate = new Command("validate", "Check a definition offline: warnings and errors are listed on stderr, errors exit 2.") { file };
        validate.SetAction((p, ct) => CommandRunner.RunAsync(p, environment, async run =>
        {
            var path = p.GetRequiredValue(file);
            var definition = await Definitions.ReadAsync<IntegrationDefinition>(environment, path, ct).ConfigureAwait(false);
            var warnings = await Definitions.CheckAsync(run with { Validate = true }, definition, IntegrationRequestKind.Create).ConfigureAwait(false);
            var note = warnings == 0 ? string.Empty : $" ({warnings} warning{(warnings == 1 ? string.Empty : "s")})";
            await run.Output.WriteLineAsync($"{path}: a valid {definition.Type} integration definition{note}").ConfigureAwait(false);
            return ExitCodes.Success;
        }, needsClient: false, ct));
        return validate;
    }
}
