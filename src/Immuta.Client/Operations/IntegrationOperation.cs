using Immuta.Client.Operations;

namespace Immuta.Client;

/// <summary>
/// A create, update or delete that Immuta carries out in the background: the integration is <c>creating</c>,
/// <c>editing</c> or <c>deleting</c> until it settles. Poll it with <see cref="UpdateStatusAsync"/>, or wait with
/// <see cref="WaitForCompletionAsync(CancellationToken)"/>; recreate it later from its id with
/// <see cref="IntegrationsClient.ResumeOperation"/>.
/// </summary>
/// <remarks>One handle is meant for one caller at a time. Members are virtual and the constructor protected for mocking.</remarks>
public class IntegrationOperation
{
    private readonly IntegrationsClient _client = null!;
    private Integration? _value;
    private ImmutaOperationFailedException? _failure;
    private bool _sawInProgress;

    /// <summary>For mocking only.</summary>
    protected IntegrationOperation()
    {
        Id = string.Empty;
    }

    internal IntegrationOperation(IntegrationsClient client, string id, IntegrationOperationKind kind, IntegrationOperationResult? started, bool adopted, bool repaired = false)
    {
        _client = client;
        Id = id;
        Kind = kind;
        StartResult = started;
        WasAdopted = adopted;
        WasRepaired = repaired;
        Status = started?.Status;
        _sawInProgress = Status is { } status && status == SettleRules.InProgressStatus(kind);
    }

    /// <summary>The integration id.</summary>
    public virtual string Id { get; }

    /// <summary>What the operation waits for.</summary>
    public virtual IntegrationOperationKind Kind { get; }

    /// <summary>The last status seen, or <see langword="null"/> before the first poll of a resumed operation.</summary>
    public virtual IntegrationStatus? Status { get; private set; }

    /// <summary>Whether the integration settled (successfully or not).</summary>
    public virtual bool HasCompleted { get; private set; }

    /// <summary>Whether <see cref="Value"/> can be read: a create or update that settled successfully.</summary>
    public virtual bool HasValue => _value is not null;

    /// <summary>
    /// The settled integration of a successful create or update, as <c>GET /integrations/{id}</c> returned it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The operation has not completed, failed, or is a delete (which has no value).</exception>
    public virtual Integration Value
    {
        get
        {
            if (_value is { } value)
            {
                return value;
            }

            if (_failure is { } failure)
            {
                throw new InvalidOperationException($"The {SettleRules.Describe(Kind)} of integration {Id} failed with status {failure.Status}; it has no value.", failure);
            }

            throw new InvalidOperationException(HasCompleted
                ? $"The delete of integration {Id} completed; a delete has no value."
                : $"The {SettleRules.Describe(Kind)} of integration {Id} has not completed (last status {Status?.ToString() ?? "unknown"}); wait for it first.");
        }
    }

    /// <summary>Immuta's answer to the call that started the operation (with its validation results); <see langword="null"/> for a resumed or adopted one.</summary>
    public virtual IntegrationOperationResult? StartResult { get; }

    /// <summary>
    /// <see langword="true"/> when <see cref="IntegrationsClient.CreateOrAdoptAsync"/> found an integration of that platform on
    /// that host already and adopted it instead of creating one.
    /// </summary>
    public virtual bool WasAdopted { get; }

    /// <summary>
    /// <see langword="true"/> when <see cref="IntegrationsClient.CreateOrAdoptAsync"/> was told that an integration of that
    /// platform on that host previously failed to create (<see cref="ImmutaValidationException.ExistingIntegrationId"/>) and
    /// sent the definition to it with <c>PUT /integrations/{id}</c>, as Immuta asks: the operation is then that update
    /// (<see cref="Kind"/> is <see cref="IntegrationOperationKind.Update"/>, <see cref="StartResult"/> is the PUT's answer).
    /// </summary>
    public virtual bool WasRepaired { get; }

    /// <summary>
    /// <see langword="true"/> when the integration settled in <c>recurringValidationError</c>: in use, but its periodic
    /// validation failed (see the validation results of <see cref="Value"/>).
    /// </summary>
    public virtual bool HasWarnings { get; private set; }

    /// <summary>Polls the status once; when the integration settled, completes the operation.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The status seen.</returns>
    /// <exception cref="ImmutaOperationFailedException">The integration settled in an error status.</exception>
    public virtual async Task<IntegrationStatus> UpdateStatusAsync(CancellationToken cancellationToken = default)
    {
        if (HasCompleted)
        {
            return Status!.Value;
        }

        var session = NewSession(_client.DefaultPolling, progress: null, knownStatus: null);
        var observation = await session.PollAsync(cancellationToken).ConfigureAwait(false);
        Status = observation.Status;
        _sawInProgress = session.SawInProgress;
        if (session.Classify(observation) != SettleOutcome.Pending)
        {
            await CompleteAsync(session, observation, cancellationToken).ConfigureAwait(false);
        }

        return observation.Status;
    }

    /// <summary>Waits with the client's <see cref="PollingOptions"/> until the integration settles.</summary>
    /// <param name="cancellationToken">Stops the wait at once; no request is sent after it fires.</param>
    /// <returns>The settled integration, or <see langword="null"/> for a delete.</returns>
    /// <exception cref="ImmutaOperationFailedException">The integration settled in an error status.</exception>
    /// <exception cref="ImmutaOperationTimeoutException">It did not settle within <see cref="PollingOptions.Timeout"/>.</exception>
    public virtual Task<Integration?> WaitForCompletionAsync(CancellationToken cancellationToken = default)
        => WaitForCompletionAsync(null, null, cancellationToken);

    /// <summary>Waits until the integration settles, with your schedule and a report of every status seen.</summary>
    /// <param name="options">The schedule; <see langword="null"/> for the client's.</param>
    /// <param name="progress">Receives every status seen (unknown ones too), with elapsed time and request count.</param>
    /// <param name="cancellationToken">Stops the wait at once; no request is sent after it fires.</param>
    /// <returns>The settled integration, or <see langword="null"/> for a delete.</returns>
    /// <exception cref="ImmutaOperationFailedException">The integration settled in an error status.</exception>
    /// <exception cref="ImmutaOperationTimeoutException">It did not settle within <see cref="PollingOptions.Timeout"/>.</exception>
    public virtual async Task<Integration?> WaitForCompletionAsync(
        PollingOptions? options, IProgress<IntegrationOperationProgress>? progress, CancellationToken cancellationToken = default)
    {
        if (_failure is { } failure)
        {
            throw failure;
        }

        if (HasCompleted)
        {
            return _value;
        }

        options ??= _client.DefaultPolling;
        options.Validate();
        var session = NewSession(options, progress, Status);
        PollObservation observation;
        try
        {
            observation = await _client.Poller.PollUntilSettledAsync(session, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Status = session.LastStatus ?? Status;
            _sawInProgress = session.SawInProgress;
        }

        Status = observation.Status;
        await CompleteAsync(session, observation, cancellationToken).ConfigureAwait(false);
        return _value;
    }

    /// <summary>Prints id, kind and status.</summary>
    /// <returns>A short description.</returns>
    public override string ToString()
        => $"IntegrationOperation {{ Id = {Id}, Kind = {Kind}, Status = {Status?.ToString() ?? "unknown"}, HasCompleted = {HasCompleted} }}";

    private PollSession NewSession(PollingOptions options, IProgress<IntegrationOperationProgress>? progress, IntegrationStatus? knownStatus)
        => new(_client.Poller, _client, Id, Kind, options, progress, knownStatus, _sawInProgress);

    private async Task CompleteAsync(PollSession session, PollObservation observation, CancellationToken cancellationToken)
    {
        switch (session.Classify(observation))
        {
            case SettleOutcome.Succeeded or SettleOutcome.SucceededWithWarnings when Kind == IntegrationOperationKind.Delete:
                HasCompleted = true;
                break;
            case SettleOutcome.Succeeded or SettleOutcome.SucceededWithWarnings:
                _value = await _client.GetAsync(Id, cancellationToken).ConfigureAwait(false);
                HasWarnings = observation.Status == IntegrationStatus.RecurringValidationError;
                HasCompleted = true;
                break;
            case SettleOutcome.Failed:
                var validation = await ValidationResultsAsync(cancellationToken).ConfigureAwait(false);
                var failed = validation?.FailedTests.Select(t => t.Name).OfType<string>().ToList() ?? [];
                var detail = failed.Count == 0 ? string.Empty : $" Failed checks: {string.Join("; ", failed)}.";
                var how = Kind == IntegrationOperationKind.Delete && observation.Status != IntegrationStatus.DeleteError
                    ? $"was rolled back: the integration is {observation.Status} again"
                    : $"failed with status {observation.Status}";
                _failure = new ImmutaOperationFailedException(
                    $"The {SettleRules.Describe(Kind)} of integration {Id} {how}.{detail}", Id, Kind, observation.Status, validation);
                HasCompleted = true;
                throw _failure;
        }
    }

    // The status endpoint carries no validation results; the integration does. When it cannot be read, the results of
    // the call that started the operation are the best there is.
    private async Task<ValidationResults?> ValidationResultsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var integration = await _client.GetAsync(Id, cancellationToken).ConfigureAwait(false);
            return integration.ValidationResults ?? StartResult?.ValidationResults;
        }
        catch (ImmutaException)
        {
            return StartResult?.ValidationResults;
        }
    }
}
