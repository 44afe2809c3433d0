using System.Net;
using Immuta.Client.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Immuta.Client.Http;

/// <summary>
/// The SDK's one transport handler: a total timeout around retries of safe requests around a per-attempt timeout, as a
/// Polly pipeline built once. Lean on purpose (no circuit breaker, no hedging, no rate limiter): a request that will not
/// be retried goes through one timeout and nothing else.
/// </summary>
internal sealed class ImmutaResilienceHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("Immuta.Client.Request");

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly TimeProvider _timeProvider;
    private readonly bool _bufferSafeResponses;

    public ImmutaResilienceHandler(ImmutaRetryOptions retry, TimeSpan totalTimeout, TimeProvider timeProvider, ILogger logger)
    {
        _timeProvider = timeProvider;
        _bufferSafeResponses = retry.Enabled && retry.MaxRetries > 0;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        if (totalTimeout != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(totalTimeout);
        }

        if (retry.Enabled && retry.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = retry.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(IsSafe(args.Context) && IsTransient(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfterOf(args.Outcome, retry.MaxRetryAfter)),
                OnRetry = args =>
                {
                    var request = args.Context.Properties.GetValue(RequestKey, null!);
                    var route = ImmutaTelemetry.RouteOf(request.RequestUri?.AbsolutePath ?? "/");
                    var reason = args.Outcome.Result is { } response ? $"status {(int)response.StatusCode}" : args.Outcome.Exception?.GetType().Name ?? "failure";
                    ImmutaTelemetry.Retries.Add(1, new KeyValuePair<string, object?>("http.request.method", request.Method.Method), new KeyValuePair<string, object?>("url.template", route));
                    Log.Retrying(logger, request.Method.Method, route, args.AttemptNumber + 1, (long)args.RetryDelay.TotalMilliseconds, reason);
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }

        if (retry.AttemptTimeout != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(retry.AttemptTimeout);
        }

        _pipeline = builder.Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        try
        {
            return await _pipeline.ExecuteAsync(
                static (ctx, state) => new ValueTask<HttpResponseMessage>(state.Handler.SendInnerAsync(state.Request, ctx.CancellationToken)),
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException timeout)
        {
            throw new TimeoutException($"The request timed out after {timeout.Timeout.TotalSeconds:0.###} s.", timeout);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>How much of a GET response is read inside the attempt.</summary>
    internal const long MaxBufferedResponseBytes = 256L * 1024 * 1024;

    /// <summary>Bodies up to this size are read into one array; larger or unsized ones into pooled segments.</summary>
    internal const long PooledAboveBytes = 64 * 1024;

    // A GET response is read in full inside the attempt, so that a connection reset in the middle of the body is retried
    // like any other transport failure and the attempt timeout covers the download, not only the headers. A small body
    // goes into one array; a large one into segments rented from the shared pool and returned when the response is
    // disposed, so listing thousands of integrations does not allocate a second copy of the body on every call.
    private async Task<HttpResponseMessage> SendInnerAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (_bufferSafeResponses && request.Method == HttpMethod.Get && response.IsSuccessStatusCode)
        {
            try
            {
                if (response.Content.Headers.ContentLength is { } length && length <= PooledAboveBytes)
                {
#if NET9_0_OR_GREATER
                    await response.Content.LoadIntoBufferAsync(MaxBufferedResponseBytes, cancellationToken).ConfigureAwait(false);
#else
                    await response.Content.LoadIntoBufferAsync(MaxBufferedResponseBytes).WaitAsync(cancellationToken).ConfigureAwait(false);
#endif
                }
                else
                {
                    using var original = response.Content;
                    response.Content = await PooledResponseContent.LoadAsync(original, MaxBufferedResponseBytes, cancellationToken).ConfigureAwait(false);
                }
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }

        return response;
    }

    // Only requests the server cannot have acted on twice are retried.
    private static bool IsSafe(ResilienceContext context)
        => context.Properties.GetValue(RequestKey, null!).Method == HttpMethod.Get;

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Result: { } response } => (int)response.StatusCode is 408 or 429 or >= 500,
        { Exception: HttpRequestException or TimeoutRejectedException or IOException } => true,
        _ => false,
    };

    private TimeSpan? RetryAfterOf(Outcome<HttpResponseMessage> outcome, TimeSpan cap)
    {
        if (outcome.Result is not { StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable } response)
        {
            return null;
        }

        var wait = ImmutaExceptionFactory.RetryAfterOf(response, _timeProvider.GetUtcNow());
        return wait is null ? null : wait > cap ? cap : wait;
    }
}
