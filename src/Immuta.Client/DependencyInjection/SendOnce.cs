using Microsoft.Extensions.Http;

namespace Immuta.Client.DependencyInjection;

/// <summary>
/// Keeps a request that is not safe to repeat (POST, PUT, DELETE) from reaching Immuta twice, whatever handlers a host
/// puts in the SDK's named client: a resilience handler added to every client (<c>ConfigureHttpClientDefaults</c>, as
/// .NET Aspire's service defaults do), or one added to this client without <c>DisableForUnsafeHttpMethods()</c>.
/// Immuta may have carried out the first attempt, so a second one would create twice or answer 409. Nor does any
/// request, a GET included, go out again once the primary handler (one of the caller's that follows redirects) took it
/// to the redirect's address: a retry would send it straight there, to an address the user never configured. A marker
/// goes on the request outside every handler (clones made for hedging share it); the check sits inside them all.
/// </summary>
internal static class SendOnce
{
    private static readonly HttpRequestOptionsKey<Attempts> Key = new("Immuta.Client.SendOnce");

    /// <summary>Puts the marker first and the check last among the client's handlers.</summary>
    /// <param name="builder">The named client's handler builder, after every other configuration.</param>
    public static void Wrap(HttpMessageHandlerBuilder builder)
    {
        builder.AdditionalHandlers.Insert(0, new Mark());
        builder.AdditionalHandlers.Add(new Check());
    }

    private static bool IsSafe(HttpMethod method) => method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options || method == HttpMethod.Trace;

    private sealed class Attempts
    {
        public int Count;

        /// <summary>Whether the primary handler left the request at another address than the one it was given (a redirect it followed).</summary>
        public volatile bool Redirected;
    }

    private sealed class Mark : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Options.Set(Key, new Attempts());
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class Check : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!request.Options.TryGetValue(Key, out var attempts))
            {
                return base.SendAsync(request, cancellationToken);
            }

            if (attempts.Redirected)
            {
                throw new RepeatRefusedException(
                    $"a handler of the HttpClient tried to send {request.Method} again after the primary handler had followed a redirect, "
                    + "and the SDK refused: it would go straight to the redirect's address.");
            }

            if (!IsSafe(request.Method) && Interlocked.Increment(ref attempts.Count) > 1)
            {
                // Not an HttpRequestException, which retry handlers take for transient and would try again.
                throw new RepeatRefusedException(
                    $"a handler of the HttpClient tried to send {request.Method} a second time (a retry or hedging handler), and the SDK refused: "
                    + "Immuta may have carried out the first attempt. Configure that handler to leave POST, PUT and DELETE alone "
                    + "(DisableForUnsafeHttpMethods() in Microsoft.Extensions.Http.Resilience).");
            }

            return SendNotingRedirectAsync(request, attempts, cancellationToken);
        }

        private async Task<HttpResponseMessage> SendNotingRedirectAsync(HttpRequestMessage request, Attempts attempts, CancellationToken cancellationToken)
        {
            var given = request.RequestUri;
            try
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (request.RequestUri != given)
                {
                    attempts.Redirected = true;
                }
            }
        }
    }

    /// <summary>An <see cref="IOException"/>, so the pipeline reports it as a transport failure naming the call.</summary>
    private sealed class RepeatRefusedException(string message) : IOException(message);
}
