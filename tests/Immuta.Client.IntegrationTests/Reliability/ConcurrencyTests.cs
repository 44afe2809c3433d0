using System.Collections.Concurrent;
using System.Diagnostics;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Reliability;

/// <summary>One client shared by 64 concurrent tasks doing mixed operations against the fake, for a bounded run.</summary>
[Collection(SerialTests.Name)]
public sealed class ConcurrencyTests(ITestOutputHelper output)
{
    private const int Tasks = 64;
    private const int RoundsPerTask = 6;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SharedClient_64ConcurrentTasks_NoErrorNoCrossTalk()
    {
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = fake.CreateClient(new ImmutaClientOptions { Polling = TestBackend.FastPolling, Retry = StubImmuta.FastRetries });
        var errors = new ConcurrentQueue<string>();
        var calls = 0;
        var watch = Stopwatch.StartNew();
        // A hang guard, not a speed bound: the run takes seconds, however loaded the machine.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromMinutes(10));

        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(worker => Task.Run(async () =>
        {
            for (var round = 0; round < RoundsPerTask; round++)
            {
                var host = $"worker{worker}-round{round}.snowflakecomputing.com";
                try
                {
                    var definition = new SnowflakeIntegration
                    {
                        AutoBootstrap = false,
                        Config = new SnowflakeConfig { Host = host, Warehouse = $"WH{worker}", Database = "DB", AuthenticationType = AuthenticationType.UserPassword, Username = "u", Password = "p4ssword" },
                    };
                    var created = await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, definition, deadline.Token);
                    var fetched = await client.Integrations.GetAsync(created.Id, deadline.Token);
                    var status = await client.Integrations.GetStatusAsync(created.Id, deadline.Token);
                    var all = await client.Integrations.ListAsync(deadline.Token);
                    await client.Integrations.UpdateAsync(ImmutaWaitUntil.Completed, created.Id, definition with { Config = definition.Config with { Warehouse = $"WH{worker}-2" } }, deadline.Token);
                    var script = await client.Integrations.Scripts.DeleteAsync(created.Id, deadline.Token);
                    await client.Integrations.DeleteAsync(ImmutaWaitUntil.Completed, created.Id, cancellationToken: deadline.Token);
                    Interlocked.Add(ref calls, 8);

                    var config = ((SnowflakeIntegration)fetched.Definition).Config!;
                    if (config.Host != host || config.Warehouse != $"WH{worker}" || status.Id != created.Id
                        || !all.Any(i => i.Id == created.Id) || !script.Text.Contains($"integration {created.Id}", StringComparison.Ordinal))
                    {
                        errors.Enqueue($"worker {worker} round {round}: a response belonged to another caller");
                    }
                }
                catch (Exception error)
                {
                    errors.Enqueue($"worker {worker} round {round}: {error.GetType().Name}: {error.Message}");
                }
            }
        }, deadline.Token)));

        output.WriteLine($"concurrency: {Tasks} tasks, {calls} calls (plus polls) in {watch.Elapsed.TotalSeconds:0.0} s, {fake.Journal.Count} requests served, {errors.Count} errors");
        Assert.True(errors.IsEmpty, string.Join('\n', errors.Take(10)));
        Assert.Empty(fake.Integrations);
    }
}
