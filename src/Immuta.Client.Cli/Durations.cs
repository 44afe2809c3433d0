using System.Globalization;
using System.Text.RegularExpressions;

namespace Immuta.Client.Cli;

/// <summary>The durations the tool reads (<c>--timeout</c>), checked while the command line is parsed: before any request.</summary>
internal static partial class Durations
{
    /// <summary>Reads 90s, 10m, 1h, 1500ms or a TimeSpan such as 00:05:00: more than 0, less than a day.</summary>
    /// <returns>The duration, or <see langword="null"/> with <paramref name="problem"/> saying what is wrong.</returns>
    public static TimeSpan? Parse(string text, out string? problem)
    {
        problem = null;

        var match = DurationPattern().Match(text.Trim());
        if (match.Success)
        {
            // In milliseconds first: a huge amount (99999999999999999999h) is out of range, not an overflow.
            var milliseconds = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture) * match.Groups["unit"].Value switch
            {
                "ms" => 1,
                "s" => 1_000,
                "m" => 60_000,
                _ => 3_600_000,
            };
            if (milliseconds > 0 && milliseconds < TimeSpan.FromDays(1).TotalMilliseconds)
            {
                return TimeSpan.FromMilliseconds(milliseconds);
            }
        }
        else if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero && span < TimeSpan.FromDays(1))
        {
            return span;
        }

        problem = $"'{text}' is not a duration such as 90s, 10m or 1h (more than 0, less than a day).";
        return null;
    }

    [GeneratedRegex(@"^(?<n>[0-9]+(\.[0-9]+)?)(?<unit>ms|s|m|h)$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DurationPattern();
}
