namespace Immuta.Client.Http;

/// <summary>
/// Collects the credential values written while a request body is serialized (on the calling thread, which is where
/// bodies are serialized), so that an error message the server builds from the body can be scrubbed of them.
/// </summary>
internal static class SecretScope
{
    [ThreadStatic]
    private static List<string>? _collected;

    /// <summary>Starts collecting on this thread; dispose the result to stop.</summary>
    public static Collection Begin() => new(_collected = []);

    /// <summary>Called by the credential converter for every value it writes.</summary>
    public static void Record(string value)
    {
        if (value.Length >= 4)
        {
            _collected?.Add(value);
        }
    }

    /// <summary>Replaces every collected value in <paramref name="text"/> by <c>***</c>.</summary>
    public static string? Scrub(string? text, IReadOnlyList<string> secrets)
    {
        if (text is null)
        {
            return null;
        }

        foreach (var secret in secrets.OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, SecretString.Mask, StringComparison.Ordinal);
        }

        return text;
    }

    internal readonly struct Collection(List<string> values) : IDisposable
    {
        public IReadOnlyList<string> Values => values;

        public void Dispose() => _collected = null;
    }
}
