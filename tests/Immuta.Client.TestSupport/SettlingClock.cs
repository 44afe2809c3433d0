using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Immuta.Client.Tests.Support;

/// <summary>
/// A fake clock that moves only once the code under test waits on it. It knows every timer the code holds (created, not
/// yet fired or disposed); the code is settled when the newest timer it created is still pending: after a timer fires,
/// the code either creates its next one (a delay, an attempt's timeout) or finishes. <see cref="DriveAsync"/> then jumps
/// straight to the earliest pending timer, so every wait ends at the exact instant the options say, however slowly the
/// machine runs the code in between.
/// </summary>
/// <remarks>
/// It suits code whose only waits are on this clock (in-memory transports, the poller, the transport handler); a
/// timer created by work still in flight (a call's whole-call deadline) would look like a wait, so such tests set that
/// timeout to infinite.
/// </remarks>
internal sealed class SettlingClock() : FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero))
{
    /// <summary>How long (real time) the code may take between two waits before the test calls it hung.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly List<Entry> _pending = [];
    private Entry? _newest;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether the code waits: its newest timer is still pending and due later.</summary>
    public bool Settled
    {
        get
        {
            lock (_gate)
            {
                return _newest is { } newest && _pending.Contains(newest) && newest.Due > GetUtcNow();
            }
        }
    }

    /// <summary>The earliest instant a pending timer is due, if any.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count == 0 ? null : _pending.Min(e => e.Due);
            }
        }
    }

    /// <summary>
    /// Runs the clock for <paramref name="task"/>: waits until the code settles, jumps to the next pending timer, and so on,
    /// until the task ends or <paramref name="limit"/> has passed on the clock. Returns the time that passed.
    /// </summary>
    public Task<TimeSpan> DriveAsync(Task task, TimeSpan limit) => RunAsync(task, limit, idleIsSettled: false);

    /// <summary>
    /// Moves the clock by <paramref name="total"/>, timer by timer, letting the code run at each (for code that does not
    /// end by itself: a wait to be cancelled, a watch that stopped). Code that holds no timer at all counts as waiting.
    /// </summary>
    public Task AdvanceAsync(TimeSpan total) => RunAsync(new TaskCompletionSource().Task, total, idleIsSettled: true);

    private async Task<TimeSpan> RunAsync(Task task, TimeSpan limit, bool idleIsSettled)
    {
        var start = GetUtcNow();
        var end = start + limit;
        while (await WhenSettledAsync(task, idleIsSettled))
        {
            if (NextDue is not { } due || due > end)
            {
                SetUtcNow(end); // nothing is due before the limit: let the limit pass
                break;
            }

            SetUtcNow(due);
        }

        return GetUtcNow() - start;
    }

    /// <summary>Waits until <paramref name="task"/> ended (false) or the code settled (true).</summary>
    public async Task<bool> WhenSettledAsync(Task task, bool idleIsSettled = false)
    {
        var guard = Task.Delay(HangGuard, TestContext.Current.CancellationToken);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (task.IsCompleted)
                {
                    return false;
                }

                if ((_newest is { } newest && _pending.Contains(newest) && newest.Due > GetUtcNow()) || (idleIsSettled && _pending.Count == 0))
                {
                    return true;
                }

                changed = _changed.Task;
            }

            if (await Task.WhenAny(task, changed, guard) == guard)
            {
                Assert.Fail($"The code neither finished nor waited on the clock within {HangGuard.TotalSeconds} s (real time): it hangs.");
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var entry = new Entry(this);
        var timer = base.CreateTimer(
            s =>
            {
                entry.Fired(period);
                callback(s);
            },
            state,
            dueTime,
            period);
        entry.Timer = timer;
        lock (_gate)
        {
            _newest = entry;
            entry.Schedule(dueTime, period);
        }

        Signal();
        return entry;
    }

    private void Signal()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>One timer of the code: pending from creation (or <see cref="Change"/>) until it fires or is disposed.</summary>
    private sealed class Entry(SettlingClock clock) : ITimer
    {
        public ITimer Timer { get; set; } = null!;

        public DateTimeOffset Due { get; private set; } = DateTimeOffset.MaxValue;

        // Called under the clock's lock.
        public void Schedule(TimeSpan dueTime, TimeSpan period)
        {
            clock._pending.Remove(this);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                Due = clock.GetUtcNow() + dueTime;
                clock._pending.Add(this);
            }
        }

        public void Fired(TimeSpan period)
        {
            lock (clock._gate)
            {
                clock._pending.Remove(this);
                if (period != Timeout.InfiniteTimeSpan && period > TimeSpan.Zero)
                {
                    Due = clock.GetUtcNow() + period;
                    clock._pending.Add(this);
                }
            }

            clock.Signal();
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                Schedule(dueTime, period);
            }

            clock.Signal();
            return Timer.Change(dueTime, period);
        }

        public void Dispose()
        {
            lock (clock._gate)
            {
                clock._pending.Remove(this);
            }

            clock.Signal();
            Timer.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
