using Immuta.Client.Diagnostics;
using Immuta.Client.Http;
using Immuta.Client.Operations;

namespace Immuta.Client;

/// <summary>
/// A delete that Immuta carries out in the background: the integration is <c>deleting</c> until it is gone
/// (<c>deleted</c>, a 404 from the status call, or <c>disabled</c> with <see cref="DeleteIntegrationOptions.ForceDisable"/>).
/// Poll it with <see cref="UpdateStatusAsync"/>, or wait with <see cref="WaitForCompletionAsync(CancellationToken)"/>;
/// recreate it later from its id with <see cref="IntegrationsClient.ResumeDeleteOperation"/>. A delete has no value:
/// that it completed without an exception is the result.
/// </summary>
/// <remarks>One handle is meant for one caller at a time. Members are virtual and the constructor protected for mocking.</remarks>
public class IntegrationDeleteOperation
{
    private readonly OperationTracker _tracker = null!;

    /// <summary>For mocking only.</summary>
    protected IntegrationDeleteOperation()
    {
    }

    internal IntegrationDeleteOperation(IIntegrationStatusSource source, StatusPoller poller, string id, IntegrationOperationResult? started, RawResponseRecorder? responses = null)
    {
        _tracker = new OperationTracker(source, poller, id, IntegrationOperationKind.Delete, started, responses);
    }

    /// <summary>The integration id.</summary>
    public virtual string Id => _tracker?.Id ?? string.Empty;

    /// <summary>The last status seen, or <see langword="null"/> before the first poll of a resumed delete.</summary>
    public virtual IntegrationStatus? Status => _tracker?.Status;

    /// <summary>Whether the delete settled: the integration is gone, or the delete failed or was rolled back.</summary>
    public virtual bool HasCompleted => _tracker?.HasCompleted ?? false;

    /// <summary>Immuta's answer to the <c>DELETE</c> (with its validation results); <see langword="null"/> for a resumed one.</summary>
    public virtual IntegrationOperationResult? StartResult => _tracker?.StartResult;

    /// <summary>
    /// The last response the delete saw: the answer to the <c>DELETE</c>, then each status poll's (the 404 that says the
    /// integration is gone included); status, headers and the start of the body, with secrets masked as in
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
    /// <returns>The response; <see langword="null"/> for a resumed delete before its first poll.</returns>
    public virtual ImmutaRawResponse? GetRawResponse() => _tracker?.Responses.Last;

    /// <summary>Polls the status once; when the integration is gone, completes the delete.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The status seen (<see cref="IntegrationStatus.Deleted"/> after a 404).</returns>
    /// <exception cref="ImmutaOperationFailedException">The delete settled in <c>deleteError</c> or was rolled back.</exception>
    public virtual async Task<IntegrationStatus> UpdateStatusAsync(CancellationToken cancellationToken = default)
    {
        if (HasCompleted)
        {
            return Status!.Value;
        }

        using var span = StartSpan("IntegrationDeleteOperation.UpdateStatus");
        try
        {
            if (await _tracker.PollOnceAsync(cancellationToken).ConfigureAwait(false) != SettleOutcome.Pending)
            {
                _tracker.Complete();
            }

            return Status!.Value;
        }
        catch (Exception exception) when (span.Fail(exception))
        {
            throw;
        }
    }

    /// <summary>Waits with the client's <see cref="PollingOptions"/> until the integration is gone.</summary>
    /// <param name="cancellationToken">Stops the wait at once; no request is sent after it fires.</param>
    /// <returns>A task that completes when the integration is gone.</returns>
    /// <exception cref="ImmutaOperationFailedException">The delete settled in <c>deleteError</c> or was rolled back.</exception>
    /// <exception cref="ImmutaOperationTimeoutException">It did not settle within <see cref="PollingOptions.Timeout"/>.</exception>
    public virtual Task WaitForCompletionAsync(CancellationToken cancellationToken = default)
        => WaitForCompletionAsync(null, null, cancellationToken);

    /// <summary>Waits until the integration is gone, with your schedule and a report of every status seen.</summary>
    /// <param name="options">The schedule; <see langword="null"/> for the client's.</param>
    /// <param name="progress">Receives every status seen (unknown ones too), with elapsed time and request count.</param>
    /// <param name="cancellationToken">Stops the wait at once; no request is sent after it fires.</param>
    /// <returns>A task that completes when the integration is gone.</returns>
    /// <exception cref="ImmutaOperationFailedException">The delete settled in <c>deleteError</c> or was rolled back.</exception>
    /// <exception cref="ImmutaOperationTimeoutException">It did not settle within <see cref="PollingOptions.Timeout"/>.</exception>
    public virtual async Task WaitForCompletionAsync(
        PollingOptions? options, IProgress<IntegrationOperationProgress>? progress, CancellationToken cancellationToken = default)
    {
        if (HasCompleted && _tracker.Failure is null)
        {
            return;
        }

        using var span = StartSpan("IntegrationDeleteOperation.WaitForCompletion");
        try
        {
            await WaitAsync(options, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (span.Fail(exception))
        {
            throw;
        }
    }

    /// <summary>
    /// The wait itself, in the span of whichever public method waits: <see cref="WaitForCompletionAsync(PollingOptions?, IProgress{IntegrationOperationProgress}?, CancellationToken)"/>
    /// or the <see cref="ImmutaWaitUntil.Completed"/> delete that made this operation (one call, one trace).
    /// </summary>
    internal async Task WaitAsync(PollingOptions? options, IProgress<IntegrationOperationProgress>? progress, CancellationToken cancellationToken)
    {
        await _tracker.WaitAsync(options, progress, cancellationToken).ConfigureAwait(false);
        _tracker.Complete();
    }

    private MethodSpan StartSpan(string name)
    {
        var span = MethodSpan.Start(name);
        span.SetTag("immuta.integration.id", Id);
        span.SetTag("immuta.operation.kind", "delete");
        return span;
    }

    /// <summary>Prints id and status.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"IntegrationDeleteOperation {{ {_tracker} }}";
}
