using System.Net.Sockets;
using System.Security.Authentication;
using Polly;
using Polly.Timeout;

namespace Immuta.Client.Http;

/// <summary>
/// What a failed send or body read becomes, whatever threw it (the socket stack, the SDK's handler, a handler of the
/// caller's): an <see cref="OperationCanceledException"/> when the caller cancelled, an
/// <see cref="ImmutaTransportException"/> otherwise. Nothing kept as a cause may reference the request, whose
/// <c>Authorization</c> header holds the API key: Refit hands failures over as thrown (<see cref="ImmutaPipeline.Settings"/>),
/// and a cause is kept only when every exception in its chain is the framework's, Polly's or the SDK's own, carries no
/// <see cref="Exception.Data"/> and names no secret; any other cause is described in the message (type and scrubbed
/// message) and dropped.
/// </summary>
internal static class TransportFailure
{
    /// <summary>Maps <paramref name="exception"/>.</summary>
    /// <param name="method">The HTTP method of the call.</param>
    /// <param name="path">The path of the call.</param>
    /// <param name="exception">What was thrown.</param>
    /// <param name="answered">Whether the response's head had arrived (the failure came while reading the body).</param>
    /// <param name="deadline">The pipeline's own NetworkTimeout deadline, if it runs one.</param>
    /// <param name="secrets">The API key and the request's credentials, scrubbed from any message kept.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public static Exception Map(
        string method,
        string path,
        Exception exception,
        bool answered,
        TimeoutSource? deadline,
        IReadOnlyList<string> secrets,
        CancellationToken cancellationToken)
    {
        var cause = exception;
        var scrubber = new SecretScrubber(secrets);
        var kept = IsSafe(cause, scrubber) ? cause : null;
        if (cancellationToken.IsCancellationRequested)
        {
            // The caller's own token says all there is to say; the stack's cancellation (and what its tokens hold) stays out.
            return new OperationCanceledException("The caller cancelled the call.", null, cancellationToken);
        }

        if (deadline?.TimedOut == true)
        {
            kept = deadline.TimeoutError(kept);
        }

        if (kept is TimeoutException { Message.Length: > 0 } timeout)
        {
            // NetworkTimeout, or the attempt timeout of the SDK's handler.
            return new ImmutaTransportException($"{method} {path} timed out. {timeout.Message}", method, path, isTimeout: true, kept);
        }

        if (cause is TimeoutException or TimeoutRejectedException or OperationCanceledException)
        {
            // A timeout of a handler of the caller's (Polly's, HttpClient.Timeout).
            return new ImmutaTransportException($"{method} {path} timed out.", method, path, isTimeout: true, kept);
        }

        var what = answered ? "failed while reading Immuta's answer" : "failed before Immuta answered";
        var reason = kept is not null ? kept.Message : $"{cause.GetType().Name}: {scrubber.Scrub(cause.Message)}";
        return new ImmutaTransportException(
            reason.Length > 0 ? $"{method} {path} {what}: {reason}" : $"{method} {path} {what}.", method, path, isTimeout: false, kept);
    }

    /// <summary>A short name of the cause, for the log.</summary>
    public static string NameOf(Exception exception) => exception.GetType().Name;

    /// <summary>Whether <paramref name="exception"/> and its causes may be handed to the caller.</summary>
    private static bool IsSafe(Exception exception, SecretScrubber scrubber)
    {
        var pending = new Stack<Exception>();
        pending.Push(exception);
        var seen = 0;
        while (pending.TryPop(out var current))
        {
            if (++seen > 32 || !IsKnownType(current.GetType()) || current.Data.Count > 0
                || scrubber.Scrub(current.Message) != current.Message)
            {
                return false;
            }

            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }

        return true;
    }

    // The exact type, not a base: a subclass of IOException defined elsewhere may hold anything.
    private static bool IsKnownType(Type type)
        => type.Assembly == typeof(TransportFailure).Assembly
        || type.Assembly == typeof(object).Assembly
        || type.Assembly == typeof(HttpRequestException).Assembly
        || type.Assembly == typeof(SocketException).Assembly
        || type.Assembly == typeof(AuthenticationException).Assembly
        || type.Assembly == typeof(ExecutionRejectedException).Assembly;
}
