using System.Diagnostics;
using Immuta.Client.Diagnostics;
using Immuta.Client.Testing;
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

    internal static readonly PollingOptions NoDelays = new()
    {
        InitialDelay = TimeSpan.Zero,
        MaxDelay = TimeSpan.FromMilliseconds(1), // never reached: a zero initial delay stays zero
        MinimumInterval = TimeSpan.Zero,
        JitterFactor = 0,
    };

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
        => fake.CreateClient(new ImmutaClientOptions { LoggerFactory = capture.LoggerFactory, Polling = NoDelays, TimeProvider = new FakeTimeProvider() });

    [Fact]
    public async Task CreateAsync_WaitUntilCompletedWithoutParent_IsOneTraceOfPostWaitAndFinalGet()
    {
        using var capture = new TelemetryCapture();
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 2 });
        using var client = Client(fake, capture);

        await client.Integrations.CreateAsync(WaitUntil.Completed, Definition(), Ct);

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
        var created = await client.Integrations.CreateAsync(WaitUntil.Completed, Definition(), Ct);

        await client.Integrations.DeleteAsync(WaitUntil.Completed, created.Id, DeleteOptions(), Ct);

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

    public static TheoryData<string> Methods =>
    [
        "Integrations.List", "Integrations.Get", "Integrations.GetStatus", "Integrations.Validate", "Integrations.ValidateUpdate",
        "Integrations.ValidateDelete", "Integrations.Update", "Integrations.CreateOrAdopt", "Integrations.WatchStatus",
        "IntegrationOperation.WaitForCompletion", "IntegrationOperation.UpdateStatus", "IntegrationDeleteOperation.WaitForCompletion",
        "IntegrationDeleteOperation.UpdateStatus",
    ];

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task PublicMethod_Called_IsOneInternalSpanNamedAfterItOverTheRuntimesHttpSpans(string method)
    {
        using var capture = new TelemetryCapture();
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = Client(fake, capture);
        var id = (await client.Integrations.CreateAsync(WaitUntil.Completed, Definition(), Ct)).Id;
        if (method == "IntegrationDeleteOperation.WaitForCompletion")
        {
            // A resumed delete waits for `deleting` first: an enabled integration would be waited on to the timeout.
            await client.Integrations.DeleteAsync(WaitUntil.Started, id, DeleteOptions(), Ct);
        }

        var before = capture.RootsOf(fake.Uri.Port).Count;

        await (method switch
        {
            "Integrations.List" => client.Integrations.ListAsync(Ct),
            "Integrations.Get" => client.Integrations.GetAsync(id, Ct),
            "Integrations.GetStatus" => client.Integrations.GetStatusAsync(id, Ct),
            "Integrations.Validate" => client.Integrations.ValidateAsync(Definition("other"), Ct),
            "Integrations.ValidateUpdate" => client.Integrations.ValidateUpdateAsync(id, Definition(), Ct),
            "Integrations.ValidateDelete" => client.Integrations.ValidateDeleteAsync(id, DeleteOptions(), Ct),
            "Integrations.Update" => client.Integrations.UpdateAsync(WaitUntil.Started, id, Definition(), Ct),
            "Integrations.CreateOrAdopt" => client.Integrations.CreateOrAdoptAsync(WaitUntil.Started, Definition(), Ct),
            "Integrations.WatchStatus" => Drain(client.Integrations.WatchStatusAsync(id, NoDelays, Ct)),
            "IntegrationOperation.WaitForCompletion" => client.Integrations.ResumeOperation(id, IntegrationOperationKind.Create).WaitForCompletionAsync(Ct),
            "IntegrationOperation.UpdateStatus" => client.Integrations.ResumeOperation(id, IntegrationOperationKind.Create).UpdateStatusAsync(Ct),
            "IntegrationDeleteOperation.WaitForCompletion" => client.Integrations.ResumeDeleteOperation(id).WaitForCompletionAsync(Ct),
            "IntegrationDeleteOperation.UpdateStatus" => client.Integrations.ResumeDeleteOperation(id).UpdateStatusAsync(Ct),
            _ => throw new ArgumentOutOfRangeException(nameof(method)),
        });

        var roots = capture.RootsOf(fake.Uri.Port).Skip(before).ToList();
        var root = Assert.Single(roots);
        Assert.Equal(method, root.OperationName);
        Assert.Equal(ActivityKind.Internal, root.Kind);
        var spans = capture.SpansOf(fake.Uri.Port).Where(s => s.TraceId == root.TraceId).ToList();
        Assert.All(spans.Where(s => s.Source.Name == "Immuta.Client"), s => Assert.Equal(ActivityKind.Internal, s.Kind)); // the SDK emits no Client span
        Assert.All(spans.Where(s => s.Kind == ActivityKind.Client), s => Assert.Equal("System.Net.Http", s.Source.Name));
        Assert.Contains(spans, s => s.Kind == ActivityKind.Client);
        Assert.All(spans.Where(s => s.Kind == ActivityKind.Client), http => Assert.Equal("Immuta.Client", spans.Single(p => p.SpanId == http.ParentSpanId).Source.Name));
    }

    [Fact]
    public async Task WaitForCompletionAsync_CalledLater_StartsItsOwnTraceWithWaitAndFinalGet()
    {
        using var capture = new TelemetryCapture();
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = Client(fake, capture);
        var operation = await client.Integrations.CreateAsync(WaitUntil.Started, Definition(), Ct);

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
        var id = (await client.Integrations.CreateAsync(WaitUntil.Completed, Definition(), Ct)).Id;

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
        var id = (await client.Integrations.CreateAsync(WaitUntil.Completed, Definition(), Ct)).Id;

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

        var id = (await client.Integrations.CreateAsync(WaitUntil.Completed, Definition(), Ct)).Id;

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

        await Assert.ThrowsAsync<ImmutaOperationFailedException>(() => client.Integrations.CreateAsync(WaitUntil.Completed, Definition(), Ct));

        var root = Assert.Single(capture.RootsOf(fake.Uri.Port));
        Assert.Equal(ActivityStatusCode.Error, root.Status);
        Assert.Contains("error.type=Immuta.Client.ImmutaOperationFailedException", TelemetryCapture.TagsOf(root));
    }

    [Theory]
    [InlineData("https://tenant.immuta.com/integrations/1?dryRun=true", "https://tenant.immuta.com/integrations/1?dryRun=true")]
    [InlineData("https://svc:s3cret@tenant.immuta.com/integrations", "https://REDACTED:REDACTED@tenant.immuta.com/integrations")]
    [InlineData("https://tenant.immuta.com/api/integrations?sig=abc&dryRun=true", "https://tenant.immuta.com/api/integrations?sig=REDACTED&dryRun=true")]
    [InlineData("https://tenant.immuta.com/integrations?s3cret", "https://tenant.immuta.com/integrations?REDACTED")]
    [InlineData("https://tenant.immuta.com:8443/integrations#frag", "https://tenant.immuta.com:8443/integrations")]
    public void TelemetryUrlFull_Redacts_CredentialsAndForeignQueryValues(string url, string expected)
        => Assert.Equal(expected, TelemetryUrl.Full(new Uri(url)));

    private static async Task Drain(IAsyncEnumerable<IntegrationStatus> statuses)
    {
        await foreach (var _ in statuses)
        {
        }
    }
}
