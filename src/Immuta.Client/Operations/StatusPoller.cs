using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Immuta.Client.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Immuta.Client.Operations;

/// <summary>What one poll saw.</summary>
/// <param name="Status">The status (<see cref="IntegrationStatus.Deleted"/> when the integration is gone).</param>
/// <param name="Gone">The status endpoint answered 404 during a delete or a watch.</param>
internal readonly record struct PollObservation(IntegrationStatus Status, bool Gone);

/// <summary>
/// The status poller: one Polly pipeline per client (an outer timeout around a retry strategy that "retries" while the
/// integration is transitional and tolerates a few failed polls), driven by the client's <see cref="TimeProvider"/>.
/// Each wait brings its own <see cref="PollSession"/> (schedule, counters, progress) through the resilience context.
/// The deadline is kept to the end: a <c>Retry-After</c> reaching past it ends the wait at once, and when it comes
/// during a delay, one last status check runs before the wait reports a timeout.
/// </summary>
internal sealed class StatusPoller
{
    private static readonly ResiliencePropertyKey<PollSession> SessionKey = new("Immuta.Client.PollSession");

    // Built on the first wait, not with the client: a process that only reads pays nothing for it at start-up.
    private ResiliencePipeline<PollObservation>? _pipeline;

    public StatusPoller(TimeProvider timeProvider, ILogger? logger = null, Func<double>? random = null)
    {
        TimeProvider = timeProvider;
        Logger = logger ?? NullLogger.Instance;
        Random = random ?? System.Random.Shared.NextDouble;
    }

    private static ResiliencePipeline<PollObservation> BuildPipeline(TimeProvider timeProvider)
        => new ResiliencePipelineBuilder<PollObservation> { TimeProvider = timeProvider }
            .AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = static args => ValueTask.FromResult(SessionOf(args.Context).Options.Timeout),
            })
            .AddRetry(new RetryStrategyOptions<PollObservation>
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Constant,
                Delay = TimeSpan.Zero,
                UseJitter = false,
                ShouldHandle = static args => ValueTask.FromResult(SessionOf(args.Context).ShouldPollAgain(args.AttemptNumber, args.Outcome)),
                DelayGenerator = static args => ValueTask.FromResult<TimeSpan?>(SessionOf(args.Context).NextDelay(args.AttemptNumber, args.Outcome)),
            })
            .Build();

    public TimeProvider TimeProvider { get; }

    public ILogger Logger { get; }

    /// <summary>Uniform random numbers in [0, 1) for the jitter; replaceable so a simulation is repeatable.</summary>
    public Func<double> Random { get; set; }

    /// <summary>Polls until the session's integration settles; returns what the last poll saw.</summary>
    public async Task<PollObservation> PollUntilSettledAsync(PollSession session, CancellationToken cancellationToken)
    {
        var kind = SettleRules.Describe(session.Kind);
        using var activity = ImmutaTelemetry.Source.StartActivity(session.Kind is null ? "watch" : $"wait {kind}", ActivityKind.Internal);
        activity?.SetTag("immuta.integration.id", session.Id);
        activity?.SetTag("immuta.operation.kind", kind);
        var started = TimeProvider.GetTimestamp();
        try
        {
            var settled = await RunAsync(session, cancellationToken).ConfigureAwait(false);
            var status = settled.Status.ToString();
            activity?.SetTag("immuta.integration.status", status);
            activity?.SetTag("immuta.operation.polls", session.StatusRequests);
            var elapsed = (long)TimeProvider.GetElapsedTime(started).TotalMilliseconds;
            Log.Settled(Logger, session.Id, kind, status, elapsed, session.StatusRequests);
            return settled;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            activity?.SetStatus(ActivityStatusCode.Error);
            activity?.SetTag("immuta.operation.polls", session.StatusRequests);
            activity?.SetTag("error.type", exception is ImmutaOperationTimeoutException ? "timeout" : exception.GetType().Name);
            throw;
        }
    }

    private async Task<PollObservation> RunAsync(PollSession session, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(SessionKey, session);
        try
        {
            return await (_pipeline ??= BuildPipeline(TimeProvider)).ExecuteAsync(
                static (ctx, s) => s.PollAsync(ctx.CancellationToken),
                context,
                session).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException)
        {
            // The deadline came while waiting (or while a poll was on its way): one last look before calling it a timeout.
            return await LastCheckAsync(session, cancellationToken).ConfigureAwait(false);
        }
        catch (ImmutaApiException exception) when (session.RetryAfterPastDeadline is { } wait)
        {
            throw session.Timeout(
                string.Create(CultureInfo.InvariantCulture, $"Immuta asked to wait {wait.TotalSeconds:0.###} s (Retry-After), past the end of the wait"),
                exception);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static async Task<PollObservation> LastCheckAsync(PollSession session, CancellationToken cancellationToken)
    {
        PollObservation last;
        try
        {
            last = await session.PollAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ImmutaException failure)
        {
            throw session.Timeout(reason: null, failure);
        }

        return session.Classify(last) == SettleOutcome.Pending ? throw session.Timeout(reason: null, innerException: null) : last;
    }

    /// <summary>Streams status changes until the integration settles, using the same pipeline.</summary>
    public async IAsyncEnumerable<IntegrationStatus> WatchAsync(
        IntegrationsClient client, string id, PollingOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        options.Validate();
        var channel = Channel.CreateUnbounded<IntegrationStatus>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        IntegrationStatus? previous = null;
        void OnStatus(IntegrationStatus status)
        {
            if (previous != status)
            {
                previous = status;
                channel.Writer.TryWrite(status);
            }
        }

        // A watch is no operation (kind null): it ends on any settled status, and a 404 (gone) ends it too.
        var session = new PollSession(this, client, id, kind: null, options, progress: null, knownStatus: null, sawInProgress: false, OnStatus);

        // Polling stops when the caller stops enumerating (break, dispose) as well as when its token fires.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        async Task PollAsync()
        {
            try
            {
                await PollUntilSettledAsync(session, stop.Token).ConfigureAwait(false);
                channel.Writer.TryComplete();
            }
            catch (Exception exception)
            {
                channel.Writer.TryComplete(exception);
            }
        }

        // Started inline, not on the thread pool: the polls then follow the client's clock like any other wait.
        var polling = PollAsync();

        try
        {
            await foreach (var status in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return status;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await polling.ConfigureAwait(false);
        }
    }

    /// <summary>Whether a failed poll may be followed by another (network error, timeout, 408, 429, 5xx, malformed body).</summary>
    /// <remarks>401 and 403 are not: a key that is wrong, expired or lacks permission stays so.</remarks>
    internal static bool IsTransient(Exception exception) => exception switch
    {
        ImmutaTransportException => true,
        ImmutaSerializationException => true,
        ImmutaApiException api => (int)api.StatusCode is 408 or 429 or >= 500,
        _ => false,
    };

    /// <summary>
    /// The schedule: the delay before the poll after attempt <paramref name="attemptNumber"/> — the nominal capped
    /// exponential delay spread by the jitter, or the server's <c>Retry-After</c> (capped) — never below the minimum interval.
    /// </summary>
    internal static TimeSpan NextDelay(PollingOptions options, int attemptNumber, TimeSpan? retryAfter, double random)
    {
        TimeSpan delay;
        if (retryAfter is { } asked)
        {
            delay = asked > options.MaxRetryAfter ? options.MaxRetryAfter : asked;
        }
        else
        {
            var nominal = options.NominalDelay(attemptNumber);
            var spread = options.JitterFactor * ((2 * random) - 1);
            delay = TimeSpan.FromTicks((long)(nominal.Ticks * (1 + spread)));
        }

        return delay < options.MinimumInterval ? options.MinimumInterval : delay;
    }

    private static PollSession SessionOf(ResilienceContext context) => context.Properties.GetValue(SessionKey, null!);
}

/// <summary>The state of one wait: schedule, counters, last status, progress.</summary>
internal sealed class PollSession
{
    private readonly StatusPoller _poller;
    private readonly IntegrationsClient _client;
    private readonly IProgress<IntegrationOperationProgress>? _progress;
    private readonly Action<IntegrationStatus>? _onStatus;
    private readonly long _started;
    private IntegrationStatus? _pendingKnownStatus;

    /// <summary>Starts a wait.</summary>
    /// <param name="poller">The poller (clock, logger, jitter).</param>
    /// <param name="client">The client whose status endpoint is polled.</param>
    /// <param name="id">The integration id.</param>
    /// <param name="kind">The operation, or <see langword="null"/> for a watch.</param>
    /// <param name="options">The schedule.</param>
    /// <param name="progress">Receives every status seen by an operation's wait.</param>
    /// <param name="knownStatus">The status the call that started the operation answered, if any: the first poll goes out after the initial delay.</param>
    /// <param name="sawInProgress">Whether the operation's own transitional status was seen before this wait.</param>
    /// <param name="onStatus">Receives every status seen (a watch).</param>
    public PollSession(
        StatusPoller poller,
        IntegrationsClient client,
        string id,
        IntegrationOperationKind? kind,
        PollingOptions options,
        IProgress<IntegrationOperationProgress>? progress,
        IntegrationStatus? knownStatus,
        bool sawInProgress,
        Action<IntegrationStatus>? onStatus = null)
    {
        _poller = poller;
        _client = client;
        Id = id;
        Kind = kind;
        Options = options;
        _progress = progress;
        _onStatus = onStatus;
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

    public SettleOutcome Classify(PollObservation observation)
        => observation.Gone ? SettleOutcome.Succeeded : SettleRules.Classify(Kind, observation.Status, SawInProgress);

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
        ImmutaTelemetry.Polls.Add(1, new KeyValuePair<string, object?>("immuta.operation.kind", SettleRules.Describe(Kind)));
        PollObservation observation;
        try
        {
            var result = await _client.GetStatusAsync(Id, cancellationToken).ConfigureAwait(false);
            observation = new PollObservation(result.Status ?? new IntegrationStatus(string.Empty), Gone: false);
        }
        catch (ImmutaNotFoundException) when (Kind is null or IntegrationOperationKind.Delete)
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
            if (exception is OperationCanceledException || !StatusPoller.IsTransient(exception))
            {
                return false;
            }

            ConsecutiveFailures++;
            if (ConsecutiveFailures > Options.MaxConsecutiveFailures)
            {
                return false;
            }

            // Sleeping past the deadline would only end in a timeout: end the wait now, with the last status seen.
            if (exception is ImmutaApiException { RetryAfter: { } retryAfter }
                && StatusPoller.NextDelay(Options, attemptNumber, retryAfter, 0.5) is var wait && wait >= Remaining)
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
        var delay = StatusPoller.NextDelay(
            Options,
            attemptNumber,
            outcome.Exception is ImmutaApiException { RetryAfter: { } retryAfter } ? retryAfter : null,
            _poller.Random());
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
