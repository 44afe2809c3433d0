namespace Immuta.Client.DependencyInjection;

/// <summary>
/// Where <c>AddImmutaClient</c> reads <c>IMMUTA_URL</c> and <c>IMMUTA_API_KEY</c> from: the process environment, unless
/// this is registered (tests give each host its own environment instead of changing the process's).
/// </summary>
/// <param name="read">Reads a variable.</param>
internal sealed class EnvironmentVariables(Func<string, string?> read)
{
    public Func<string, string?> Read { get; } = read;
}
