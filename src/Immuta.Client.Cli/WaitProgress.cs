using System.Globalization;

namespace Immuta.Client.Cli;

/// <summary>
/// Shows a wait: on a terminal one line rewritten in place (status and elapsed time), otherwise one plain line per status
/// change. Written to standard error, so standard output stays the result.
/// </summary>
internal sealed class WaitProgress(CliEnvironment environment) : IProgress<IntegrationOperationProgress>
{
    private IntegrationStatus? _last;

    public void Report(IntegrationOperationProgress value)
    {
        var elapsed = value.Elapsed.ToString(@"mm\:ss", CultureInfo.InvariantCulture);
        if (environment.IsTerminal)
        {
            environment.Error.Write($"\r{value.Kind.ToString().ToLowerInvariant()} {value.Id}: {value.Status,-26} {elapsed}");
        }
        else if (_last != value.Status)
        {
            environment.Error.WriteLine($"{value.Kind.ToString().ToLowerInvariant()} {value.Id}: {value.Status} after {elapsed}");
        }

        _last = value.Status;
    }

    public void Done()
    {
        if (environment.IsTerminal && _last is not null)
        {
            environment.Error.WriteLine();
        }
    }
}
