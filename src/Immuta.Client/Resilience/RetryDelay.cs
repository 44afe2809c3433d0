namespace Immuta.Client.Resilience;

/// <summary>
/// The SDK's one delay strategy, used by transport retries (<see cref="Http.ImmutaResilienceHandler"/>) and by the status
/// poller (<see cref="Operations.StatusPoller"/>): exponential from <see cref="Initial"/> by <see cref="Factor"/>, capped at
/// <see cref="Max"/>, spread uniformly by ±<see cref="Jitter"/>; or the server's <c>Retry-After</c>, honoured up to
/// <see cref="MaxRetryAfter"/> (<see cref="ImmutaRetryOptions.MaxRetryAfter"/>, the one cap); never below <see cref="Minimum"/>.
/// </summary>
/// <param name="Initial">The delay after the first attempt, before jitter.</param>
/// <param name="Factor">Each delay is the previous one times this (at least 1).</param>
/// <param name="Max">The longest delay before jitter.</param>
/// <param name="Jitter">The fraction by which each delay is spread either way, in [0, 1).</param>
/// <param name="Minimum">No delay is shorter than this, whatever the backoff, jitter or <c>Retry-After</c> say.</param>
/// <param name="MaxRetryAfter">The server's <c>Retry-After</c> is honoured up to this.</param>
internal readonly record struct RetryDelay(TimeSpan Initial, double Factor, TimeSpan Max, double Jitter, TimeSpan Minimum, TimeSpan MaxRetryAfter)
{
    /// <summary>The jitter of transport retries: each backoff delay is spread by ±20 %, as a status poll's is by default.</summary>
    public const double TransportJitter = 0.2;

    /// <summary>The schedule of transport retries: doubling from <see cref="ImmutaRetryOptions.BaseDelay"/> up to <see cref="ImmutaRetryOptions.MaxDelay"/>.</summary>
    public static RetryDelay ForTransport(ImmutaRetryOptions retry)
        => new(retry.BaseDelay, 2.0, retry.MaxDelay, TransportJitter, TimeSpan.Zero, retry.MaxRetryAfter);

    /// <summary>The schedule of status polls: <paramref name="polling"/>'s backoff, with the client's one <c>Retry-After</c> cap.</summary>
    public static RetryDelay ForPolling(PollingOptions polling, TimeSpan maxRetryAfter)
        => new(polling.InitialDelay, polling.BackoffFactor, polling.MaxDelay, polling.JitterFactor, polling.MinimumInterval, maxRetryAfter);

    /// <summary>The delay after attempt <paramref name="attempt"/> (0 = the first) before jitter.</summary>
    public TimeSpan Nominal(int attempt)
    {
        if (Initial <= TimeSpan.Zero)
        {
            return TimeSpan.Zero; // zero times any factor, also past the 1,024th attempt where the factor's power overflows (0 × ∞ is NaN, not 0)
        }

        var seconds = Initial.TotalSeconds * Math.Pow(Factor, Math.Max(0, attempt));
        return seconds >= Max.TotalSeconds || double.IsInfinity(seconds) || double.IsNaN(seconds) ? Max : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>
    /// The delay after attempt <paramref name="attempt"/>: the server's <paramref name="retryAfter"/> (capped) when it sent
    /// one with a transient answer, else the nominal delay spread by the jitter; at least <see cref="Minimum"/>.
    /// </summary>
    /// <param name="attempt">How many attempts came before the one that failed (0 = the first).</param>
    /// <param name="retryAfter">The <c>Retry-After</c> of the transient answer, if it had one.</param>
    /// <param name="random">A uniform random number in [0, 1): 0.5 is the nominal delay, 0 and 1 its ends.</param>
    public TimeSpan Next(int attempt, TimeSpan? retryAfter, double random)
    {
        TimeSpan delay;
        if (retryAfter is { } asked)
        {
            delay = asked > MaxRetryAfter ? MaxRetryAfter : asked;
        }
        else
        {
            var nominal = Nominal(attempt);
            var spread = Jitter * ((2 * random) - 1);
            delay = TimeSpan.FromTicks((long)(nominal.Ticks * (1 + spread)));
        }

        return delay < Minimum ? Minimum : delay;
    }
}
