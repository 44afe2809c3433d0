using System.Net;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Transport;

/// <summary>
/// <see cref="ImmutaApiException.GetRawResponse"/>: the status, headers and body of an error response are reachable, and no
/// secret comes back through them (the API key, the request's credentials, cookies, credential-named headers).
/// </summary>
public sealed class RawResponseTests : StubImmutaTest
{
    private const string Password = "s3cr3t-Pa55word!";

    private static IntegrationDefinition SnowflakeWithPassword()
        => ImmutaJson.Deserialize<IntegrationDefinition>(
            Examples.Read("post-integrations.snowflake.userPassword.request.json").Replace("\"abc1234\"", $"\"{Password}\"", StringComparison.Ordinal));

    [Fact]
    public async Task GetRawResponse_ErrorResponse_HasStatusHeadersAndBody()
    {
        const string Body = """{"statusCode":404,"error":"Not found","message":"No Integration found with ID 5."}""";
        Stub.Reply("GET", "/integrations/5", 404, Body, headers: ("X-Request-Id", "req-42"));

        var error = await Assert.ThrowsAsync<ImmutaNotFoundException>(() => Stub.Integrations.GetAsync("5", Ct));

        var raw = error.GetRawResponse();
        Assert.NotNull(raw);
        Assert.Equal(HttpStatusCode.NotFound, raw.StatusCode);
        Assert.Equal(["req-42"], raw.GetHeaderValues("x-request-id"));
        Assert.Equal(["application/json"], raw.GetHeaderValues("Content-Type"));
        Assert.Equal(Body, raw.Content);
        Assert.False(raw.IsContentTruncated);
        Assert.Same(raw, error.Details.RawResponse);
    }

    [Theory]
    [InlineData("Set-Cookie", "session=abcdef0123456789; HttpOnly")]
    [InlineData("Authorization", "Bearer abcdef0123456789")]
    [InlineData("X-Api-Key", "abcdef0123456789")]
    [InlineData("X-Auth-Token", "abcdef0123456789")]
    [InlineData("WWW-Authenticate", StubImmuta.ApiKey)]
    [InlineData("X-Echo", "key=" + StubImmuta.ApiKey)]
    public async Task GetRawResponse_SecretInHeader_IsMasked(string header, string value)
    {
        Stub.Reply("GET", "/integrations/5", 401, """{"message":"no"}""", headers: (header, value));

        var error = await Assert.ThrowsAsync<ImmutaAuthenticationException>(() => Stub.Integrations.GetAsync("5", Ct));

        var raw = error.GetRawResponse()!;
        var kept = Assert.Single(raw.GetHeaderValues(header));
        Assert.DoesNotContain("abcdef0123456789", kept, StringComparison.Ordinal);
        Assert.DoesNotContain(StubImmuta.ApiKey, kept, StringComparison.Ordinal);
        Assert.DoesNotContain(StubImmuta.ApiKey, raw.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("escaped")]
    [InlineData("member")]
    [InlineData("text")]
    public async Task GetRawResponse_BodyEchoingTheRequestsSecrets_IsScrubbed(string shape)
    {
        var escaped = string.Concat(Password.Select(c => $"\\u{(int)c:x4}"));
        var body = shape switch
        {
            "plain" => $$"""{"message":"password {{Password}} and key {{StubImmuta.ApiKey}} refused"}""",
            "escaped" => $$"""{"message":"password {{escaped}} refused"}""",
            "member" => """{"message":"refused","echo":{"config":{"password":"other-secret-value","token":"another-secret"}}}""",
            _ => $"refused: {Password} / {StubImmuta.ApiKey}",
        };
        Stub.Reply("POST", "/integrations", 400, body, shape == "text" ? "text/plain" : "application/json");

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => Stub.Integrations.CreateAsync(ImmutaWaitUntil.Started, SnowflakeWithPassword(), Ct));

        var content = error.GetRawResponse()!.Content!;
        Assert.DoesNotContain(Password, content, StringComparison.Ordinal);
        Assert.DoesNotContain(escaped, content, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(StubImmuta.ApiKey, content, StringComparison.Ordinal);
        Assert.DoesNotContain("other-secret-value", content, StringComparison.Ordinal);
        Assert.DoesNotContain("another-secret", content, StringComparison.Ordinal);
        Assert.Contains("refused", content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRawResponse_BodyLargerThanTheReadLimit_KeepsItsStartAndSaysSo()
    {
        var body = new string('x', 40_000);
        Stub.Reply("GET", "/integrations/5", 500, body, "text/plain");

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => Stub.Integrations.GetAsync("5", Ct));

        var raw = error.GetRawResponse()!;
        Assert.True(raw.IsContentTruncated);
        Assert.Equal(16 * 1024, raw.Content!.Length);
    }

    [Fact]
    public async Task GetRawResponse_EmptyBody_HasNoContent()
    {
        Stub.Reply("DELETE", "/integrations/5", 503, body: null);

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => Stub.Integrations.DeleteAsync(ImmutaWaitUntil.Started, "5", cancellationToken: Ct));

        var raw = error.GetRawResponse()!;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, raw.StatusCode);
        Assert.Null(raw.Content);
        Assert.False(raw.IsContentTruncated);
    }

    [Fact]
    public void GetRawResponse_ExceptionBuiltByHand_IsNull()
    {
        var error = new ImmutaApiException("boom", new ImmutaErrorDetails(HttpStatusCode.InternalServerError, "GET", "/integrations", null, null, null));

        Assert.Null(error.GetRawResponse());
    }
}
