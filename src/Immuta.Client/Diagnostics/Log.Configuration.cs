using Microsoft.Extensions.Logging;

namespace Immuta.Client.Diagnostics;

/// <summary>The SDK's log events about its configuration (keys only, never a value).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 50, Level = LogLevel.Warning, Message = "The setting {Key} is not one the SDK reads, so it is ignored: did you mean {Closest}?")]
    public static partial void UnknownSetting(ILogger logger, string key, string closest);
}
