namespace Immuta.Client.Testing;

/// <summary>
/// The state and behaviour of the fake Immuta, independent of the HTTP server: routes the 13 endpoints, keeps the
/// integrations in memory and moves them through their documented statuses on the injected clock. Thread-safe (one lock).
/// Each request is one transaction: it is journaled once, and either all its changes happen or none (an unexpected
/// failure restores the state it found).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "_stopping is cancelled by Stop, never disposed: it holds no timer, and a request arriving as the fake stops still links its token.")]
internal sealed partial class FakeImmutaEngine
{
    private readonly object _gate = new();
    private readonly FakeImmutaServerOptions _options;
    private readonly SortedDictionary<long, FakeIntegration> _integrations = [];
    private readonly List<FakeRequest> _journal = [];
    private readonly Queue<FakeFault> _faults = new();
    private readonly Dictionary<FakeRequestKind, (int Status, string Message)> _rejections = [];
    private readonly Dictionary<IntegrationOperationKind, ValidationTest> _failures = [];
    private readonly HashSet<FakeRequestKind> _prerequisiteFailures = [];
    private long _nextId = 1;

    // Cancelled when the fake stops: ends every answer still held back (FakeHttpResponse.HeldBack) and its timer. Never
    // disposed: it holds no timer, and a request still arriving as the fake stops links its token.
    private readonly CancellationTokenSource _stopping = new();

    // Cancelled (and replaced) by Reset: ends every answer held back from before it, whose state the reset forgot. Never
    // disposed, for the same reasons as _stopping.
    private CancellationTokenSource _resetting = new();

    public FakeImmutaEngine(FakeImmutaServerOptions options) => _options = options;

    /// <summary>Whether <see cref="Stop"/> was called.</summary>
    public bool IsStopped => _stopping.IsCancellationRequested;

    /// <summary>
    /// Ends every answer held back, now and later (it ends cancelled and its timer is disposed): the fake is stopping,
    /// and nobody will be answered.
    /// </summary>
    public void Stop() => _stopping.Cancel();

    private DateTimeOffset Now => _options.TimeProvider.GetUtcNow();

    public IReadOnlyList<Integration> Snapshot()
    {
        lock (_gate)
        {
            return _integrations.Values.Select(i => { Settle(i, poll: false); return i; }).Where(i => !i.Removed).Select(Read).ToList();
        }
    }

    /// <summary>
    /// Forgets everything, and ends every answer held back from before (as <see cref="Stop"/> does, the fake still
    /// running): none is given later, with the state of before, to a test that started anew.
    /// </summary>
    public void Reset()
    {
        CancellationTokenSource held;
        lock (_gate)
        {
            held = _resetting;
            _resetting = new CancellationTokenSource();
            _integrations.Clear();
            _journal.Clear();
            _faults.Clear();
            _rejections.Clear();
            _failures.Clear();
            _prerequisiteFailures.Clear();
            _nextId = 1;
        }

        // Outside the lock: the holds end on this thread, and what they run next (closing a connection) takes no part of it.
        held.Cancel();
    }

    /// <summary>Answers one request: journals it, and changes the state or nothing.</summary>
    /// <param name="request">The request.</param>
    /// <param name="requestAborted">Cancelled when the client stops waiting: ends a held answer (<see cref="FakeHttpResponse.HeldBack"/>).</param>
    public FakeHttpResponse Handle(FakeHttpRequest request, CancellationToken requestAborted)
    {
        lock (_gate)
        {
            var before = new State(this);
            FakeHttpResponse response;
            try
            {
                response = HandleLocked(request, requestAborted);
            }
#pragma warning disable CA1031 // Any failure of the fake itself: the request changes nothing and is answered and journaled.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                before.Restore(this);
                response = FakeHttpResponse.Error(500, "Internal Server Error", $"FakeImmutaServer failed on {request.Method} {request.Path} ({exception.GetType().Name}); nothing was changed.");
            }

            Record(request, response.StatusCode);
            return response;
        }
    }
}
