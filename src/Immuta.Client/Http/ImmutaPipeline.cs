using System.Diagnostics;
using System.Globalization;
using Immuta.Client.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Refit;

namespace Immuta.Client.Http;

/// <summary>
/// The transport shared by every feature client of one <see cref="ImmutaClient"/>: the Refit interface, the credential,
/// and the one place where responses become results or exceptions.
/// </summary>
internal sealed class ImmutaPipeline
{
    private readonly ImmutaApiKeyCredential _credential;
    private readonly bool _handlerAppliesNetworkTimeout;
    private readonly Uri? _endpoint;

    /// <summary>Creates the pipeline over an <see cref="HttpClient"/>.</summary>
    /// <param name="httpClient">The HTTP client, with whatever handlers it has.</param>
    /// <param name="credential">The API key.</param>
    /// <param name="options">The client's options.</param>
    /// <param name="handlerAppliesNetworkTimeout">
    /// Whether the client's own <see cref="ImmutaResilienceHandler"/> is in <paramref name="httpClient"/> and bounds each
    /// call, bodies included, by <see cref="ImmutaClientOptions.NetworkTimeout"/>; otherwise the pipeline does.
    /// </param>
    public ImmutaPipeline(HttpClient httpClient, ImmutaApiKeyCredential credential, ImmutaClientOptions options, bool handlerAppliesNetworkTimeout = false)
    {
        _credential = credential;
        _handlerAppliesNetworkTimeout = handlerAppliesNetworkTimeout;
        _endpoint = httpClient.BaseAddress;
        Options = options;
        Logger = Diagnostics.Loggers.For(options.LoggerFactory);
        Api = RestService.ForGenerated<IIntegrationsApi>(httpClient, Settings(options));
    }

    /// <summary>
    /// Refit's settings: request bodies through <see cref="ImmutaContentSerializer"/>, synchronously (so a refused body
    /// throws, and its secrets are collected, on the calling thread); a transport failure comes out as it was thrown, with
    /// the names of the request (<see cref="SendFailure"/>), never wrapped in Refit's <c>ApiRequestException</c>, which
    /// holds the request and so its <c>Authorization</c> header.
    /// </summary>
    /// <remarks>
    /// Refit's <c>ExceptionFactory</c> and <c>DeserializationExceptionFactory</c> are not used: they are settings-wide and
    /// get no per-call state (the call's deadline for reading the error body, the caller's token, the secrets the request
    /// carried for scrubbing), so error responses are made into exceptions here, in <see cref="ThrowErrorAsync"/>.
    /// </remarks>
    internal static RefitSettings Settings(ImmutaClientOptions options) => new(new ImmutaContentSerializer(options))
    {
        RequestBodySerialization = RequestBodySerializationMode.Buffered,
        TransportExceptionFactory = static (request, exception, _) => new SendFailure(SentRequest.Of(request, string.Empty), exception),
    };

    public IIntegrationsApi Api { get; }

    public ImmutaClientOptions Options { get; }

    /// <summary>The client's endpoint (<c>server.address</c>, <c>server.port</c>), when its <see cref="HttpClient"/> has a base address.</summary>
    public Uri? Endpoint => _endpoint;

    public TimeProvider TimeProvider => Options.TimeProvider;

    public Microsoft.Extensions.Logging.ILogger Logger { get; }

    /// <summary>Sends a call and reads its JSON answer as <typeparamref name="T"/>.</summary>
    /// <param name="operation">The SDK method making the call, e.g. <c>Integrations.Get</c>: names the span and the log line before the request exists.</param>
    /// <param name="call">The call of one <see cref="IIntegrationsApi"/> method, given the API key and the token.</param>
    /// <param name="resultType">How to read the answer.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public Task<T> SendAsync<T>(
        string operation,
        Func<IIntegrationsApi, string, CancellationToken, Task<HttpResponseMessage>> call,
        JsonTypeInfo<T> resultType,
        CancellationToken cancellationToken)
        => SendAndReadAsync(operation, call, resultType, cancellationToken);

    /// <summary>Sends a call to a script endpoint and reads the script, whatever the media type.</summary>
    /// <param name="operation">The SDK method making the call, e.g. <c>Integrations.Scripts.Create</c>.</param>
    /// <param name="call">The call of one <see cref="IIntegrationsApi"/> method, given the API key and the token.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public Task<IntegrationScript> SendForScriptAsync(
        string operation,
        Func<IIntegrationsApi, string, CancellationToken, Task<HttpResponseMessage>> call,
        CancellationToken cancellationToken)
        => SendAndReadAsync<IntegrationScript>(operation, call, resultType: null, cancellationToken);

    /// <summary>
    /// The one async method from span to value: sends the call, makes an error answer the SDK's exception, and reads a
    /// successful one as JSON (<paramref name="resultType"/>) or, when that is <see langword="null"/>, as a script.
    /// </summary>
    /// <remarks>
    /// Each awaiting method between the caller and the socket costs its own state machine, compiled before the first call
    /// answers (about 11 methods each, measured by the JIT's method count of the first-call program): so the steps around
    /// the awaits (<see cref="Begin"/>, <see cref="SendFailed"/>, <see cref="Answered"/>) are synchronous, and only an error
    /// answer, whose body is read, has an async method of its own (<see cref="ThrowErrorAsync"/>).
    /// </remarks>
    private async Task<T> SendAndReadAsync<T>(
        string operation,
        Func<IIntegrationsApi, string, CancellationToken, Task<HttpResponseMessage>> call,
        JsonTypeInfo<T>? resultType,
        CancellationToken cancellationToken)
    {
        using var span = MethodSpan.StartOrJoin(operation);
        try
        {
            // A call the caller cancelled already is not sent: no handler of the caller's HttpClient (a log, an in-memory
            // transport, a proxy) sees a request, a DELETE or POST included, that no one waits for.
            cancellationToken.ThrowIfCancellationRequested();
            using var deadline = StartDeadline(cancellationToken);
            var token = deadline?.Token ?? cancellationToken;
            var pending = Begin(operation, call, token);
            HttpResponseMessage answer;
            try
            {
                answer = await pending.Response.ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not ImmutaException)
            {
                throw SendFailed(span, operation, pending, exception, deadline, cancellationToken);
            }

            using var response = answer;
            var sent = Answered(span, operation, pending, response);
            if (!response.IsSuccessStatusCode)
            {
                await ThrowErrorAsync(response, sent, pending, token, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                if (resultType is null)
                {
                    return (T)(object)await ReadScriptAsync(response, sent, pending.Secrets, token).ConfigureAwait(false);
                }

                var body = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
                var recording = RawResponseRecorder.IsListening ? new RecordingStream(body) : null;
                await using ((recording ?? body).ConfigureAwait(false))
                {
                    try
                    {
                        var reported = Serialization.TolerantReader.Reported;
                        var value = await JsonSerializer.DeserializeAsync(recording ?? body, resultType, token).ConfigureAwait(false)
                            ?? throw new JsonException("The body is JSON null.");
                        value = Serialization.TolerantReader.Complete(value, reported, out var issues);
                        if (issues is not null)
                        {
                            LogSetAside(issues, sent);
                        }

                        return value;
                    }
                    finally
                    {
                        // An operation listens: it keeps (masked) the start of what the deserializer read, however it ended.
                        if (recording is not null)
                        {
                            RawResponseRecorder.Record(ImmutaRawResponse.Read(response, recording.Kept, recording.IsTruncated, pending.Secrets));
                        }
                    }
                }
            }
            catch (JsonException exception)
            {
                throw ImmutaSerializationException.FromJsonException(typeof(T).Name, exception, sent.Method, sent.PrintablePath(new SecretScrubber(pending.Secrets)));
            }
            catch (Exception exception) when (exception is not ImmutaException)
            {
                throw TransportFailure.Map(sent.Method, sent.PrintablePath(new SecretScrubber(pending.Secrets)), exception, answered: true, deadline, pending.Secrets, cancellationToken);
            }
        }
        catch (Exception exception) when (span.Fail(exception))
        {
            throw;
        }
    }

    // A script is read whatever its media type (ScriptReader). Its own method: not compiled before the first JSON call.
    // Its text is decoded as an error body's is (ImmutaExceptionFactory.Decode): a charset .NET does not know is read as
    // UTF-8, not thrown by HttpContent.ReadAsStringAsync as an InvalidOperationException that became a transport failure.
    private static async Task<IntegrationScript> ReadScriptAsync(HttpResponseMessage response, SentRequest sent, IReadOnlyList<string> secrets, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var text = ImmutaExceptionFactory.Decode(bytes, response.Content.Headers.ContentType?.CharSet);
        return ScriptReader.Read(text, response.Content.Headers.ContentType?.MediaType, sent.Method, sent.PrintablePath(new SecretScrubber(secrets)));
    }

    /// <summary>How many members set aside in one response are logged one by one; the rest are one event counting them.</summary>
    internal const int MaxSetAsideLogged = 20;

    // A response member that did not fit its type was kept as it came (or a null item skipped): say so, naming the path
    // and the expected type, never the value. A response of 100,000 such members is 21 events, not 100,000.
    private void LogSetAside(List<Serialization.ReadIssue> issues, SentRequest sent)
    {
        var logged = 0;
        var more = 0;
        foreach (var issue in issues)
        {
            if (issue.Kind == Serialization.ReadIssueKind.ExplicitNull)
            {
                continue;
            }

            if (logged < MaxSetAsideLogged)
            {
                logged++;
                Log.ResponseMemberSetAside(Logger, sent.Method, sent.Route, issue.Describe());
            }
            else
            {
                more++;
            }
        }

        if (more > 0)
        {
            Log.MoreResponseMembersSetAside(Logger, sent.Method, sent.Route, more, logged);
        }
    }

    /// <summary>A call on its way: the response to come, the secrets its request carried, and when it was sent.</summary>
    private readonly struct PendingCall(Task<HttpResponseMessage> response, IReadOnlyList<string> secrets, long started)
    {
        public readonly Task<HttpResponseMessage> Response = response;
        public readonly IReadOnlyList<string> Secrets = secrets;
        public readonly long Started = started;
    }

    /// <summary>
    /// Starts a call. The "Sending" log line is named after the SDK method (<paramref name="operation"/>), as the request
    /// does not exist yet. Refit builds the request, serializing the body, synchronously inside <paramref name="call"/>;
    /// the scope keeps what the body carries, for scrubbing an error. What <paramref name="call"/> throws itself (a body
    /// that cannot be written, &lt;REDACTED&gt;) is the request's fault, not the transport's, and leaves as it is.
    /// </summary>
    private PendingCall Begin(string operation, Func<IIntegrationsApi, string, CancellationToken, Task<HttpResponseMessage>> call, CancellationToken token)
    {
        Log.RequestSent(Logger, operation);
        var started = TimeProvider.GetTimestamp();
        var apiKey = _credential.Key;
        using (SecretScope.Begin())
        {
            var response = call(Api, apiKey, token);
            return new PendingCall(response, SecretScope.Secrets(apiKey), started);
        }
    }

    /// <summary>The SDK's exception for a call that got no answer, recorded on the method's span, the request duration and the log.</summary>
    private Exception SendFailed(MethodSpan span, string operation, in PendingCall pending, Exception exception, TimeoutSource? deadline, CancellationToken cancellationToken)
    {
        var (failed, thrown) = exception is SendFailure named ? (named.Request, named.InnerException!) : (SentRequest.Of(null, operation), exception);
        var scrubber = new SecretScrubber(pending.Secrets);
        var failure = TransportFailure.Map(failed.Method, failed.PrintablePath(scrubber), thrown, answered: false, deadline, pending.Secrets, cancellationToken);
        if (failure is ImmutaTransportException mapped && RedirectedAway(failed.Address) is { } final)
        {
            // A handler of the caller's followed a redirect to another origin and the call failed there: said so, and not retried.
            failure = ImmutaExceptionFactory.RedirectFollowedThenFailed(mapped, final, _endpoint!, scrubber);
        }

        if (failure is ImmutaTransportException transport)
        {
            Record(span, failed, pending.Secrets, pending.Started, statusCode: null, ImmutaTelemetry.ErrorType(transport));
            var reason = transport.IsTimeout ? "timed out" : TransportFailure.NameOf(thrown);
            var failedAfter = Elapsed(pending.Started);
            Log.RequestFailed(Logger, failed.Method, failed.Route, failedAfter, reason);
        }

        return failure;
    }

    /// <summary>
    /// Records an answer: the method, route template and URL come from the request Refit built, and go on the method's
    /// <paramref name="span"/>, the request duration and the log. Throws when a handler of the caller's HttpClient
    /// followed a redirect the SDK would have refused.
    /// </summary>
    private SentRequest Answered(MethodSpan span, string operation, in PendingCall pending, HttpResponseMessage response)
    {
        var sent = SentRequest.Of(response.RequestMessage, operation);
        var status = (int)response.StatusCode;
        Record(span, sent, pending.Secrets, pending.Started, status, response.IsSuccessStatusCode || (status == 404 && ImmutaTelemetry.NotFoundExpected) ? null : status.ToString(CultureInfo.InvariantCulture));
        var elapsed = Elapsed(pending.Started);
        Log.ResponseReceived(Logger, sent.Method, sent.Route, status, elapsed);
        if (RedirectedAway(response.RequestMessage?.RequestUri) is { } final)
        {
            // The request now holds the address it was redirected to, whose query may carry anything (a token, the key):
            // named by its route.
            throw ImmutaExceptionFactory.RedirectFollowed(response.StatusCode, final, _endpoint!, sent.Method, sent.Route, new SecretScrubber(pending.Secrets));
        }

        return sent;
    }

    /// <summary>Makes an error answer the SDK's exception and throws it; its body is read as far as the deadline allows.</summary>
    private async Task ThrowErrorAsync(HttpResponseMessage response, SentRequest sent, PendingCall pending, CancellationToken token, CancellationToken cancellationToken)
    {
        var error = await ImmutaExceptionFactory.CreateAsync(
            response, sent.Method, sent.PrintablePath(new SecretScrubber(pending.Secrets)), TimeProvider.GetUtcNow(), pending.Secrets, NetworkTimeoutLeft(pending.Started), token).ConfigureAwait(false);
        RawResponseRecorder.Record(error.GetRawResponse());

        // The caller's cancellation still wins.
        cancellationToken.ThrowIfCancellationRequested();
        throw error;
    }

    /// <summary>
    /// The whole-call deadline (<see cref="ImmutaClientOptions.NetworkTimeout"/>) over the send and every read of the
    /// body, linked to the caller's token; <see langword="null"/> when the client's own handler applies it or it is infinite.
    /// </summary>
    private TimeoutSource? StartDeadline(CancellationToken cancellationToken)
        => _handlerAppliesNetworkTimeout
            ? null
            : TimeoutSource.Start(Options.NetworkTimeout, Options.NetworkTimeout, nameof(ImmutaClientOptions.NetworkTimeout), TimeProvider, cancellationToken);

    /// <summary>What is left of <see cref="ImmutaClientOptions.NetworkTimeout"/>, or <see langword="null"/> when it is infinite.</summary>
    private TimeSpan? NetworkTimeoutLeft(long started)
        => Options.NetworkTimeout == Timeout.InfiniteTimeSpan ? null : Options.NetworkTimeout - TimeProvider.GetElapsedTime(started);

    /// <summary>
    /// Where a request was last sent (<paramref name="address"/>, its <c>RequestUri</c> after the handlers) when a
    /// redirect-following handler took it to another origin.
    /// </summary>
    private Uri? RedirectedAway(Uri? address)
        => _endpoint is not null
            && address is { IsAbsoluteUri: true } final
            && Uri.Compare(final, _endpoint, UriComponents.Scheme | UriComponents.Host | UriComponents.StrongPort, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) != 0
                ? final
                : null;

    private long Elapsed(long started) => (long)TimeProvider.GetElapsedTime(started).TotalMilliseconds;

    // The request's attributes go on the method's span (OpenTelemetry's HTTP names); its duration, with the same
    // low-cardinality ones (no url.full: it holds the id), on immuta.client.request.duration. error.type on the span is
    // set by the method when an exception leaves it (MethodSpan.Fail); here it only tags the duration.
    private void Record(MethodSpan span, SentRequest sent, IReadOnlyList<string> secrets, long started, int? statusCode, string? errorType)
    {
        // Nobody listens: no tags to build, no boxing, and the method that builds them is not even compiled (cold start).
        if (span.Activity is not null || ImmutaTelemetry.RequestDuration.Enabled)
        {
            RecordHeard(span.Activity, sent, secrets, started, statusCode, errorType);
        }
    }

    private void RecordHeard(Activity? activity, SentRequest sent, IReadOnlyList<string> secrets, long started, int? statusCode, string? errorType)
    {
        var uri = sent.Address switch
        {
            { IsAbsoluteUri: true } absolute => absolute,
            { } relative when _endpoint is not null => new Uri(_endpoint, relative),
            _ => null,
        };
        // The address may be one a handler of the caller's was redirected to: its host and URL are made printable.
        var scrubber = new SecretScrubber(secrets);
        var address = Internal.PrintableUrl.Host(uri ?? _endpoint, scrubber);
        var port = (uri ?? _endpoint)?.Port;
        var tags = new TagList
        {
            { "http.request.method", sent.Method },
            { "url.template", sent.Route },
            { "server.address", address },
            { "server.port", port },
        };
        if (activity is not null)
        {
            activity.SetTag("http.request.method", sent.Method);
            activity.SetTag("url.template", sent.Route);
            activity.SetTag("server.address", address);
            activity.SetTag("server.port", port);
            activity.SetTag("url.full", Internal.PrintableUrl.Full(uri, scrubber));
        }

        if (statusCode is { } code)
        {
            tags.Add("http.response.status_code", code);
            activity?.SetTag("http.response.status_code", code);
        }

        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
        }

        ImmutaTelemetry.Record(ImmutaTelemetry.RequestDuration, TimeProvider.GetElapsedTime(started).TotalSeconds, tags);
    }
}
