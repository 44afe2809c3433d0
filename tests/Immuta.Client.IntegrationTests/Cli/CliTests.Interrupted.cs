using Immuta.Client.Cli;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary>Issue 16 item 14: an apply interrupted while it waits, or a create whose answer was lost, never leads to a second create.</summary>
public sealed partial class CliTests
{
    [Fact]
    public async Task Apply_InterruptedWhileWaitingThenRunAgain_WaitsForTheSameIntegrationAndCreatesOnce()
    {
        await using var slow = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1_000_000 });
        var variables = new Dictionary<string, string> { ["IMMUTA_URL"] = slow.Uri.ToString(), ["IMMUTA_API_KEY"] = slow.ApiKey };
        var file = Example("post-integrations.trino.request.json");

        // Ctrl+C once the tool waits (its progress shows the create it started): a point of the run, not a guessed delay.
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var first = await ToolRunner.RunAsync(variables, null, error => { if (error.Contains("create 1: ", StringComparison.Ordinal)) { interrupt.Cancel(); } }, interrupt.Token, "apply", "-f", file);
        Assert.True(first.Code == ExitCodes.Cancelled, first.Error);
        Assert.Equal(IntegrationStatus.Creating, Assert.Single(slow.Integrations).Status);

        // Run again: it must find integration 1 and wait for it; it settles once that wait began.
        var (code, _, error) = await ToolRunner.RunAsync(variables, null, e => { if (e.Contains("create 1: ", StringComparison.Ordinal)) { slow.SetStatus("1", IntegrationStatus.Enabled); } }, Ct, "apply", "-f", file);

        Assert.True(code == 0, error);
        Assert.StartsWith("wait: Trino integration 1 (trino) is creating (an earlier run may have started it): waiting for it before comparing it with the file\n", error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("plan: no change: Trino integration 1 (trino) already matches the file; nothing was sent.", error, StringComparison.Ordinal);
        Assert.Single(slow.Journal, r => r.Method == "POST");
        Assert.DoesNotContain(slow.Journal, r => r.Method == "PUT");
    }

    [Fact]
    public async Task Plan_IntegrationStillCreating_SaysApplyWaitsForItAndExits4WithDetailedExitcode()
    {
        await using var slow = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1_000_000 });
        var variables = new Dictionary<string, string> { ["IMMUTA_URL"] = slow.Uri.ToString(), ["IMMUTA_API_KEY"] = slow.ApiKey };
        var file = Example("post-integrations.trino.request.json");
        Assert.Equal(0, (await ToolRunner.RunAsync(variables, false, "create", "-f", file, "--no-wait")).Code);

        var (code, output, error) = await ToolRunner.RunAsync(variables, false, "plan", "-f", file, "--detailed-exitcode");

        Assert.True(code == ExitCodes.ChangesPending, error);
        Assert.StartsWith("plan: wait: Trino integration 1 (trino) is creating", output, StringComparison.Ordinal);
        Assert.Single(slow.Journal, r => r.Method == "POST");
    }

    [Fact]
    public async Task Apply_CreateTimedOutOnTheClientButWentThrough_AdoptsItAndCreatesOnce()
    {
        // The fake holds the create's answer back on a clock that never moves: the create takes effect, the answer never comes.
        await using var late = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1, TimeProvider = new FakeTimeProvider() });
        var variables = new Dictionary<string, string> { ["IMMUTA_URL"] = late.Uri.ToString(), ["IMMUTA_API_KEY"] = late.ApiKey };

        // The tool's clock moves only once the create is held at the fake, so its 3 s timeout ends that call and no other
        // (on the real clock, any call the loaded machine took 3 s over timed out too); the wait after it needs no time.
        var clock = new FakeTimeProvider();
        var options = new ImmutaClientOptions { Polling = TestBackend.NoDelays, NetworkTimeout = TimeSpan.FromSeconds(3), TimeProvider = clock };
        var injected = false;

        // The fault is queued once the plan is printed: after the list was read, before the create is sent.
        var running = ToolRunner.RunAsync(
            variables,
            options,
            e =>
            {
                if (!injected && e.Contains("plan: create a Trino integration", StringComparison.Ordinal))
                {
                    injected = true;
                    late.InjectFaults(FakeFault.Latency(TimeSpan.FromDays(1)));
                }
            },
            Ct,
            "apply",
            "-f",
            Example("post-integrations.trino.request.json"));
        for (var waited = 0; !late.Journal.Any(r => r.Method == "POST") && !running.IsCompleted; waited += 5)
        {
            Assert.True(waited < 60_000, "The create never reached the fake.");
            await Task.Delay(5, Ct);
        }

        clock.Advance(TimeSpan.FromSeconds(3));
        var (code, _, error) = await running;

        Assert.True(code == 0, error);
        Assert.Contains("the create got no answer (", error, StringComparison.Ordinal);
        Assert.Contains("but Immuta now holds Trino integration 1 there (creating): it is adopted and waited for; no second create is sent.", error, StringComparison.Ordinal);
        Assert.Single(late.Journal, r => r.Method == "POST");
        Assert.Equal(IntegrationStatus.Enabled, Assert.Single(late.Integrations).Status);
    }
}
