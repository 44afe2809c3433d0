using System.Globalization;

namespace Immuta.Client;

/// <summary>
/// Transport retries of the client's own HTTP pipeline: only safe requests (GET) are retried, on 408, 429, 5xx,
/// connection failures and attempt timeouts, with exponential backoff spread by ±20 % and the server's <c>Retry-After</c>
/// honoured (the SDK's one delay strategy, which status polls follow too). A status poll of an operation is sent once: the
/// poller retries it on its own schedule. POST, PUT and DELETE are never retried (a retried create would answer 409). A retry that could not start
/// within <see cref="ImmutaClientOptions.NetworkTimeout"/> is not waited for: the answer in hand (a 429 or 503 with its
/// <c>Retry-After</c>) or the failure is the result.
/// </summary>
public sealed record ImmutaRetryOptions
{
    /// <summary>Whether the SDK's retry handler runs; turn it off when your host already adds one (timeouts still apply).</summary>
    /// <value>Default: <see langword="true"/>.</value>
    public bool Enabled { get; init; } = true;

    /// <summary>Retries after the first attempt.</summary>
    /// <value>Default: 3.</value>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The first backoff delay; it doubles on each retry, each delay spread by ±20 %.</summary>
    /// <value>Default: 500 milliseconds.</value>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest backoff delay, before the ±20 % spread.</summary>
    /// <value>Default: 10 seconds.</value>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The server's <c>Retry-After</c> is honoured up to this long, by transport retries and by the status polls of
    /// operations alike (the one cap).
    /// </summary>
    /// <value>Default: 30 seconds.</value>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one attempt may take, from sending the request to reading the last byte of its answer
    /// (<see cref="Timeout.InfiniteTimeSpan"/> for no limit).
    /// </summary>
    /// <value>Default: 30 seconds.</value>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws when a setting is out of range; the message names every setting that is.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate() => SettingProblem.ThrowIfAny(Problems());

    /// <summary>Every setting out of range, keyed by its property name.</summary>
    internal List<SettingProblem> Problems()
    {
        // Delays and timeouts run on timers, which stop at about 49.7 days: a longer one would fail every call later.
        var max = ImmutaClientOptions.MaxTimer;
        var days = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{max.TotalDays} days");
        var problems = new List<SettingProblem>();
        Require(problems, MaxRetries is >= 0 and <= 10, nameof(MaxRetries), "must be in [0, 10]", MaxRetries);
        Require(problems, BaseDelay >= TimeSpan.Zero && BaseDelay <= max, nameof(BaseDelay), $"must be in [0, {days}]", BaseDelay);
        Require(problems, MaxDelay >= BaseDelay && MaxDelay <= max, nameof(MaxDelay), $"must be at least BaseDelay and at most {days}", MaxDelay);
        Require(problems, MaxRetryAfter >= TimeSpan.Zero && MaxRetryAfter <= max, nameof(MaxRetryAfter), $"must be in [0, {days}]", MaxRetryAfter);
        Require(problems, (AttemptTimeout > TimeSpan.Zero && AttemptTimeout <= max) || AttemptTimeout == Timeout.InfiniteTimeSpan, nameof(AttemptTimeout), $"must be positive and at most {days}, or infinite", AttemptTimeout);
        return problems;
    }

    private static void Require(List<SettingProblem> problems, bool condition, string name, string rule, object value)
    {
        if (!condition)
        {
            problems.Add(new SettingProblem($"{nameof(ImmutaRetryOptions)}.{name}", name, string.Create(CultureInfo.InvariantCulture, $"{rule}; was {value}.")));
        }
    }
}
