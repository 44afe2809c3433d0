using System.Diagnostics;
using Immuta.Client.Cli;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary>Issue 16 defect 9: what a wait prints, where, and how it ends.</summary>
public sealed partial class CliTests
{
    [Fact]
    public async Task Update_SettlesInRecurringValidationError_SaysSoAndExits0LikeTheSdk()
    {
        using var stub = new StubImmuta();
        stub.Reply("PUT", "/integrations/5", 200, """{"id":"5","status":"editing"}""");
        stub.Reply("GET", "/integrations/5/status", 200, """{"id":5,"status":"recurringValidationError"}""");
        stub.Reply("GET", "/integrations/5", 200, """
            {"id":"5","status":"recurringValidationError","type":"Trino","config":{},
             "validationResults":{"status":"failed","validationTests":[{"name":"Validate Trino connection","status":"failed","result":"refused"}]}}
            """);
        _variables["IMMUTA_URL"] = stub.Server.Url!;
        _variables["IMMUTA_API_KEY"] = StubImmuta.ApiKey;

        var (code, output, error) = await RunAsync("update", "5", "-f", Example("post-integrations.trino.request.json"));

        Assert.True(code == 0, error);
        Assert.Contains("\"recurringValidationError\"", output, StringComparison.Ordinal);
        Assert.Contains("warning: the update of integration 5 succeeded, but the integration is in recurringValidationError: Immuta uses it, and its periodic validation failed. Failed checks: Validate Trino connection.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_StdoutATerminalStderrALog_PlainProgressLinesWithoutCarriageReturns()
    {
        var (code, _, error) = await ToolRunner.RunOnAStillClockAsync(_variables, true, false, "create", "-f", Example("post-integrations.trino.request.json"));

        Assert.Equal(0, code);
        Assert.DoesNotContain('\r', error);
        Assert.Matches(@"^create 1: enabled after 00:00\n$", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Create_StderrATerminalStdoutPiped_LiveProgressOnStderr()
    {
        var (code, output, error) = await ToolRunner.RunOnAStillClockAsync(_variables, false, true, "create", "-f", Example("post-integrations.trino.request.json"));

        Assert.Equal(0, code);
        Assert.Matches(@"^\rcreate 1: enabled +00:00\r?\n$", error);
        Assert.StartsWith("{", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(65 * 60, "65:00")]
    [InlineData(59, "00:59")]
    [InlineData(25 * 3600 + 61, "1501:01")]
    public void WaitProgress_Elapsed_MinutesNeverWrapAtAnHour(int seconds, string expected)
        => Assert.Equal(expected, WaitProgress.Elapsed(TimeSpan.FromSeconds(seconds)));

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Tool_SigtermWhileWaiting_Exits143()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "POSIX signals");
        await using var slow = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1_000_000 });
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(Examples.RepositoryRoot(), "src", "Immuta.Client.Cli", "bin", configuration, "net10.0", "immuta-integrations.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "create", "-f", Example("post-integrations.trino.request.json"), "--url", slow.Uri.ToString(), "--api-key", slow.ApiKey })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(Ct);
        var output = process.StandardOutput.ReadToEndAsync(Ct);

        // Signalled once it waits (its first status poll reached the fake): a condition, not a guess at a duration.
        while (!slow.Journal.Any(r => r.Method == "GET" && r.Path.EndsWith("/status", StringComparison.Ordinal)))
        {
            if (process.HasExited)
            {
                Assert.Fail($"the tool ended before it waited: {await error}");
            }

            await Task.Delay(20, Ct);
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(Ct);
        }

        await process.WaitForExitAsync(Ct);
        var stderr = (await error).ReplaceLineEndings("\n");
        Assert.True(process.ExitCode == 143, $"exit {process.ExitCode}: {stderr}");
        Assert.EndsWith("error: interrupted\n", stderr, StringComparison.Ordinal);
        Assert.Empty(await output);
    }
}
