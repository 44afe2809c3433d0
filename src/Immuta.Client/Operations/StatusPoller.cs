using System.Diagnostics;
using System.Runtime.CompilerServices;
using Immuta.Client.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using System.Threading.Channels;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Immuta.Client.Operations;

/// <summary>What one poll saw.</summary>
/// <param name="Status">The status (<see cref="IntegrationStatus.Deleted"/> when the integration is gone).</param>
/// <param name="Gone">The status endpoint answered 404 during a delete.</param>
internal readonly record struct PollObservation(IntegrationStatus Status, bool Gone);

/// <summary>How a status ends (or does not end) a wait.</summary>
internal enum SettleOutcome
{
    Pending,
    Succeeded,
    SucceededWithWarnings,
    Failed,
}

/// <summary>
/// The status poller: one Polly pipeline per client (an outer timeout around a retry strategy that "retries" while the
/// integration is transitional and tolerates a few failed polls), driven by the client's <see cref="TimeProvider"/>.
/// Each wait brings its own <see cref="PollSession"/> (schedule, counters, progress) through the resilience context.
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
                ShouldHandle = static args => ValueTask.FromResult(SessionOf(args.Context).ShouldPollAgain(args.Outcome)),
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
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(SessionKey, session);
        using var activity = ImmutaTelemetry.Source.StartActivity($"wait {Describe(session.Kind)}", ActivityKind.Internal);
        activity?.SetTag("immuta.integration.id", session.Id);
        activity?.SetTag("immuta.operation.kind", Describe(session.Kind));
        var started = TimeProvider.GetTimestamp();
        try
        {
            var settled = await (_pipeline ??= BuildPipeline(TimeProvider)).ExecuteAsync(
                static (ctx, s) => s.PollAsync(ctx.CancellationToken),
                context,
                session).ConfigureAwait(false);
            var status = settled.Status.ToString();
            activity?.SetTag("immuta.integration.status", status);
            activity?.SetTag("immuta.operation.polls", session.StatusRequests);
            var kind = Describe(session.Kind);
            var elapsed = (long)TimeProvider.GetElapsedTime(started).TotalMilliseconds;
            Log.Settled(Logger, session.Id, kind, status, elapsed, session.StatusRequests);
            return settled;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            activity?.SetStatus(ActivityStatusCode.Error);
            activity?.SetTag("error.type", exception is TimeoutRejectedException ? "timeout" : exception.GetType().Name);
            throw Translate(session, exception);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static Exception Translate(PollSession session, Exception exception)
    {
        if (exception is TimeoutRejectedException)
        {
            var last = session.LastStatus is { } status ? $"; last status {status}" : "; no status was read";
            return new ImmutaOperationTimeoutException(
                $"The {Describe(session.Kind)} of integration {session.Id} did not settle within {session.Options.Timeout}{last}.",
                session.Id, session.Kind, session.LastStatus, session.Options.Timeout);
        }

        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception).Throw();
        return exception;
    }

    /// <summary>Streams status changes until the integration settles, using the same pipeline.</summary>
    public async IAsyncEnumerable<IntegrationStatus> WatchAsync(
        IntegrationsClient client, string id, PollingOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        options.Validate();
        var channel = Channel.CreateUnbounded<IntegrationStatus>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        IntegrationStatus? previous = null;
        var progress = new SynchronousProgress(p =>
        {
            if (previous != p.Status)
            {
                previous = p.Status;
                channel.Writer.TryWrite(p.Status);
            }
        });

        // A watch has no "kind": it ends on any settled status, and a 404 (gone) ends it too.
        var session = new PollSession(this, client, id, IntegrationOperationKind.Delete, options, progress, knownStatus: null, watchOnly: true);

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

    internal static string Describe(IntegrationOperationKind kind) => kind switch
    {
        IntegrationOperationKind.Create => "create",
        IntegrationOperationKind.Update => "update",
        _ => "delete",
    };

    /// <summary>How a status ends a wait of this kind.</summary>
    internal static SettleOutcome Classify(IntegrationOperationKind kind, IntegrationStatus status, bool watchOnly = false)
    {
        if (status == IntegrationStatus.Creating || status == IntegrationStatus.Editing
            || status == IntegrationStatus.Deleting || status == IntegrationStatus.Migrating)
        {
            return SettleOutcome.Pending;
        }

        if (watchOnly)
        {
            return IsKnown(status) ? SettleOutcome.Succeeded : SettleOutcome.Pending;
        }

        if (kind == IntegrationOperationKind.Delete)
        {
            if (status == IntegrationStatus.Deleted || status == IntegrationStatus.Disabled)
            {
                return SettleOutcome.Succeeded;
            }

            // Right after the call the status may still show the state before the delete; only deleteError ends it.
            return status == IntegrationStatus.DeleteError ? SettleOutcome.Failed : SettleOutcome.Pending;
        }

        if (status == IntegrationStatus.Enabled)
        {
            return SettleOutcome.Succeeded;
        }

        if (status == IntegrationStatus.RecurringValidationError)
        {
            return SettleOutcome.SucceededWithWarnings;
        }

        return IsKnown(status) ? SettleOutcome.Failed : SettleOutcome.Pending;
    }

    internal static bool IsKnown(IntegrationStatus status)
        => status == IntegrationStatus.Creating || status == IntegrationStatus.Enabled || status == IntegrationStatus.CreateError
        || status == IntegrationStatus.Editing || status == IntegrationStatus.EditError || status == IntegrationStatus.Deleting
        || status == IntegrationStatus.Deleted || status == IntegrationStatus.DeleteError || status == IntegrationStatus.Disabled
        || status == IntegrationStatus.Migrating || status == IntegrationStatus.MigrateError
        || status == IntegrationStatus.RecurringValidationError;

    /// <summary>Whether a failed poll may be followed by another (network error, timeout, 408, 429, 5xx, malformed body).</summary>
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

    private sealed class SynchronousProgress(Action<IntegrationOperationProgress> report) : IProgress<IntegrationOperationProgress>
    {
        public void Report(IntegrationOperationProgress value) => report(value);
    }
}

/// <summary>The state of one wait: schedule, counters, last status, progress.</summary>
internal sealed class PollSession
{
    private readonly StatusPoller _poller;
    private readonly IntegrationsClient _client;
    private readonly IProgress<IntegrationOperationProgress>? _progress;
    private readonly long _started;
    private readonly bool _watchOnly;
    private IntegrationStatus? _pendingKnownStatus;

    public PollSession(
        StatusPoller poller,
        IntegrationsClient client,
        string id,
        IntegrationOperationKind kind,
        PollingOptions options,
        IProgress<IntegrationOperationProgress>? progress,
        IntegrationStatus? knownStatus,
        bool watchOnly = false)
    {
        _poller = poller;
        _client = client;
        Id = id;
        Kind = kind;
        Options = options;
        _progress = progress;
        _pendingKnownStatus = knownStatus;
        _watchOnly = watchOnly;
        _started = poller.TimeProvider.GetTimestamp();
        LastStatus = knownStatus;
    }

    public string Id { get; }

    public IntegrationOperationKind Kind { get; }

    public PollingOptions Options { get; }

    public IntegrationStatus? LastStatus { get; private set; }

    public int StatusRequests { get; private set; }

    public int ConsecutiveFailures { get; private set; }

    public SettleOutcome Classify(PollObservation observation)
        => observation.Gone ? SettleOutcome.Succeeded : StatusPoller.Classify(Kind, observation.Status, _watchOnly);

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
        ImmutaTelemetry.Polls.Add(1, new KeyValuePair<string, object?>("immuta.operation.kind", StatusPoller.Describe(Kind)));
        PollObservation observation;
        try
        {
            var result = await _client.GetStatusAsync(Id, cancellationToken).ConfigureAwait(false);
            observation = new PollObservation(result.Status ?? new IntegrationStatus(string.Empty), Gone: false);
        }
        catch (ImmutaNotFoundException) when (Kind == IntegrationOperationKind.Delete)
        {
            observation = new PollObservation(IntegrationStatus.Deleted, Gone: true);
        }

        LastStatus = observation.Status;
        _progress?.Report(new IntegrationOperationProgress(
            Id, Kind, observation.Status, observation.Gone || StatusPoller.IsKnown(observation.Status),
            _poller.TimeProvider.GetElapsedTime(_started), StatusRequests));
        return observation;
    }

    public bool ShouldPollAgain(Outcome<PollObservation> outcome)
    {
        if (outcome.Exception is { } exception)
        {
            if (exception is OperationCanceledException || !StatusPoller.IsTransient(exception))
            {
                return false;
            }

            ConsecutiveFailures++;
            return ConsecutiveFailures <= Options.MaxConsecutiveFailures;
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
            var kind = StatusPoller.Describe(Kind);
            Log.Polled(_poller.Logger, Id, kind, status, milliseconds);
        }

        return delay;
    }
}
