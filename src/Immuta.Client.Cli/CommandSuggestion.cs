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

    // Levenshtein distance, with adjacent transpositions counted as one edit.
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
