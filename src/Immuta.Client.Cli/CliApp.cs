using System.CommandLine;
using Immuta.Client.Cli.Commands;

namespace Immuta.Client.Cli;

/// <summary>The <c>immuta-integrations</c> command tree: parses the arguments and runs the command they name.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var root = Build(environment);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await environment.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            }

            await environment.Error.WriteLineAsync("Run 'immuta-integrations --help' for usage.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = environment.Out, Error = environment.Error }, cancellationToken).ConfigureAwait(false);
    }

    private static RootCommand Build(CliEnvironment environment)
    {
        var root = new RootCommand("Immuta integrations as code: validate JSON or YAML definitions offline, apply them, and wait for them to settle.");
        CliOptions.AddGlobalOptions(root);

        // One line per command; each command lives in Commands/<Name>Command.cs.
        root.Add(ListCommand.Create(environment));
        root.Add(GetCommand.Create(environment));
        root.Add(StatusCommand.Create(environment));
        root.Add(CreateCommand.Create(environment));
        root.Add(UpdateCommand.Create(environment));
        root.Add(DeleteCommand.Create(environment));
        root.Add(RegenerateKeyCommand.Create(environment));
        root.Add(ValidateCommand.Create(environment));
        root.Add(ApplyCommand.Create(environment));
        root.Add(ScriptCommand.Create(environment));
        return root;
    }
}
