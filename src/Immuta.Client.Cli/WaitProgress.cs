using System.Globalization;

namespace Immuta.Client.Cli;

/// <summary>
/// Shows a wait on standard error (standard output stays the result): when standard error is a terminal, one line
/// rewritten in place (status and elapsed time), otherwise (<c>2&gt;log</c>) one plain line per status change. Elapsed
/// time counts whole minutes past the hour (<c>65:00</c>), never wraps.
/// </summary>
internal sealed class WaitProgress(CliEnvironment environment) : IProgress<IntegrationOperationProgress>
{
    private IntegrationStatus? _last;

    public void Report(IntegrationOperationProgress value)
    {
        var elapsed = Elapsed(value.Elapsed);
        if (environment.IsErrorTerminal)
        {
            environment.Error.Write($"\r{value.Kind.ToString().ToLowerInvariant()} {value.Id}: {value.Status,-26} {elapsed}");
        }
        else if (_last != value.Status)
        {
            environment.Error.WriteLine($"{value.Kind.ToString().ToLowerInvariant()} {value.Id}: {value.Status} after {elapsed}");
        }

        _last = value.Status;
    }

    /// <summary>Minutes and seconds, the minutes not wrapping at an hour: 65 minutes is <c>65:00</c>.</summary>
    public static string Elapsed(TimeSpan elapsed)
        => string.Create(CultureInfo.InvariantCulture, $"{(long)elapsed.TotalMinutes:00}:{elapsed.Seconds:00}");

    public void Done()
    {
        if (environment.IsErrorTerminal && _last is not null)
        {
            environment.Error.WriteLine();
        }
    }
}
