using System.CommandLine;

namespace Immuta.Client.Cli;

/// <summary>The nearest command to a mistyped one (<c>lsit</c> → <c>list</c>), by edit distance.</summary>
internal static class CommandSuggestion
{
    /// <summary>The command the first unknown word most likely meant, or <see langword="null"/> when none is close.</summary>
    public static string? For(Command root, IReadOnlyList<string> args)
    {
        var command = root;
        foreach (var word in args)
        {
            if (word.StartsWith('-'))
            {
                return null;
            }

            if (command.Subcommands.FirstOrDefault(c => c.Name == word) is { } known)
            {
                command = known;
                continue;
            }

            if (command.Subcommands.Count == 0)
            {
                return null;
            }

            var (name, distance) = command.Subcommands.Select(c => (c.Name, Distance(word, c.Name))).MinBy(c => c.Item2);
            return distance <= Math.Max(2, name.Length / 3) || name.StartsWith(word, StringComparison.Ordinal) ? name : null;
        }

        return null;
    }

    /// <summary>
    /// The option the first unknown option of the command line most likely meant (<c>--outptu</c> → <c>--output</c>), among
    /// those of the command it was given to; <see langword="null"/> when none is close.
    /// </summary>
    public static string? ForOption(ParseResult parsed)
    {
        if (parsed.UnmatchedTokens.FirstOrDefault(t => t.StartsWith("--", StringComparison.Ordinal)) is not { } typed)
        {
            return null;
        }

        var names = parsed.CommandResult.Command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal)).Distinct().ToList();
        if (names.Count == 0)
        {
            return null;
        }

        var (name, distance) = names.Select(n => (n, Distance(typed, n))).MinBy(c => c.Item2);
        return distance <= Math.Max(2, name.Length / 4) ? name : null;
    }

    /// <summary>
    /// The command named after an option that comes before it (<c>--url X list</c>: <c>list</c>), or <see langword="null"/>
    /// when the line starts otherwise. The root's own options (<c>--help</c>, <c>--version</c>) are in place there.
    /// </summary>
    public static string? MisplacedOption(Command root, IReadOnlyList<string> args)
    {
        if (args.Count == 0 || !args[0].StartsWith('-') || root.Options.Any(o => o.Name == args[0] || o.Aliases.Contains(args[0])))
        {
            return null;
        }

        return args.Skip(1).FirstOrDefault(a => root.Subcommands.Any(c => c.Name == a));
    }

    private static int Distance(string a, string b) => Immuta.Client.Internal.EditDistance.Between(a, b);
}
