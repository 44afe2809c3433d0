using System.Net;
using Immuta.Client.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Xunit;

namespace Immuta.Client.Tests.Transport;

/// <summary>
/// Whatever handlers the caller puts in the pipeline, and whatever they throw, failures reach the caller as the SDK's
/// exceptions (the caller's own cancellation as <see cref="OperationCanceledException"/>), and nothing thrown references
/// a request holding the API key: the whole graph of each exception is walked (causes, <see cref="Exception.Data"/>,
/// every field).
/// </summary>
public sealed class ForeignHandlerTests
{
    private const string ApiKey = "foreign-handler-key-0123456789";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TrinoIntegration Trino => new() { AutoBootstrap = true, Config = new TrinoConfig() };

    [Fact]
    public async Task CreateAsync_StandardResilienceHandlerAttemptTimeout_TransportTimeoutHoldingNoRequest()
    {
        // The README's setup: the SDK's handler off, the standard resilience handler on, unsafe methods not retried.
        await using var server = new RawFaultServer(RawFault.Timeout, ("application/json", "{}"));
        var run = new StalledCall();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(run.Clock);
        services.AddImmutaClient(settings =>
        {
            settings.Url = server.Uri;
            settings.ApiKey = ApiKey;
            settings.UseSdkResilienceHandler = false;
            settings.Options.ValidateBeforeSending = false;
        }).HttpClientBuilder.AddStandardResilienceHandler(options =>
        {
            options.Retry.DisableForUnsafeHttpMethods();
            options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(1);
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<ImmutaClient>();

        var error = await run.RunAsync(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Trino, Ct), server, TimeSpan.FromSeconds(1));

        var timeout = Assert.IsType<ImmutaTransportException>(error);
        Assert.True(timeout.IsTimeout);
        Assert.Equal("POST /integrations timed out.", timeout.Message);
        Assert.Empty(ExceptionGraph.Leaks(timeout, ApiKey));
        Assert.DoesNotContain(ApiKey, timeout.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, server.Requests);
    }

    public enum Thrown
    {
        InvalidOperation,
        HoldingTheRequest,
        RequestInData,
        KeyInTheMessage,
        Reset,
        Timeout,
    }

    [Theory]
    [InlineData(Thrown.InvalidOperation, false)]
    [InlineData(Thrown.HoldingTheRequest, false)]
    [InlineData(Thrown.RequestInData, false)]
    [InlineData(Thrown.KeyInTheMessage, false)]
    [InlineData(Thrown.Reset, false)]
    [InlineData(Thrown.Timeout, true)]
    public async Task AnyCall_HandlerOfTheCallersThrows_TransportExceptionHoldingNoRequest(Thrown what, bool isTimeout)
    {
        using var http = new HttpClient(new ThrowingHandler(what)) { BaseAddress = new Uri("https://tenant.immuta.test") };
        using var client = new ImmutaClient(http, new ImmutaApiKeyCredential(ApiKey), new ImmutaClientOptions { ValidateBeforeSending = false });

        foreach (var call in new Func<Task>[] { () => client.Integrations.ListAsync(Ct), () => client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Trino, Ct) })
        {
            var error = await Assert.ThrowsAsync<ImmutaTransportException>(call);

            Assert.Equal(isTimeout, error.IsTimeout);
            Assert.Empty(ExceptionGraph.Leaks(error, ApiKey));
            Assert.DoesNotContain(ApiKey, error.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnyCall_HandlerThrowsATypeOfTheCallers_DescribedNotKept()
    {
        using var http = new HttpClient(new ThrowingHandler(Thrown.HoldingTheRequest)) { BaseAddress = new Uri("https://tenant.immuta.test") };
        using var client = new ImmutaClient(http, new ImmutaApiKeyCredential(ApiKey));

        var error = await Assert.ThrowsAsync<ImmutaTransportException>(() => client.Integrations.ListAsync(Ct));

        Assert.Equal("GET /integrations failed before Immuta answered: RequestFailedException: the request failed", error.Message);
        Assert.Null(error.InnerException); // a type of the caller's may hold anything: described, not kept
    }

    [Fact]
    public async Task AnyCall_HandlerThrowsAFrameworkException_KeptAsTheCause()
    {
        using var http = new HttpClient(new ThrowingHandler(Thrown.InvalidOperation)) { BaseAddress = new Uri("https://tenant.immuta.test") };
        using var client = new ImmutaClient(http, new ImmutaApiKeyCredential(ApiKey));

        var error = await Assert.ThrowsAsync<ImmutaTransportException>(() => client.Integrations.ListAsync(Ct));

        Assert.Equal("GET /integrations failed before Immuta answered: the proxy said no", error.Message);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public async Task AnyCall_ResetBySocketsHandler_FrameworkCauseKept()
    {
        using var http = new HttpClient(new ThrowingHandler(Thrown.Reset)) { BaseAddress = new Uri("https://tenant.immuta.test") };
        using var client = new ImmutaClient(http, new ImmutaApiKeyCredential(ApiKey));

        var error = await Assert.ThrowsAsync<ImmutaTransportException>(() => client.Integrations.ListAsync(Ct));

        Assert.Equal("GET /integrations failed before Immuta answered: connection reset", error.Message);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task AnyCall_CallerCancelsInsideAHandlerOfTheirs_OperationCanceledHoldingNoRequest()
    {
        using var http = new HttpClient(new ThrowingHandler(Thrown.Timeout) { WaitForCancellation = true }) { BaseAddress = new Uri("https://tenant.immuta.test") };
        using var client = new ImmutaClient(http, new ImmutaApiKeyCredential(ApiKey));
        using var caller = new CancellationTokenSource(); // not linked to the test run's token, whose graph holds other tests' requests

        var calling = client.Integrations.ListAsync(caller.Token);
        await caller.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => calling.WaitAsync(TimeSpan.FromSeconds(60), Ct));
        Assert.Equal(caller.Token, error.CancellationToken);
        var leaks = ExceptionGraph.Leaks(error, ApiKey);
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }

    [Fact]
    public void Leaks_RefitWrapperOrATypeHoldingTheRequest_Found()
    {
        // The walk itself must be able to fail: it finds what the SDK used to let through.
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://tenant.immuta.test/integrations");
        request.Headers.TryAddWithoutValidation("Authorization", ApiKey);

        Assert.NotEmpty(ExceptionGraph.Leaks(new Refit.ApiRequestException(request, HttpMethod.Get, new Refit.RefitSettings(), new TimeoutException()), ApiKey));
        Assert.NotEmpty(ExceptionGraph.Leaks(new ImmutaException("wrapped", new RequestFailedException(request)), ApiKey));
        Assert.NotEmpty(ExceptionGraph.Leaks(new HttpRequestException("refused") { Data = { ["request"] = request } }, ApiKey));
        Assert.NotEmpty(ExceptionGraph.Leaks(new IOException($"refused {ApiKey}"), ApiKey));
    }

    [Fact]
    public void RefitSettings_TransportFailure_HandedOverAsThrownNeverWrappedInARefitException()
    {
        // Refit's default wraps a transport failure in ApiRequestException, which holds the request and its Authorization
        // header; the SDK's settings hand the failure over as thrown, with the names of the request (method, route
        // template, address) and no reference to the request.
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://tenant.immuta.test/integrations/7");
        request.Headers.TryAddWithoutValidation("Authorization", ApiKey);
        request.Options.Set(new HttpRequestOptionsKey<string>(Refit.HttpRequestMessageOptions.RelativePathTemplate), "/integrations/{id}");
        var thrown = new HttpRequestException("refused");

        var handedOver = Immuta.Client.Http.ImmutaPipeline.Settings(new ImmutaClientOptions()).TransportExceptionFactory(request, thrown, CancellationToken.None);

        var failure = Assert.IsType<Immuta.Client.Http.SendFailure>(handedOver);
        Assert.Same(thrown, failure.InnerException);
        Assert.Equal(("GET", "/integrations/{id}", "/integrations/7"), (failure.Request.Method, failure.Request.Route, failure.Request.PrintablePath(new Immuta.Client.Http.SecretScrubber([ApiKey]))));
        Assert.Empty(ExceptionGraph.Leaks(failure, ApiKey));
    }

    [Fact]
    public async Task GetAsync_HandlerAnswersWithoutItsRequest_ErrorNamesTheSdkMethodAndHoldsNoKey()
    {
        // A handler of the caller's that breaks the HttpMessageHandler contract (no RequestMessage on its response): the
        // route is not known, so the SDK method names the call; the answer is still mapped.
        using var http = new HttpClient(new RequestlessHandler()) { BaseAddress = new Uri("https://tenant.immuta.test") };
        using var client = new ImmutaClient(http, new ImmutaApiKeyCredential(ApiKey));

        var error = await Assert.ThrowsAsync<ImmutaNotFoundException>(() => client.Integrations.GetAsync("7", Ct));

        Assert.StartsWith("Integrations.Get (no request on the response) failed with 404", error.Message, StringComparison.Ordinal);
        Assert.Empty(ExceptionGraph.Leaks(error, ApiKey));
    }

    /// <summary>Answers 404 without setting <see cref="HttpResponseMessage.RequestMessage"/>.</summary>
    private sealed class RequestlessHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound)
            {
                Content = new StringContent("""{"statusCode":404,"error":"Not Found","message":"none"}""", System.Text.Encoding.UTF8, "application/json"),
            });
    }

    /// <summary>Throws what a handler of the caller's might, before anything reaches the network.</summary>
    private sealed class ThrowingHandler(Thrown what) : HttpMessageHandler
    {
        public bool WaitForCancellation { get; init; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Assert.Equal(ApiKey, request.Headers.GetValues("Authorization").Single()); // the request does hold the key
            if (WaitForCancellation)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            await Task.Yield();
            throw what switch
            {
                Thrown.InvalidOperation => new InvalidOperationException("the proxy said no"),
                Thrown.HoldingTheRequest => new RequestFailedException(request),
                Thrown.RequestInData => new HttpRequestException("refused") { Data = { ["request"] = request } },
                Thrown.KeyInTheMessage => new IOException($"refused {request.Headers.GetValues("Authorization").Single()}"),
                Thrown.Reset => new HttpRequestException("connection reset", new IOException("reset by peer")),
                _ => new Polly.Timeout.TimeoutRejectedException("The operation didn't complete within the allowed timeout of '00:00:10'."),
            };
        }
    }

    /// <summary>An exception type of the caller's that keeps the request.</summary>
    private sealed class RequestFailedException(HttpRequestMessage request) : Exception("the request failed")
    {
        public HttpRequestMessage Request { get; } = request;
    }
}
