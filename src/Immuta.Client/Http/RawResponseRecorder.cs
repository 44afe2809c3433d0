namespace Immuta.Client.Http;

/// <summary>
/// Keeps the last response an operation saw, for <see cref="IntegrationOperation.GetRawResponse"/> and
/// <see cref="IntegrationDeleteOperation.GetRawResponse"/>: the answer to the call that started it, then each poll's and
/// the final read's. The operation listens around the calls it makes; the pipeline records each answer (an error's is the
/// one its exception carries), masked by the one path <see cref="ImmutaRawResponse"/> has. Calls made while nobody
/// listens record nothing and cost nothing here.
/// </summary>
internal sealed class RawResponseRecorder
{
    private static readonly AsyncLocal<RawResponseRecorder?> Listening = new();

    private ImmutaRawResponse? _last;

    /// <summary>Whether a recorder listens to the calls of this flow.</summary>
    public static bool IsListening => Listening.Value is not null;

    /// <summary>The last response recorded, or <see langword="null"/> before the first.</summary>
    public ImmutaRawResponse? Last => Volatile.Read(ref _last);

    /// <summary>Listens to the calls started in this flow until the result is disposed.</summary>
    /// <returns>The scope.</returns>
    public Scope Listen()
    {
        var previous = Listening.Value;
        Listening.Value = this;
        return new Scope(previous);
    }

    /// <summary>Records a response for the recorder listening, if any.</summary>
    /// <param name="response">The response, masked; <see langword="null"/> records nothing.</param>
    public static void Record(ImmutaRawResponse? response)
    {
        if (response is not null && Listening.Value is { } recorder)
        {
            Volatile.Write(ref recorder._last, response);
        }
    }

    internal readonly struct Scope(RawResponseRecorder? previous) : IDisposable
    {
        public void Dispose() => Listening.Value = previous;
    }
}
