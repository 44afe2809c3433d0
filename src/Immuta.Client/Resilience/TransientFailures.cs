using System.Net;

namespace Immuta.Client.Resilience;

/// <summary>
/// The SDK's one transient classifier, used by transport retries and by the status poller: which answers and failures
/// are worth another attempt. 408, 429 and 5xx answers, connection failures, attempt timeouts and bodies cut short are;
/// 401 and 403 are not (a key that is wrong, expired or lacks permission stays so), nor any other 4xx, nor the caller's
/// cancellation. A poll whose body is not the documented JSON (<see cref="ImmutaSerializationException"/>) is too: the
/// next poll reads a new answer. A call that a handler of the caller's followed to another origin is not, whatever that
/// origin answered: the next attempt would be redirected there again.
/// </summary>
internal static class TransientFailures
{
    /// <summary>Whether an answer with <paramref name="status"/> is worth another attempt.</summary>
    public static bool IsTransient(HttpStatusCode status) => (int)status is 408 or 429 or >= 500;

    /// <summary>
    /// Whether a failure is worth another attempt: raw transport failures inside the handler
    /// (<see cref="HttpRequestException"/>, <see cref="IOException"/>, an attempt's <see cref="TimeoutException"/>) and the
    /// SDK's exceptions outside it.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        OperationCanceledException => false,
        HttpRequestException or IOException or TimeoutException => true,

        // A handler of the caller's followed a redirect to another origin: another attempt would be sent there again.
        ImmutaTransportException { FollowedRedirect: true } or ImmutaRedirectException => false,
        ImmutaTransportException => true,
        ImmutaSerializationException => true,
        ImmutaApiException api => IsTransient(api.StatusCode),
        _ => false,
    };

    /// <summary>The <c>Retry-After</c> a transient failure carries, if any (<see cref="RetryDelay.Next"/> honours it).</summary>
    public static TimeSpan? RetryAfterOf(Exception exception)
        => exception is ImmutaApiException { RetryAfter: { } retryAfter } api && IsTransient(api.StatusCode) ? retryAfter : null;
}
