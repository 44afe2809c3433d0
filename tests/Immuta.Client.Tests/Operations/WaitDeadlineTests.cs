using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Operations;

/// <summary>
/// The wait's deadline, on a fake clock: a <c>Retry-After</c> past it ends the wait at once, one last status check runs
/// at it, 401/403 end the wait at once, and the timeout says what the wait saw (last status, status requests). A watch
/// times out as a watch, not as a delete.
/// </summary>
public sealed class WaitDeadlineTests
{
    private const string Id = "42";
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly SnowflakeIntegration Definition = new()
    {
        AutoBootstrap = true,
        Config = new SnowflakeConfig { Host = "h", Warehouse = "w", Database = "d", AuthenticationType = AuthenticationType.UserPassword, Username = "u", Password = "p4ssword" },
    };

    /// <summary>An Immuta whose POST and DELETE answer <paramref name="started"/> and whose n-th status call answers <paramref name="status"/>(n).</summary>
    private static ScriptedImmuta StatusByCall(
        Func<int, HttpResponseMessage> status, PollingOptions? polling = null, string id = Id, string started = "creating", ImmutaRetryOptions? retry = null)
    {
        var calls = 0;
        return new ScriptedImmuta((i, request) => request.RequestUri!.AbsolutePath switch
        {
            "/integrations" => ScriptedImmuta.Started(id, started),
            var path when path == $"/integrations/{id}" && request.Method == HttpMethod.Delete => ScriptedImmuta.Started(id, started),
            var path when path == $"/integrations/{id}/status" => status(Interlocked.Increment(ref calls)),
            _ => ScriptedImmuta.Integration(id, "enabled"),
        }, polling, retry: retry);
    }

    [Theory]
    [InlineData(503, "3600", 3600)] // past the deadline, under Retry.MaxRetryAfter (1 hour here)
    [InlineData(429, "999999", 3600)] // capped at Retry.MaxRetryAfter, still past the deadline
    public async Task WaitForCompletionAsync_RetryAfterPastTheDeadline_FailsAtOnceWithTheLastStatus(int status, string retryAfter, int maxRetryAfterSeconds)
    {
        var polling = new PollingOptions { Timeout = TimeSpan.FromSeconds(30) };
        var immuta = StatusByCall(
            call => call == 1 ? ScriptedImmuta.Status(Id, "creating") : ScriptedImmuta.Error((HttpStatusCode)status, "slow down", ("Retry-After", retryAfter)),
            polling,
            retry: new ImmutaRetryOptions { MaxRetryAfter = TimeSpan.FromSeconds(maxRetryAfterSeconds) });
        var operation = await immuta.Client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition, Ct);

        var waiting = operation.WaitForCompletionAsync(Ct);
        var elapsed = await immuta.Time.DriveAsync(waiting, Minute);

        var error = await Assert.ThrowsAsync<ImmutaOperationTimeoutException>(() => waiting);
        Assert.Equal(TimeSpan.FromSeconds(3), elapsed); // the second poll (at 3 s) was answered: no sleeping until 30 s
        Assert.Equal(IntegrationStatus.Creating, error.LastStatus);
        Assert.Equal(2, error.StatusRequests);
        Assert.Equal((HttpStatusCode)status, Assert.IsType<ImmutaApiException>(error.InnerException).StatusCode);
        Assert.Equal(
            $"The create of integration {Id} cannot settle within 00:00:30: Immuta asked to wait {retryAfter} s (Retry-After), past the end of the wait (2 status requests); last status creating.",
            error.Message);
        Assert.Equal(IntegrationStatus.Creating, operation.Status);
        Assert.False(operation.HasCompleted);
    }

    [Fact]
    public async Task WaitForCompletionAsync_SettlesBetweenTheLastPollAndTheDeadline_LastCheckAtTheDeadlineSucceeds()
    {
        // Polls at 1, 3, 7, 12, 17, 22, 27 s; the next is due at 32 s, past the 30 s deadline. Enabled from 29 s.
        var immuta = new ScriptedImmuta((i, request) => request.RequestUri!.AbsolutePath switch
        {
            "/integrations" => ScriptedImmuta.Started(Id, "creating"),
            $"/integrations/{Id}/status" => ScriptedImmuta.Status(Id, i.Elapsed >= TimeSpan.FromSeconds(29) ? "enabled" : "creating"),
            _ => ScriptedImmuta.Integration(Id, "enabled"),
        }, new PollingOptions { Timeout = TimeSpan.FromSeconds(30) });
        var operation = await immuta.Client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition, Ct);

        var value = await immuta.DriveAsync(operation.WaitForCompletionAsync(Ct), Minute);

        Assert.Equal(IntegrationStatus.Enabled, value!.Status);
        Assert.Equal(TimeSpan.FromSeconds(30), immuta.StatusPollTimes()[^1]);
        Assert.Equal(8, immuta.StatusPollTimes().Count);
    }

    [Fact]
    public async Task WaitForCompletionAsync_LastCheckFails_TimesOutWithThatFailureAsCause()
    {
        var immuta = StatusByCall(call => call <= 7 ? ScriptedImmuta.Status(Id, "creating") : ScriptedImmuta.Error(HttpStatusCode.BadGateway), new PollingOptions { Timeout = TimeSpan.FromSeconds(30) });
        var operation = await immuta.Client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition, Ct);

        var error = await Assert.ThrowsAsync<ImmutaOperationTimeoutException>(() => immuta.DriveAsync(operation.WaitForCompletionAsync(Ct), Minute));

        Assert.Equal(HttpStatusCode.BadGateway, Assert.IsType<ImmutaApiException>(error.InnerException).StatusCode);
        Assert.Equal(IntegrationStatus.Creating, error.LastStatus);
        Assert.Equal(8, error.StatusRequests);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task WaitForCompletionAsync_AuthenticationFailsAfterATransientFailure_FailsAtOnce(int status)
    {
        var immuta = StatusByCall(call => call == 1 ? ScriptedImmuta.Error(HttpStatusCode.ServiceUnavailable) : ScriptedImmuta.Error((HttpStatusCode)status, "no"));
        var operation = await immuta.Client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition, Ct);

        var error = await Assert.ThrowsAsync<ImmutaAuthenticationException>(() => immuta.DriveAsync(operation.WaitForCompletionAsync(Ct), Minute));

        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Equal(2, immuta.StatusPollTimes().Count);
    }

    [Theory]
    [InlineData("enabled")]
    [InlineData("createError")]
    [InlineData("editError")]
    [InlineData("migrateError")]
    [InlineData("recurringValidationError")]
    public async Task DeleteAsync_DeletingThenThePreviousState_FailsAtOnceAsRolledBack(string previous)
    {
        var immuta = StatusByCall(call => ScriptedImmuta.Status(Id, call <= 2 ? "deleting" : previous), started: "deleting");

        var error = await Assert.ThrowsAsync<ImmutaOperationFailedException>(
            () => immuta.DriveAsync(immuta.Client.Integrations.DeleteAsync(ImmutaWaitUntil.Completed, Id, cancellationToken: Ct), Minute));

        Assert.Equal(IntegrationOperationKind.Delete, error.Kind);
        Assert.Equal(previous, error.Status.ToString());
        Assert.Equal(3, immuta.StatusPollTimes().Count);
        Assert.StartsWith($"The delete of integration {Id} was rolled back: the integration is {previous} again.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResumeDeleteOperation_DeleteSeenBeforeItStarted_WaitsForDeletingThenSettles()
    {
        // A resumed delete knows nothing yet: "enabled" may be the state before the delete began.
        var immuta = StatusByCall(call => ScriptedImmuta.Status(Id, call switch { 1 => "enabled", 2 => "deleting", _ => "deleted" }));
        var operation = immuta.Client.Integrations.ResumeDeleteOperation(Id);

        await immuta.DriveAsync(operation.WaitForCompletionAsync(Ct), Minute);

        Assert.Equal(IntegrationStatus.Deleted, operation.Status);
        Assert.Equal(3, immuta.StatusPollTimes().Count);
    }

    [Fact]
    public async Task UpdateStatusAsync_DeleteRolledBackBetweenTwoPolls_Fails()
    {
        var immuta = StatusByCall(call => ScriptedImmuta.Status(Id, call == 1 ? "deleting" : "enabled"), started: "deleting");
        var operation = immuta.Client.Integrations.ResumeDeleteOperation(Id);

        Assert.Equal(IntegrationStatus.Deleting, await operation.UpdateStatusAsync(Ct));
        await Assert.ThrowsAsync<ImmutaOperationFailedException>(() => operation.UpdateStatusAsync(Ct));

        Assert.True(operation.HasCompleted);
    }

    [Fact]
    public async Task WatchStatusAsync_NeverSettles_TimesOutAsAWatchNotADelete()
    {
        const string WatchedId = "7007";
        var immuta = StatusByCall(_ => ScriptedImmuta.Status(WatchedId, "creating"), new PollingOptions { Timeout = TimeSpan.FromSeconds(30) }, WatchedId);
        var spans = new List<Activity>();
        var flow = TestFlow.Mark(); // the listeners hear the tests running alongside (some watch too): keep this test's
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Immuta.Client",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (flow.IsCurrent && activity.GetTagItem("immuta.integration.id") as string == WatchedId)
                {
                    lock (spans)
                    {
                        spans.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var pollKinds = new List<string?>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Immuta.Client" && instrument.Name == "immuta.client.operation.polls")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, state) =>
        {
            if (!flow.IsCurrent)
            {
                return;
            }

            foreach (var tag in tags)
            {
                if (tag.Key == "immuta.operation.kind")
                {
                    lock (pollKinds)
                    {
                        pollKinds.Add(tag.Value as string);
                    }
                }
            }
        });
        meters.Start();

        async Task<bool> Watch()
        {
            await foreach (var status in immuta.Client.Integrations.WatchStatusAsync(WatchedId, cancellationToken: Ct))
            {
                Assert.Equal(IntegrationStatus.Creating, status);
            }

            return true;
        }

        var error = await Assert.ThrowsAsync<ImmutaOperationTimeoutException>(() => immuta.DriveAsync(Watch(), Minute));

        Assert.Null(error.Kind);
        Assert.Equal(IntegrationStatus.Creating, error.LastStatus);
        Assert.Equal(9, error.StatusRequests); // at once, then at 1, 3, 7, 12, 17, 22, 27 s, and the last check at 30 s
        Assert.Equal($"Integration {WatchedId} (watched) did not settle within 00:00:30 (9 status requests); last status creating.", error.Message);
        var span = Assert.Single(spans, s => s.OperationName != "Integrations.GetStatus");
        Assert.Equal("Integrations.WatchStatus", span.OperationName); // the public method: a watch has no separate wait span
        Assert.Equal("watch", span.GetTagItem("immuta.operation.kind"));
        Assert.Equal("timeout", span.GetTagItem("error.type"));
        lock (pollKinds)
        {
            Assert.NotEmpty(pollKinds);
            Assert.All(pollKinds, kind => Assert.Equal("watch", kind));
        }
    }
}
