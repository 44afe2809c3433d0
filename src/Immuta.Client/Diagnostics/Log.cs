using Microsoft.Extensions.Logging;

namespace Immuta.Client.Diagnostics;

/// <summary>
/// The SDK's log events (source-generated). They carry the method, the route template, status codes, durations and
/// integration statuses; never a body, a credential or the API key, at any level. Levels: Information only for what an
/// operator acts on (an operation that settled); Warning for an operation that failed, timed out or whose status could
/// not be read, and for a retry (the SDK acted on a failure the caller never sees); each request and each poll is
/// Debug (the caller gets its outcome). Event ids are stable: a new event takes a new id, and the README's
/// "Observability" section lists them all.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Sending {Operation}")]
    public static partial void RequestSent(ILogger logger, string operation);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Method} {Route} answered {StatusCode} in {ElapsedMilliseconds} ms")]
    public static partial void ResponseReceived(ILogger logger, string method, string route, int statusCode, long elapsedMilliseconds);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "{Method} {Route} failed after {ElapsedMilliseconds} ms: {Reason}")]
    public static partial void RequestFailed(ILogger logger, string method, string route, long elapsedMilliseconds, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Retrying {Method} {Route} (retry {Attempt}) in {DelayMilliseconds} ms after {Reason}")]
    public static partial void Retrying(ILogger logger, string method, string route, int attempt, long delayMilliseconds, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Integration {IntegrationId} ({Kind}) is {Status}; next poll in {DelayMilliseconds} ms")]
    public static partial void Polled(ILogger logger, string integrationId, string kind, string status, long delayMilliseconds);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Integration {IntegrationId} ({Kind}) settled as {Status} after {ElapsedMilliseconds} ms and {Polls} polls")]
    public static partial void Settled(ILogger logger, string integrationId, string kind, string status, long elapsedMilliseconds, int polls);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Polling integration {IntegrationId} failed ({Failures} in a row); next poll in {DelayMilliseconds} ms: {Reason}")]
    public static partial void PollFailed(ILogger logger, string integrationId, int failures, long delayMilliseconds, string reason);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Integration {IntegrationId} ({Kind}) failed: settled as {Status} after {ElapsedMilliseconds} ms and {Polls} polls")]
    public static partial void OperationFailed(ILogger logger, string integrationId, string kind, string status, long elapsedMilliseconds, int polls);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "Integration {IntegrationId} ({Kind}) did not settle within the wait ({ElapsedMilliseconds} ms, {Polls} polls); last status {Status}")]
    public static partial void OperationTimedOut(ILogger logger, string integrationId, string kind, long elapsedMilliseconds, int polls, string status);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Waiting for integration {IntegrationId} ({Kind}) stopped after {Polls} polls: its status could not be read ({ErrorType})")]
    public static partial void WaitFailed(ILogger logger, string integrationId, string kind, int polls, string errorType);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Waiting for integration {IntegrationId} ({Kind}) was cancelled after {ElapsedMilliseconds} ms and {Polls} polls")]
    public static partial void WaitCancelled(ILogger logger, string integrationId, string kind, long elapsedMilliseconds, int polls);

    [LoggerMessage(EventId = 12, Level = LogLevel.Debug, Message = "The watch of integration {IntegrationId} ended on {Status} after {Polls} polls")]
    public static partial void WatchEnded(ILogger logger, string integrationId, string status, int polls);

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "The Immuta endpoint {Endpoint} is plain http:// to another machine (AllowInsecureHttp is on): the API key and credentials cross the network unencrypted")]
    public static partial void InsecureEndpoint(ILogger logger, string endpoint);

    // A finding names a field path and what is expected there; its message never quotes a credential.
    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "Local validation ({Request}) warns at {Path}: {Finding} [rule {Rule}; {Source}]; sent as it is, Immuta decides")]
    public static partial void ValidationWarning(ILogger logger, string request, string path, string finding, string rule, string source);

    // The issue names a JSON path, the expected type and the JSON kind found; never the value (it may be a credential).
    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "{Method} {Route}: a response member did not fit the model and was kept as it came: {Issue}")]
    public static partial void ResponseMemberSetAside(ILogger logger, string method, string route, string issue);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "{Method} {Route}: {More} more response members did not fit the model and were kept as they came (only the first {Logged} are logged)")]
    public static partial void MoreResponseMembersSetAside(ILogger logger, string method, string route, int more, int logged);
}
