using Immuta.Client.Cli;
using Immuta.Client.Testing;
using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary>The tool refuses plain <c>http://</c> to another machine unless <c>--allow-insecure-http</c> says otherwise, and then warns.</summary>
public sealed class InsecureHttpCliTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment { Out = output, Error = error, Variables = _ => null };
        var code = await CliApp.RunAsync(args, environment, Ct);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task List_HttpUrlToAnotherMachine_UsageErrorNamingTheFlag()
    {
        var (code, _, error) = await RunAsync("list", "--url", "http://tenant.immuta.com", "--api-key", "k-123456");

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("--url uses http:// to another machine", error, StringComparison.Ordinal);
        Assert.Contains("or pass --allow-insecure-http to accept it", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_HttpUrlToAnotherMachineAllowed_WarnsThenSends()
    {
        // 0.0.0.0 is not this machine's loopback address by name, and connecting to it fails at once.
        var (code, _, error) = await RunAsync("list", "--url", "http://0.0.0.0:1/", "--api-key", "k-123456", "--allow-insecure-http");

        Assert.StartsWith("warning: --url is plain http:// to another machine", error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ApiError, code);
    }

    [Fact]
    public async Task List_HttpUrlToThisMachine_NoWarning()
    {
        await using var fake = FakeImmutaServer.Start();

        var (code, _, error) = await RunAsync("list", "--url", fake.Uri.ToString(), "--api-key", fake.ApiKey);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Empty(error);
    }
}
