using Immuta.Client.Cli;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Immuta.Client.Tests.Support;

/// <summary>Runs <c>immuta-integrations</c> in-process with the given environment variables; returns its exit code and streams.</summary>
internal static class ToolRunner
{
    /// <param name="variables">The environment.</param>
    /// <param name="isTerminal">Whether standard output and standard error are terminals.</param>
    /// <param name="args">The command line.</param>
    public static Task<(int Code, string Out, string Error)> RunAsync(IReadOnlyDictionary<string, string> variables, bool isTerminal, params string[] args)
        => RunAsync(variables, isTerminal, isTerminal, string.Empty, args);

    /// <param name="variables">The environment.</param>
    /// <param name="isTerminal">Whether standard output is a terminal.</param>
    /// <param name="isErrorTerminal">Whether standard error is a terminal.</param>
    /// <param name="input">Standard input.</param>
    /// <param name="args">The command line.</param>
    public static Task<(int Code, string Out, string Error)> RunAsync(IReadOnlyDictionary<string, string> variables, bool isTerminal, bool isErrorTerminal, string input, params string[] args)
        => RunAsync(variables, isTerminal, isErrorTerminal, input, new ImmutaClientOptions { Polling = TestBackend.FastPolling }, args);

    /// <summary>
    /// Runs the tool on a clock that never moves, polling without delays (<see cref="TestBackend.NoDelays"/>), against a fake
    /// that settles by a count of polls: every elapsed time it prints is 00:00, however slow the machine.
    /// </summary>
    /// <param name="variables">The environment.</param>
    /// <param name="isTerminal">Whether standard output is a terminal.</param>
    /// <param name="isErrorTerminal">Whether standard error is a terminal.</param>
    /// <param name="args">The command line.</param>
    public static Task<(int Code, string Out, string Error)> RunOnAStillClockAsync(IReadOnlyDictionary<string, string> variables, bool isTerminal, bool isErrorTerminal, params string[] args)
        => RunAsync(variables, isTerminal, isErrorTerminal, string.Empty, new ImmutaClientOptions { Polling = TestBackend.NoDelays, TimeProvider = new FakeTimeProvider() }, args);

    private static async Task<(int Code, string Out, string Error)> RunAsync(
        IReadOnlyDictionary<string, string> variables, bool isTerminal, bool isErrorTerminal, string input, ImmutaClientOptions clientOptions, string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stdin = new StringReader(input);
        var environment = new CliEnvironment
        {
            Out = output,
            Error = error,
            In = stdin,
            Variables = name => variables.GetValueOrDefault(name),
            IsTerminal = isTerminal,
            IsErrorTerminal = isErrorTerminal,
            ClientOptions = clientOptions,
        };
        var code = await CliApp.RunAsync(args, environment, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Runs the tool with a cancellation of the test's own (Ctrl+C) and client settings; <paramref name="onError"/> sees standard error as it grows.</summary>
    /// <param name="variables">The environment.</param>
    /// <param name="clientOptions">The client settings to start from; <see langword="null"/> for the fast polling schedule.</param>
    /// <param name="onError">Called after each write to standard error with all of it so far.</param>
    /// <param name="cancellationToken">The tool's cancellation (its Ctrl+C).</param>
    /// <param name="args">The command line.</param>
    public static async Task<(int Code, string Out, string Error)> RunAsync(
        IReadOnlyDictionary<string, string> variables, ImmutaClientOptions? clientOptions, Action<string>? onError, CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new WatchedWriter(onError ?? (_ => { }));
        var environment = new CliEnvironment
        {
            Out = output,
            Error = error,
            Variables = name => variables.GetValueOrDefault(name),
            ClientOptions = clientOptions ?? new ImmutaClientOptions { Polling = TestBackend.FastPolling },
        };
        var code = await CliApp.RunAsync(args, environment, cancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Standard error that tells a test what was written so far, after each write: a test acts at a point of the tool's run, not after a guessed delay.</summary>
    private sealed class WatchedWriter(Action<string> written) : StringWriter(System.Globalization.CultureInfo.InvariantCulture)
    {
        public override void Write(char value)
        {
            base.Write(value);
            written(ToString());
        }

        public override void Write(string? value)
        {
            base.Write(value);
            written(ToString());
        }

        public override void Write(char[] buffer, int index, int count)
        {
            base.Write(buffer, index, count);
            written(ToString());
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            base.Write(buffer);
            written(ToString());
        }

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            written(ToString());
        }

        public override void WriteLine(ReadOnlySpan<char> buffer)
        {
            base.WriteLine(buffer);
            written(ToString());
        }
    }
}
