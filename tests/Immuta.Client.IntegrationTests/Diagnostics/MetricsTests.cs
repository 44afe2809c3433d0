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
        var id = (await client.Integrations.CreateAsync(WaitUntil.Completed, TracingTests.Definition(), Ct)).Id;
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

        await client.Integrations.CreateAsync(WaitUntil.Completed, TracingTests.Definition(), Ct);

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
            ? fake.CreateClient(new ImmutaClientOptions { Polling = TracingTests.NoDelays with { Timeout = TimeSpan.FromMilliseconds(50), InitialDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(5) } })
            : TracingTests.Client(fake, capture);
        string kind = "create";
        switch (outcome)
        {
            case "failed":
                fake.FailNext(IntegrationOperationKind.Create);
                await Assert.ThrowsAsync<ImmutaOperationFailedException>(() => client.Integrations.CreateAsync(WaitUntil.Completed, TracingTests.Definition(), Ct));
                break;
            case "timed_out":
                // Held: it never settles, whatever the machine's speed; the wait can only end at its timeout.
                var started = await client.Integrations.CreateAsync(WaitUntil.Started, TracingTests.Definition(), Ct);
                fake.Hold(started.Id);
                await Assert.ThrowsAsync<ImmutaOperationTimeoutException>(() => started.WaitForCompletionAsync(Ct));
                break;
            case "cancelled":
                var operation = await client.Integrations.CreateAsync(WaitUntil.Started, TracingTests.Definition(), Ct);
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => operation.WaitForCompletionAsync(new CancellationToken(canceled: true)));
                break;
            default:
                kind = "delete";
                var created = await client.Integrations.CreateAsync(WaitUntil.Completed, TracingTests.Definition(), Ct);
                await client.Integrations.DeleteAsync(WaitUntil.Completed, created.Id, TracingTests.DeleteOptions(), Ct);
                outcome = "succeeded";
                break;
        }

        var points = capture.Points("immuta.client.operations", "server.port", fake.Uri.Port);
        Assert.Contains(points, p => Equals(p.Tags["immuta.operation.kind"], kind) && Equals(p.Tags["immuta.operation.outcome"], outcome) && p.Point.GetSumLong() == 1);
    }

    [Fact]
    public void Instruments_Published_HaveConventionalUnits()
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

        Assert.Equal(
            [
                "immuta.client.operation.duration=s", "immuta.client.operation.polls={request}", "immuta.client.operations={operation}",
                "immuta.client.request.duration=s", "immuta.client.request.retries={retry}",
            ],
            units.Select(u => $"{u.Key}={u.Value}").Order(StringComparer.Ordinal));
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
