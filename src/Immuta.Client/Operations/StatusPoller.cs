using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Immuta.Client.Diagnostics;
using Immuta.Client.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Immuta.Client.Operations;

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

    /// <summary>Creates the poller of a client.</summary>
    /// <param name="options">The client's options: clock, randomness, default schedule and the one <c>Retry-After</c> cap.</param>
    /// <param name="logger">Where polls are logged.</param>
    /// <param name="server">The client's endpoint: the <c>server.address</c> and <c>server.port</c> of the operation metrics.</param>
    public StatusPoller(ImmutaClientOptions options, ILogger logger, Uri? server = null)
    {
        Server = server;
        TimeProvider = options.TimeProvider;
        Random = options.Randomizer;
        DefaultOptions = options.Polling;
        MaxRetryAfter = options.Retry.MaxRetryAfter;
        Logger = logger;
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

    /// <summary>The client's endpoint, when known.</summary>
    public Uri? Server { get; }

    /// <summary>Uniform random numbers in [0, 1) for the jitter (<see cref="ImmutaClientOptions.Randomizer"/>).</summary>
    public Func<double> Random { get; }

    /// <summary>The client's schedule, for a wait that brings none.</summary>
    public PollingOptions DefaultOptions { get; }

    /// <summary>The server's <c>Retry-After</c> is honoured up to this (<see cref="ImmutaRetryOptions.MaxRetryAfter"/>).</summary>
    public TimeSpan MaxRetryAfter { get; }

    /// <summary>
    /// Polls until the session's integration settles; returns what the last poll saw. The wait is one span, the child of
    /// the method that waits: <c>wait</c> for an operation, <c>Integrations.WatchStatus</c> for a watch (the method
    /// itself); each poll (<c>Integrations.GetStatus</c>) is its child.
    /// </summary>
    public async Task<PollObservation> PollUntilSettledAsync(PollSession session, CancellationToken cancellationToken)
    {
        using var span = MethodSpan.Start(session.Kind is null ? "Integrations.WatchStatus" : ImmutaTelemetry.WaitSpan);
        span.SetTag("immuta.integration.id", session.Id);
        span.SetTag("immuta.operation.kind", SettleRules.Describe(session.Kind));
        try
        {
            var settled = await RunAsync(session, cancellationToken).ConfigureAwait(false);
            var status = settled.Status.ToString();
            span.SetTag("immuta.integration.status", status);
            if (session.Kind is null)
            {
                Log.WatchEnded(Logger, session.Id, status, session.StatusRequests);
            }

            return settled;
        }
        catch (Exception exception) when (span.Fail(exception))
        {
            throw;
        }
        finally
        {
            span.SetTag("immuta.operation.polls", session.StatusRequests);
        }
    }

    private async Task<PollObservation> RunAsync(PollSession session, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(SessionKey, session);
        try
        {
            return await (_pipeline ??= BuildPipeline(TimeProvider)).ExecuteAsync(
                static (ctx, s) => PollOnceAsync(s, ctx.CancellationToken),
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
            last = await PollOnceAsync(session, cancellationToken).ConfigureAwait(false);
        }
        catch (ImmutaException failure)
        {
            throw session.Timeout(reason: null, failure);
        }

        return session.Classify(last) == SettleOutcome.Pending ? throw session.Timeout(reason: null, innerException: null) : last;
    }

    // A poll of this pipeline is sent once by the transport handler: the pipeline retries it (StatusPollRetries).
    private static async ValueTask<PollObservation> PollOnceAsync(PollSession session, CancellationToken cancellationToken)
    {
        StatusPollRetries.MarkAsPoll();
        return await session.PollAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Streams status changes until the integration settles, using the same pipeline.</summary>
    public async IAsyncEnumerable<IntegrationStatus> WatchAsync(
        IIntegrationStatusSource source, string id, PollingOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
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
        var session = new PollSession(this, source, id, kind: null, options, progress: null, knownStatus: null, sawInProgress: false, onStatus: OnStatus);

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

    private static PollSession SessionOf(ResilienceContext context) => context.Properties.GetValue(SessionKey, null!);
}

