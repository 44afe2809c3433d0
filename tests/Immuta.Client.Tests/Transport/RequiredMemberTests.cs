using System.Net;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Transport;

/// <summary>
/// An answer without the one member it exists for — a status without <c>status</c>, a regenerated key without
/// <c>newKey</c> — is a clear <see cref="ImmutaSerializationException"/> naming the member and never what the body holds;
/// a wait on such statuses ends at once instead of polling a status that never settles until its timeout.
/// </summary>
public sealed class RequiredMemberTests
{
    private const string Id = "7";
    private const string Leaked = "nk-REQUIRED-5521";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ImmutaClient Answering(string body)
        => AnsweringClient.Create(_ => ScriptedImmuta.Json(HttpStatusCode.OK, body));

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"newkey":"nk-REQUIRED-5521"}""")]
    [InlineData("""{"new_key":"nk-REQUIRED-5521","key":"nk-REQUIRED-5521"}""")]
    [InlineData("""{"newKey":null}""")]
    [InlineData("""{"newKey":{"value":"nk-REQUIRED-5521"}}""")]
    public async Task RegenerateKeyAsync_AnswerWithoutNewKey_SerializationExceptionNamingTheMemberWithoutTheBody(string body)
    {
        using var client = Answering(body);

        var error = await Assert.ThrowsAsync<ImmutaSerializationException>(() => client.Integrations.RegenerateKeyAsync(Id, Ct));

        Assert.Contains("newKey", error.Message, StringComparison.Ordinal);
        Assert.Contains($"/integrations/{Id}/regenerate", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Leaked, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegenerateKeyAsync_AnswerWithNewKey_ReturnsIt()
    {
        using var client = Answering("""{"newKey":"nk-REQUIRED-5521"}""");

        var key = await client.Integrations.RegenerateKeyAsync(Id, Ct);

        Assert.Equal(Leaked, key.NewKey!.Reveal());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"id":7}""")]
    [InlineData("""{"id":7,"status":null}""")]
    [InlineData("""{"id":7,"state":"enabled"}""")]
    public async Task GetStatusAsync_AnswerWithoutStatus_SerializationExceptionNamingTheMember(string body)
    {
        using var client = Answering(body);

        var error = await Assert.ThrowsAsync<ImmutaSerializationException>(() => client.Integrations.GetStatusAsync(Id, Ct));

        Assert.Contains("status", error.Message, StringComparison.Ordinal);
        Assert.Equal("GET", error.Method);
    }

    [Fact]
    public async Task WaitForCompletionAsync_StatusAnswersWithoutStatus_EndsAtTheFirstPollNotAtTheTimeout()
    {
        var immuta = new ScriptedImmuta((_, request) => request.RequestUri!.AbsolutePath switch
        {
            "/integrations" => ScriptedImmuta.Started(Id, "creating"),
            $"/integrations/{Id}/status" => ScriptedImmuta.Json(HttpStatusCode.OK, "{}"),
            _ => ScriptedImmuta.Integration(Id, "enabled"),
        }, new PollingOptions { Timeout = TimeSpan.FromMinutes(20) });
        var operation = await immuta.Client.Integrations.CreateAsync(ImmutaWaitUntil.Started, new TrinoIntegration { AutoBootstrap = true, Config = new TrinoConfig() }, Ct);

        var waiting = operation.WaitForCompletionAsync(Ct);
        await immuta.Time.DriveAsync(waiting, TimeSpan.FromMinutes(30));

        // A malformed status is a failed poll the wait tolerates a few times in a row (a proxy's glitch), not a status.
        var error = await Assert.ThrowsAsync<ImmutaSerializationException>(() => waiting);
        Assert.Contains("status", error.Message, StringComparison.Ordinal);
        Assert.Equal(new PollingOptions().MaxConsecutiveFailures + 1, immuta.StatusPollTimes().Count);
        Assert.True(immuta.Elapsed < TimeSpan.FromMinutes(1), $"the wait ran {immuta.Elapsed} on the fake clock");
        Assert.False(operation.HasCompleted);
    }
}
