using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Immuta.Client.Tests.DependencyInjection;

/// <summary>Logs, spans and metrics of a whole life cycle: they say what happened, and never carry a secret, at any level.</summary>
public sealed class TelemetryTests
{
    // Characters JSON, URLs and log formatters escape, and non-ASCII ones, so that an escaped copy is caught too.
    private const string Password = "Sn0w\"fl\\ake-Pä55wörd-✓<&>'";
    private const string ApiKey = "telemetry-test-api-key-1234";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lifecycle_AllTelemetryAtTraceLevel_HasEventsAndNoSecret()
    {
        using var capture = new CapturingLoggerProvider();
        var logs = capture.Lines;
        // The listeners hear every test running alongside: the secret scan reads all they heard, the checks that something
        // was recorded read only what this test's calls recorded (a retry or a wait of another test would do otherwise).
        var flow = TestFlow.Mark();
        var tags = new ConcurrentQueue<string>();
        var spans = new ConcurrentQueue<string>();
        var measurements = new ConcurrentQueue<string>();
        var ownTags = new ConcurrentQueue<string>();
        var ownSpans = new ConcurrentQueue<string>();
        var ownMeasurements = new ConcurrentQueue<string>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Immuta.Client" or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                var own = flow.IsCurrent;
                spans.Enqueue(activity.DisplayName);
                if (own)
                {
                    ownSpans.Enqueue(activity.DisplayName);
                }

                foreach (var tag in activity.TagObjects)
                {
                    tags.Enqueue($"{tag.Key}={tag.Value}");
                    if (own)
                    {
                        ownTags.Enqueue($"{tag.Key}={tag.Value}");
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(activities);
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Immuta.Client")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<double>((instrument, value, measurementTags, _) => Record(instrument, measurementTags, flow.IsCurrent ? [measurements, ownMeasurements] : [measurements]));
        meters.SetMeasurementEventCallback<long>((instrument, value, measurementTags, _) => Record(instrument, measurementTags, flow.IsCurrent ? [measurements, ownMeasurements] : [measurements]));
        meters.Start();
        using var loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(capture));

        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 2, ApiKey = ApiKey });
        using var client = fake.CreateClient(new ImmutaClientOptions { LoggerFactory = loggerFactory, Polling = TestBackend.FastPolling, Retry = StubImmuta.FastRetries });
        var definition = new SnowflakeIntegration
        {
            AutoBootstrap = true,
            Config = new SnowflakeConfig { Host = "h", Warehouse = "w", Database = "d", AuthenticationType = AuthenticationType.UserPassword, Username = "u", Password = Password, Role = "r" },
        };
        var created = await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, definition, Ct);
        fake.InjectFaults(FakeFault.ServerError(503));
        await client.Integrations.GetAsync(created.Id, Ct);
        fake.RejectNext(FakeRequestKind.Update, System.Net.HttpStatusCode.BadRequest, $"bad password {Password}");
        await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => client.Integrations.UpdateAsync(ImmutaWaitUntil.Started, created.Id, definition, Ct));
        await client.Integrations.DeleteAsync(ImmutaWaitUntil.Completed, created.Id,
            new DeleteIntegrationOptions { Credentials = new SnowflakeDeleteCredentials { AuthenticationType = AuthenticationType.UserPassword, Username = "u", Password = Password, Role = "r" } }, Ct);
        meters.RecordObservableInstruments();

        var everything = string.Join('\n', logs.Concat(tags).Concat(spans).Concat(measurements));
        Assert.Contains(logs, l => l.StartsWith("Debug: POST /integrations answered 200", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.StartsWith("Warning: Retrying GET /integrations/{id} (retry 1)", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains("is creating; next poll in", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains("settled as enabled", StringComparison.Ordinal));
        Assert.Contains("Integrations.Create", ownSpans); // named after the SDK method; the route is a tag, from the request Refit built
        Assert.Contains("url.template=/integrations", ownTags);
        Assert.Contains("url.template=/integrations/{id}", ownTags);
        Assert.Contains("wait", ownSpans);
        Assert.Contains(ownMeasurements, m => m.StartsWith("immuta.client.request.duration", StringComparison.Ordinal));
        Assert.Contains(ownMeasurements, m => m.StartsWith("immuta.client.operation.polls", StringComparison.Ordinal));
        Assert.Contains(ownMeasurements, m => m.StartsWith("immuta.client.request.retries", StringComparison.Ordinal));
        foreach (var form in SecretForms(Password))
        {
            Assert.DoesNotContain(form, everything, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(ApiKey, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("\"config\"", everything, StringComparison.Ordinal);
    }

    // The secret as written, and as JSON (strict and relaxed), a URL or a log formatter may escape it.
    private static IEnumerable<string> SecretForms(string secret) =>
    [
        secret,
        System.Text.Json.JsonEncodedText.Encode(secret).ToString(),
        System.Text.Json.JsonEncodedText.Encode(secret, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString(),
        Uri.EscapeDataString(secret),
        "Pä55wörd",
        "P\\u00E455w\\u00F6rd",
    ];

    private static void Record(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags, ConcurrentQueue<string>[] into)
    {
        var text = instrument.Name;
        foreach (var tag in tags)
        {
            text += $" {tag.Key}={tag.Value}";
        }

        foreach (var queue in into)
        {
            queue.Enqueue(text);
        }
    }
}
