using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Metrics;
using Xunit;

namespace Immuta.Client.Tests.Diagnostics;

/// <summary>
/// The SDK's instruments as OpenTelemetry's in-memory exporter sees them: names, units, bucket bounds (the SDK's advice,
/// no View), tags. Durations run on a fake clock, so they are exact.
/// </summary>
public sealed class MetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly double[] RequestBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private static readonly double[] OperationBuckets = [1, 2.5, 5, 10, 15, 30, 60, 120, 180, 300, 450, 600, 900, 1200];

    [Fact]
    public async Task RequestDuration_Recorded_SecondsWithHttpBucketsAndServerTags()
    {
        using var capture = new TelemetryCapture();
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = TracingTests.Client(fake, capture);
        var id = (await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, TracingTests.Definition(), Ct)).Id;
        await client.Integrations.GetAsync(id, Ct);

        var metric = Assert.Single(capture.Metrics(), m => m.Name == "immuta.client.request.duration");
        Assert.Equal("s", metric.Unit);
        Assert.Equal(MetricType.Histogram, metric.MetricType);
        var (tags, point) = Assert.Single(capture.Points("immuta.client.request.duration", "server.port", fake.Uri.Port),
            p => Equals(p.Tags["url.template"], "/integrations/{id}"));
        Assert.Equal(
            ["http.request.method=GET", "http.response.status_code=200", "server.address=127.0.0.1", $"server.port={fake.Uri.Port}", "url.template=/integrations/{id}"],
            tags.Select(t => $"{t.Key}={t.Value}").Order(StringComparer.Ordinal));
        Assert.Equal(RequestBuckets, Bounds(point));
        Assert.Equal(2, point.GetHistogramCount()); // the final GET of the create and the GetAsync
        Assert.Equal(0, point.GetHistogramSum()); // the fake clock did not move
    }

    [Fact]
    public async Task RequestDuration_TwoTenants_AreTwoSeries()
    {
        using var capture = new TelemetryCapture();
        await using var fake = FakeImmutaServer.Start();
        var options = new ImmutaClientOptions { TimeProvider = new FakeTimeProvider() };
        using var first = new ImmutaClient(fake.Uri, new ImmutaApiKeyCredential(fake.ApiKey), options);
        using var second = new ImmutaClient(new UriBuilder(fake.Uri) { Host = "localhost" }.Uri, new ImmutaApiKeyCredential(fake.ApiKey), new ImmutaClientOptions { TimeProvider = new FakeTimeProvider() });

        await first.Integrations.ListAsync(Ct);
        await second.Integrations.ListAsync(Ct);

        var servers = capture.Points("immuta.client.request.duration", "server.port", fake.Uri.Port).Select(p => p.Tags["server.address"]).Order().ToList();
        Assert.Equal(["127.0.0.1", "localhost"], servers);
    }

    [Fact]
    public async Task Operations_CreateSettled_CountedByKindAndOutcomeWithDurationBuckets()
    {
        using var capture = new TelemetryCapture();
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = TracingTests.Client(fake, capture);

        await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, TracingTests.Definition(), Ct);

        var counter = Assert.Single(capture.Metrics(), m => m.Name == "immuta.client.operations");
        Assert.Equal("{operation}", counter.Unit);
        var (tags, count) = Assert.Single(capture.Points("immuta.client.operations", "server.port", fake.Uri.Port));
        Assert.Equal(
            ["immuta.operation.kind=create", "immuta.operation.outcome=succeeded", "server.address=127.0.0.1", $"server.port={fake.Uri.Port}"],
            tags.Select(t => $"{t.Key}={t.Value}").Order(StringComparer.Ordinal));
        Assert.Equal(1, count.GetSumLong());

        var duration = Assert.Single(capture.Metrics(), m => m.Name == "immuta.client.operation.duration");
        Assert.Equal("s", duration.Unit);
        var (_, point) = Assert.Single(capture.Points("immuta.client.operation.duration", "server.port", fake.Uri.Port));
        Assert.Equal(OperationBuckets, Bounds(point));
        Assert.Equal(1, point.GetHistogramCount());
    }

    public static TheoryData<string> Outcomes => ["failed", "timed_out", "cancelled", "succeeded (delete)"];

    [Theory]
    [MemberData(nameof(Outcomes))]
    public async Task Operations_Ended_CountedWithTheirOutcome(string outcome)
    {
        using var capture = new TelemetryCapture();
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = outcome == "timed_out"
            ? fake.CreateClient(new ImmutaClientOptions { Polling = TestBackend.NoDelays with { Timeout = TimeSpan.FromMilliseconds(50), InitialDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(5) } })
            : TracingTests.Client(fake, capture);
        string kind = "create";
        switch (outcome)
        {
            case "failed":
                fake.FailNext(IntegrationOperationKind.Create);
                await Assert.ThrowsAsync<ImmutaOperationFailedException>(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, TracingTests.Definition(), Ct));
                break;
            case "timed_out":
                // Held: it never settles, whatever the machine's speed; the wait can only end at its timeout.
                var started = await client.Integrations.CreateAsync(ImmutaWaitUntil.Started, TracingTests.Definition(), Ct);
                fake.Hold(started.Id);
                await Assert.ThrowsAsync<ImmutaOperationTimeoutException>(() => started.WaitForCompletionAsync(Ct));
                break;
            case "cancelled":
                var operation = await client.Integrations.CreateAsync(ImmutaWaitUntil.Started, TracingTests.Definition(), Ct);
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => operation.WaitForCompletionAsync(new CancellationToken(canceled: true)));
                break;
            default:
                kind = "delete";
                var created = await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, TracingTests.Definition(), Ct);
                await client.Integrations.DeleteAsync(ImmutaWaitUntil.Completed, created.Id, TracingTests.DeleteOptions(), Ct);
                outcome = "succeeded";
                break;
        }

        var points = capture.Points("immuta.client.operations", "server.port", fake.Uri.Port);
        Assert.Contains(points, p => Equals(p.Tags["immuta.operation.kind"], kind) && Equals(p.Tags["immuta.operation.outcome"], outcome) && p.Point.GetSumLong() == 1);
    }

    [Fact]
    public async Task PollsAndRetries_TwoTenants_EachInstrumentTagsTheServer()
    {
        using var capture = new TelemetryCapture();
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = fake.CreateClient(new ImmutaClientOptions { Retry = StubImmuta.FastRetries, Polling = TestBackend.NoDelays });
        fake.InjectFaults(FakeFault.ServerError(503));

        await client.Integrations.ListAsync(Ct);
        await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, TracingTests.Definition(), Ct);

        foreach (var instrument in new[] { "immuta.client.request.retries", "immuta.client.operation.polls" })
        {
            var (tags, _) = Assert.Single(capture.Points(instrument, "server.port", fake.Uri.Port));
            Assert.Equal("127.0.0.1", tags["server.address"]);
        }
    }

    [Fact]
    public async Task RequestDuration_AThousandDistinctIds_BoundedSeriesWithNoIdInAnyTag()
    {
        using var capture = new TelemetryCapture();
        var port = 20201; // never connected to: answered in process
        var calls = 0;
        using var http = new HttpClient(new Answering(request => Interlocked.Increment(ref calls) % 2 == 0
            ? ScriptedImmuta.Error(System.Net.HttpStatusCode.NotFound, $"Integration {request.RequestUri!.Segments[^1]} not found")
            : ScriptedImmuta.Status("1", "enabled"))) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var client = new ImmutaClient(http, new ImmutaApiKeyCredential("k-cardinality"), new ImmutaClientOptions { TimeProvider = new FakeTimeProvider() });
        var ids = Enumerable.Range(0, 1000).Select(i => $"id{i:D4}x").ToList();

        foreach (var id in ids)
        {
            try
            {
                await client.Integrations.GetStatusAsync(id, Ct);
            }
            catch (ImmutaNotFoundException)
            {
            }
        }

        var points = capture.Metrics().Where(m => m.Name.StartsWith("immuta.client.", StringComparison.Ordinal))
            .SelectMany(m => m.MetricPoints.Select(p => (m.Name, Tags: TagsOf(p))))
            .Where(p => p.Tags.Contains($"server.port={port}"))
            .ToList();
        Assert.InRange(points.Count, 1, 4); // GET /integrations/{id}/status answered 200 or 404
        Assert.DoesNotContain(points.SelectMany(p => p.Tags), tag => ids.Any(id => tag.Contains(id, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RequestDuration_HandlerAnswersWithARequestOfItsOwn_NoHostPathInAnyTag()
    {
        // A caching or recording handler of the caller's may answer with a request it built: it carries no route template.
        using var capture = new TelemetryCapture();
        var port = 20202;
        using var http = new HttpClient(new Answering(request =>
        {
            var response = ScriptedImmuta.Status("1", "enabled");
            response.RequestMessage = new HttpRequestMessage(request.Method, request.RequestUri);
            return response;
        })) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var client = new ImmutaClient(http, new ImmutaApiKeyCredential("k-cardinality"), new ImmutaClientOptions { TimeProvider = new FakeTimeProvider() });

        foreach (var id in new[] { "id0001x", "id0002x", "id0003x" })
        {
            await client.Integrations.GetStatusAsync(id, Ct);
        }

        var (tags, point) = Assert.Single(capture.Points("immuta.client.request.duration", "server.port", port));
        Assert.Equal(3, point.GetHistogramCount());
        Assert.DoesNotContain(tags.Values, v => v is string text && text.Contains("id000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryInstrument_MeterListenerThrows_CallsAnswerAsIfNobodyListened()
    {
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        var port = fake.Uri.Port;
        var thrown = 0;
        void ThrowIfMine(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "server.port" && Equals(tag.Value, port))
                {
                    Interlocked.Increment(ref thrown);
                    throw new InvalidOperationException("A meter listener of the host's failed.");
                }
            }
        }

        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Immuta.Client")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) => ThrowIfMine(tags));
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) => ThrowIfMine(tags));
        listener.Start();
        using var client = fake.CreateClient(new ImmutaClientOptions { Retry = StubImmuta.FastRetries, Polling = TestBackend.NoDelays });
        fake.InjectFaults(FakeFault.ServerError(503));

        await client.Integrations.ListAsync(Ct); // a retry, then the answer
        var created = await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, TracingTests.Definition(), Ct);
        await client.Integrations.DeleteAsync(ImmutaWaitUntil.Completed, created.Id, TracingTests.DeleteOptions(), Ct);

        Assert.True(thrown >= 5, $"the listener threw {thrown} times"); // request durations, a retry, polls, operations
    }

    private static List<string> TagsOf(MetricPoint point)
    {
        var tags = new List<string>();
        foreach (var tag in point.Tags)
        {
            tags.Add($"{tag.Key}={tag.Value}");
        }

        return tags;
    }

    private sealed class Answering(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = answer(request);
            response.RequestMessage ??= request;
            return Task.FromResult(response);
        }
    }

    // The instruments of operations and retries are made on first use (ImmutaTelemetry), so which exist when this test
    // starts depends on the tests that ran before it in the process: the test makes each of them itself. A listener
    // started before an instrument is made hears of it when it is made.
    [Fact]
    public async Task Instruments_MadeByARetryAndAnOperation_HaveConventionalUnits()
    {
        var units = new Dictionary<string, string?>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == "Immuta.Client")
                {
                    lock (units)
                    {
                        units[instrument.Name] = instrument.Unit;
                    }
                }
            },
        };
        listener.Start();
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = fake.CreateClient(new ImmutaClientOptions { Retry = StubImmuta.FastRetries, Polling = TestBackend.NoDelays });
        fake.InjectFaults(FakeFault.ServerError(503));

        await client.Integrations.ListAsync(Ct); // a retry, then the answer
        await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, TracingTests.Definition(), Ct);

        List<string> published;
        lock (units)
        {
            published = [.. units.Select(u => $"{u.Key}={u.Value}").Order(StringComparer.Ordinal)];
        }

        Assert.Equal(
            [
                "immuta.client.operation.duration=s", "immuta.client.operation.polls={request}", "immuta.client.operations={operation}",
                "immuta.client.request.duration=s", "immuta.client.request.retries={retry}",
            ],
            published);
    }

    private static List<double> Bounds(MetricPoint point)
    {
        var bounds = new List<double>();
        foreach (var bucket in point.GetHistogramBuckets())
        {
            if (!double.IsPositiveInfinity(bucket.ExplicitBound))
            {
                bounds.Add(bucket.ExplicitBound);
            }
        }

        return bounds;
    }
}
