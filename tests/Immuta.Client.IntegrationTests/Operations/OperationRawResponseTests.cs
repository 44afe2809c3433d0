using System.Net;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Diagnostics;
using Immuta.Client.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Immuta.Client.Tests.Operations;

/// <summary>
/// <see cref="IntegrationOperation.GetRawResponse"/> and <see cref="IntegrationDeleteOperation.GetRawResponse"/>: the last
/// response the operation saw (the start, then each poll's and the final read's), masked as an exception's is.
/// </summary>
public sealed class OperationRawResponseTests
{
    private const string Id = "7";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IntegrationDefinition Snowflake(string password = "abc1234")
        => ImmutaJson.Deserialize<IntegrationDefinition>(
            Examples.Read("post-integrations.snowflake.userPassword.request.json").Replace("\"abc1234\"", $"\"{password}\"", StringComparison.Ordinal));

    private static ImmutaClientOptions NoDelays() => new() { Polling = TestBackend.NoDelays, TimeProvider = new FakeTimeProvider(), Retry = StubImmuta.NoRetries };

    [Fact]
    public async Task GetRawResponse_AfterCreateCompletedOnTheFake_IsTheFinalGetWith200AndHeaders()
    {
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = fake.CreateClient(NoDelays());

        var operation = await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, Snowflake(), Ct);

        var raw = operation.GetRawResponse();
        Assert.NotNull(raw);
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.Contains(raw.GetHeaderValues("Content-Type"), v => v.StartsWith("application/json", StringComparison.Ordinal));
        Assert.Contains("\"enabled\"", raw.Content, StringComparison.Ordinal);
        Assert.Contains("\"config\"", raw.Content, StringComparison.Ordinal); // the integration (GET /integrations/{id}), not the status
    }

    [Fact]
    public async Task GetRawResponse_AfterCreateStartedOnTheFake_IsTheStartAnswer()
    {
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = fake.CreateClient(NoDelays());

        var operation = await client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Snowflake(), Ct);

        var raw = operation.GetRawResponse();
        Assert.NotNull(raw);
        Assert.True((int)raw.StatusCode is >= 200 and < 300);
        Assert.Contains("\"creating\"", raw.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRawResponse_ResumedOperationBeforeItsFirstPoll_IsNull()
    {
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = fake.CreateClient(NoDelays());

        var operation = client.Integrations.ResumeOperation("1", IntegrationOperationKind.Create);

        Assert.Null(operation.GetRawResponse());
    }

    // The POST's answer quotes the request's password, as text, \u-escaped, and in a credential-named member.
    [Theory]
    [InlineData("plain")]
    [InlineData("escaped")]
    [InlineData("member")]
    public async Task GetRawResponse_StartAnswerEchoingAUnicodePassword_IsMasked(string shape)
    {
        const string Password = "pässwörd-秘密-Ωmega-42";
        var escaped = string.Concat(Password.Select(c => $"\\u{(int)c:x4}"));
        var echo = shape switch
        {
            "plain" => $"\"message\":\"password {Password} kept\"",
            "escaped" => $"\"message\":\"password {escaped} kept\"",
            _ => $"\"message\":\"kept\",\"config\":{{\"password\":\"{Password}\"}}",
        };
        using var stub = new StubImmuta(NoDelays());
        stub.Reply("POST", "/integrations", 202, $$"""{"id":"{{Id}}","status":"creating",{{echo}}}""", headers: ("X-Request-Id", "req-1"));

        var operation = await stub.Integrations.CreateAsync(ImmutaWaitUntil.Started, Snowflake(Password), Ct);

        var raw = operation.GetRawResponse()!;
        Assert.Equal(HttpStatusCode.Accepted, raw.StatusCode);
        Assert.Equal(["req-1"], raw.GetHeaderValues("X-Request-Id"));
        Assert.Contains("kept", raw.Content, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, raw.Content, StringComparison.Ordinal);
        Assert.DoesNotContain(escaped, raw.Content, StringComparison.OrdinalIgnoreCase);
    }

    // The final GET's body quotes the API key with every character escaped (\u0038\u0034…): it is compared decoded.
    [Fact]
    public async Task GetRawResponse_FinalGetEchoingTheEscapedApiKey_IsMasked()
    {
        var escapedKey = string.Concat(StubImmuta.ApiKey.Select(c => $"\\u{(int)c:X4}"));
        using var stub = new StubImmuta(NoDelays());
        stub.Reply("POST", "/integrations", 202, $$"""{"id":"{{Id}}","status":"creating"}""");
        stub.Reply("GET", $"/integrations/{Id}/status", 200, $$"""{"id":"{{Id}}","status":"enabled"}""");
        var integration = Examples.Read("get-integrations-id.snowflake.response.json").TrimStart();
        stub.Reply("GET", $"/integrations/{Id}", 200, $$"""{"note":"key {{escapedKey}} seen",""" + integration[1..], headers: ("X-Request-Id", "req-final"));

        var operation = await stub.Integrations.CreateAsync(ImmutaWaitUntil.Completed, Snowflake(), Ct);

        var raw = operation.GetRawResponse()!;
        Assert.Equal(["req-final"], raw.GetHeaderValues("X-Request-Id"));
        Assert.Contains("seen", raw.Content, StringComparison.Ordinal);
        Assert.DoesNotContain(StubImmuta.ApiKey, raw.Content, StringComparison.Ordinal);
        Assert.DoesNotContain(escapedKey, raw.Content, StringComparison.OrdinalIgnoreCase);
    }

    // A delete's wait ends on the 404 that says the integration is gone: that is the last response it saw.
    [Fact]
    public async Task GetRawResponse_AfterDeleteCompletedByA404_IsThe404()
    {
        using var stub = new StubImmuta(NoDelays());
        stub.Reply("DELETE", $"/integrations/{Id}", 200, $$"""{"id":"{{Id}}","status":"deleting"}""");
        stub.Reply("GET", $"/integrations/{Id}/status", 404, """{"statusCode":404,"error":"Not Found","message":"No Integration found with ID 7."}""");

        var operation = await stub.Integrations.DeleteAsync(ImmutaWaitUntil.Completed, Id, cancellationToken: Ct);

        var raw = operation.GetRawResponse()!;
        Assert.Equal(HttpStatusCode.NotFound, raw.StatusCode);
        Assert.Contains("No Integration found", raw.Content, StringComparison.Ordinal);
    }
}
