using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Immuta.Client.Diagnostics;

internal static class Loggers
{
    /// <summary>The category every SDK event is logged under.</summary>
    public const string Category = "Immuta.Client";

    public static ILogger For(ILoggerFactory? factory) => factory?.CreateLogger(Category) ?? NullLogger.Instance;
}
