using System.Diagnostics;

namespace Immuta.Client.Diagnostics;

/// <summary>
/// The <see cref="ActivityKind.Internal"/> span of one public SDK method, named after it (<c>Integrations.Create</c>),
/// as the Azure SDK does: the runtime's HTTP <c>Client</c> spans (one per attempt) and the SDK calls the method makes
/// are its children. It is marked Error, with <c>error.type</c>, only when an exception leaves the method
/// (<see cref="Fail"/>): a 409 that <c>CreateOrAdoptAsync</c> turns into an adoption is no error.
/// </summary>
/// <remarks>
/// Use: <c>using var span = MethodSpan.Start("Integrations.Create"); try { … } catch (Exception e) when (span.Fail(e)) { throw; }</c>
/// (the filter records and returns <see langword="false"/>, so the exception goes on untouched). A listener of the host's
/// that throws when the span starts or ends fails neither the call nor the spans around it: the call goes on as if nobody
/// listened, and <see cref="Activity.Current"/> is what it was.
/// </remarks>
internal readonly struct MethodSpan : IDisposable
{
    private readonly bool _owner;
    private readonly bool _notFoundExpected;
    private readonly Activity? _previous;

    private MethodSpan(Activity? activity, bool owner, Activity? previous)
    {
        Activity = activity;
        _owner = owner;
        _previous = previous;
        _notFoundExpected = ImmutaTelemetry.NotFoundExpected;
    }

    /// <summary>The span, or <see langword="null"/> when nobody listens.</summary>
    public Activity? Activity { get; }

    /// <summary>Starts the span of the public method <paramref name="name"/>.</summary>
    public static MethodSpan Start(string name)
    {
        var previous = Activity.Current;
        try
        {
            return new(ImmutaTelemetry.Source.StartActivity(name, ActivityKind.Internal), owner: true, previous);
        }
#pragma warning disable CA1031 // whatever a listener throws is the listener's failure, not the call's
        catch (Exception)
#pragma warning restore CA1031
        {
            // A listener threw as the span started: the runtime made the span Current before it told the listeners, so
            // those told before the one that threw saw it start. It is stopped for them here (a span seen to start is seen
            // to end); the call goes on without it.
            if (Activity.Current is { } started && !ReferenceEquals(started, previous) && started.Source == ImmutaTelemetry.Source)
            {
                End(started);
            }

            Activity.Current = previous;
            return new(null, owner: true, previous);
        }
    }

    /// <summary>
    /// The span of <paramref name="name"/> for a request the pipeline sends: the method's own span when the method opened
    /// it already (a create, update or delete, which do more than one call, open theirs first), else a new one that ends
    /// with the request.
    /// </summary>
    public static MethodSpan StartOrJoin(string name)
        => Activity.Current is { } current && current.Source == ImmutaTelemetry.Source && current.OperationName == name
            ? new MethodSpan(current, owner: false, current.Parent)
            : Start(name);

    /// <summary>
    /// Records that <paramref name="exception"/> leaves the method: Error, with <c>error.type</c>; a 404 the call expects
    /// (a delete's last poll) is no error. Always <see langword="false"/>, for an exception filter.
    /// </summary>
    public bool Fail(Exception exception)
    {
        if (_owner && Activity is { } activity && !IsExpected(exception))
        {
            activity.SetTag("error.type", ImmutaTelemetry.ErrorType(exception));
            activity.SetStatus(ActivityStatusCode.Error);
        }

        return false;
    }

    /// <summary>Sets a tag (when the span is recorded).</summary>
    public void SetTag(string key, object? value) => Activity?.SetTag(key, value);

    /// <summary>Ends the span if this method opened it.</summary>
    public void Dispose()
    {
        if (_owner && Activity is { } activity)
        {
            End(activity);
            if (ReferenceEquals(Activity.Current, activity))
            {
                Activity.Current = _previous; // a listener threw as it stopped, before the runtime restored the parent
            }
        }
    }

    // Stops a span whatever its listeners do: the runtime marks it stopped before it tells them, so a listener that throws
    // leaves it ended (listeners after that one are not told: the runtime's own loop stops at the throw).
    private static void End(Activity activity)
    {
        try
        {
            activity.Dispose();
        }
#pragma warning disable CA1031 // as in Start: a listener's failure is not the call's
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private bool IsExpected(Exception exception) => _notFoundExpected && exception is ImmutaNotFoundException;
}
