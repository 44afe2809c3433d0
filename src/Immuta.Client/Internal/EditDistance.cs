namespace Immuta.Client.Internal;

/// <summary>
/// How far a mistyped name is from a known one: the optimal string alignment distance (an insertion, deletion,
/// substitution or swap of neighbours each costs one). The one rule behind every "did you mean" of the SDK (unknown
/// members, unknown configuration keys) and of the tool (mistyped commands, which compile this file as a link).
/// </summary>
internal static class EditDistance
{
    // Longer names are not compared letter by letter: the distance is at least their length difference and at most the longer length.
    private const int MaxCompared = 128;

    /// <summary>The distance between <paramref name="a"/> and <paramref name="b"/>; above <paramref name="limit"/> it may be any value above it.</summary>
    /// <param name="a">One name.</param>
    /// <param name="b">The other.</param>
    /// <param name="limit">Distances above it need not be exact (a cheap answer when the lengths already differ by more).</param>
    /// <param name="ignoreCase">Whether case differences are free (configuration keys ignore case).</param>
    /// <returns>The distance.</returns>
    public static int Between(string a, string b, int limit = int.MaxValue, bool ignoreCase = false)
    {
        if (Math.Abs(a.Length - b.Length) > limit || a.Length > MaxCompared || b.Length > MaxCompared)
        {
            return Math.Max(a.Length, b.Length);
        }

        if (ignoreCase)
        {
            a = a.ToUpperInvariant();
            b = b.ToUpperInvariant();
        }

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
