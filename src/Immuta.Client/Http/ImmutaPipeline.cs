using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
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
    internal static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");

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
        Api = RestService.ForGenerated<IIntegrationsApi>(httpClient, Settings());
    }

    /// <summary>
    /// Refit's settings: a transport failure comes out as it was thrown (<see cref="TransportFailure"/> maps it), never
    /// wrapped in Refit's <c>ApiRequestException</c>, which holds the request and so its <c>Authorization</c> header.
    /// </summary>
    internal static RefitSettings Settings() => new() { TransportExceptionFactory = static (_, exception, _) => exception };

    public IIntegrationsApi Api { get; }

    public ImmutaClientOptions Options { get; }

    public TimeProvider TimeProvider => Options.TimeProvider;

    public Microsoft.Extensions.Logging.ILogger Logger { get; }

    /// <summary>Sends a call and reads its JSON answer as <typeparamref name="T"/>.</summary>
    public async Task<T> SendAsync<T>(
        string method,
        string path,
        Func<IIntegrationsApi, string, CancellationToken, Task<HttpResponseMessage>> call,
        JsonTypeInfo<T> resultType,
        CancellationToken cancellationToken)
    {
        using var deadline = StartDeadline(cancellationToken);
        var token = deadline?.Token ?? cancellationToken;
        using var response = await SendRawAsync(method, path, call, deadline, cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var reported = Serialization.TolerantReader.Reported;
                var value = await JsonSerializer.DeserializeAsync(stream, resultType, token).ConfigureAwait(false)
                    ?? throw new JsonException("The body is JSON null.");
                return LogSetAside(Serialization.TolerantReader.Complete(value, reported, out var issues), issues, method, path);
            }
        }
        catch (JsonException exception)
        {
            throw ImmutaSerializationException.FromJsonException(typeof(T).Name, exception, method, path);
        }
        catch (Exception exception) when (exception is not ImmutaException)
        {
            throw TransportFailure.Map(method, path, exception, answered: true, deadline, [_credential.Key], cancellationToken);
        }
    }

    // A response member that did not fit its type was kept as it came (or a null item skipped): say so, naming the path
    // and the expected type, never the value.
    private T LogSetAside<T>(T value, List<Serialization.ReadIssue>? issues, string method, string path)
    {
        if (issues is not null)
        {
            var route = ImmutaTelemetry.RouteOf(path);
            foreach (var issue in issues)
            {
                if (issue.Kind != Serialization.ReadIssueKind.ExplicitNull)
                {
                    Log.ResponseMemberSetAside(Logger, method, route, issue.Describe());
                }
            }
        }

        return value;
    }

    /// <summary>Sends a call to a script endpoint and reads the script, whatever the media type.</summary>
    public async Task<IntegrationScript> SendForScriptAsync(
        string method,
        string path,
        Func<IIntegrationsApi, string, CancellationToken, Task<HttpResponseMessage>> call,
        CancellationToken cancellationToken)
    {
        using var deadline = StartDeadline(cancellationToken);
        using var response = await SendRawAsync(method, path, call, deadline, cancellationToken).ConfigureAwait(false);
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync(deadline?.Token ?? cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not ImmutaException)
        {
            throw TransportFailure.Map(method, path, exception, answered: true, deadline, [_credential.Key], cancellationToken);
        }

        return ScriptReader.Read(text, response.Content.Headers.ContentType?.MediaType, method, path);
    }

    /// <summary>
    /// Sends a call; returns the response when it succeeded (its body still to be read under <paramref name="deadline"/>),
    /// throws the SDK's exception otherwise.
    /// </summary>
    private async Task<HttpResponseMessage> SendRawAsync(
        string method,
        string path,
        Func<IIntegrationsApi, string, CancellationToken, Task<HttpResponseMessage>> call,
        TimeoutSource? deadline,
        CancellationToken cancellationToken)
    {
        var route = ImmutaTelemetry.RouteOf(path);
        using var activity = ImmutaTelemetry.Source.StartActivity($"{method} {route}", ActivityKind.Client);
        activity?.SetTag("http.request.method", method);
        activity?.SetTag("url.template", route);
        Log.RequestSent(Logger, method, route);
        var started = TimeProvider.GetTimestamp();
        var token = deadline?.Token ?? cancellationToken;
        Task<HttpResponseMessage> sending;
        IReadOnlyList<string> secrets;
        var apiKey = _credential.Key;

        // The body is serialized synchronously inside `call`; the scope keeps what it carries, for scrubbing an error. What
        // `call` throws itself (a body that cannot be written) is the request's fault, not the transport's.
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
            var failure = TransportFailure.Map(method, path, exception, answered: false, deadline, secrets, cancellationToken);
            if (failure is ImmutaTransportException transport)
            {
                Record(activity, method, route, started, statusCode: null, transport.IsTimeout ? "timeout" : "transport");
                Log.RequestFailed(Logger, method, route, Elapsed(started), transport.IsTimeout ? "timed out" : TransportFailure.NameOf(exception));
            }

            throw failure;
        }

        var status = (int)response.StatusCode;
        Record(activity, method, route, started, status, response.IsSuccessStatusCode ? null : status.ToString(CultureInfo.InvariantCulture));
        var elapsed = Elapsed(started);
        Log.ResponseReceived(Logger, method, route, status, elapsed);
        if (RedirectedAway(response) is { } final)
        {
            // A handler of the caller's HttpClient followed a redirect the SDK would have refused.
            using (response)
            {
                throw ImmutaExceptionFactory.RedirectFollowed(response.StatusCode, final, _endpoint!, method, path);
            }
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var error = await ImmutaExceptionFactory.CreateAsync(
                response, method, path, TimeProvider.GetUtcNow(), secrets, NetworkTimeoutLeft(started), token).ConfigureAwait(false);

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

    private void Record(Activity? activity, string method, string route, long started, int? statusCode, string? errorType)
    {
        if (activity is null && !ImmutaTelemetry.RequestDuration.Enabled)
        {
            return; // nobody listens: no tags to build, no boxing
        }

        var tags = new TagList
        {
            { "http.request.method", method },
            { "url.template", route },
        };
        if (statusCode is { } code)
        {
            tags.Add("http.response.status_code", code);
            activity?.SetTag("http.response.status_code", code);
        }

        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
            activity?.SetTag("error.type", errorType);
            activity?.SetStatus(ActivityStatusCode.Error);
        }

        ImmutaTelemetry.RequestDuration.Record(TimeProvider.GetElapsedTime(started).TotalSeconds, tags);
    }

    /// <summary>
    /// Serializes a model (through its runtime type, so polymorphic bodies keep their members) as the request body: JSON
    /// with the documented <c>Content-Type: application/json</c>, or YAML when the options ask for it. Every body passes
    /// <see cref="RequestBodyCheck"/> here, so no request can skip it.
    /// </summary>
    /// <exception cref="IntegrationValidationException">A string member is the server's marker <c>&lt;REDACTED&gt;</c>.</exception>
    public HttpContent Body(object value)
    {
        var json = ImmutaJson.SerializeToUtf8Bytes(value);
        RequestBodyCheck.Check(json); // refuses <REDACTED> whatever ValidateBeforeSending says; keeps the body for scrubbing
        if (Options.RequestFormat != ImmutaRequestFormat.Yaml)
        {
            var content = new ByteArrayContent(json);
            content.Headers.ContentType = JsonMediaType;
            return content;
        }

        var yaml = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(Serialization.YamlJsonBridge.FromJson(System.Text.Encoding.UTF8.GetString(json))));
        yaml.Headers.ContentType = MediaTypeHeaderValue.Parse(Options.YamlMediaType);
        return yaml;
    }
}
