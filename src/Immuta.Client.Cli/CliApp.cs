using System.CommandLine;
using Immuta.Client.Cli.Commands;

namespace Immuta.Client.Cli;

/// <summary>The <c>immuta-integrations</c> command tree: parses the arguments and runs the command they name.</summary>
internal static class CliApp
{
    /// <summary>The help's opening: what the tool does, placeholders, examples and exit codes (the README's table says the same).</summary>
    private const string Description = """
        Immuta integrations as code: validate JSON or YAML definitions offline, apply them, and wait for them to settle.

        Definition files may hold ${NAME} placeholders in string values, read from the environment ($${NAME} keeps one
        as written), so credentials stay out of the file.

        Examples:
          immuta-integrations validate -f snowflake.yaml
          immuta-integrations apply -f snowflake.yaml --dry-run
          immuta-integrations apply -f snowflake.yaml
          immuta-integrations plan -f integrations/ --prune --detailed-exitcode
          immuta-integrations apply -f integrations/ --prune --profile dev,prod
          immuta-integrations list -o table
          KEY=$(immuta-integrations regenerate-key 12)

        Exit codes:
          0    success; for apply, also "nothing to change" (nothing is sent)
          1    the API answered with an error, or the command cannot do what it was asked (nothing more was sent)
          2    usage error or local validation error (nothing was sent)
          3    an integration settled in an error status, or the wait timed out
          4    plan --detailed-exitcode: the plan holds changes (0: nothing to change)
          130  interrupted (Ctrl+C); 143: terminated (SIGTERM)
        Over several integrations or profiles, the worst: 0, 4, 3, 1, 2, 130, 143 from best to worst.
        """;

    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var parsed = Parse(args, environment);
        if (parsed.Errors.Count > 0)
        {
            if (CommandSuggestion.MisplacedOption(parsed.RootCommandResult.Command, args) is { } misplaced)
            {
                // `immuta-integrations --url X list`: each command takes its own options, after its name.
                await environment.Error.WriteLineAsync(Findings.OneLine($"error: options come after the command: immuta-integrations {misplaced} {args[0]} …")).ConfigureAwait(false);
            }
            else
            {
                foreach (var error in parsed.Errors)
                {
                    await environment.Error.WriteLineAsync(Findings.OneLine($"error: {error.Message}")).ConfigureAwait(false);
                }
            }

            if ((CommandSuggestion.For(parsed.RootCommandResult.Command, args) ?? CommandSuggestion.ForOption(parsed)) is { } suggestion)
            {
                await environment.Error.WriteLineAsync(Findings.OneLine($"Did you mean '{suggestion}'?")).ConfigureAwait(false);
            }

            await environment.Error.WriteLineAsync("Run 'immuta-integrations --help' for usage.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        // Signals are the caller's (Program: SIGINT 130, SIGTERM 143): System.CommandLine's own handling would answer 130 to both.
        var invocation = new InvocationConfiguration { Output = environment.Out, Error = environment.Error, ProcessTerminationTimeout = null };
        return await parsed.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Parses a command line (no arguments: <c>--help</c>, as kubectl and gh answer) without running it.</summary>
    internal static ParseResult Parse(string[] args, CliEnvironment environment)
        => Build(environment).Parse(args.Length == 0 ? ["--help"] : args, Parsing);

    // No response files: System.CommandLine would read `@name` as a file of further arguments, so `-f @defs.yaml` would not
    // read the definition file of that name, and a response file's contents could be echoed in a parse error.
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    private static RootCommand Build(CliEnvironment environment)
    {
        var root = new RootCommand(Description);
        // One line per command; each command lives in Commands/<Name>Command.cs.
        root.Add(ListCommand.Create(environment));
        root.Add(GetCommand.Create(environment));
        root.Add(StatusCommand.Create(environment));
        root.Add(CreateCommand.Create(environment));
        root.Add(UpdateCommand.Create(environment));
        root.Add(DeleteCommand.Create(environment));
        root.Add(RegenerateKeyCommand.Create(environment));
        root.Add(ValidateCommand.Create(environment));
        root.Add(PlanCommand.Create(environment));
        root.Add(ApplyCommand.Create(environment));
        root.Add(ScriptCommand.Create(environment));
        root.Add(SchemaCommand.Create(environment));
        root.Add(ExportCommand.Create(environment));
        return root;
    }
}
