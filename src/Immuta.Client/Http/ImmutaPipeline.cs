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
    /// carried for scrubbing), so error responses are made into exceptions here, in <see cref="SendRawAsync"/>.
    /// </remarks>
    internal static RefitSettings Settings(ImmutaClientOptions options) => new()
    {
        ContentSerializer = new ImmutaContentSerializer(options),
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
    public async Task<T> SendAsync<T>(
        string operation,
        Func<IIntegrationsApi, string, CancellationToken, Task<HttpResponseMessage>> call,
        JsonTypeInfo<T> resultType,
        CancellationToken cancellationToken)
    {
        // One async method from span to value: each nested one costs its own state machine, compiled at start-up.
        using var span = MethodSpan.StartOrJoin(operation);
        try
        {
            using var deadline = StartDeadline(cancellationToken);
            var token = deadline?.Token ?? cancellationToken;
            var answered = await SendRawAsync(span, operation, call, deadline, cancellationToken).ConfigureAwait(false);
            using var response = answered.Response;
            var sent = SentRequest.Of(response.RequestMessage, operation);
            try
            {
                var body = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
                var recording = RawResponseRecorder.IsListening ? new RecordingStream(body) : null;
                await using ((recording ?? body).ConfigureAwait(false))
                {
                    try
                    {
                        var reported = Serialization.TolerantReader.Reported;
                        var value = await JsonSerializer.DeserializeAsync(recording ?? body, resultType, token).ConfigureAwait(false)
                            ?? throw new JsonException("The body is JSON null.");
                        return LogSetAside(Serialization.TolerantReader.Complete(value, reported, out var issues), issues, sent);
                    }
                    finally
                    {
                        // An operation listens: it keeps (masked) the start of what the deserializer read, however it ended.
                        if (recording is not null)
                        {
                            RawResponseRecorder.Record(ImmutaRawResponse.Read(response, recording.Kept, recording.IsTruncated, answered.Secrets));
                        }
                    }
                }
            }
            catch (JsonException exception)
            {
                throw ImmutaSerializationException.FromJsonException(typeof(T).Name, exception, sent.Method, sent.PrintablePath(new SecretScrubber(answered.Secrets)));
            }
            catch (Exception exception) when (exception is not ImmutaException)
            {
                throw TransportFailure.Map(sent.Method, sent.PrintablePath(new SecretScrubber(answered.Secrets)), exception, answered: true, deadline, answered.Secrets, cancellationToken);
            }
        }
        catch (Exception exception) when (span.Fail(exception))
        {
            throw;
        }
    }

    /// <summary>How many members set aside in one response are logged one by one; the rest are one event counting them.</summary>
    internal const int MaxSetAsideLogged = 20;

    // A response member that did not fit its type was kept as it came (or a null item skipped): say so, naming the path
    // and the expected type, never the value. A response of 100,000 such members is 21 events, not 100,000.
    private T LogSetAside<T>(T value, List<Serialization.ReadIssue>? issues, SentRequest sent)
    {
        if (issues is not null)
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

        return value;
    }

    /// <summary>Sends a call to a script endpoint and reads the script, whatever the media type.</summary>
    /// <param name="operation">The SDK method making the call, e.g. <c>Integrations.Scripts.Create</c>.</param>
    /// <param name="call">The call of one <see cref="IIntegrationsApi"/> method, given the API key and the token.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public async Task<IntegrationScript> SendForScriptAsync(
        string operation,
        Func<IIntegrationsApi, string, CancellationToken, Task<HttpResponseMessage>> call,
        CancellationToken cancellationToken)
    {
        using var span = MethodSpan.StartOrJoin(operation);
        try
        {
            using var deadline = StartDeadline(cancellationToken);
            var (response, secrets) = await SendRawAsync(span, operation, call, deadline, cancellationToken).ConfigureAwait(false);
            using var answered = response;
            var sent = SentRequest.Of(response.RequestMessage, operation);
            string text;
            try
            {
                text = await response.Content.ReadAsStringAsync(deadline?.Token ?? cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not ImmutaException)
            {
                throw TransportFailure.Map(sent.Method, sent.PrintablePath(new SecretScrubber(secrets)), exception, answered: true, deadline, secrets, cancellationToken);
            }

            return ScriptReader.Read(text, response.Content.Headers.ContentType?.MediaType, sent.Method, sent.PrintablePath(new SecretScrubber(secrets)));
        }
        catch (Exception exception) when (span.Fail(exception))
        {
            throw;
        }
    }

    /// <summary>
    /// Sends a call; returns the response when it succeeded (its body still to be read under <paramref name="deadline"/>)
    /// with the secrets the request carried (to mask a copy of the answer), throws the SDK's exception otherwise. The "Sending" log line is named after the SDK method
    /// (<paramref name="operation"/>), as the request does not exist yet; the method, route template and URL come from the
    /// request Refit built once it is known, and go on the method's <paramref name="span"/> and the request duration.
    /// </summary>
    private async Task<(HttpResponseMessage Response, IReadOnlyList<string> Secrets)> SendRawAsync(
        MethodSpan span,
        string operation,
        Func<IIntegrationsApi, string, CancellationToken, Task<HttpResponseMessage>> call,
        TimeoutSource? deadline,
        CancellationToken cancellationToken)
    {
        Log.RequestSent(Logger, operation);
        var started = TimeProvider.GetTimestamp();
        var token = deadline?.Token ?? cancellationToken;
        Task<HttpResponseMessage> sending;
        IReadOnlyList<string> secrets;
        var apiKey = _credential.Key;

        // Refit builds the request, serializing the body, synchronously inside `call`; the scope keeps what the body
        // carries, for scrubbing an error. What `call` throws itself (a body that cannot be written, <REDACTED>) is the
        // request's fault, not the transport's.
        using (SecretScope.Begin())
        {
            sending = call(Api, apiKey, token);
            secrets = SecretScope.Secrets(apiKey);
        }

        HttpResponseMessage response;
        try
        {
            response = await sending.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not ImmutaException)
        {
            var (failed, thrown) = exception is SendFailure named ? (named.Request, named.InnerException!) : (SentRequest.Of(null, operation), exception);
            var failure = TransportFailure.Map(failed.Method, failed.PrintablePath(new SecretScrubber(secrets)), thrown, answered: false, deadline, secrets, cancellationToken);
            if (failure is ImmutaTransportException transport)
            {
                Record(span, failed, secrets, started, statusCode: null, ImmutaTelemetry.ErrorType(transport));
                var reason = transport.IsTimeout ? "timed out" : TransportFailure.NameOf(thrown);
                var failedAfter = Elapsed(started);
                Log.RequestFailed(Logger, failed.Method, failed.Route, failedAfter, reason);
            }

            throw failure;
        }

        var sent = SentRequest.Of(response.RequestMessage, operation);
        var status = (int)response.StatusCode;
        Record(span, sent, secrets, started, status, response.IsSuccessStatusCode || (status == 404 && ImmutaTelemetry.NotFoundExpected) ? null : status.ToString(CultureInfo.InvariantCulture));
        var elapsed = Elapsed(started);
        Log.ResponseReceived(Logger, sent.Method, sent.Route, status, elapsed);
        if (RedirectedAway(response) is { } final)
        {
            // A handler of the caller's HttpClient followed a redirect the SDK would have refused. The request now holds
            // the address it was redirected to, whose query may carry anything (a token, the key): named by its route.
            using (response)
            {
                throw ImmutaExceptionFactory.RedirectFollowed(response.StatusCode, final, _endpoint!, sent.Method, sent.Route, new SecretScrubber(secrets));
            }
        }

        if (response.IsSuccessStatusCode)
        {
            return (response, secrets);
        }

        using (response)
        {
            var error = await ImmutaExceptionFactory.CreateAsync(
                response, sent.Method, sent.PrintablePath(new SecretScrubber(secrets)), TimeProvider.GetUtcNow(), secrets, NetworkTimeoutLeft(started), token).ConfigureAwait(false);
            RawResponseRecorder.Record(error.GetRawResponse());

            // The error body is read as far as the deadline allows; the caller's cancellation still wins.
            cancellationToken.ThrowIfCancellationRequested();
            throw error;
        }
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

    /// <summary>The address a response came from when a redirect-following handler took the request to another origin.</summary>
    private Uri? RedirectedAway(HttpResponseMessage response)
        => _endpoint is not null
            && response.RequestMessage?.RequestUri is { IsAbsoluteUri: true } final
            && Uri.Compare(final, _endpoint, UriComponents.Scheme | UriComponents.Host | UriComponents.StrongPort, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) != 0
                ? final
                : null;

    private long Elapsed(long started) => (long)TimeProvider.GetElapsedTime(started).TotalMilliseconds;

    // The request's attributes go on the method's span (OpenTelemetry's HTTP names); its duration, with the same
    // low-cardinality ones (no url.full: it holds the id), on immuta.client.request.duration. error.type on the span is
    // set by the method when an exception leaves it (MethodSpan.Fail); here it only tags the duration.
    private void Record(MethodSpan span, SentRequest sent, IReadOnlyList<string> secrets, long started, int? statusCode, string? errorType)
    {
        var activity = span.Activity;
        if (activity is null && !ImmutaTelemetry.RequestDuration.Enabled)
        {
            return; // nobody listens: no tags to build, no boxing
        }

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
