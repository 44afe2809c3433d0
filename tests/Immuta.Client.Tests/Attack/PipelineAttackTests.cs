using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Attack;

/// <summary>
/// The single async method of the pipeline (<c>SendAndReadAsync</c>), attacked at each of its awaits: the caller cancels
/// before the send, while a successful body is read, while an error body is read. Each time the caller gets its own
/// cancellation, the response is disposed and the method's span is stopped. Script endpoints answering an error, a huge
/// body or a non-UTF-8 body, and a redirect a handler followed to a path holding the key, print no secret.
/// </summary>
public sealed class PipelineAttackTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetAsync_CancelledBeforeSend_ThrowsCallersCancellationAndStopsTheSpan()
    {
        using var spans = new SpanWatcher();
        var sent = 0;
        using var client = AnsweringClient.Create(_ => { Interlocked.Increment(ref sent); return new HttpResponseMessage(HttpStatusCode.OK); });
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => spans.Run(() => client.Integrations.GetAsync("1", cancelled.Token)));

        Assert.Equal(cancelled.Token, error.CancellationToken);
        Assert.Equal(0, Volatile.Read(ref sent));
        Assert.True(Assert.Single(spans.Stopped).IsStopped);
    }

    [Fact]
    public async Task GetAsync_CancelledWhileReadingTheBody_ThrowsCallersCancellationAndDisposesTheResponse()
    {
        using var spans = new SpanWatcher();
        var body = new StallingContent("{\"id\":\"1\",");
        using var client = AnsweringClient.Create(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = body });
        using var cancel = new CancellationTokenSource();
        _ = body.Stalled.Task.ContinueWith(_ => cancel.Cancel(), Ct, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => spans.Run(() => client.Integrations.GetAsync("1", cancel.Token)));

        Assert.Equal(cancel.Token, error.CancellationToken);
        Assert.True(body.Disposed);
        Assert.True(Assert.Single(spans.Stopped).IsStopped);
    }

    [Fact]
    public async Task GetAsync_CancelledWhileReadingAnErrorBody_ThrowsCallersCancellationAndDisposesTheResponse()
    {
        using var spans = new SpanWatcher();
        var body = new StallingContent("{\"message\":\"the key " + AnsweringClient.ApiKey + " is");
        using var client = AnsweringClient.Create(_ => new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = body });
        using var cancel = new CancellationTokenSource();
        _ = body.Stalled.Task.ContinueWith(_ => cancel.Cancel(), Ct, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => spans.Run(() => client.Integrations.GetAsync("1", cancel.Token)));

        Assert.Equal(cancel.Token, error.CancellationToken);
        Assert.DoesNotContain(AnsweringClient.ApiKey, error.ToString(), StringComparison.Ordinal);
        Assert.True(body.Disposed);
        Assert.True(Assert.Single(spans.Stopped).IsStopped);
    }

    [Fact]
    public async Task ScriptsDeleteAsync_ErrorEchoingTheKey_ThrowsApiExceptionWithoutTheKey()
    {
        using var client = AnsweringClient.Create(_ => new HttpResponseMessage(HttpStatusCode.BadGateway)
        {
            Content = new StringContent("upstream refused key " + AnsweringClient.ApiKey, Encoding.UTF8, "text/plain"),
        });

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => client.Integrations.Scripts.DeleteAsync("1", Ct));

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.DoesNotContain(AnsweringClient.ApiKey, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(AnsweringClient.ApiKey, error.GetRawResponse()?.Content ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScriptsDeleteAsync_HugePlainTextBody_ReturnsAllOfIt()
    {
        var script = new string('x', 8 * 1024 * 1024);
        using var client = AnsweringClient.Create(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(script, Encoding.UTF8, "text/plain") });

        var read = await client.Integrations.Scripts.DeleteAsync("1", Ct);

        Assert.Equal(script.Length, read.Text.Length);
    }

    [Fact]
    public async Task ScriptsDeleteAsync_Latin1Body_DecodedByItsCharset()
    {
        using var client = AnsweringClient.Create(_ =>
        {
            var content = new ByteArrayContent([0x2D, 0x2D, 0x20, 0x63, 0x61, 0x66, 0xE9]);
            content.Headers.TryAddWithoutValidation("Content-Type", "text/plain; charset=iso-8859-1");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });

        var read = await client.Integrations.Scripts.DeleteAsync("1", Ct);

        Assert.Equal("-- café", read.Text);
    }

    [Fact]
    public async Task ScriptsDeleteAsync_UnknownCharset_ReadAsUtf8AsAnErrorBodyIs()
    {
        using var client = AnsweringClient.Create(_ =>
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes("-- café"));
            content.Headers.TryAddWithoutValidation("Content-Type", "text/plain; charset=x-no-such-charset");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });

        var read = await client.Integrations.Scripts.DeleteAsync("1", Ct);

        Assert.Equal("-- café", read.Text);
    }

    [Fact]
    public async Task GetAsync_HandlerFollowedRedirectToPathHoldingTheKey_ExceptionPrintsNoKey()
    {
        using var http = new HttpClient(new FollowingHandler(new Uri($"https://elsewhere.example/{AnsweringClient.ApiKey}/x?k={AnsweringClient.ApiKey}")))
        {
            BaseAddress = new Uri("https://acme.immuta.com/"),
        };
        using var client = new ImmutaClient(http, new ImmutaApiKeyCredential(AnsweringClient.ApiKey));

        var error = await Assert.ThrowsAsync<ImmutaRedirectException>(() => client.Integrations.GetAsync("1", Ct));

        Assert.DoesNotContain(AnsweringClient.ApiKey, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(AnsweringClient.ApiKey, error.Details.Location?.OriginalString ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForCompletionAsync_ManyOperationsWaitingAtOnceOnANewClient_AllSettle()
    {
        var integration = Examples.Read("get-integrations-id.snowflake.response.json");
        using var client = AnsweringClient.Create(request => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(request.RequestUri!.AbsolutePath.EndsWith("/status", StringComparison.Ordinal) ? "{\"id\":\"123456789\",\"status\":\"enabled\"}" : integration, Encoding.UTF8, "application/json"),
        });
        using var start = new Barrier(16);

        // Sixteen threads of their own meet at the barrier: sixteen thread-pool threads blocked there starved the pool (on two
        // cores it adds a thread about once a second) for every test running alongside, for as long as this one took (14 s).
        var waits = Enumerable.Range(0, 16).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait(Ct);
                return client.Integrations.ResumeOperation("123456789", IntegrationOperationKind.Update).WaitForCompletionAsync(Ct);
            },
            Ct,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap()).ToArray();
        var settled = await Task.WhenAll(waits);

        Assert.All(settled, value => Assert.Equal(IntegrationStatus.Enabled, value!.Status));
    }

    /// <summary>A handler that followed a redirect: its answer's request is one to <paramref name="followedTo"/>.</summary>
    private sealed class FollowingHandler(Uri followedTo) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("{}"),
                RequestMessage = new HttpRequestMessage(request.Method, followedTo),
            });
    }

    /// <summary>A body that gives its first bytes, then stalls until the read is cancelled; it says when it stalled and whether it was disposed.</summary>
    private sealed class StallingContent(string start) : HttpContent
    {
        private readonly StallingStream _body = new(Encoding.UTF8.GetBytes(start));

        public TaskCompletionSource Stalled => _body.Stalled;

        public bool Disposed { get; private set; }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => throw new NotSupportedException();

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(_body);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }

    /// <summary>The SDK's spans under one test's own parent activity (its trace), so spans of tests running alongside are not seen.</summary>
    private sealed class SpanWatcher : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly ConcurrentQueue<Activity> _stopped = new();
        private ActivityTraceId _trace;

        public SpanWatcher()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name == "Immuta.Client",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = a =>
                {
                    if (a.Source.Name == "Immuta.Client" && a.TraceId == _trace)
                    {
                        _stopped.Enqueue(a);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public IReadOnlyCollection<Activity> Stopped => _stopped.ToArray();

        public async Task Run(Func<Task> call)
        {
            using var parent = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();
            _trace = parent.TraceId;
            await call();
        }

        public void Dispose() => _listener.Dispose();
    }
}
