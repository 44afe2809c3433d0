using System.Net;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Operations;

/// <summary>Every documented transition, the schedule, failures, timeout and cancellation, on a fake clock.</summary>
public sealed class IntegrationOperationTests
{
    private const string Id = "42";
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SnowflakeIntegration Definition() => new()
    {
        AutoBootstrap = true,
        Config = new SnowflakeConfig { Host = "h", Warehouse = "w", Database = "d", AuthenticationType = AuthenticationType.UserPassword, Username = "u", Password = "p4ssword" },
    };

    /// <summary>An Immuta whose integration is <paramref name="during"/> until <paramref name="settleAfter"/>, then <paramref name="after"/>.</summary>
    private static ScriptedImmuta Immuta(string started, string during, TimeSpan settleAfter, string? after, PollingOptions? polling = null, Func<double>? random = null)
        => new((immuta, request) =>
        {
            var path = request.RequestUri!.AbsolutePath;
            var settled = immuta.Elapsed >= settleAfter;
            var now = settled ? after : during;
            return (request.Method.Method, path) switch
            {
                ("POST", "/integrations") or ("PUT", $"/integrations/{Id}") or ("DELETE", $"/integrations/{Id}") => ScriptedImmuta.Started(Id, started),
                ("GET", $"/integrations/{Id}/status") => now is null ? ScriptedImmuta.Error(HttpStatusCode.NotFound, $"No Integration found with ID {Id}.") : ScriptedImmuta.Status(Id, now),
                ("GET", $"/integrations/{Id}") => now is null ? ScriptedImmuta.Error(HttpStatusCode.NotFound) : ScriptedImmuta.Integration(Id, now, now.EndsWith("Error", StringComparison.Ordinal) ? "failed" : "passed"),
                _ => ScriptedImmuta.Error(HttpStatusCode.NotFound),
            };
        }, polling, random);

    /// <summary>An Immuta whose create answers <c>creating</c> and whose n-th status call answers <paramref name="status"/>(n).</summary>
    private static ScriptedImmuta StatusByCall(Func<int, HttpResponseMessage> status)
    {
        var calls = 0;
        return new ScriptedImmuta((i, request) => request.RequestUri!.AbsolutePath switch
        {
            "/integrations" => ScriptedImmuta.Started(Id, "creating"),
            $"/integrations/{Id}/status" => status(Interlocked.Increment(ref calls)),
            _ => ScriptedImmuta.Integration(Id, "enabled"),
        });
    }

    [Fact]
    public async Task CreateAsync_CreatingThenEnabled_ReturnsSettledIntegration()
    {
        var immuta = Immuta("creating", "creating", TimeSpan.FromSeconds(30), "enabled");

        var operation = await immuta.DriveAsync(immuta.Client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, Definition(), Ct), Minute);

        Assert.True(operation.HasCompleted);
        Assert.Equal(IntegrationStatus.Enabled, operation.Status);
        Assert.Equal(IntegrationStatus.Enabled, operation.Value.Status);
        Assert.False(operation.HasWarnings);
        Assert.Equal("GET", immuta.Requests[^1].Method);
        Assert.Equal($"/integrations/{Id}", immuta.Requests[^1].Path);
    }

    [Fact]
    public async Task WaitForCompletionAsync_SettlesAt30Seconds_PollsOnTheDefaultSchedule()
    {
        var immuta = Immuta("creating", "creating", TimeSpan.FromSeconds(30), "enabled");
        var operation = await immuta.Client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition(), Ct);

        await immuta.DriveAsync(operation.WaitForCompletionAsync(Ct), Minute);

        // 1, 2, 4, then 5 s apart: polls at 1, 3, 7, 12, 17, 22, 27, 32 s; the 8th sees enabled.
        var expected = new[] { 1, 3, 7, 12, 17, 22, 27, 32 };
        Assert.Equal(expected.Select(seconds => TimeSpan.FromSeconds(seconds)), immuta.StatusPollTimes());
    }

    [Fact]
    public async Task WaitForCompletionAsync_CustomSchedule_FollowsBackoffFactorAndCap()
    {
        var polling = new PollingOptions { InitialDelay = TimeSpan.FromSeconds(2), BackoffFactor = 3, MaxDelay = TimeSpan.FromSeconds(10) };
        var immuta = Immuta("creating", "creating", TimeSpan.FromSeconds(40), "enabled", polling);
        var operation = await immuta.Client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition(), Ct);

        await immuta.DriveAsync(operation.WaitForCompletionAsync(Ct), Minute);

        // delays 2, 6, 10, 10, 10 …: polls at 2, 8, 18, 28, 38, 48 s.
        var expected = new[] { 2, 8, 18, 28, 38, 48 };
        Assert.Equal(expected.Select(seconds => TimeSpan.FromSeconds(seconds)), immuta.StatusPollTimes());
    }

    [Theory]
    [InlineData(0.0, 8_000_000)] // 1 s - 20 %
    [InlineData(0.75, 11_000_000)] // 1 s + 10 %
    [InlineData(0.9, 11_600_000)] // 1 s + 16 %
    public async Task WaitForCompletionAsync_Jitter_SpreadsEachDelayByTwentyPercent(double random, long ticks)
    {
        var immuta = Immuta("creating", "creating", TimeSpan.FromSeconds(2), "enabled", random: () => random);
        var operation = await immuta.Client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition(), Ct);

        await immuta.DriveAsync(operation.WaitForCompletionAsync(Ct), Minute);

        Assert.Equal(TimeSpan.FromTicks(ticks), immuta.StatusPollTimes()[0]);
    }

    [Fact]
    public async Task WaitForCompletionAsync_ZeroInitialDelay_NoTwoPollsCloserThanMinimumInterval()
    {
        var polling = new PollingOptions { InitialDelay = TimeSpan.Zero, BackoffFactor = 1, MaxDelay = TimeSpan.FromMilliseconds(100), MinimumInterval = TimeSpan.FromMilliseconds(250) };
        var immuta = Immuta("creating", "creating", TimeSpan.FromSeconds(3), "enabled", polling);
        var operation = await immuta.Client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition(), Ct);

        await immuta.DriveAsync(operation.WaitForCompletionAsync(Ct), Minute);

        var times = immuta.StatusPollTimes();
        Assert.InRange(times.Count, 11, 13);
        Assert.All(times.Zip(times.Skip(1)), p => Assert.True(p.Second - p.First >= TimeSpan.FromMilliseconds(250), $"{p.First} → {p.Second}"));
    }

    [Theory]
    [InlineData("creating", "createError")]
    [InlineData("creating", "migrateError")]
    [InlineData("creating", "deleted")]
    public async Task CreateAsync_SettlesInError_ThrowsWithStatusAndValidationTests(string during, string final)
    {
        var immuta = Immuta("creating", during, TimeSpan.FromSeconds(5), final);

        var error = await Assert.ThrowsAsync<ImmutaOperationFailedException>(
            () => immuta.DriveAsync(immuta.Client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, Definition(), Ct), Minute));

        Assert.Equal(final, error.Status.ToString());
        Assert.Equal(IntegrationOperationKind.Create, error.Kind);
        Assert.Equal(Id, error.Id);
        Assert.NotNull(error.ValidationResults);
        Assert.StartsWith($"The create of integration {Id} failed with status {final}.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_CreateError_MessageNamesTheFailedChecks()
    {
        var immuta = Immuta("creating", "creating", TimeSpan.FromSeconds(5), "createError");

        var error = await Assert.ThrowsAsync<ImmutaOperationFailedException>(
            () => immuta.DriveAsync(immuta.Client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, Definition(), Ct), Minute));

        Assert.Equal(ValidationStatus.Failed, error.ValidationResults!.Status);
        Assert.Equal("The create of integration 42 failed with status createError. Failed checks: Initial Validation: Basic Connection Test.", error.Message);
    }

    [Theory]
    [InlineData("editing", "enabled")]
    [InlineData("migrating", "enabled")]
    public async Task UpdateAsync_TransitionalThenEnabled_Succeeds(string during, string final)
    {
        var immuta = Immuta("editing", during, TimeSpan.FromSeconds(10), final);

        var operation = await immuta.DriveAsync(immuta.Client.Integrations.UpdateAsync(ImmutaWaitUntil.Completed, Id, Definition(), Ct), Minute);

        Assert.Equal(IntegrationStatus.Enabled, operation.Status);
        Assert.Equal(IntegrationOperationKind.Update, operation.Kind);
        Assert.True(operation.HasValue);
    }

    [Fact]
    public async Task UpdateAsync_EditingThenEditError_Throws()
    {
        var immuta = Immuta("editing", "editing", TimeSpan.FromSeconds(10), "editError");

        var error = await Assert.ThrowsAsync<ImmutaOperationFailedException>(
            () => immuta.DriveAsync(immuta.Client.Integrations.UpdateAsync(ImmutaWaitUntil.Completed, Id, Definition(), Ct), Minute));

        Assert.Equal(IntegrationStatus.EditError, error.Status);
        Assert.Equal(IntegrationOperationKind.Update, error.Kind);
    }

    [Fact]
    public async Task UpdateAsync_RecurringValidationError_SettlesWithWarnings()
    {
        var immuta = Immuta("editing", "editing", TimeSpan.FromSeconds(5), "recurringValidationError");

        var operation = await immuta.DriveAsync(immuta.Client.Integrations.UpdateAsync(ImmutaWaitUntil.Completed, Id, Definition(), Ct), Minute);

        Assert.True(operation.HasWarnings);
        Assert.Equal(IntegrationStatus.RecurringValidationError, operation.Value.Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("deleted")]
    [InlineData("disabled")]
    public async Task DeleteAsync_DeletingThenGone_Succeeds(string? final)
    {
        var immuta = Immuta("deleting", "deleting", TimeSpan.FromSeconds(10), final);

        var operation = await immuta.DriveAsync(immuta.Client.Integrations.DeleteAsync(ImmutaWaitUntil.Completed, Id, cancellationToken: Ct), Minute);

        Assert.True(operation.HasCompleted);
        Assert.Equal(final ?? "deleted", operation.Status.ToString());
    }

    [Fact]
    public async Task DeleteAsync_DeletingThenDeleteError_Throws()
    {
        var immuta = Immuta("deleting", "deleting", TimeSpan.FromSeconds(10), "deleteError");

        var error = await Assert.ThrowsAsync<ImmutaOperationFailedException>(
            () => immuta.DriveAsync(immuta.Client.Integrations.DeleteAsync(ImmutaWaitUntil.Completed, Id, cancellationToken: Ct), Minute));

        Assert.Equal(IntegrationStatus.DeleteError, error.Status);
    }

    [Fact]
    public async Task WaitForCompletionAsync_UnknownStatus_TreatedAsTransitionalAndReported()
    {
        var immuta = Immuta("creating", "provisioning", TimeSpan.FromSeconds(10), "enabled");
        var seen = new List<IntegrationOperationProgress>();
        var operation = await immuta.Client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition(), Ct);

        await immuta.DriveAsync(operation.WaitForCompletionAsync(null, new SyncProgress(seen.Add), Ct), Minute);

        Assert.Contains(seen, p => p.Status.ToString() == "provisioning" && !p.IsKnownStatus);
        Assert.Equal(IntegrationStatus.Enabled, seen[^1].Status);
        Assert.True(seen[^1].IsKnownStatus);
        Assert.Equal(seen.Count, seen[^1].StatusRequests);
    }

    [Fact]
    public async Task WaitForCompletionAsync_NeverSettles_TimesOutWithLastStatusAndPollCount()
    {
        var immuta = Immuta("creating", "creating", TimeSpan.FromHours(1), "enabled", new PollingOptions { Timeout = TimeSpan.FromSeconds(30) });
        var operation = await immuta.Client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition(), Ct);

        var error = await Assert.ThrowsAsync<ImmutaOperationTimeoutException>(() => immuta.DriveAsync(operation.WaitForCompletionAsync(Ct), Minute));

        Assert.Equal(IntegrationStatus.Creating, error.LastStatus);
        Assert.Equal(TimeSpan.FromSeconds(30), error.Timeout);
        Assert.Equal(IntegrationOperationKind.Create, error.Kind);
        // The schedule's polls, then one last check at the deadline (the next poll was due at 32 s).
        Assert.Equal([1, 3, 7, 12, 17, 22, 27, 30], immuta.StatusPollTimes().Select(t => t.TotalSeconds));
        Assert.Equal(8, error.StatusRequests);
        Assert.Equal($"The create of integration {Id} did not settle within 00:00:30 (8 status requests); last status creating.", error.Message);
        Assert.False(operation.HasCompleted);
        Assert.Throws<InvalidOperationException>(() => operation.Value);
    }

    [Fact]
    public async Task WaitForCompletionAsync_CancelledMidWait_StopsAndSendsNoFurtherRequest()
    {
        var immuta = Immuta("creating", "creating", TimeSpan.FromHours(1), "enabled");
        var operation = await immuta.Client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition(), Ct);
        using var cts = new CancellationTokenSource();
        var waiting = operation.WaitForCompletionAsync(cts.Token);

        await immuta.AdvanceAsync(TimeSpan.FromSeconds(8));
        var before = immuta.Requests.Count;
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        immuta.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(before, immuta.Requests.Count);
        Assert.Equal(3, immuta.StatusPollTimes().Count); // 1, 3 and 7 s
    }

    [Theory]
    [InlineData(429, "20", 20)]
    [InlineData(503, "3600", 30)] // Retry.MaxRetryAfter: one cap for transport retries and polls
    public async Task WaitForCompletionAsync_FailedPollWithRetryAfter_WaitsAsAskedUpToTheCap(int status, string retryAfter, int expectedSeconds)
    {
        var immuta = StatusByCall(call => call == 1
                ? ScriptedImmuta.Error((HttpStatusCode)status, "slow down", ("Retry-After", retryAfter))
                : ScriptedImmuta.Status(Id, "enabled"));
        var operation = await immuta.Client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition(), Ct);

        await immuta.DriveAsync(operation.WaitForCompletionAsync(Ct), TimeSpan.FromMinutes(3));

        var polls = immuta.StatusPollTimes();
        Assert.Equal(2, polls.Count);
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), polls[1] - polls[0]);
    }

    [Theory]
    [InlineData(3, true)]
    [InlineData(4, false)]
    public async Task WaitForCompletionAsync_FailedPollsInARow_ThreeToleratedFourthFatal(int failures, bool succeeds)
    {
        var immuta = StatusByCall(call => call <= failures ? ScriptedImmuta.Error(HttpStatusCode.InternalServerError, "boom") : ScriptedImmuta.Status(Id, "enabled"));
        var operation = await immuta.Client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition(), Ct);
        var waiting = immuta.DriveAsync(operation.WaitForCompletionAsync(Ct), Minute);

        if (succeeds)
        {
            await waiting;
            Assert.Equal(failures + 1, immuta.StatusPollTimes().Count);
        }
        else
        {
            var error = await Assert.ThrowsAsync<ImmutaApiException>(() => waiting);
            Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
            Assert.Equal(failures, immuta.StatusPollTimes().Count);
        }
    }

    [Fact]
    public async Task WaitForCompletionAsync_FailuresSeparatedBySuccess_CounterResets()
    {
        var immuta = StatusByCall(call => call switch
            {
                <= 3 or (>= 5 and <= 7) => ScriptedImmuta.Error(HttpStatusCode.BadGateway),
                4 => ScriptedImmuta.Status(Id, "creating"),
                _ => ScriptedImmuta.Status(Id, "enabled"),
            });
        var operation = await immuta.Client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition(), Ct);

        await immuta.DriveAsync(operation.WaitForCompletionAsync(Ct), Minute);

        Assert.Equal(8, immuta.StatusPollTimes().Count);
    }

    [Fact]
    public async Task WaitForCompletionAsync_Unauthorized_FailsAtOnce()
    {
        var immuta = new ScriptedImmuta((i, request) => request.RequestUri!.AbsolutePath == "/integrations"
            ? ScriptedImmuta.Started(Id, "creating")
            : ScriptedImmuta.Error(HttpStatusCode.Unauthorized));
        var operation = await immuta.Client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition(), Ct);

        await Assert.ThrowsAsync<ImmutaAuthenticationException>(() => immuta.DriveAsync(operation.WaitForCompletionAsync(Ct), Minute));

        Assert.Single(immuta.StatusPollTimes());
    }

    [Fact]
    public async Task ResumeOperation_FromSavedId_PollsAtOnceAndSettles()
    {
        var immuta = Immuta("editing", "editing", TimeSpan.FromSeconds(4), "enabled");
        var operation = immuta.Client.Integrations.ResumeOperation(Id, IntegrationOperationKind.Update);

        Assert.Null(operation.Status);
        Assert.Empty(immuta.Requests);
        var value = await immuta.DriveAsync(operation.WaitForCompletionAsync(Ct), Minute);

        Assert.Equal(TimeSpan.Zero, immuta.StatusPollTimes()[0]);
        Assert.Equal(IntegrationStatus.Enabled, value!.Status);
    }

    [Fact]
    public async Task UpdateStatusAsync_OnePoll_UpdatesStatusAndCompletesWhenSettled()
    {
        var immuta = Immuta("creating", "creating", TimeSpan.FromSeconds(4), "enabled");
        var operation = await immuta.Client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition(), Ct);

        Assert.Equal(IntegrationStatus.Creating, await operation.UpdateStatusAsync(Ct));
        Assert.False(operation.HasCompleted);
        var notYet = Assert.Throws<InvalidOperationException>(() => operation.Value);
        Assert.Contains("has not completed (last status creating)", notYet.Message, StringComparison.Ordinal);

        immuta.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(IntegrationStatus.Enabled, await operation.UpdateStatusAsync(Ct));
        Assert.True(operation.HasCompleted);
        Assert.Equal(Id, operation.Value.Id);
    }

    [Fact]
    public async Task UpdateStatusAsync_DeleteAnswered404_CompletesAsDeleted()
    {
        var immuta = Immuta("deleting", "deleting", TimeSpan.FromSeconds(1), after: null);
        var operation = await immuta.Client.Integrations.DeleteAsync(ImmutaWaitUntil.Started, Id, cancellationToken: Ct);
        immuta.Time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(IntegrationStatus.Deleted, await operation.UpdateStatusAsync(Ct));
        Assert.True(operation.HasCompleted);
    }

    [Fact]
    public async Task Value_AfterFailure_ThrowsWithTheFailureAsCause()
    {
        var immuta = Immuta("creating", "creating", TimeSpan.FromSeconds(2), "createError");
        var operation = await immuta.Client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition(), Ct);
        await Assert.ThrowsAsync<ImmutaOperationFailedException>(() => immuta.DriveAsync(operation.WaitForCompletionAsync(Ct), Minute));

        var error = Assert.Throws<InvalidOperationException>(() => operation.Value);

        Assert.IsType<ImmutaOperationFailedException>(error.InnerException);
        Assert.True(operation.HasCompleted);
    }

    [Fact]
    public async Task CreateOrAdoptAsync_ConflictWithExistingId_AdoptsThatIntegration()
    {
        var immuta = new ScriptedImmuta((i, request) => (request.Method.Method, request.RequestUri!.AbsolutePath) switch
        {
            ("POST", "/integrations") => ScriptedImmuta.Error(HttpStatusCode.Conflict, "Snowflake integration already exists on host h (id = 77)"),
            ("GET", "/integrations/77/status") => ScriptedImmuta.Status("77", "enabled"),
            _ => ScriptedImmuta.Integration("77", "enabled"),
        });

        var operation = await immuta.DriveAsync(immuta.Client.Integrations.CreateOrAdoptAsync(ImmutaWaitUntil.Completed, Definition(), Ct), Minute);

        Assert.True(operation.WasAdopted);
        Assert.Equal("77", operation.Id);
        Assert.Equal("77", operation.Value.Id);
        Assert.Null(operation.StartResult);
    }

    [Fact]
    public async Task CreateOrAdoptAsync_ConflictWithoutId_Throws()
    {
        var immuta = new ScriptedImmuta((i, request) => ScriptedImmuta.Error(HttpStatusCode.Conflict, "busy"));

        await Assert.ThrowsAsync<ImmutaConflictException>(() => immuta.Client.Integrations.CreateOrAdoptAsync(ImmutaWaitUntil.Started, Definition(), Ct));
    }

    [Fact]
    public async Task WatchStatusAsync_CreatingThenEnabled_YieldsEachChangeOnce()
    {
        // Settles by call count, not time: the watch polls on its own task while the test moves the clock.
        var immuta = StatusByCall(call => ScriptedImmuta.Status(Id, call <= 3 ? "creating" : "enabled"));
        var seen = new List<IntegrationStatus>();

        async Task<bool> Watch()
        {
            await foreach (var status in immuta.Client.Integrations.WatchStatusAsync(Id, cancellationToken: Ct))
            {
                seen.Add(status);
            }

            return true;
        }

        await immuta.DriveAsync(Watch(), Minute);

        Assert.Equal([IntegrationStatus.Creating, IntegrationStatus.Enabled], seen);
    }

    [Fact]
    public async Task WatchStatusAsync_CallerStopsEnumerating_PollingStops()
    {
        var immuta = Immuta("creating", "creating", TimeSpan.FromHours(1), "enabled");

        async Task<bool> FirstOnly()
        {
            await foreach (var status in immuta.Client.Integrations.WatchStatusAsync(Id, cancellationToken: Ct))
            {
                Assert.Equal(IntegrationStatus.Creating, status);
                break;
            }

            return true;
        }

        await immuta.DriveAsync(FirstOnly(), Minute);
        var polls = immuta.StatusPollTimes().Count;
        await immuta.AdvanceAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(polls, immuta.StatusPollTimes().Count);
    }

    [Fact]
    public void PollingOptions_OutOfRange_MessageNamesTheSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => new PollingOptions { JitterFactor = 1.5 }.Validate());

        Assert.Equal("PollingOptions.JitterFactor must be in [0, 1); was 1.5.", error.Message);
    }

    [Theory]
    [InlineData("de-DE")] // decimal comma
    [InlineData("sv-SE")] // decimal comma, U+2212 minus sign
    public void OptionsValidate_OutOfRangeUnderAnyCulture_TheSameInvariantMessage(string culture)
    {
        var checks = new (Action Validate, string Message)[]
        {
            (() => new PollingOptions { JitterFactor = 1.5 }.Validate(), "PollingOptions.JitterFactor must be in [0, 1); was 1.5."),
            (() => new PollingOptions { BackoffFactor = 0.5 }.Validate(), "PollingOptions.BackoffFactor must be at least 1; was 0.5."),
            (() => new PollingOptions { MaxConsecutiveFailures = -1 }.Validate(), "PollingOptions.MaxConsecutiveFailures must not be negative; was -1."),
            (() => new ImmutaRetryOptions { MaxRetries = -1 }.Validate(), "ImmutaRetryOptions.MaxRetries must be in [0, 10]; was -1."),
            (() => new ImmutaRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(-1.5) }.Validate(), "ImmutaRetryOptions.BaseDelay must be in [0, 49 days]; was -00:00:00.0015000."),
            (() => new ImmutaClientOptions { NetworkTimeout = TimeSpan.FromSeconds(-1.5) }.Validate(), "ImmutaClientOptions.NetworkTimeout must be positive and at most 49 days, or infinite, was -00:00:01.5000000."),
        };
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo(culture);
            Assert.NotEqual("1.5 -1", string.Format(System.Globalization.CultureInfo.CurrentCulture, "{0} {1}", 1.5, -1)); // the culture formats otherwise

            Assert.All(checks, check => Assert.Equal(check.Message, Assert.Throws<ArgumentException>(check.Validate).Message));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }
}
