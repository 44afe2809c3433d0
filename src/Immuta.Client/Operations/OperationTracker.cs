using Immuta.Client.Diagnostics;
using Immuta.Client.Http;

namespace Immuta.Client.Operations;

/// <summary>
/// The state and the waiting shared by <see cref="IntegrationOperation"/> (create, update) and
/// <see cref="IntegrationDeleteOperation"/>: the last status, whether it settled, and a failure once it failed. What a
/// success yields (the integration, or nothing for a delete) is the operation's own business.
/// </summary>
internal sealed class OperationTracker
{
    private readonly IIntegrationStatusSource _source;
    private readonly StatusPoller _poller;
    private ImmutaOperationFailedException? _failure;
    private readonly long _created;
    private bool _sawInProgress;

    public OperationTracker(
        IIntegrationStatusSource source, StatusPoller poller, string id, IntegrationOperationKind kind, IntegrationOperationResult? started, RawResponseRecorder? responses = null)
    {
        Responses = responses ?? new RawResponseRecorder();
        _source = source;
        _poller = poller;
        Id = id;
        Kind = kind;
        StartResult = started;
        Status = started?.Status;
        _sawInProgress = Status is { } status && status == SettleRules.InProgressStatus(kind);
        _created = poller.TimeProvider.GetTimestamp();
    }

    public string Id { get; }

    public IntegrationOperationKind Kind { get; }

    public IntegrationOperationResult? StartResult { get; }

    public IntegrationStatus? Status { get; private set; }

    /// <summary>The responses the operation saw; the last is its <c>GetRawResponse()</c>.</summary>
    public RawResponseRecorder Responses { get; }

    public bool HasCompleted { get; private set; }

    /// <summary>The failure, once the integration settled in one.</summary>
    public ImmutaOperationFailedException? Failure => _failure;

    /// <summary>The source the operation reads its value from.</summary>
    public IIntegrationStatusSource Source => _source;

    /// <summary>Polls once; returns the outcome, and throws the failure when the integration settled in one.</summary>
    public async Task<SettleOutcome> PollOnceAsync(CancellationToken cancellationToken)
    {
        var session = NewSession(_poller.DefaultOptions, progress: null, knownStatus: null);
        var observation = await session.PollAsync(cancellationToken).ConfigureAwait(false);
        Status = observation.Status;
        _sawInProgress = session.SawInProgress;
        return await SettledAsync(session, observation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until the integration settles; returns a successful outcome, throws a failure or a timeout.</summary>
    public async Task<SettleOutcome> WaitAsync(PollingOptions? options, IProgress<IntegrationOperationProgress>? progress, CancellationToken cancellationToken)
    {
        if (_failure is { } failure)
        {
            throw failure;
        }

        options ??= _poller.DefaultOptions;
        options.Validate();
        var session = NewSession(options, progress, Status);
        PollObservation observation;
        try
        {
            observation = await _poller.PollUntilSettledAsync(session, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Ended(OperationTelemetry.Of(exception), session, exception))
        {
            throw; // not reached: Ended records the ending and lets the exception go on
        }
        finally
        {
            Status = session.LastStatus ?? Status;
            _sawInProgress = session.SawInProgress;
        }

        Status = observation.Status;
        return await SettledAsync(session, observation, cancellationToken).ConfigureAwait(false);
    }

    // What a poll saw: pending, or the end of the operation, recorded once (metrics, the operator's log line).
    private async Task<SettleOutcome> SettledAsync(PollSession session, PollObservation observation, CancellationToken cancellationToken)
    {
        var outcome = session.Classify(observation);
        if (outcome == SettleOutcome.Pending)
        {
            return outcome;
        }

        Ended(OperationTelemetry.Of(outcome), session, exception: null);
        return outcome == SettleOutcome.Failed ? throw await FailAsync(observation.Status, cancellationToken).ConfigureAwait(false) : outcome;
    }

    private bool Ended(string outcome, PollSession session, Exception? exception)
    {
        OperationTelemetry.Ended(_poller, Id, Kind, outcome, _created, session.LastStatus ?? Status, session.StatusRequests, exception);
        return false;
    }

    /// <summary>Marks the operation settled (after the operation took what a success yields).</summary>
    public void Complete() => HasCompleted = true;

    public override string ToString()
        => $"Id = {Id}, Kind = {Kind}, Status = {Status?.ToString() ?? "unknown"}, HasCompleted = {HasCompleted}";

    private PollSession NewSession(PollingOptions options, IProgress<IntegrationOperationProgress>? progress, IntegrationStatus? knownStatus)
        => new(_poller, _source, Id, Kind, options, progress, knownStatus, _sawInProgress, Responses);

    private async Task<ImmutaOperationFailedException> FailAsync(IntegrationStatus status, CancellationToken cancellationToken)
    {
        var validation = await ValidationResultsAsync(cancellationToken).ConfigureAwait(false);
        var failed = validation?.FailedTests.Select(t => t.Name).OfType<string>().ToList() ?? [];
        var detail = failed.Count == 0 ? string.Empty : $" Failed checks: {string.Join("; ", failed)}.";
        _failure = new ImmutaOperationFailedException(
            $"The {SettleRules.Describe(Kind)} of integration {Id} {SettleRules.DescribeFailure(Kind, status)}.{detail}", Id, Kind, status, validation);
        HasCompleted = true;
        return _failure;
    }

    // The status endpoint carries no validation results; the integration does. When it cannot be read, the results of
    // the call that started the operation are the best there is.
    private async Task<ValidationResults?> ValidationResultsAsync(CancellationToken cancellationToken)
    {
        try
        {
            Integration integration;
            using (Responses.Listen())
            {
                integration = await _source.GetIntegrationAsync(Id, cancellationToken).ConfigureAwait(false);
            }

            return integration.ValidationResults ?? StartResult?.ValidationResults;
        }
        catch (ImmutaException)
        {
            return StartResult?.ValidationResults;
        }
    }
}
