using Microsoft.Extensions.Configuration;

namespace Immuta.Client.DependencyInjection;

/// <summary>
/// Keys in a client's configuration section that the SDK does not read (<c>Retry:MaxRetrys</c>), each with the known key
/// closest to it, so a misspelling is warned about at start instead of silently ignored.
/// </summary>
/// <remarks>
/// A value is a setting, so an unknown one is reported. An unknown section is not: the unkeyed client's <c>Immuta</c>
/// section usually holds the keyed tenants' (<c>Immuta:Staging</c>), unless its name is within two edits of
/// <c>Polling</c> or <c>Retry</c> (<c>Poling</c>, <c>Retyr</c>).
/// </remarks>
internal static class UnknownSettings
{
    private const int SectionTypos = 2;

    /// <summary>The unknown keys in <paramref name="section"/>, with their full paths.</summary>
    /// <param name="section">The client's section, such as <c>Immuta</c>.</param>
    /// <returns>Each unknown key and the closest known one, both as full paths.</returns>
    public static IEnumerable<(string Key, string Closest)> Find(IConfiguration section)
    {
        var at = section is IConfigurationSection s ? s.Path + ":" : string.Empty;
        var top = ImmutaClientSettings.KnownKeys[string.Empty];
        var sections = ImmutaClientSettings.KnownKeys.Keys.Where(k => k.Length > 0).ToList();
        foreach (var child in section.GetChildren())
        {
            if (Contains(top, child.Key))
            {
                continue;
            }

            if (ImmutaClientSettings.KnownKeys.TryGetValue(child.Key, out var inner) && child.Key.Length > 0)
            {
                foreach (var setting in child.GetChildren().Where(c => !Contains(inner, c.Key)))
                {
                    yield return ($"{at}{child.Key}:{setting.Key}", $"{at}{child.Key}:{Closest(setting.Key, inner)}");
                }

                continue;
            }

            var isValue = !child.GetChildren().Any();
            if (isValue)
            {
                yield return (at + child.Key, at + Closest(child.Key, [.. top, .. sections]));
            }
            else if (sections.FirstOrDefault(k => Distance(k, child.Key) <= SectionTypos) is { } near)
            {
                yield return (at + child.Key, at + near);
            }
        }
    }

    private static bool Contains(IReadOnlyList<string> keys, string key) => keys.Contains(key, StringComparer.OrdinalIgnoreCase);

    private static string Closest(string key, IReadOnlyList<string> known) => known.MinBy(k => Distance(k, key))!;

    /// <summary>How far a key is from a known one, ignoring case (configuration keys do).</summary>
    internal static int Distance(string a, string b) => Internal.EditDistance.Between(a, b, ignoreCase: true);
}
