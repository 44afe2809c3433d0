using System.Net;

namespace Immuta.Client;

/// <summary>The base of every exception this SDK throws.</summary>
public class ImmutaException : Exception
{
    /// <summary>Creates an exception.</summary>
    public ImmutaException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public ImmutaException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ImmutaException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Immuta answered with an error status. Carries the HTTP status, the body's <c>error</c> and <c>message</c>, and the
/// method and path of the call; the message reads <c>"POST /integrations failed with 409 (Conflict): ..."</c>.
/// </summary>
public class ImmutaApiException : ImmutaException
{
    /// <summary>Creates an exception for an error response.</summary>
    /// <param name="message">The full message.</param>
    /// <param name="details">What the response said.</param>
    public ImmutaApiException(string message, ImmutaErrorDetails details)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(details);
        Details = details;
    }

    /// <summary>What the response said.</summary>
    public ImmutaErrorDetails Details { get; }

    /// <summary>The HTTP status of the response.</summary>
    public HttpStatusCode StatusCode => Details.StatusCode;

    /// <summary>The body's <c>error</c> (the status text, such as <c>Conflict</c>), when the body was JSON.</summary>
    public string? Error => Details.Error;

    /// <summary>The body's <c>message</c>, or a readable summary of a body that was not Immuta's JSON (an HTML page, plain text).</summary>
    public string? ServerMessage => Details.ServerMessage;

    /// <summary>The HTTP method of the call, such as <c>POST</c>.</summary>
    public string Method => Details.Method;

    /// <summary>The path of the call, such as <c>/integrations/123/status</c>.</summary>
    public string Path => Details.Path;

    /// <summary>How long the server asked to wait before trying again (<c>Retry-After</c>), if it said.</summary>
    public TimeSpan? RetryAfter => Details.RetryAfter;

    /// <summary>Where a redirect pointed (see <see cref="ImmutaErrorDetails.Location"/>), for <see cref="ImmutaRedirectException"/>.</summary>
    public Uri? Location => Details.Location;

    /// <summary>
    /// The response as the SDK read it: status, headers and the start of the body, with secrets masked (see
    /// <see cref="ImmutaRawResponse"/>). A copy: the connection is long released.
    /// </summary>
    /// <returns>The response; <see langword="null"/> when the exception was not made from one (built by hand, or a redirect a handler followed).</returns>
    public ImmutaRawResponse? GetRawResponse() => Details.RawResponse;
}

/// <summary>What an error response said; shared by every <see cref="ImmutaApiException"/>.</summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="Method">The HTTP method of the call.</param>
/// <param name="Path">The path of the call.</param>
/// <param name="Error">The body's <c>error</c>.</param>
/// <param name="ServerMessage">The body's <c>message</c>, or a summary of a non-JSON body.</param>
/// <param name="RetryAfter">The <c>Retry-After</c> the server sent.</param>
public sealed record ImmutaErrorDetails(
    HttpStatusCode StatusCode,
    string Method,
    string Path,
    string? Error,
    string? ServerMessage,
    TimeSpan? RetryAfter)
{
    /// <summary>
    /// Where a redirect pointed: the response's <c>Location</c> made absolute, or the address a redirect-following
    /// handler ended at. Only its scheme, host, port and path: user information and query are left out, as they may
    /// hold secrets.
    /// </summary>
    public Uri? Location { get; init; }

    /// <summary>The response as the SDK read it, masked (see <see cref="ImmutaApiException.GetRawResponse"/>); <see langword="null"/> when there was none.</summary>
    public ImmutaRawResponse? RawResponse { get; init; }
}

/// <summary>
/// 3xx: Immuta (or a proxy in front of it) redirected the call. The SDK does not follow redirects, so nothing was sent
/// to <see cref="ImmutaApiException.Location"/>; the endpoint is probably not the address Immuta answers on (a missing
/// <c>https://</c>, another host name, a path). When an <see cref="HttpClient"/> you supplied followed a redirect to
/// another origin itself, <see cref="WasSentToLocation"/> is <see langword="true"/>: the request (its body included)
/// reached that address before the SDK saw it.
/// </summary>
public class ImmutaRedirectException : ImmutaApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full message.</param>
    /// <param name="details">What the response said, with <see cref="ImmutaErrorDetails.Location"/>.</param>
    /// <param name="wasSentToLocation">Whether the request was sent to the redirect's target (by a handler that follows redirects).</param>
    public ImmutaRedirectException(string message, ImmutaErrorDetails details, bool wasSentToLocation)
        : base(message, details) => WasSentToLocation = wasSentToLocation;

    /// <summary>
    /// Whether a handler of an <see cref="HttpClient"/> you supplied followed the redirect, so the request was sent to
    /// <see cref="ImmutaApiException.Location"/> (a create or an update may have been carried out there).
    /// </summary>
    public bool WasSentToLocation { get; }
}

/// <summary>404: no integration with that id (<c>"No Integration found with ID 5."</c>).</summary>
public class ImmutaNotFoundException : ImmutaApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full message.</param>
    /// <param name="details">What the response said.</param>
    public ImmutaNotFoundException(string message, ImmutaErrorDetails details)
        : base(message, details)
    {
    }
}

/// <summary>
/// 409: an integration of that platform already exists on that host (see <see cref="ExistingIntegrationId"/>), or the
/// integration is busy: an update or a delete while it is <c>creating</c>, <c>editing</c>, <c>deleting</c> or
/// <c>migrating</c> (<c>"Unable to edit integration with ID 1 in current state editing."</c>, for both).
/// </summary>
public class ImmutaConflictException : ImmutaApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full message.</param>
    /// <param name="details">What the response said.</param>
    /// <param name="existingIntegrationId">The id parsed from <c>"... (id = 123)"</c>, if present.</param>
    public ImmutaConflictException(string message, ImmutaErrorDetails details, string? existingIntegrationId)
        : base(message, details) => ExistingIntegrationId = existingIntegrationId;

    /// <summary>
    /// The id of the integration that already exists, parsed from <c>"… already exists on host … (id = 123456789)"</c> or
    /// <c>"… already exists on … (id = 1)."</c> (Immuta writes both); <see langword="null"/> for a busy integration.
    /// </summary>
    public string? ExistingIntegrationId { get; }
}

/// <summary>401 or 403: the API key is wrong, expired, or lacks the <c>APPLICATION_ADMIN</c> permission.</summary>
public class ImmutaAuthenticationException : ImmutaApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full message.</param>
    /// <param name="details">What the response said.</param>
    public ImmutaAuthenticationException(string message, ImmutaErrorDetails details)
        : base(message, details)
    {
    }
}

/// <summary>
/// 400 or 422: Immuta refused the request (missing or wrong fields, credentials sent or missing on delete, an attribute
/// that cannot be edited, failed prerequisites), or a create found an integration of that platform on that host that
/// previously failed to create (see <see cref="ExistingIntegrationId"/>).
/// </summary>
public class ImmutaValidationException : ImmutaApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full message.</param>
    /// <param name="details">What the response said.</param>
    public ImmutaValidationException(string message, ImmutaErrorDetails details)
        : base(message, details)
    {
    }

    /// <summary>Creates the exception for a create that names an integration which previously failed to create.</summary>
    /// <param name="message">The full message.</param>
    /// <param name="details">What the response said.</param>
    /// <param name="existingIntegrationId">The id parsed from <c>"Use PUT /integrations/1 endpoint … (id = 1) that previously failed to create."</c>, if present.</param>
    public ImmutaValidationException(string message, ImmutaErrorDetails details, string? existingIntegrationId)
        : base(message, details) => ExistingIntegrationId = existingIntegrationId;

    /// <summary>
    /// The id of the integration of that platform on that host that previously failed to create, when Immuta answered a
    /// create with 400 <c>"Use PUT /integrations/1 endpoint to update connection information for … (id = 1) that previously
    /// failed to create."</c> (spec §15 E-1; both the path and the <c>(id = 1)</c> are read, and must agree). Send the
    /// definition to it with <see cref="IntegrationsClient.UpdateAsync"/>, as <see cref="IntegrationsClient.CreateOrAdoptAsync"/>
    /// does. <see langword="null"/> for every other 400 and 422.
    /// </summary>
    public string? ExistingIntegrationId { get; }
}

/// <summary>
/// A body could not be read or written as Immuta's JSON: a malformed response from the server (the message names the
/// endpoint and the JSON path), or malformed input given to <see cref="ImmutaJson"/>.
/// </summary>
public class ImmutaSerializationException : ImmutaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ImmutaSerializationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The JSON path where reading failed, such as <c>$.config.port</c>, when known.</summary>
    public string? JsonPath { get; init; }

    /// <summary>The HTTP method of the call whose response was malformed, if any.</summary>
    public string? Method { get; init; }

    /// <summary>The file that could not be read, when the text came from one (<see cref="IntegrationDefinitionFile.LoadAsync(string, Func{string, string?}?, CancellationToken)"/>).</summary>
    public string? FilePath { get; init; }

    /// <summary>The line of the JSON or YAML text (of the file as written, counted from 1) where the first problem stands, when known.</summary>
    public int? Line { get; init; }

    /// <summary>The column (in characters, counted from 1) on <see cref="Line"/> where the first problem stands, when known.</summary>
    public int? Column { get; init; }

    /// <summary>The path of the call whose response was malformed, if any.</summary>
    public string? Path { get; init; }

    internal static ImmutaSerializationException FromJsonException(string what, System.Text.Json.JsonException exception, string? method = null, string? path = null)
    {
        var where = method is null ? string.Empty : $"The response of {method} {path} is not valid: ";
        var at = exception.Path is null ? string.Empty : $" at {exception.Path}";
        var line = exception.LineNumber is { } l ? $" (line {l + 1}, byte {exception.BytePositionInLine + 1})" : string.Empty;
        return new ImmutaSerializationException($"{where}Could not read {what}{at}{line}: {FirstSentence(exception.Message)}", exception)
        {
            JsonPath = exception.Path,
            Method = method,
            Path = path,
        };
    }

    internal static ImmutaSerializationException FromWriteFailure(string what, Exception exception)
    {
        var path = (exception as System.Text.Json.JsonException)?.Path;
        var at = path is null ? string.Empty : $" at {path}";
        var cause = exception.InnerException is { } inner && exception is System.Text.Json.JsonException ? inner : exception;
        return new ImmutaSerializationException($"Could not write {what}{at}: {FirstSentence(cause.Message)}", exception) { JsonPath = path };
    }

    // System.Text.Json appends "Path: ... | LineNumber: ..." to its messages; the exception states those itself.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut];
    }
}

/// <summary>The request did not get an answer: the connection failed or was reset, or the call timed out.</summary>
public class ImmutaTransportException : ImmutaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="method">The HTTP method of the call.</param>
    /// <param name="path">The path of the call.</param>
    /// <param name="isTimeout">Whether the call timed out.</param>
    /// <param name="innerException">The cause.</param>
    public ImmutaTransportException(string message, string method, string path, bool isTimeout, Exception? innerException)
        : base(message, innerException)
    {
        Method = method;
        Path = path;
        IsTimeout = isTimeout;
    }

    /// <summary>The HTTP method of the call.</summary>
    public string Method { get; }

    /// <summary>The path of the call.</summary>
    public string Path { get; }

    /// <summary>Whether the call timed out (rather than failing to connect or being reset).</summary>
    public bool IsTimeout { get; }
}
