using System.Diagnostics;

namespace Immuta.Client;

/// <summary>
/// An Immuta API key, sent as the raw <c>Authorization</c> header value (no <c>Bearer</c> prefix). The key never appears in
/// <see cref="ToString"/>, the debugger, logs or exception messages. <see cref="Update"/> rotates it for every later request.
/// </summary>
[DebuggerDisplay("ImmutaApiKeyCredential ***")]
public sealed class ImmutaApiKeyCredential
{
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private volatile string _key;

    /// <summary>Creates the credential.</summary>
    /// <param name="apiKey">The API key from the API Keys tab of the Immuta profile page.</param>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> is empty or white space, or holds a character an HTTP header cannot carry.</exception>
    public ImmutaApiKeyCredential(string apiKey) => _key = Check(apiKey);

    /// <summary>Replaces the key; requests sent afterwards use the new one.</summary>
    /// <param name="apiKey">The new key.</param>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> is empty or white space, or holds a character an HTTP header cannot carry.</exception>
    public void Update(string apiKey) => _key = Check(apiKey);

    /// <summary>Returns a mask, never the key.</summary>
    /// <returns><c>ImmutaApiKeyCredential ***</c>.</returns>
    public override string ToString() => "ImmutaApiKeyCredential ***";

    internal string Key => _key;

    private static string Check(string apiKey)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        return Problem(apiKey) is { } problem ? throw new ArgumentException($"The Immuta API key {problem}", nameof(apiKey)) : apiKey.Trim();
    }

    /// <summary>
    /// What is wrong with a key, as the end of a sentence that starts with its name; <see langword="null"/> when it can be
    /// sent. The message never holds the key. One rule for the constructor and the DI settings.
    /// </summary>
    /// <param name="apiKey">The key.</param>
    internal static string? Problem(string? apiKey)
    {
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            return "is empty.";
        }

        if (apiKey.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            return "contains a line break.";
        }

        // A header value goes out as ASCII: anything else fails every request later, so it fails here.
        return apiKey.AsSpan().Trim().IndexOfAnyExceptInRange(' ', '~') >= 0
            ? "contains a character that cannot be sent in an HTTP header (only printable ASCII can)."
            : null;
    }
}
