namespace Immuta.Client;

/// <summary>
/// One setting out of range, named both ways: in code (<c>ImmutaRetryOptions.MaxRetries</c>, for the constructors'
/// <see cref="ArgumentException"/>) and as a configuration key below the client's section (<c>Retry:MaxRetries</c>, for
/// the settings validated at host start). Options report every problem they have, not the first.
/// </summary>
/// <param name="CodeName">The type and property, such as <c>PollingOptions.Timeout</c>.</param>
/// <param name="Key">The configuration key below the client's section, such as <c>Polling:Timeout</c>.</param>
/// <param name="Rule">What is wrong, as the rest of a sentence that starts with the name (<c>must be in [0, 10]; was 99.</c>).</param>
// A class, not a struct: lists of it then share the runtime's precompiled reference-type code instead of being compiled
// at start-up (about 25 fewer methods compiled before a client's first call).
internal sealed record SettingProblem(string CodeName, string Key, string Rule)
{
    /// <summary>The sentence naming the setting as code does.</summary>
    public string InCode => $"{CodeName} {Rule}";

    /// <summary>The sentence naming the setting by its configuration key, below <paramref name="section"/>.</summary>
    /// <param name="section">The client's section, such as <c>Immuta</c>.</param>
    /// <returns>The sentence.</returns>
    public string InConfiguration(string section) => $"{section}:{Key} {Rule}";

    /// <summary>The same problem one level down, such as <c>Retry:</c> before <c>MaxRetries</c>.</summary>
    /// <param name="prefix">The section the options sit in, with its colon.</param>
    /// <returns>The problem.</returns>
    public SettingProblem Under(string prefix) => this with { Key = prefix + Key };

    /// <summary>Throws one <see cref="ArgumentException"/> listing every problem, if there is any.</summary>
    /// <param name="problems">The problems.</param>
    /// <exception cref="ArgumentException">There is at least one.</exception>
    public static void ThrowIfAny(IReadOnlyList<SettingProblem> problems)
    {
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems.Select(p => p.InCode)));
        }
    }
}
