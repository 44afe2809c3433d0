using System.Net;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Attack;

/// <summary>
/// <see cref="IntegrationOperation.GetRawResponse"/> and <see cref="ImmutaApiException.GetRawResponse"/> attacked with a
/// lone surrogate beside a credential the request did not carry, echoed headers, and two operations at once.
/// </summary>
public sealed class RawResponseAttackTests
{
    private const string ServerSecret = "srv-Secret-7781-never";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TrinoIntegration Trino() => new() { AutoBootstrap = true, Config = new TrinoConfig() };

    [Theory]
    [InlineData("""{"id":"7","status":"creating","password":"srv-Secret-7781-never","note":"\ud800"}""")]
    [InlineData("""{"id":"7","status":"creating","note":"\ud800","config":{"token":"srv-Secret-7781-never"}}""")]
    [InlineData("""{"id":"7","status":"creating","\ud800":1,"password":"srv-Secret-7781-never"}""")]
    public async Task GetRawResponse_StartAnswerWithALoneSurrogateAndAServerCredential_CredentialMasked(string body)
    {
        using var client = AnsweringClient.Create(_ => ScriptedImmuta.Json(HttpStatusCode.OK, body));

        var operation = await client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Trino(), Ct);

        var raw = operation.GetRawResponse();
        Assert.NotNull(raw);
        Assert.DoesNotContain(ServerSecret, raw.Content, StringComparison.Ordinal);
        Assert.Contains("creating", raw.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRawResponse_ErrorWithALoneSurrogateAndAServerCredential_CredentialMasked()
    {
        using var client = AnsweringClient.Create(_ => ScriptedImmuta.Json(HttpStatusCode.BadRequest, """{"message":"bad \ud800","password":"srv-Secret-7781-never"}"""));

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Trino(), Ct));

        Assert.DoesNotContain(ServerSecret, error.GetRawResponse()!.Content, StringComparison.Ordinal);
        Assert.DoesNotContain(ServerSecret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRawResponse_AnswerEchoingTheApiKeyInHeaders_KeyMasked()
    {
        using var client = AnsweringClient.Create(request => ScriptedImmuta.Json(
            HttpStatusCode.OK,
            """{"id":"7","status":"creating"}""",
            ("Authorization", request.Headers.Authorization!.ToString()),
            ("Set-Cookie", $"session={AnsweringClient.ApiKey}; HttpOnly"),
            ("X-Echo", $"key was {AnsweringClient.ApiKey}"),
            ("X-Debug-Auth", $"Bearer {AnsweringClient.ApiKey}")));

        var operation = await client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Trino(), Ct);

        var raw = operation.GetRawResponse()!;
        Assert.All(raw.Headers, h => Assert.DoesNotContain(AnsweringClient.ApiKey, h.Value, StringComparison.Ordinal));
        Assert.Equal(["***"], raw.GetHeaderValues("Authorization"));
        Assert.Equal(["***"], raw.GetHeaderValues("Set-Cookie"));
    }

    [Fact]
    public async Task GetRawResponse_TwoOperationsAtOnceOnOneClient_EachSeesItsOwnAnswer()
    {
        // Both calls are in flight at once: each answer waits for the other request, without blocking a thread of the pool
        // (a blocked one starves the tests running alongside on a two-core machine).
        var arrived = 0;
        var bothInFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var http = new HttpClient(new AsyncAnswering(async (request, cancellationToken) =>
        {
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            var id = body.Contains("\"Trino\"", StringComparison.OrdinalIgnoreCase) ? "1" : "2";
            if (Interlocked.Increment(ref arrived) == 2)
            {
                bothInFlight.SetResult();
            }

            await bothInFlight.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken); // a guard, not a measure
            return ScriptedImmuta.Started(id, "creating");
        })) { BaseAddress = new Uri("https://acme.immuta.com/") };
        using var client = new ImmutaClient(http, new ImmutaApiKeyCredential(AnsweringClient.ApiKey));
        var snowflake = ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read("post-integrations.snowflake.userPassword.request.json"));

        var first = Task.Run(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Trino(), Ct), Ct);
        var second = Task.Run(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Started, snowflake, Ct), Ct);
        var operations = await Task.WhenAll(first, second);

        Assert.Contains("\"id\":\"1\"", operations[0].GetRawResponse()!.Content, StringComparison.Ordinal);
        Assert.Contains("\"id\":\"2\"", operations[1].GetRawResponse()!.Content, StringComparison.Ordinal);
    }

    private sealed class AsyncAnswering(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await answer(request, cancellationToken);
            response.RequestMessage = request;
            return response;
        }
    }
}
