using System.Globalization;

namespace Immuta.Client;

/// <summary>
/// How an <see cref="IntegrationOperation"/> polls <c>GET /integrations/{id}/status</c> while an integration is
/// <c>creating</c>, <c>editing</c>, <c>deleting</c> or <c>migrating</c>: capped exponential backoff with jitter, the
/// server's <c>Retry-After</c> honoured up to <see cref="ImmutaRetryOptions.MaxRetryAfter"/>, an overall timeout, and a few
/// failed polls in a row tolerated. The delays follow the SDK's one delay strategy, as transport retries do.
/// </summary>
/// <remarks>
/// With the defaults the polls come about 1, 3, 7, 12, 17, 22 … seconds after the start: a create that settles in
/// 60 seconds costs 14 status requests.
/// </remarks>
public sealed record PollingOptions
{
    /// <summary>Delay before the first poll.</summary>
    /// <value>Default: 1 second.</value>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Each delay is the previous one times this factor, up to <see cref="MaxDelay"/>.</summary>
    /// <value>Default: 2.</value>
    public double BackoffFactor { get; init; } = 2.0;

    /// <summary>The longest delay between two polls (before jitter).</summary>
    /// <value>Default: 5 seconds.</value>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Each delay is spread uniformly by up to this fraction either way, so many waiters do not poll in step.</summary>
    /// <value>Default: 0.2 (±20 %).</value>
    public double JitterFactor { get; init; } = 0.2;

    /// <summary>No two polls closer than this, whatever the backoff, jitter or <c>Retry-After</c> say.</summary>
    /// <value>Default: 250 milliseconds.</value>
    public TimeSpan MinimumInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a wait may take in all before it fails with <see cref="ImmutaOperationTimeoutException"/>.</summary>
    /// <value>Default: 20 minutes.</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>How many polls in a row may fail (network error, 5xx, 429, 408) before the wait gives up with that failure.</summary>
    /// <value>Default: 3.</value>
    public int MaxConsecutiveFailures { get; init; } = 3;

    /// <summary>Throws when a setting is out of range; the message names every setting that is.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate() => SettingProblem.ThrowIfAny(Problems());

    /// <summary>Every setting out of range, keyed by its property name.</summary>
    internal List<SettingProblem> Problems()
    {
        var problems = new List<SettingProblem>();
        Require(problems, InitialDelay >= TimeSpan.Zero, nameof(InitialDelay), "must not be negative", InitialDelay);
        Require(problems, BackoffFactor >= 1.0 && double.IsFinite(BackoffFactor), nameof(BackoffFactor), "must be at least 1", BackoffFactor);
        Require(problems, MaxDelay > TimeSpan.Zero && MaxDelay >= InitialDelay, nameof(MaxDelay), "must be positive and at least InitialDelay", MaxDelay);
        Require(problems, JitterFactor is >= 0.0 and < 1.0, nameof(JitterFactor), "must be in [0, 1)", JitterFactor);
        Require(problems, MinimumInterval >= TimeSpan.Zero && MinimumInterval <= TimeSpan.FromMinutes(1), nameof(MinimumInterval), "must be in [0, 1 minute]", MinimumInterval);
        Require(problems, Timeout > TimeSpan.Zero && Timeout < TimeSpan.FromDays(1), nameof(Timeout), "must be positive and finite (less than a day)", Timeout);
        Require(problems, MaxConsecutiveFailures >= 0, nameof(MaxConsecutiveFailures), "must not be negative", MaxConsecutiveFailures);
        return problems;
    }

    /// <summary>The delay before poll number <paramref name="pollIndex"/> (0 = the first poll), before jitter.</summary>
    /// <param name="pollIndex">How many polls came before.</param>
    /// <returns>The nominal delay.</returns>
    public TimeSpan NominalDelay(int pollIndex) => Resilience.RetryDelay.ForPolling(this, TimeSpan.Zero).Nominal(pollIndex);

    private static void Require(List<SettingProblem> problems, bool condition, string name, string rule, object value)
    {
        if (!condition)
        {
            problems.Add(new SettingProblem($"{nameof(PollingOptions)}.{name}", name, string.Create(CultureInfo.InvariantCulture, $"{rule}; was {value}.")));
        }
    }
}
