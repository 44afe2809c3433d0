using System.Diagnostics;
using System.Net;
using System.Text;
using Immuta.Client.Diagnostics;
using Xunit;

namespace Immuta.Client.Tests.Diagnostics;

/// <summary>
/// A host's <see cref="ActivityListener"/> that throws, as the SDK's span starts or as it stops, fails neither the call
/// nor the other listeners: every span a listener saw start, it sees stop, and <see cref="Activity.Current"/> is what it
/// was. Each test names its spans uniquely, so listeners of tests running alongside see nothing of them.
/// </summary>
public sealed class MethodSpanListenerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Start_SecondListenerThrowsOnStart_FirstListenerSeesTheSpanStop()
    {
        var name = $"Test.{Guid.NewGuid():N}";
        using var first = new Watcher(name);
        using var second = new Watcher(name, throwOnStart: true);
        var before = Activity.Current;

        using (var span = MethodSpan.Start(name))
        {
            Assert.Null(span.Activity);
            Assert.Same(before, Activity.Current);
        }

        var started = Assert.Single(first.Started);
        Assert.Same(started, Assert.Single(first.Stopped));
        Assert.True(started.IsStopped);
        Assert.Same(before, Activity.Current);
    }

    [Fact]
    public void Dispose_SecondListenerThrowsOnStop_SpanEndsForTheFirstAndCurrentIsRestored()
    {
        var name = $"Test.{Guid.NewGuid():N}";
        using var first = new Watcher(name);
        using var second = new Watcher(name, throwOnStop: true);
        var before = Activity.Current;

        var span = MethodSpan.Start(name);
        Assert.NotNull(span.Activity);
        span.Dispose();

        Assert.Same(span.Activity, Assert.Single(first.Stopped));
        Assert.True(span.Activity!.IsStopped);
        Assert.Same(before, Activity.Current);
    }

    [Fact]
    public async Task GetAsync_SecondListenerThrowsOnStartOfEverySdkSpan_CallAnswersAndTheFirstSeesEverySpanStop()
    {
        using var first = new Watcher("Integrations.Get");
        using var second = new Watcher("Integrations.Get", throwOnStart: true, onlyUnder: "Immuta.Client.Tests.MethodSpanListener");
        using var source = new ActivitySource("Immuta.Client.Tests.MethodSpanListener");
        using var sourceListener = new ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(sourceListener);
        using var http = new HttpClient(new OneIntegration()) { BaseAddress = new Uri("http://127.0.0.1:20301") };
        using var client = new ImmutaClient(http, new ImmutaApiKeyCredential("ak-span-test"));

        using (var parent = source.StartActivity("test"))
        {
            var integration = await client.Integrations.GetAsync("1", Ct);

            Assert.Equal("1", integration.Id);
            Assert.Same(parent, Activity.Current);
        }

        var mine = first.Started.Where(second.Threw.Contains).ToList();
        Assert.NotEmpty(mine);
        Assert.All(mine, span => Assert.Contains(span, first.Stopped));
    }

    /// <summary>Listens to the SDK's spans named <c>name</c>; throws as they start or stop if asked.</summary>
    private sealed class Watcher : IDisposable
    {
        private readonly ActivityListener _listener;

        public Watcher(string name, bool throwOnStart = false, bool throwOnStop = false, string? onlyUnder = null)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name == "Immuta.Client",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStarted = a =>
                {
                    if (Mine(a))
                    {
                        Add(Started, a);
                        if (throwOnStart)
                        {
                            Add(Threw, a);
                            throw new InvalidOperationException("A listener of the host's failed as the span started.");
                        }
                    }
                },
                ActivityStopped = a =>
                {
                    if (Mine(a))
                    {
                        Add(Stopped, a);
                        if (throwOnStop)
                        {
                            throw new InvalidOperationException("A listener of the host's failed as the span stopped.");
                        }
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);

            bool Mine(Activity a) => a.OperationName == name && (onlyUnder is null || a.Parent?.Source.Name == onlyUnder);
        }

        public List<Activity> Started { get; } = [];

        public List<Activity> Stopped { get; } = [];

        public List<Activity> Threw { get; } = [];

        public void Dispose() => _listener.Dispose();

        private static void Add(List<Activity> list, Activity activity)
        {
            lock (list)
            {
                list.Add(activity);
            }
        }
    }

    /// <summary>Answers <c>GET /integrations/1</c> in process.</summary>
    private sealed class OneIntegration : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new StringContent(
                    "{\"id\":\"1\",\"type\":\"Snowflake\",\"status\":\"enabled\",\"autoBootstrap\":true,\"config\":{\"host\":\"h\",\"warehouse\":\"w\",\"database\":\"d\",\"authenticationType\":\"userPassword\",\"username\":\"u\",\"password\":\"p\"}}",
                    Encoding.UTF8,
                    "application/json"),
            });
    }
}
