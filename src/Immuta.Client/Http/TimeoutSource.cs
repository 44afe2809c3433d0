using System.Globalization;

namespace Immuta.Client.Http;

/// <summary>
/// A cancellation source that fires when a token fires or after a timeout measured on a <see cref="TimeProvider"/> (a
/// fake one in tests): the one timer of a transport attempt, or of a whole call. <see cref="TimedOut"/> tells the two
/// causes apart, and <see cref="TimeoutError"/> says which setting ran out.
/// </summary>
internal sealed class TimeoutSource : CancellationTokenSource
{
    private readonly CancellationToken _token;
    private readonly CancellationTokenRegistration _link;
    private readonly ITimer? _timer;
    private readonly TimeSpan _limit;
    private readonly string _setting;

    private TimeoutSource(TimeSpan dueIn, TimeSpan limit, string setting, TimeProvider timeProvider, CancellationToken token)
    {
        _token = token;
        _limit = limit;
        _setting = setting;
        _link = token.UnsafeRegister(static state => ((TimeoutSource)state!).TryCancel(), this);
        if (timeProvider == TimeProvider.System)
        {
            CancelAfter(dueIn); // the source's own timer: one allocation less than a TimeProvider timer
        }
        else
        {
            _timer = timeProvider.CreateTimer(static state => ((TimeoutSource)state!).TryCancel(), this, dueIn, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Whether the timeout ran out (rather than the linked token firing).</summary>
    public bool TimedOut => IsCancellationRequested && !_token.IsCancellationRequested;

    /// <summary>
    /// Starts a source cancelled by <paramref name="token"/> or after <paramref name="dueIn"/>; <see langword="null"/>
    /// when that is infinite (there is nothing to add to the token).
    /// </summary>
    /// <param name="dueIn">When the timer fires.</param>
    /// <param name="limit">The setting's value, for the message (what is left of it may be less).</param>
    /// <param name="setting">The setting that ran out, such as <c>NetworkTimeout</c>.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="token">The token the source follows.</param>
    public static TimeoutSource? Start(TimeSpan dueIn, TimeSpan limit, string setting, TimeProvider timeProvider, CancellationToken token)
        => dueIn == Timeout.InfiniteTimeSpan ? null : new TimeoutSource(dueIn, limit, setting, timeProvider, token);

    /// <summary>The exception a request, or a read of its body, fails with once this source timed out.</summary>
    public TimeoutException TimeoutError(Exception? cause) => TimedOutAfter(_limit, _setting, cause);

    /// <summary>The exception a request fails with when <paramref name="setting"/> (<paramref name="limit"/>) ran out.</summary>
    public static TimeoutException TimedOutAfter(TimeSpan limit, string setting, Exception? cause)
        => new(string.Create(CultureInfo.InvariantCulture, $"No complete answer within {limit.TotalSeconds:0.###} s ({setting})."), cause);

    private void TryCancel()
    {
        try
        {
            Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the work ended first
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _link.Dispose();
            _timer?.Dispose();
        }

        base.Dispose(disposing);
    }
}
