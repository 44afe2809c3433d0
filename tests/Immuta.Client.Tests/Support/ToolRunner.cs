using Immuta.Client.Cli;
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
    public static async Task<(int Code, string Out, string Error)> RunAsync(IReadOnlyDictionary<string, string> variables, bool isTerminal, bool isErrorTerminal, string input, params string[] args)
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
            ClientOptions = new ImmutaClientOptions { Polling = TestBackend.FastPolling },
        };
        var code = await CliApp.RunAsync(args, environment, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }
}
