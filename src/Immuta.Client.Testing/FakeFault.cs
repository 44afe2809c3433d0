namespace Immuta.Client.Testing;

/// <summary>What a <see cref="FakeFault"/> does to a request.</summary>
public enum FakeFaultKind
{
    /// <summary>The answer comes late, then as usual.</summary>
    Latency,

    /// <summary>429 Too Many Requests, with <c>Retry-After</c> when given.</summary>
    TooManyRequests,

    /// <summary>An error status (500 by default) with an Immuta-shaped error body.</summary>
    ServerError,

    /// <summary>The connection is closed without an answer.</summary>
    ConnectionReset,

    /// <summary>200 with a JSON body cut off in the middle.</summary>
    MalformedBody,
}

/// <summary>
/// A fault to inject into the next requests with <see cref="FakeImmutaServer.InjectFaults"/>. Faults apply to
/// authenticated requests only: a request answered 401 leaves the queue as it is.
/// </summary>
public sealed record FakeFault
{
    // The longest delay Task.Delay and TimeProvider's timers take: uint.MaxValue - 1 milliseconds.
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private FakeFault(FakeFaultKind kind) => Kind = kind;

    /// <summary>What the fault does.</summary>
    public FakeFaultKind Kind { get; }

    /// <summary>The delay of <see cref="FakeFaultKind.Latency"/>.</summary>
    public TimeSpan Delay { get; private init; }

    /// <summary>The <c>Retry-After</c> of <see cref="FakeFaultKind.TooManyRequests"/>, if any.</summary>
    public TimeSpan? RetryAfter { get; private init; }

    /// <summary>The status of <see cref="FakeFaultKind.ServerError"/>.</summary>
    public int StatusCode { get; private init; }

    /// <summary>
    /// Answers late, then as usual: the request takes effect at once (as a server that did the work but answered late),
    /// and the answer waits <paramref name="delay"/> on the fake's <see cref="FakeImmutaServerOptions.TimeProvider"/>.
    /// Should the client stop waiting (cancelled, timed out) or the fake stop first, the answer is never sent, as from a
    /// server that did the work and then went away: the request's effect stays, its <see cref="FakeImmutaServer.Journal"/>
    /// entry keeps the status it was to be answered with, and the wait's timer is disposed (a clock never advanced keeps
    /// nothing alive).
    /// </summary>
    /// <param name="delay">How late: from zero to what a timer holds (about 49 days), or <see cref="Timeout.InfiniteTimeSpan"/> for never.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative or longer than a timer holds.</exception>
    public static FakeFault Latency(TimeSpan delay)
    {
        // Refused here, where the test wrote it: the timer is started as a request takes the fault, after the request took
        // effect, where a delay it cannot hold would fail the request with the fake's error instead.
        if (delay != Timeout.InfiniteTimeSpan && (delay < TimeSpan.Zero || delay > MaxDelay))
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, $"A latency must be from zero to {MaxDelay.TotalDays:0} days, or Timeout.InfiniteTimeSpan.");
        }

        return new(FakeFaultKind.Latency) { Delay = delay };
    }

    /// <summary>Answers 429, with <c>Retry-After</c> in whole seconds when given.</summary>
    /// <param name="retryAfter">The <c>Retry-After</c>, or <see langword="null"/> for none.</param>
    /// <returns>The fault.</returns>
    public static FakeFault TooManyRequests(TimeSpan? retryAfter = null) => new(FakeFaultKind.TooManyRequests) { RetryAfter = retryAfter, StatusCode = 429 };

    /// <summary>Answers an error status with an Immuta-shaped body.</summary>
    /// <param name="statusCode">500, 502, 503, …</param>
    /// <returns>The fault.</returns>
    public static FakeFault ServerError(int statusCode = 500) => new(FakeFaultKind.ServerError) { StatusCode = statusCode };

    /// <summary>Closes the connection without an answer.</summary>
    /// <returns>The fault.</returns>
    public static FakeFault ConnectionReset() => new(FakeFaultKind.ConnectionReset);

    /// <summary>Answers 200 with JSON cut off in the middle.</summary>
    /// <returns>The fault.</returns>
    public static FakeFault MalformedBody() => new(FakeFaultKind.MalformedBody) { StatusCode = 200 };
}

/// <summary>One request the fake received, for assertions. Credentials in the body are masked; the API key is never kept.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, such as <c>/integrations/1/status</c>.</param>
/// <param name="Query">The query string, such as <c>?dryRun=true</c>, or empty.</param>
/// <param name="ContentType">The request's <c>Content-Type</c>, if any.</param>
/// <param name="Body">
/// The body as JSON with every credential replaced by <c>***</c> (YAML bodies are shown as JSON); <see langword="null"/>
/// when there was none, it was not read (401, 413) or it was not UTF-8; a placeholder when it could not be masked.
/// </param>
/// <param name="Authorized">Whether the request carried the fake's API key.</param>
/// <param name="StatusCode">The status the fake answered; 0 when it reset the connection instead.</param>
/// <param name="Timestamp">When it arrived, on the fake's clock.</param>
public sealed record FakeRequest(
    string Method,
    string Path,
    string Query,
    string? ContentType,
    string? Body,
    bool Authorized,
    int StatusCode,
    DateTimeOffset Timestamp);
