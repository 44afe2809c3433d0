using Immuta.Client.Diagnostics;
using Immuta.Client.Http;
using Immuta.Client.Operations;

namespace Immuta.Client;

/// <summary>
/// A create or update that Immuta carries out in the background: the integration is <c>creating</c> or <c>editing</c>
/// until it settles. Poll it with <see cref="UpdateStatusAsync"/>, or wait with
/// <see cref="WaitForCompletionAsync(CancellationToken)"/>; recreate it later from its id with
/// <see cref="IntegrationsClient.ResumeOperation"/>. A delete is an <see cref="IntegrationDeleteOperation"/>, which has no value.
/// </summary>
/// <remarks>One handle is meant for one caller at a time. Members are virtual and the constructor protected for mocking.</remarks>
public class IntegrationOperation
{
    private readonly OperationTracker _tracker = null!;
    private Integration? _value;

    /// <summary>For mocking only.</summary>
    protected IntegrationOperation()
    {
    }

    internal IntegrationOperation(
        IIntegrationStatusSource source, StatusPoller poller, string id, IntegrationOperationKind kind, IntegrationOperationResult? started, bool adopted,
        bool repaired = false, RawResponseRecorder? responses = null)
    {
        if (kind == IntegrationOperationKind.Delete)
        {
            throw new ArgumentException("A delete is an IntegrationDeleteOperation.", nameof(kind));
        }

        _tracker = new OperationTracker(source, poller, id, kind, started, responses);
        WasAdopted = adopted;
        WasRepaired = repaired;
    }

    /// <summary>The integration id.</summary>
    public virtual string Id => _tracker?.Id ?? string.Empty;

    /// <summary>What the operation waits for: <see cref="IntegrationOperationKind.Create"/> or <see cref="IntegrationOperationKind.Update"/>.</summary>
    public virtual IntegrationOperationKind Kind => _tracker?.Kind ?? default;

    /// <summary>The last status seen, or <see langword="null"/> before the first poll of a resumed operation.</summary>
    public virtual IntegrationStatus? Status => _tracker?.Status;

    /// <summary>Whether the integration settled (successfully or not).</summary>
    public virtual bool HasCompleted => _tracker?.HasCompleted ?? false;

    /// <summary>Whether <see cref="Value"/> can be read: the operation settled successfully.</summary>
    public virtual bool HasValue => _value is not null;

    /// <summary>
    /// The settled integration of a successful create or update, as <c>GET /integrations/{id}</c> returned it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The operation has not completed, or failed.</exception>
    public virtual Integration Value
    {
        get
        {
            if (_value is { } value)
            {
                return value;
            }

            var kind = SettleRules.Describe(Kind);
            throw _tracker?.Failure is { } failure
                ? new InvalidOperationException($"The {kind} of integration {Id} failed with status {failure.Status}; it has no value.", failure)
                : new InvalidOperationException($"The {kind} of integration {Id} has not completed (last status {Status?.ToString() ?? "unknown"}); wait for it first.");
        }
    }

    /// <summary>Immuta's answer to the call that started the operation (with its validation results); <see langword="null"/> for a resumed or adopted one.</summary>
    public virtual IntegrationOperationResult? StartResult => _tracker?.StartResult;

    /// <summary>
    /// The last response the operation saw: the answer to the call that started it, then each status poll's and the final
    /// read's, an error's included; status, headers and the start of the body, with secrets masked as in
    /// <see cref="ImmutaApiException.GetRawResponse"/>.
    /// </summary>
    /// <remarks>
    /// Kept: the status, the reason phrase, every header and the first 16 KB of the body as text, of the last response only
    /// (each one replaces the one before). Masked: as in <see cref="ImmutaApiException.GetRawResponse"/> (see
    /// <see cref="ImmutaRawResponse"/>). Cut: the body past 16 KB (<see cref="ImmutaRawResponse.IsContentTruncated"/>). A
    /// success's body is copied as the SDK reads it to build the result, so keeping it reads no byte that reading the result
    /// does not, waits for nothing more, and holds no more than those 16 KB whatever the body's size; an error's body is read
    /// up to 16 KB and the rest left unread.
    /// </remarks>
    /// <returns>The response; <see langword="null"/> for a resumed operation before its first poll.</returns>
    public virtual ImmutaRawResponse? GetRawResponse() => _tracker?.Responses.Last;

    /// <summary>
    /// <see langword="true"/> when <see cref="IntegrationsClient.CreateOrAdoptAsync"/> found an integration of that platform on
    /// that host already and adopted it instead of creating one.
    /// </summary>
    public virtual bool WasAdopted { get; }

    /// <summary>
    /// <see langword="true"/> when <see cref="IntegrationsClient.CreateOrAdoptAsync"/> was told that an integration of that
    /// platform on that host previously failed to create (<see cref="ImmutaRequestRejectedException.ExistingIntegrationId"/>) and
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

        using var span = StartSpan("IntegrationOperation.UpdateStatus");
        try
        {
            var outcome = await _tracker.PollOnceAsync(cancellationToken).ConfigureAwait(false);
            await CompleteAsync(outcome, cancellationToken).ConfigureAwait(false);
            return Status!.Value;
        }
        catch (Exception exception) when (span.Fail(exception))
        {
            throw;
        }
    }

    /// <summary>Waits with the client's <see cref="PollingOptions"/> until the integration settles.</summary>
    /// <param name="cancellationToken">Stops the wait at once; no request is sent after it fires.</param>
    /// <returns>The settled integration.</returns>
    /// <exception cref="ImmutaOperationFailedException">The integration settled in an error status.</exception>
    /// <exception cref="ImmutaOperationTimeoutException">It did not settle within <see cref="PollingOptions.Timeout"/>.</exception>
    public virtual Task<Integration?> WaitForCompletionAsync(CancellationToken cancellationToken = default)
        => WaitForCompletionAsync(null, null, cancellationToken);

    /// <summary>Waits until the integration settles, with your schedule and a report of every status seen.</summary>
    /// <param name="options">The schedule; <see langword="null"/> for the client's.</param>
    /// <param name="progress">Receives every status seen (unknown ones too), with elapsed time and request count.</param>
    /// <param name="cancellationToken">Stops the wait at once; no request is sent after it fires.</param>
    /// <returns>The settled integration.</returns>
    /// <exception cref="ImmutaOperationFailedException">The integration settled in an error status.</exception>
    /// <exception cref="ImmutaOperationTimeoutException">It did not settle within <see cref="PollingOptions.Timeout"/>.</exception>
    public virtual async Task<Integration?> WaitForCompletionAsync(
        PollingOptions? options, IProgress<IntegrationOperationProgress>? progress, CancellationToken cancellationToken = default)
    {
        if (_value is { } value)
        {
            return value;
        }

        using var span = StartSpan("IntegrationOperation.WaitForCompletion");
        try
        {
            return await WaitAsync(options, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (span.Fail(exception))
        {
            throw;
        }
    }

    /// <summary>
    /// The wait itself, in the span of whichever public method waits: <see cref="WaitForCompletionAsync(PollingOptions?, IProgress{IntegrationOperationProgress}?, CancellationToken)"/>
    /// or the <see cref="ImmutaWaitUntil.Completed"/> create or update that made this operation (one call, one trace).
    /// </summary>
    internal async Task<Integration?> WaitAsync(PollingOptions? options, IProgress<IntegrationOperationProgress>? progress, CancellationToken cancellationToken)
    {
        var outcome = await _tracker.WaitAsync(options, progress, cancellationToken).ConfigureAwait(false);
        await CompleteAsync(outcome, cancellationToken).ConfigureAwait(false);
        return _value;
    }

    /// <summary>Prints id, kind and status.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"IntegrationOperation {{ {_tracker} }}";

    private MethodSpan StartSpan(string name)
    {
        var span = MethodSpan.Start(name);
        span.SetTag("immuta.integration.id", Id);
        span.SetTag("immuta.operation.kind", SettleRules.Describe(Kind));
        return span;
    }

    // A success yields the integration as GET /integrations/{id} returns it; the operation completes once it is read.
    private async Task CompleteAsync(SettleOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome == SettleOutcome.Pending)
        {
            return;
        }

        using (_tracker.Responses.Listen())
        {
            _value = await _tracker.Source.GetIntegrationAsync(Id, cancellationToken).ConfigureAwait(false);
        }

        HasWarnings = SettleRules.HasWarnings(outcome);
        _tracker.Complete();
    }
}
