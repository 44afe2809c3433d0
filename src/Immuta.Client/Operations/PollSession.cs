using System.Diagnostics;
using System.Globalization;
using Immuta.Client.Diagnostics;
using Immuta.Client.Http;
using Immuta.Client.Resilience;
using Polly;

namespace Immuta.Client.Operations;

/// <summary>The state of one wait: schedule, counters, last status, progress.</summary>
internal sealed class PollSession
{
    private readonly StatusPoller _poller;
    private readonly IIntegrationStatusSource _source;
    private readonly RetryDelay _delay;
    private readonly IProgress<IntegrationOperationProgress>? _progress;
    private readonly Action<IntegrationStatus>? _onStatus;
    private readonly RawResponseRecorder? _responses;
    private readonly long _started;
    private IntegrationStatus? _pendingKnownStatus;

    /// <summary>Starts a wait.</summary>
    /// <param name="poller">The poller (clock, logger, jitter).</param>
    /// <param name="source">Where the status is read.</param>
    /// <param name="id">The integration id.</param>
    /// <param name="kind">The operation, or <see langword="null"/> for a watch.</param>
    /// <param name="options">The schedule.</param>
    /// <param name="progress">Receives every status seen by an operation's wait.</param>
    /// <param name="knownStatus">The status the call that started the operation answered, if any: the first poll goes out after the initial delay.</param>
    /// <param name="sawInProgress">Whether the operation's own transitional status was seen before this wait.</param>
    /// <param name="responses">Keeps each poll's response for the operation (<see langword="null"/> for a watch).</param>
    /// <param name="onStatus">Receives every status seen (a watch).</param>
    public PollSession(
        StatusPoller poller,
        IIntegrationStatusSource source,
        string id,
        IntegrationOperationKind? kind,
        PollingOptions options,
        IProgress<IntegrationOperationProgress>? progress,
        IntegrationStatus? knownStatus,
        bool sawInProgress,
        RawResponseRecorder? responses = null,
        Action<IntegrationStatus>? onStatus = null)
    {
        _poller = poller;
        _source = source;
        _delay = RetryDelay.ForPolling(options, poller.MaxRetryAfter);
        Id = id;
        Kind = kind;
        Options = options;
        _progress = progress;
        _onStatus = onStatus;
        _responses = responses;
        _pendingKnownStatus = knownStatus;
        _started = poller.TimeProvider.GetTimestamp();
        LastStatus = knownStatus;
        SawInProgress = sawInProgress || (knownStatus is { } known && known == SettleRules.InProgressStatus(kind));
    }

    public string Id { get; }

    /// <summary>The operation, or <see langword="null"/> for a watch.</summary>
    public IntegrationOperationKind? Kind { get; }

    public PollingOptions Options { get; }

    public IntegrationStatus? LastStatus { get; private set; }

    /// <summary>Whether the operation's own transitional status (<c>deleting</c> for a delete) has been seen.</summary>
    public bool SawInProgress { get; private set; }

    public int StatusRequests { get; private set; }

    public int ConsecutiveFailures { get; private set; }

    /// <summary>The wait the server asked for when it reached past the deadline (the wait then ends at once).</summary>
    public TimeSpan? RetryAfterPastDeadline { get; private set; }

    public SettleOutcome Classify(PollObservation observation) => SettleRules.Classify(Kind, observation, SawInProgress);

    /// <summary>
    /// One attempt. The first attempt of a wait that already knows the status (from the create, update or delete answer)
    /// sends nothing: the first request goes out after <see cref="PollingOptions.InitialDelay"/>.
    /// </summary>
    public async ValueTask<PollObservation> PollAsync(CancellationToken cancellationToken)
    {
        if (_pendingKnownStatus is { } known)
        {
            _pendingKnownStatus = null;
            return new PollObservation(known, Gone: false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        StatusRequests++;
        ImmutaTelemetry.Add(ImmutaTelemetry.Polls, 1, new TagList
        {
            { "immuta.operation.kind", SettleRules.Describe(Kind) },
            { "server.address", _poller.Server?.Host },
            { "server.port", _poller.Server?.Port },
        });
        PollObservation observation;
        try
        {
            // A delete's or a watch's last poll expects a 404: its span and duration do not count it as an error.
            Task<IntegrationStatusResult> request;
            using (ImmutaTelemetry.ExpectNotFound(SettleRules.NotFoundMeansGone(Kind)))
            using (_responses?.Listen())
            {
                request = _source.GetStatusAsync(Id, cancellationToken);
            }

            var result = await request.ConfigureAwait(false);
            // The client refuses an answer without a status (the status reader requires it); a substitute's null would
            // otherwise be polled again until the timeout, as a status that never settles.
            observation = new PollObservation(
                result.Status ?? throw new ImmutaSerializationException($"The status of integration {Id} came back without a status, so the wait cannot go on.", null) { JsonPath = "$.status" },
                Gone: false);
        }
        catch (ImmutaNotFoundException) when (SettleRules.NotFoundMeansGone(Kind))
        {
            observation = new PollObservation(IntegrationStatus.Deleted, Gone: true);
        }

        LastStatus = observation.Status;
        SawInProgress |= observation.Status == SettleRules.InProgressStatus(Kind);
        if (Kind is { } kind)
        {
            _progress?.Report(new IntegrationOperationProgress(
                Id, kind, observation.Status, observation.Gone || SettleRules.IsKnown(observation.Status),
                _poller.TimeProvider.GetElapsedTime(_started), StatusRequests));
        }
        else
        {
            _onStatus?.Invoke(observation.Status);
        }

        return observation;
    }

    public bool ShouldPollAgain(int attemptNumber, Outcome<PollObservation> outcome)
    {
        if (outcome.Exception is { } exception)
        {
            if (!TransientFailures.IsTransient(exception))
            {
                return false;
            }

            ConsecutiveFailures++;
            if (ConsecutiveFailures > Options.MaxConsecutiveFailures)
            {
                return false;
            }

            // Sleeping past the deadline would only end in a timeout: end the wait now, with the last status seen.
            if (TransientFailures.RetryAfterOf(exception) is { } retryAfter && _delay.Next(attemptNumber, retryAfter, 0.5) >= Remaining)
            {
                RetryAfterPastDeadline = retryAfter;
                return false;
            }

            return true;
        }

        ConsecutiveFailures = 0;
        return Classify(outcome.Result) == SettleOutcome.Pending;
    }

    public TimeSpan NextDelay(int attemptNumber, Outcome<PollObservation> outcome)
    {
        var delay = _delay.Next(attemptNumber, outcome.Exception is { } exception ? TransientFailures.RetryAfterOf(exception) : null, _poller.Random());
        var milliseconds = (long)delay.TotalMilliseconds;
        if (outcome.Exception is { } failure)
        {
            var reason = failure is ImmutaApiException api ? $"status {(int)api.StatusCode}" : failure.GetType().Name;
            Log.PollFailed(_poller.Logger, Id, ConsecutiveFailures, milliseconds, reason);
        }
        else
        {
            var status = outcome.Result.Status.ToString();
            var kind = SettleRules.Describe(Kind);
            Log.Polled(_poller.Logger, Id, kind, status, milliseconds);
        }

        return delay;
    }

    /// <summary>The timeout of this wait, with what it saw: the last status and how many status requests it sent.</summary>
    /// <param name="reason">Why it ends before the deadline, if it does.</param>
    /// <param name="innerException">The failure that ended it, if any.</param>
    public ImmutaOperationTimeoutException Timeout(string? reason, Exception? innerException)
    {
        var what = Kind is { } kind ? $"The {SettleRules.Describe(kind)} of integration {Id}" : $"Integration {Id} (watched)";
        var last = LastStatus is { } status ? $"last status {status}" : "no status was read";
        var requests = StatusRequests == 1 ? "1 status request" : $"{StatusRequests.ToString(CultureInfo.InvariantCulture)} status requests";
        var message = reason is null
            ? $"{what} did not settle within {Options.Timeout:c} ({requests}); {last}."
            : $"{what} cannot settle within {Options.Timeout:c}: {reason} ({requests}); {last}.";
        return new ImmutaOperationTimeoutException(message, Id, Kind, LastStatus, Options.Timeout, StatusRequests, innerException);
    }

    /// <summary>What is left of the wait's timeout.</summary>
    private TimeSpan Remaining => Options.Timeout - _poller.TimeProvider.GetElapsedTime(_started);
}
