using System.Globalization;
using System.Text.RegularExpressions;

namespace Immuta.Client.Cli;

/// <summary>The durations the tool reads (<c>--timeout</c>).</summary>
internal static partial class Durations
{
    /// <summary>Reads 90s, 10m, 1h, 1500ms or a TimeSpan such as 00:05:00.</summary>
    public static TimeSpan? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var match = DurationPattern().Match(text.Trim());
        if (match.Success)
        {
            var amount = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
            var duration = match.Groups["unit"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                _ => TimeSpan.FromHours(amount),
            };
            if (duration > TimeSpan.Zero && duration < TimeSpan.FromDays(1))
            {
                return duration;
            }
        }
        else if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero && span < TimeSpan.FromDays(1))
        {
            return span;
        }

        throw new UsageException($"--timeout '{text}' is not a duration such as 90s, 10m or 1h (more than 0, less than a day).");
    }

    [GeneratedRegex(@"^(?<n>[0-9]+(\.[0-9]+)?)(?<unit>ms|s|m|h)$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DurationPattern();
}
