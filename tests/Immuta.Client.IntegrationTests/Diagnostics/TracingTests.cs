using System.Diagnostics;
using Immuta.Client.Diagnostics;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Immuta.Client.Tests.Diagnostics;

/// <summary>
/// The span tree of each public method, as OpenTelemetry's in-memory exporter sees it with the runtime's HTTP spans:
/// one Internal span per method, the parent of the HTTP Client spans and of the calls it makes; one call, one trace.
/// The client runs on a fake clock with no polling delays: nothing here depends on the machine's speed.
/// </summary>
public sealed class TracingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static SnowflakeIntegration Definition(string host = "h", SecretString? password = null) => new()
    {
        AutoBootstrap = true,
        Config = new SnowflakeConfig
        {
            Host = host,
            Warehouse = "w",
            Database = "d",
            AuthenticationType = AuthenticationType.UserPassword,
            Username = "u",
            Password = password ?? "p",
            Role = "r",
        },
    };

    /// <summary>What deleting <see cref="Definition"/> (set up automatically) takes.</summary>
    internal static DeleteIntegrationOptions DeleteOptions(SecretString? password = null) => new()
    {
        Credentials = new SnowflakeDeleteCredentials { AuthenticationType = AuthenticationType.UserPassword, Username = "u", Password = password ?? "p", Role = "r" },
    };

    internal static ImmutaClient Client(FakeImmutaServer fake, TelemetryCapture capture)
        => fake.CreateClient(new ImmutaClientOptions { LoggerFactory = capture.LoggerFactory, Polling = TestBackend.NoDelays, TimeProvider = new FakeTimeProvider() });

    [Fact]
    public async Task CreateAsync_WaitUntilCompletedWithoutParent_IsOneTraceOfPostWaitAndFinalGet()
    {
        using var capture = new TelemetryCapture();
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 2 });
        using var client = Client(fake, capture);

        await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, Definition(), Ct);

        var root = Assert.Single(capture.RootsOf(fake.Uri.Port));
        Assert.Equal(
            """
            Integrations.Create Internal
              HTTP POST Client
              wait Internal
                Integrations.GetStatus Internal
                  HTTP GET Client
                Integrations.GetStatus Internal
                  HTTP GET Client
              Integrations.Get Internal
                HTTP GET Client

            """.ReplaceLineEndings("\n"),
            capture.Tree(root));
    }

    [Fact]
    public async Task DeleteAsync_WaitUntilCompletedEndingOnExpected404_IsOneTraceWithNoError()
    {
        using var capture = new TelemetryCapture();
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = Client(fake, capture);
        var created = await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, Definition(), Ct);

        await client.Integrations.DeleteAsync(ImmutaWaitUntil.Completed, created.Id, DeleteOptions(), Ct);

        var root = Assert.Single(capture.RootsOf(fake.Uri.Port), r => r.OperationName == "Integrations.Delete");
        var tree = capture.Tree(root);

        // The runtime marks its own HTTP span of a 404 as an error (HTTP client conventions); the SDK's spans do not.
        Assert.Equal(
            """
            Integrations.Delete Internal
              HTTP DELETE Client
              wait Internal
                Integrations.GetStatus Internal
                  HTTP GET Client Error

            """.ReplaceLineEndings("\n"),
            tree.Replace("HTTP GET Client Unset", "HTTP GET Client", StringComparison.Ordinal));
        var lastPoll = capture.SpansOf(fake.Uri.Port).Single(s => s.OperationName == "Integrations.GetStatus" && s.TraceId == root.TraceId);
        Assert.Contains("http.response.status_code=404", TelemetryCapture.TagsOf(lastPoll));
        Assert.DoesNotContain(TelemetryCapture.TagsOf(lastPoll), t => t.StartsWith("error.type", StringComparison.Ordinal));
    }

    /// <summary>
    /// The span name of every public method that calls Immuta, read from the feature clients and the operation handles by
    /// reflection (<c>Integrations.Create</c>, <c>Integrations.Scripts.Edit</c>, <c>IntegrationOperation.UpdateStatus</c>):
    /// a method added without a case in <see cref="CallAsync"/> fails the theory.
    /// </summary>
    public static TheoryData<string> Methods => [.. SpanNames()];

    private static IEnumerable<string> SpanNames()
    {
        var owners = new (Type Type, string Prefix)[]
        {
            (typeof(IntegrationsClient), "Integrations"),
            (typeof(IntegrationScriptsClient), "Integrations.Scripts"),
            (typeof(IntegrationOperation), nameof(IntegrationOperation)),
            (typeof(IntegrationDeleteOperation), nameof(IntegrationDeleteOperation)),
        };
        return owners
            .SelectMany(owner => owner.Type.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly)
                .Where(m => typeof(Task).IsAssignableFrom(m.ReturnType)
                    || (m.ReturnType.IsGenericType && m.ReturnType.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>)))
                .Select(m => $"{owner.Prefix}.{m.Name[..^"Async".Length]}"))
            .Distinct()
            .Order(StringComparer.Ordinal);
    }

    [Fact]
    public void Methods_ReadByReflection_CoverTheWholeSurface()
        => Assert.Subset(
            SpanNames().ToHashSet(),
            new HashSet<string>
            {
                "Integrations.List", "Integrations.Get", "Integrations.GetStatus", "Integrations.Create", "Integrations.CreateOrAdopt",
                "Integrations.Validate", "Integrations.Update", "Integrations.ValidateUpdate", "Integrations.Delete", "Integrations.ValidateDelete",
                "Integrations.RegenerateKey", "Integrations.WatchStatus", "Integrations.Scripts.Create", "Integrations.Scripts.InitialCreate",
                "Integrations.Scripts.Cleanup", "Integrations.Scripts.PostCleanup", "Integrations.Scripts.Edit", "Integrations.Scripts.Delete",
                "IntegrationOperation.UpdateStatus", "IntegrationOperation.WaitForCompletion", "IntegrationDeleteOperation.UpdateStatus",
                "IntegrationDeleteOperation.WaitForCompletion",
            });

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task PublicMethod_Called_IsOneInternalSpanNamedAfterItOverTheRuntimesHttpSpans(string method)
    {
        using var capture = new TelemetryCapture();
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = Client(fake, capture);
        var id = (await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, Definition(), Ct)).Id;
        if (method == "IntegrationDeleteOperation.WaitForCompletion")
        {
            // A resumed delete waits for `deleting` first: an enabled integration would be waited on to the timeout.
            await client.Integrations.DeleteAsync(ImmutaWaitUntil.Started, id, DeleteOptions(), Ct);
        }

        var before = capture.RootsOf(fake.Uri.Port).Count;

        try
        {
            await CallAsync(client, method, id);
        }
        catch (ImmutaApiException)
        {
            // A script endpoint the fake refuses for this platform is still one span over its HTTP span.
        }

        var roots = capture.RootsOf(fake.Uri.Port).Skip(before).ToList();
        var root = Assert.Single(roots);
        Assert.Equal(method, root.OperationName);
        Assert.Equal(ActivityKind.Internal, root.Kind);
        var spans = capture.SpansOf(fake.Uri.Port).Where(s => s.TraceId == root.TraceId).ToList();
        Assert.All(spans.Where(s => s.Source.Name == "Immuta.Client"), s => Assert.Equal(ActivityKind.Internal, s.Kind)); // the SDK emits no Client span
        Assert.All(spans.Where(s => s.Kind == ActivityKind.Client), s => Assert.Equal("System.Net.Http", s.Source.Name));
        Assert.Contains(spans, s => s.Kind == ActivityKind.Client);
        Assert.All(spans.Where(s => s.Kind == ActivityKind.Client), http => Assert.Equal("Immuta.Client", spans.Single(p => p.SpanId == http.ParentSpanId).Source.Name));
        Assert.Single(spans, s => s.OperationName == method); // the method's span is not repeated beneath itself
    }

    private static Task CallAsync(ImmutaClient client, string method, string id)
    {
        var manual = Definition() with { AutoBootstrap = false };
        return method switch
        {
            "Integrations.List" => client.Integrations.ListAsync(Ct),
            "Integrations.Get" => client.Integrations.GetAsync(id, Ct),
            "Integrations.GetStatus" => client.Integrations.GetStatusAsync(id, Ct),
            "Integrations.Create" => client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, Definition("other"), Ct),
            "Integrations.CreateOrAdopt" => client.Integrations.CreateOrAdoptAsync(ImmutaWaitUntil.Started, Definition(), Ct),
            "Integrations.Validate" => client.Integrations.ValidateAsync(Definition("other"), Ct),
            "Integrations.Update" => client.Integrations.UpdateAsync(ImmutaWaitUntil.Started, id, Definition(), Ct),
            "Integrations.ValidateUpdate" => client.Integrations.ValidateUpdateAsync(id, Definition(), Ct),
            "Integrations.Delete" => client.Integrations.DeleteAsync(ImmutaWaitUntil.Completed, id, DeleteOptions(), Ct),
            "Integrations.ValidateDelete" => client.Integrations.ValidateDeleteAsync(id, DeleteOptions(), Ct),
            "Integrations.RegenerateKey" => client.Integrations.RegenerateKeyAsync(id, Ct),
            "Integrations.WatchStatus" => Drain(client.Integrations.WatchStatusAsync(id, TestBackend.NoDelays, Ct)),
            "Integrations.Scripts.Create" => client.Integrations.Scripts.CreateAsync(manual, Ct),
            "Integrations.Scripts.InitialCreate" => client.Integrations.Scripts.InitialCreateAsync(manual, Ct),
            "Integrations.Scripts.Cleanup" => client.Integrations.Scripts.CleanupAsync(manual, Ct),
            "Integrations.Scripts.PostCleanup" => client.Integrations.Scripts.PostCleanupAsync(manual, Ct),
            "Integrations.Scripts.Edit" => client.Integrations.Scripts.EditAsync(id, manual, Ct),
            "Integrations.Scripts.Delete" => client.Integrations.Scripts.DeleteAsync(id, Ct),
            "IntegrationOperation.WaitForCompletion" => client.Integrations.ResumeOperation(id, IntegrationOperationKind.Create).WaitForCompletionAsync(Ct),
            "IntegrationOperation.UpdateStatus" => client.Integrations.ResumeOperation(id, IntegrationOperationKind.Create).UpdateStatusAsync(Ct),
            "IntegrationDeleteOperation.WaitForCompletion" => client.Integrations.ResumeDeleteOperation(id).WaitForCompletionAsync(Ct),
            "IntegrationDeleteOperation.UpdateStatus" => client.Integrations.ResumeDeleteOperation(id).UpdateStatusAsync(Ct),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "A public method without a case here: add one, so its span tree is pinned."),
        };
    }

    [Fact]
    public async Task WaitForCompletionAsync_CalledLater_StartsItsOwnTraceWithWaitAndFinalGet()
    {
        using var capture = new TelemetryCapture();
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = Client(fake, capture);
        var operation = await client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition(), Ct);

        await operation.WaitForCompletionAsync(Ct);

        var root = Assert.Single(capture.RootsOf(fake.Uri.Port), r => r.OperationName == "IntegrationOperation.WaitForCompletion");
        Assert.Equal(
            """
            IntegrationOperation.WaitForCompletion Internal
              wait Internal
                Integrations.GetStatus Internal
                  HTTP GET Client
              Integrations.Get Internal
                HTTP GET Client

            """.ReplaceLineEndings("\n"),
            capture.Tree(root));
    }

    [Fact]
    public async Task GetAsync_Answered_SpanHasTheHttpAttributesOfTheConventions()
    {
        using var capture = new TelemetryCapture();
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = Client(fake, capture);
        var id = (await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, Definition(), Ct)).Id;

        await client.Integrations.GetAsync(id, Ct);

        var span = capture.RootsOf(fake.Uri.Port)[^1];
        Assert.Equal("Integrations.Get", span.OperationName);
        Assert.Equal(
            [
                "http.request.method=GET",
                "http.response.status_code=200",
                "server.address=127.0.0.1",
                $"server.port={fake.Uri.Port}",
                $"url.full=http://127.0.0.1:{fake.Uri.Port}/integrations/{id}",
                "url.template=/integrations/{id}",
            ],
            TelemetryCapture.TagsOf(span));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public async Task GetAsync_NotFound_SpanIsErrorWithStatusCodeAsErrorType()
    {
        using var capture = new TelemetryCapture();
        await using var fake = FakeImmutaServer.Start();
        using var client = Client(fake, capture);

        await Assert.ThrowsAsync<ImmutaNotFoundException>(() => client.Integrations.GetAsync("404404", Ct));

        var span = Assert.Single(capture.RootsOf(fake.Uri.Port));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Contains("error.type=404", TelemetryCapture.TagsOf(span));
        Assert.Contains("http.response.status_code=404", TelemetryCapture.TagsOf(span));
    }

    [Fact]
    public async Task ValidateDeleteAsync_SpanUrlFull_KeepsTheSdksFlags()
    {
        using var capture = new TelemetryCapture();
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = Client(fake, capture);
        var id = (await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, Definition(), Ct)).Id;

        await client.Integrations.ValidateDeleteAsync(id, DeleteOptions() with { ForceDisable = true }, Ct);

        var span = capture.RootsOf(fake.Uri.Port)[^1];
        Assert.Contains($"url.full=http://127.0.0.1:{fake.Uri.Port}/integrations/{id}?dryRun=true&forceDisable=true", TelemetryCapture.TagsOf(span));
    }

    [Fact]
    public async Task CreateAsync_WaitUntilCompleted_MethodAndWaitSpansCarryTheOperation()
    {
        using var capture = new TelemetryCapture();
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = Client(fake, capture);

        var id = (await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, Definition(), Ct)).Id;

        var spans = capture.SpansOf(fake.Uri.Port);
        var create = spans.Single(s => s.OperationName == "Integrations.Create");
        Assert.Equal(
            [
                "http.request.method=POST",
                "http.response.status_code=200",
                $"immuta.integration.id={id}",
                "immuta.operation.kind=create",
                "server.address=127.0.0.1",
                $"server.port={fake.Uri.Port}",
                $"url.full=http://127.0.0.1:{fake.Uri.Port}/integrations",
                "url.template=/integrations",
            ],
            TelemetryCapture.TagsOf(create));
        var wait = spans.Single(s => s.OperationName == ImmutaTelemetry.WaitSpan);
        Assert.Equal(
            [$"immuta.integration.id={id}", "immuta.integration.status=enabled", "immuta.operation.kind=create", "immuta.operation.polls=1"],
            TelemetryCapture.TagsOf(wait));
    }

    [Fact]
    public async Task CreateAsync_SettlesInError_MethodSpanIsErrorWithTheExceptionType()
    {
        using var capture = new TelemetryCapture();
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = Client(fake, capture);
        fake.FailNext(IntegrationOperationKind.Create);

        await Assert.ThrowsAsync<ImmutaOperationFailedException>(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, Definition(), Ct));

        var root = Assert.Single(capture.RootsOf(fake.Uri.Port));
        Assert.Equal(ActivityStatusCode.Error, root.Status);
        Assert.Contains("error.type=Immuta.Client.ImmutaOperationFailedException", TelemetryCapture.TagsOf(root));
    }

    [Fact]
    public async Task WaitForCompletionAsync_CancelledMidWait_EverySpanOfTheCallEndsAndNoneStaysCurrent()
    {
        using var source = new ActivitySource("Immuta.Client.Tests.Cancellation");
        var started = new System.Collections.Concurrent.ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Immuta.Client" or "Immuta.Client.Tests.Cancellation",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = started.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = fake.CreateClient(new ImmutaClientOptions { Polling = TestBackend.NoDelays, TimeProvider = new FakeTimeProvider() });
        var operation = await client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition(), Ct);
        fake.Hold(operation.Id); // never settles: only the cancellation ends the wait
        using var cancel = new CancellationTokenSource();

        using (var parent = source.StartActivity("test"))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => operation.WaitForCompletionAsync(TestBackend.NoDelays, new Reported(p => { if (p.StatusRequests >= 2) { cancel.Cancel(); } }), cancel.Token));

            Assert.Same(parent, Activity.Current);
            var spans = started.Where(a => a.TraceId == parent!.TraceId && a != parent).ToList();
            Assert.Contains(spans, s => s.OperationName == "IntegrationOperation.WaitForCompletion");
            Assert.Contains(spans, s => s.OperationName == ImmutaTelemetry.WaitSpan);
            Assert.All(spans, s => Assert.True(s.IsStopped, $"{s.OperationName} was not ended"));
        }
    }

    [Fact]
    public async Task WaitForCompletionAsync_TimesOut_EverySpanOfTheCallEndsWithTimeoutAsErrorType()
    {
        using var source = new ActivitySource("Immuta.Client.Tests.Timeout");
        var started = new System.Collections.Concurrent.ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Immuta.Client" or "Immuta.Client.Tests.Timeout",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = started.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var immuta = new Support.ScriptedImmuta((_, request) => request.RequestUri!.AbsolutePath switch
        {
            "/integrations" => Support.ScriptedImmuta.Started("5", "creating"),
            _ => Support.ScriptedImmuta.Status("5", "creating"), // never settles
        }, new PollingOptions { Timeout = TimeSpan.FromSeconds(30) });
        var operation = await immuta.Client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition(), Ct);

        using (var parent = source.StartActivity("test"))
        {
            var waiting = operation.WaitForCompletionAsync(Ct);
            await immuta.Time.DriveAsync(waiting, TimeSpan.FromMinutes(5));
            await Assert.ThrowsAsync<ImmutaOperationTimeoutException>(() => waiting);

            Assert.Same(parent, Activity.Current);
            var spans = started.Where(a => a.TraceId == parent!.TraceId && a != parent).ToList();
            var root = Assert.Single(spans, s => s.OperationName == "IntegrationOperation.WaitForCompletion");
            Assert.Equal("timeout", root.GetTagItem("error.type"));
            Assert.All(spans, s => Assert.True(s.IsStopped, $"{s.OperationName} was not ended"));
        }
    }

    [Fact]
    public async Task GetAsync_ListenerThrows_CallAnswersAsIfNobodyListened()
    {
        using var source = new ActivitySource("Immuta.Client.Tests.ThrowingListener");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Immuta.Client" or "Immuta.Client.Tests.ThrowingListener",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = a => ThrowIfUnder(a, "Immuta.Client.Tests.ThrowingListener"),
            ActivityStopped = a => ThrowIfUnder(a, "Immuta.Client.Tests.ThrowingListener"),
        };
        ActivitySource.AddActivityListener(listener);
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = fake.CreateClient(new ImmutaClientOptions { Polling = TestBackend.NoDelays, TimeProvider = new FakeTimeProvider() });
        var id = (await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, Definition(), Ct)).Id;

        using (var parent = source.StartActivity("test"))
        {
            var integration = await client.Integrations.GetAsync(id, Ct);
            await client.Integrations.UpdateAsync(ImmutaWaitUntil.Completed, id, Definition(), Ct);

            Assert.Equal(id, integration.Id);
            Assert.Same(parent, Activity.Current);
        }
    }

    private static void ThrowIfUnder(Activity activity, string sourceName)
    {
        if (activity.Source.Name == "Immuta.Client" && activity.Parent is not null)
        {
            for (var a = activity.Parent; a is not null; a = a.Parent)
            {
                if (a.Source.Name == sourceName)
                {
                    throw new InvalidOperationException("A listener of the host's failed.");
                }
            }
        }
    }

    private sealed class Reported(Action<IntegrationOperationProgress> report) : IProgress<IntegrationOperationProgress>
    {
        public void Report(IntegrationOperationProgress value) => report(value);
    }

    [Theory]
    [InlineData("https://tenant.immuta.com/integrations/1?dryRun=true", "https://tenant.immuta.com/integrations/1?dryRun=true")]
    [InlineData("https://svc:s3cret@tenant.immuta.com/integrations", "https://REDACTED:REDACTED@tenant.immuta.com/integrations")]
    [InlineData("https://tenant.immuta.com/api/integrations?sig=abc&dryRun=true", "https://tenant.immuta.com/api/integrations?sig=REDACTED&dryRun=true")]
    [InlineData("https://tenant.immuta.com/integrations?s3cret", "https://tenant.immuta.com/integrations?REDACTED")]
    [InlineData("https://tenant.immuta.com:8443/integrations#frag", "https://tenant.immuta.com:8443/integrations")]
    public void PrintableUrlFull_Redacts_CredentialsAndForeignQueryValues(string url, string expected)
        => Assert.Equal(expected, Immuta.Client.Internal.PrintableUrl.Full(new Uri(url), new Immuta.Client.Http.SecretScrubber([])));

    private static async Task Drain(IAsyncEnumerable<IntegrationStatus> statuses)
    {
        await foreach (var _ in statuses)
        {
        }
    }
}
