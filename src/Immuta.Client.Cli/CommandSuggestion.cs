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

    private static int Distance(string a, string b) => Immuta.Client.Internal.EditDistance.Between(a, b);
}
