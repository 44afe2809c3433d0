namespace Immuta.Client.Http;

/// <summary>
/// Collects what a request carries that an error message might echo, on the calling thread while the request is made
/// (bodies are serialized synchronously there): every <see cref="SecretString"/> written, and the serialized body, whose
/// credentials (<see cref="RequestBodyCheck.CredentialsIn"/>) are looked for only when an error response is read. A call
/// that records nothing allocates nothing here.
/// </summary>
internal static class SecretScope
{
    [ThreadStatic]
    private static bool _collecting;

    [ThreadStatic]
    private static List<string>? _values;

    [ThreadStatic]
    private static byte[]? _body;

    /// <summary>Whether a scope collects on this thread.</summary>
    public static bool IsCollecting => _collecting;

    /// <summary>Starts collecting on this thread; dispose the result to stop.</summary>
    public static Collection Begin()
    {
        _collecting = true;
        _values = null;
        _body = null;
        return default;
    }

    /// <summary>Called for every credential value written; values too short to scrub safely are not kept.</summary>
    public static void Record(string value)
    {
        if (_collecting && value.Length >= SecretScrubber.MinimumLength)
        {
            (_values ??= []).Add(value);
        }
    }

    /// <summary>Called with the serialized request body.</summary>
    public static void RecordBody(byte[] json)
    {
        if (_collecting)
        {
            _body = json;
        }
    }

    /// <summary>What the call being collected carried, and the API key: worked out (the body searched) only if an error is built.</summary>
    public static IReadOnlyList<string> Secrets(string apiKey) => new RequestSecrets(_values, _body, apiKey);

    internal readonly struct Collection : IDisposable
    {
        public void Dispose()
        {
            _collecting = false;
            _values = null;
            _body = null;
        }
    }

    /// <summary>The secrets of one request, worked out on first use.</summary>
    private sealed class RequestSecrets(List<string>? values, byte[]? body, string apiKey) : IReadOnlyList<string>
    {
        private IReadOnlyList<string>? _all;

        private IReadOnlyList<string> All => _all ??= [.. values ?? [], .. body is null ? [] : RequestBodyCheck.CredentialsIn(body), apiKey];

        public int Count => All.Count;

        public string this[int index] => All[index];

        public IEnumerator<string> GetEnumerator() => All.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
