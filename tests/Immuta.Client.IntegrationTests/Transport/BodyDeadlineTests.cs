using System.Net;
using System.Text;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Transport;

/// <summary>
/// Every byte of an answer is read under the attempt timeout and under <see cref="ImmutaClientOptions.NetworkTimeout"/>,
/// whatever handlers the <see cref="HttpClient"/> has: a body that stalls after its head ends the call at the timeout
/// (the status of an error answer is kept), never hangs it. Timeouts run on a fake clock moved only once the server
/// stalls for good, so nothing here races the machine.
/// </summary>
public sealed class BodyDeadlineTests
{
    private const string ApiKey = "body-deadline-key";

    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(40);

    private static readonly (string ContentType, string Body) Operation = ("application/json", """{"id":"1","status":"creating","validationResults":{"status":"passed","validationTests":[]}}""");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TrinoIntegration Trino => new() { AutoBootstrap = true, Config = new TrinoConfig() };

    /// <summary>The client's own pipeline (the SDK's handler), timing out on the run's clock.</summary>
    private static ImmutaClient OwnClient(RawFaultServer server, StalledCall run, bool retries = true)
        => new(server.Uri, new ImmutaApiKeyCredential(ApiKey), new ImmutaClientOptions
        {
            TimeProvider = run.Clock,
            LoggerFactory = run.LoggerFactory,
            NetworkTimeout = NetworkTimeout,
            Retry = new ImmutaRetryOptions { Enabled = retries, AttemptTimeout = AttemptTimeout, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero },
            ValidateBeforeSending = false,
        });

    /// <summary>A client over an HttpClient of the caller's with no SDK handler at all.</summary>
    private static ImmutaClient UserClient(RawFaultServer server, StalledCall run, HttpClient http)
    {
        http.BaseAddress = server.Uri;
        return new ImmutaClient(http, new ImmutaApiKeyCredential(ApiKey), new ImmutaClientOptions
        {
            TimeProvider = run.Clock,
            LoggerFactory = run.LoggerFactory,
            NetworkTimeout = NetworkTimeout,
            ValidateBeforeSending = false,
        });
    }

    [Fact]
    public async Task CreateAsync_SuccessBodyStallsAfterTenBytes_TimesOutAtTheAttemptTimeout()
    {
        await using var server = new RawFaultServer(RawFault.StallMidBody, Operation);
        var run = new StalledCall();
        using var client = OwnClient(server, run);

        var error = await run.RunAsync(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Trino, Ct), server, AttemptTimeout, afterHead: true);

        var timeout = Assert.IsType<ImmutaTransportException>(error);
        Assert.True(timeout.IsTimeout);
        Assert.Equal("POST /integrations timed out. No complete answer within 10 s (Retry.AttemptTimeout).", timeout.Message);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task ListAsync_RetriesOffSuccessBodyStalls_TimesOutAtTheAttemptTimeout()
    {
        await using var server = new RawFaultServer(RawFault.StallMidBody, ("application/json", "[]"));
        var run = new StalledCall();
        using var client = OwnClient(server, run, retries: false);

        var error = await run.RunAsync(() => client.Integrations.ListAsync(Ct), server, AttemptTimeout, afterHead: true);

        Assert.True(Assert.IsType<ImmutaTransportException>(error).IsTimeout);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task ListAsync_RetriesOnSuccessBodyStalls_RetriedAndSucceeds()
    {
        await using var server = new RawFaultServer(RawFault.StallMidBody, ("application/json", "[]"));
        var run = new StalledCall();
        using var client = OwnClient(server, run);

        var error = await run.RunAsync(() => client.Integrations.ListAsync(Ct), server, AttemptTimeout);

        Assert.Null(error);
        Assert.Equal(2, server.Requests);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task ErrorBodyStallsAfterTenBytes_ApiExceptionWithItsStatusAtTheAttemptTimeout(string method)
    {
        await using var server = new RawFaultServer(RawFault.StallMidErrorBody, Operation);
        var run = new StalledCall();
        using var client = OwnClient(server, run);
        Func<Task> call = method == "GET" ? () => client.Integrations.GetAsync("1", Ct) : () => client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Trino, Ct);

        var error = await run.RunAsync(call, server, AttemptTimeout, afterHead: true);

        var rejected = Assert.IsType<ImmutaRequestRejectedException>(error);
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.StartsWith($"{method} /integrations", rejected.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task UserHttpClient_NoAnswer_NetworkTimeoutApplies()
    {
        await using var server = new RawFaultServer(RawFault.Timeout, Operation);
        var run = new StalledCall();
        using var http = new HttpClient(ImmutaClient.CreatePrimaryHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        using var client = UserClient(server, run, http);

        var error = await run.RunAsync(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Trino, Ct), server, NetworkTimeout);

        var timeout = Assert.IsType<ImmutaTransportException>(error);
        Assert.True(timeout.IsTimeout);
        Assert.Equal("POST /integrations timed out. No complete answer within 40 s (NetworkTimeout).", timeout.Message);
    }

    [Fact]
    public async Task UserHttpClient_SuccessBodyStalls_NetworkTimeoutApplies()
    {
        await using var server = new RawFaultServer(RawFault.StallMidBody, ("application/json", "[]"));
        var run = new StalledCall();
        using var http = new HttpClient(ImmutaClient.CreatePrimaryHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        using var client = UserClient(server, run, http);

        var error = await run.RunAsync(() => client.Integrations.ListAsync(Ct), server, NetworkTimeout, afterHead: true);

        var timeout = Assert.IsType<ImmutaTransportException>(error);
        Assert.True(timeout.IsTimeout);
        Assert.Equal("GET /integrations timed out. No complete answer within 40 s (NetworkTimeout).", timeout.Message);
    }

    [Fact]
    public async Task UserHttpClient_ErrorBodyStalls_ApiExceptionWithItsStatusAtNetworkTimeout()
    {
        await using var server = new RawFaultServer(RawFault.StallMidErrorBody, Operation);
        var run = new StalledCall();
        using var http = new HttpClient(ImmutaClient.CreatePrimaryHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        using var client = UserClient(server, run, http);

        var error = await run.RunAsync(() => client.Integrations.GetStatusAsync("1", Ct), server, NetworkTimeout, afterHead: true);

        Assert.Equal(HttpStatusCode.BadRequest, Assert.IsType<ImmutaRequestRejectedException>(error).StatusCode);
    }

    [Theory]
    [InlineData("GET", 503)]
    [InlineData("GET", 429)]
    [InlineData("POST", 503)]
    [InlineData("POST", 429)]
    public async Task RetryAfterBeyondNetworkTimeout_ReportsTheStatusAndRetryAfterAndWhyItWasNotAwaited(string method, int status)
    {
        // The server asks for 999,999 s; the call may take 40 s. The answer is the result, not a timeout.
        var primary = new AnswerHandler((HttpStatusCode)status, ("Retry-After", "999999"));
        using var client = new ImmutaClient(new Uri("https://tenant.immuta.test"), new ImmutaApiKeyCredential(ApiKey), new ImmutaClientOptions
        {
            NetworkTimeout = NetworkTimeout,
            Retry = new ImmutaRetryOptions { MaxRetryAfter = TimeSpan.FromDays(30) },
            ValidateBeforeSending = false,
        }, primary);

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => method == "GET" ? client.Integrations.ListAsync(Ct) : client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Trino, Ct));

        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(999999), error.RetryAfter);
        Assert.Equal("try later", error.ServerMessage);
        Assert.EndsWith("try later. Waiting 999999 s as Immuta asked (Retry-After) would exceed NetworkTimeout.", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, primary.Calls);
    }

    [Fact]
    public async Task RetryAfterWithinNetworkTimeout_NoBudgetNoteInTheMessage()
    {
        var primary = new AnswerHandler(HttpStatusCode.ServiceUnavailable, ("Retry-After", "1"));
        using var client = new ImmutaClient(new Uri("https://tenant.immuta.test"), new ImmutaApiKeyCredential(ApiKey), new ImmutaClientOptions
        {
            NetworkTimeout = NetworkTimeout,
            ValidateBeforeSending = false,
        }, primary);

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Trino, Ct));

        Assert.Equal("POST /integrations failed with 503 (ServiceUnavailable): try later", error.Message);
    }

    /// <summary>Answers every request with a status, an Immuta error body and headers.</summary>
    private sealed class AnswerHandler(HttpStatusCode status, params (string Name, string Value)[] headers) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            var response = new HttpResponseMessage(status)
            {
                Content = new StringContent($$"""{"statusCode":{{(int)status}},"error":"{{status}}","message":"try later"}""", Encoding.UTF8, "application/json"),
                RequestMessage = request,
            };
            foreach (var (name, value) in headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            return Task.FromResult(response);
        }
    }
}
