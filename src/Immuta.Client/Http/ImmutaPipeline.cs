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
    private readonly Uri? _endpoint;

    public ImmutaPipeline(HttpClient httpClient, ImmutaApiKeyCredential credential, ImmutaClientOptions options)
    {
        _credential = credential;
        _endpoint = httpClient.BaseAddress;
        Options = options;
        Logger = Diagnostics.Loggers.For(options.LoggerFactory);
        Api = RestService.ForGenerated<IIntegrationsApi>(httpClient, new RefitSettings());
    }

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
        using var response = await SendRawAsync(method, path, call, cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var reported = Serialization.TolerantReader.Reported;
                var value = await JsonSerializer.DeserializeAsync(stream, resultType, cancellationToken).ConfigureAwait(false)
                    ?? throw new JsonException("The body is JSON null.");
                return LogSetAside(Serialization.TolerantReader.Complete(value, reported, out var issues), issues, method, path);
            }
        }
        catch (JsonException exception)
        {
            throw ImmutaSerializationException.FromJsonException(typeof(T).Name, exception, method, path);
        }
        catch (Exception exception) when (IsTransportFailure(exception, cancellationToken))
        {
            throw TransportException(method, path, exception);
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
        using var response = await SendRawAsync(method, path, call, cancellationToken).ConfigureAwait(false);
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsTransportFailure(exception, cancellationToken))
        {
            throw TransportException(method, path, exception);
        }

        return ScriptReader.Read(text, response.Content.Headers.ContentType?.MediaType, method, path);
    }

    /// <summary>Sends a call; returns the response when it succeeded, throws the SDK's exception otherwise.</summary>
    public async Task<HttpResponseMessage> SendRawAsync(
        string method,
        string path,
        Func<IIntegrationsApi, string, CancellationToken, Task<HttpResponseMessage>> call,
        CancellationToken cancellationToken)
    {
        var route = ImmutaTelemetry.RouteOf(path);
        using var activity = ImmutaTelemetry.Source.StartActivity($"{method} {route}", ActivityKind.Client);
        activity?.SetTag("http.request.method", method);
        activity?.SetTag("url.template", route);
        Log.RequestSent(Logger, method, route);
        var started = TimeProvider.GetTimestamp();
        HttpResponseMessage response;
        IReadOnlyList<string> secrets;
        try
        {
            Task<HttpResponseMessage> sending;
            var apiKey = _credential.Key;

            // The body is serialized synchronously inside `call`; the scope keeps what it carries, for scrubbing an error.
            using (SecretScope.Begin())
            {
                sending = call(Api, apiKey, cancellationToken);
                secrets = SecretScope.Secrets(apiKey);
            }

            response = await sending.ConfigureAwait(false);
        }
        catch (Exception exception) when (IsTransportFailure(exception, cancellationToken))
        {
            var failure = TransportException(method, path, exception);
            Record(activity, method, route, started, statusCode: null, failure.IsTimeout ? "timeout" : "transport");
            var failedAfter = Elapsed(started);
            var reason = failure.IsTimeout ? "timed out" : Unwrap(exception).GetType().Name;
            Log.RequestFailed(Logger, method, route, failedAfter, reason);
            throw failure;
        }
        catch (Exception exception) when (IsRefit(exception) && exception.InnerException is OperationCanceledException canceled)
        {
            // The caller cancelled; Refit wrapped the cancellation.
            throw new OperationCanceledException(canceled.Message, canceled, cancellationToken);
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
            throw await ImmutaExceptionFactory.CreateAsync(response, method, path, TimeProvider.GetUtcNow(), secrets, cancellationToken)
                .ConfigureAwait(false);
        }
    }

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

    private static bool IsTransportFailure(Exception exception, CancellationToken cancellationToken)
    {
        var cause = Unwrap(exception);
        return cause is not ImmutaException
            && !(cause is OperationCanceledException && cancellationToken.IsCancellationRequested)
            && (cause is OperationCanceledException or HttpRequestException or IOException or TimeoutException || IsRefit(cause));
    }

    private static Exception Unwrap(Exception exception)
    {
        var cause = exception;
        while (IsRefit(cause) && cause.InnerException is { } inner)
        {
            cause = inner;
        }

        return cause;
    }

    private static bool IsRefit(Exception exception) => exception.GetType().Namespace?.StartsWith("Refit", StringComparison.Ordinal) == true;

    /// <summary>
    /// Turns what the HTTP stack threw into the SDK's exception. Refit wraps failures in its own exceptions, which hold the
    /// request message with its <c>Authorization</c> header: they are unwrapped and never kept as the cause.
    /// </summary>
    private static ImmutaTransportException TransportException(string method, string path, Exception exception)
    {
        var cause = Unwrap(exception);
        if (IsRefit(cause))
        {
            return new ImmutaTransportException($"{method} {path} failed before Immuta answered.", method, path, isTimeout: false, innerException: null);
        }

        var isTimeout = cause is OperationCanceledException or TimeoutException;
        var what = isTimeout ? "timed out" : "failed before Immuta answered";
        var reason = !isTimeout && cause.Message is { Length: > 0 } text ? $": {text}" : ".";
        return new ImmutaTransportException($"{method} {path} {what}{reason}", method, path, isTimeout, cause);
    }
}
