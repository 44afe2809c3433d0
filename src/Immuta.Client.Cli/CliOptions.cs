using System.CommandLine;

namespace Immuta.Client.Cli;

/// <summary>
/// The tool's options: those several commands share (one instance each, attached by reference only to the commands that
/// use them, so a command's help lists what it takes and nothing else) and a factory per option that several commands take
/// with their own description.
/// </summary>
internal static class CliOptions
{
    public static readonly Option<string?> Url = new("--url") { Description = "The Immuta tenant URL (default: $IMMUTA_URL)." };

    public static readonly Option<string?> ApiKey = new("--api-key") { Description = "The Immuta API key (default: $IMMUTA_API_KEY). Never printed." };

    public static readonly Option<bool> AllowInsecureHttp = new("--allow-insecure-http") { Description = "Accept an http:// URL to another machine (the API key then crosses the network unencrypted)." };

    /// <summary><c>--profile dev,prod</c> or <c>--profile dev --profile prod</c> (several only for <c>plan</c> and <c>apply</c>).</summary>
    public static readonly Option<string[]> Profile = new("--profile")
    {
        Description = "Take the tenant's URL and key from this profile of the profiles file, instead of --url/$IMMUTA_URL and --api-key/$IMMUTA_API_KEY (plan and apply: several, repeated or comma-separated).",
        Arity = ArgumentArity.OneOrMore,
        CustomParser = result => result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray(),
    };

    public static readonly Option<string?> ProfilesFile = new("--profiles-file")
    {
        Description = $"The profiles file (default: ${Profiles.ProfilesFile.Variable}, else ~/.config/immuta-integrations/profiles.yaml). Each profile has a url and apiKeyEnv: VARIABLE or apiKeyCommand: [command, args…]; a key in clear is refused.",
    };

    public static readonly Option<string?> Output = CreateOutput();

    public static readonly Option<bool> ShowSecrets = new("--show-secrets") { Description = "Print credentials instead of ***." };

    public static readonly Option<bool> SkipValidation = new("--skip-validation") { Description = "Send definitions without checking them locally first (for fields or values newer than this tool); a <REDACTED> value is still refused." };

    /// <summary>What a command that talks to a tenant takes: where the tenant is and how to reach it (<see cref="ClientFactory"/>).</summary>
    public static IEnumerable<Option> Tenant => [Url, ApiKey, Profile, ProfilesFile, AllowInsecureHttp];

    /// <summary>Adds shared options to a command (each instance is shared, never copied).</summary>
    public static Command With(this Command command, params IEnumerable<Option> options)
    {
        foreach (var option in options)
        {
            command.Add(option);
        }

        return command;
    }

    public static Option<string> File() => new("--file", "-f") { Description = "An integration definition: JSON or YAML.", Required = true };

    /// <summary><c>plan</c> and <c>apply</c>: files and directories, repeatable.</summary>
    public static Option<string[]> Files() => new("--file", "-f")
    {
        Description = "A definition file (JSON or YAML, one integration), a directory (its *.json, *.yaml and *.yml files), or - for standard input; repeatable.",
        Required = true,
        Arity = ArgumentArity.OneOrMore,
    };

    public static Option<bool> Prune() => new("--prune") { Description = "Delete the integrations on the tenant that no file describes (after every create and update succeeded); the plan lists them either way." };

    public static Argument<string> Id() => Ids.Argument();

    public static Option<bool> DryRun() => new("--dry-run") { Description = "Validate on the server and change nothing." };

    public static Option<bool> NoWait() => new("--no-wait") { Description = "Return once Immuta accepted the request." };

    /// <summary>How long to wait; a wrong value is a parse error (exit 2), so nothing is sent.</summary>
    public static Option<TimeSpan?> Timeout() => new("--timeout")
    {
        Description = "How long to wait, such as 90s, 10m or 1h (default 20m).",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[^1].Value;
            var duration = Durations.Parse(text, out var problem);
            if (problem is not null)
            {
                result.AddError($"--timeout {problem}");
            }

            return duration;
        },
    };

    public static Option<string?> ScriptOut() => new("--out") { Description = "Write the script to this file instead of standard output." };

    private static Option<string?> CreateOutput()
    {
        var output = new Option<string?>("--output", "-o") { Description = "json, yaml or table, any case (default: table on a terminal, json otherwise)." };
        output.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, "json", "yaml", "table");
        return output;
    }
}
