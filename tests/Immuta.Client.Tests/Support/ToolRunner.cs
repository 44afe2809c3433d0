using Immuta.Client.Cli;
using Xunit;

namespace Immuta.Client.Tests.Support;

/// <summary>Runs <c>immuta-integrations</c> in-process with the given environment variables; returns its exit code and streams.</summary>
internal static class ToolRunner
{
    public static async Task<(int Code, string Out, string Error)> RunAsync(IReadOnlyDictionary<string, string> variables, bool isTerminal, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment
        {
            Out = output,
            Error = error,
            Variables = name => variables.GetValueOrDefault(name),
            IsTerminal = isTerminal,
            ClientOptions = new ImmutaClientOptions { Polling = TestBackend.FastPolling },
        };
        var code = await CliApp.RunAsync(args, environment, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }
}
