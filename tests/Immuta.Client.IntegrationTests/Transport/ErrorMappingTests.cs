using System.Net;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Transport;

/// <summary>Every documented error response, and the undocumented ones a proxy or a broken server gives, map to the SDK's exceptions.</summary>
public sealed class ErrorMappingTests : StubImmutaTest
{
    private static IntegrationDefinition Snowflake()
        => ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read("post-integrations.snowflake.userPassword.request.json"));

    public static TheoryData<string, string?> ConflictExamples() => new()
    {
        { "error.409.post.response.json", "123456789" },
        { "error.409.post.snowflake.auto.s002.response.json", "123456789" },
        { "error.409.post.snowflake.manual.s002.response.json", "123456789" },
        { "error.409.post.databricks.auto.s004.response.json", "123456789" },
        { "error.409.post.databricks.manual.s004.response.json", "123456789" },
    };

    [Theory]
    [MemberData(nameof(ConflictExamples))]
    public async Task CreateAsync_DocumentedConflict_ThrowsConflictWithExistingId(string example, string? existingId)
    {
        var body = Examples.Read(example);
        Stub.Reply("POST", "/integrations", 409, body);

        var error = await Assert.ThrowsAsync<ImmutaConflictException>(() => Stub.Integrations.CreateAsync(ImmutaWaitUntil.Started, Snowflake(), Ct));

        var expected = ImmutaJson.Deserialize<Immuta.Client.Serialization.ImmutaErrorBody>(body);
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal("Conflict", error.Error);
        Assert.Equal(expected.Message, error.ServerMessage);
        Assert.Equal(existingId, error.ExistingIntegrationId);
        Assert.Equal("POST", error.Method);
        Assert.Equal("/integrations", error.Path);
        Assert.Equal($"POST /integrations failed with 409 (Conflict): {expected.Message}", error.Message);
    }

    [Theory]
    [InlineData("error.409.put.response.json")]
    [InlineData("error.409.put.snowflake.auto.s002.response.json")]
    [InlineData("error.409.put.snowflake.manual.s002.response.json")]
    [InlineData("error.409.put.snowflake.impersonation.s002.response.json")]
    [InlineData("error.409.put.databricks.s004.response.json")]
    public async Task UpdateAsync_DocumentedBusyConflict_ThrowsConflictWithoutExistingId(string example)
    {
        Stub.Reply("PUT", "/integrations/123456789", 409, Examples.Read(example));

        var error = await Assert.ThrowsAsync<ImmutaConflictException>(
            () => Stub.Integrations.UpdateAsync(ImmutaWaitUntil.Started, "123456789", Snowflake(), Ct));

        Assert.Null(error.ExistingIntegrationId);
        Assert.Contains("in current state editing", error.ServerMessage, StringComparison.Ordinal);
        Assert.Equal("PUT", error.Method);
    }

    public static TheoryData<int, string, string, Type> DocumentedErrors() => new()
    {
        { 404, "Not found", "No Integration found with ID 5.", typeof(ImmutaNotFoundException) },
        { 400, "Bad request", "Credentials are not required for disable unless the integration was configured automatically. If you need to update your integration credentials, use PUT to update the integration before disabling.", typeof(ImmutaRequestRejectedException) },
        { 400, "Bad request", "Integrations that are automatically configured require privileged credentials to disable. Please provide them in your payload.", typeof(ImmutaRequestRejectedException) },
        { 400, "Bad request", "Credentials are not required to disable a Databricks integration. If you need to update your integration credentials, use PUT to update the integration before disabling.", typeof(ImmutaRequestRejectedException) },
        { 422, "Unprocessable entity", "Processing Error: Error trying to get the current metastore info.", typeof(ImmutaRequestRejectedException) },
        { 422, "Unprocessable entity", "Validation of prerequisite setup failed. Unable to create integration.", typeof(ImmutaRequestRejectedException) },
        { 401, "Unauthorized", "Invalid token", typeof(ImmutaAuthenticationException) },
        { 403, "Forbidden", "User lacks APPLICATION_ADMIN", typeof(ImmutaAuthenticationException) },
        { 500, "Internal Server Error", "boom", typeof(ImmutaApiException) },
    };

    [Theory]
    [MemberData(nameof(DocumentedErrors))]
    public async Task DeleteAsync_DocumentedErrorBody_MapsToExceptionWithStatusAndMessage(int status, string text, string message, Type expected)
    {
        Stub.Reply("DELETE", "/integrations/5", status, $$"""{"statusCode":{{status}},"error":"{{text}}","message":"{{message}}"}""");

        var error = await Assert.ThrowsAnyAsync<ImmutaApiException>(() => Stub.Integrations.DeleteAsync(ImmutaWaitUntil.Started, "5", cancellationToken: Ct));

        Assert.IsType(expected, error);
        Assert.Equal(status, (int)error.StatusCode);
        Assert.Equal(text, error.Error);
        Assert.Equal(message, error.ServerMessage);
        Assert.Equal($"DELETE /integrations/5 failed with {status} ({text}): {message}", error.Message);
    }

    [Fact]
    public async Task GetAsync_HtmlErrorPageFromProxy_ThrowsReadableApiException()
    {
        Stub.Reply("GET", "/integrations/1", 502, "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>", "text/html");

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => Stub.Integrations.GetAsync("1", Ct));

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Equal("HTML page: 502 Bad Gateway", error.ServerMessage);
        Assert.Equal("GET /integrations/1 failed with 502 (Bad Gateway): HTML page: 502 Bad Gateway", error.Message);
    }

    [Fact]
    public async Task GetAsync_EmptyErrorBody_ThrowsWithStatusText()
    {
        Stub.Reply("GET", "/integrations/1", 503, body: null);

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => Stub.Integrations.GetAsync("1", Ct));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Null(error.ServerMessage);
        Assert.Equal("GET /integrations/1 failed with 503 (Service Unavailable).", error.Message);
    }

    [Fact]
    public async Task GetStatusAsync_TooManyRequestsWithRetryAfter_CarriesRetryAfter()
    {
        Stub.Reply("GET", "/integrations/1/status", 429, "slow down", "text/plain", ("Retry-After", "7"));

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => Stub.Integrations.GetStatusAsync("1", Ct));

        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Equal("slow down", error.ServerMessage);
    }

    [Theory]
    [InlineData("{\"id\":\"1\",\"status\":")]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("{\"id\":\"1\",\"config\":{}}")]
    public async Task GetAsync_MalformedSuccessBody_ThrowsSerializationExceptionNamingTheEndpoint(string body)
    {
        Stub.Reply("GET", "/integrations/1", 200, body);

        var error = await Assert.ThrowsAsync<ImmutaSerializationException>(() => Stub.Integrations.GetAsync("1", Ct));

        Assert.StartsWith("The response of GET /integrations/1 is not valid: Could not read Integration", error.Message, StringComparison.Ordinal);
        Assert.Equal("GET", error.Method);
        Assert.Equal("/integrations/1", error.Path);
    }

    [Fact]
    public async Task GetStatusAsync_WrongTypeInBody_NamesTheJsonPath()
    {
        Stub.Reply("GET", "/integrations/1/status", 200, """{"id":1,"status":42}""");

        var error = await Assert.ThrowsAsync<ImmutaSerializationException>(() => Stub.Integrations.GetStatusAsync("1", Ct));

        Assert.Equal("$.status", error.JsonPath);
        Assert.Contains("at $.status", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_ConnectionRefused_ThrowsTransportExceptionNamingTheEndpoint()
    {
        using var refusing = new RefusingPort();
        using var client = new ImmutaClient(refusing.Uri, new ImmutaApiKeyCredential(StubImmuta.ApiKey));

        var error = await Assert.ThrowsAsync<ImmutaTransportException>(() => client.Integrations.ListAsync(Ct));

        Assert.StartsWith("GET /integrations failed before Immuta answered", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTimeout);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task ListAsync_NoAnswerWithinNetworkTimeout_ThrowsTimeoutTransportException()
    {
        // The server never answers and the clock moves only then: the timeout cannot race the answer.
        await using var server = new RawFaultServer(RawFault.Timeout, ("application/json", "[]"));
        var run = new StalledCall();
        using var client = new ImmutaClient(server.Uri, new ImmutaApiKeyCredential(StubImmuta.ApiKey), new ImmutaClientOptions
        {
            TimeProvider = run.Clock,
            NetworkTimeout = TimeSpan.FromSeconds(5),
            Retry = StubImmuta.NoRetries,
        });

        var error = await run.RunAsync(() => client.Integrations.ListAsync(Ct), server, TimeSpan.FromSeconds(5));

        var timeout = Assert.IsType<ImmutaTransportException>(error);
        Assert.True(timeout.IsTimeout, timeout.ToString());
        Assert.Equal("GET /integrations timed out. No complete answer within 5 s (NetworkTimeout).", timeout.Message);
    }

    [Fact]
    public async Task ListAsync_CallerCancels_ThrowsOperationCanceled()
    {
        await using var server = new RawFaultServer(RawFault.Timeout, ("application/json", "[]"));
        using var client = new ImmutaClient(server.Uri, new ImmutaApiKeyCredential(StubImmuta.ApiKey));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var calling = client.Integrations.ListAsync(cts.Token);
        await server.Stalled.WaitAsync(Ct);
        await cts.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => calling);
        Assert.Equal(cts.Token, error.CancellationToken);
    }

    [Theory]
    [InlineData("Snowflake integration already exists on test-account.snowflakecomputing.com (id = 1).", "1")]
    [InlineData("Databricks Unity Catalog integration already exists on www.example-workspace.cloud.databricks.com (id = 123456789)", "123456789")]
    [InlineData("Unable to edit integration with ID 123456789 in current state editing.", null)]
    [InlineData(null, null)]
    public void ExistingIdOf_ConflictMessages_ParsesTheId(string? message, string? id)
        => Assert.Equal(id, ImmutaExceptionFactory.ExistingIdOf(message));
}
