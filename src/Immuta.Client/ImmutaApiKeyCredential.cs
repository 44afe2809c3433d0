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
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> is empty or white space.</exception>
    public ImmutaApiKeyCredential(string apiKey) => _key = Check(apiKey);

    /// <summary>Replaces the key; requests sent afterwards use the new one.</summary>
    /// <param name="apiKey">The new key.</param>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> is empty or white space.</exception>
    public void Update(string apiKey) => _key = Check(apiKey);

    /// <summary>Returns a mask, never the key.</summary>
    /// <returns><c>ImmutaApiKeyCredential ***</c>.</returns>
    public override string ToString() => "ImmutaApiKeyCredential ***";

    internal string Key => _key;

    private static string Check(string apiKey)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            throw new ArgumentException("The Immuta API key is empty.", nameof(apiKey));
        }

        if (apiKey.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("The Immuta API key contains a line break.", nameof(apiKey));
        }

        return apiKey.Trim();
    }
}
