using System.Net;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Attack;

/// <summary>The required members of a status and a regenerated key, attacked with values that are there but say nothing.</summary>
public sealed class RequiredMemberAttackTests
{
    private const string Id = "7";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ImmutaClient Answering(string body)
        => AnsweringClient.Create(_ => ScriptedImmuta.Json(HttpStatusCode.OK, body));

    [Theory]
    [InlineData("""{"newKey":""}""")]
    [InlineData("""{"newKey":"   "}""")]
    [InlineData("""{"newKey":5}""")]
    [InlineData("""{"newKey":["nk-REQUIRED-5521"]}""")]
    public async Task RegenerateKeyAsync_NewKeyEmptyOrNotAString_SerializationExceptionNamingTheMember(string body)
    {
        using var client = Answering(body);

        var error = await Assert.ThrowsAsync<ImmutaSerializationException>(() => client.Integrations.RegenerateKeyAsync(Id, Ct));

        Assert.Contains("newKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("nk-REQUIRED-5521", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"status":5}""")]
    [InlineData("""{"status":true}""")]
    [InlineData("""{"status":{"value":"enabled"}}""")]
    [InlineData("""{"status":["enabled"]}""")]
    public async Task GetStatusAsync_StatusNotAString_SerializationExceptionNamingTheMember(string body)
    {
        using var client = Answering(body);

        var error = await Assert.ThrowsAsync<ImmutaSerializationException>(() => client.Integrations.GetStatusAsync(Id, Ct));

        Assert.Contains("status", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStatusAsync_HugeBodyAroundAStatus_ReadsTheStatus()
    {
        var body = $$"""{"padding":"{{new string('x', 8 << 20)}}","status":"enabled","id":7}""";
        using var client = Answering(body);

        var status = await client.Integrations.GetStatusAsync(Id, Ct);

        Assert.Equal(IntegrationStatus.Enabled, status.Status);
    }
}
