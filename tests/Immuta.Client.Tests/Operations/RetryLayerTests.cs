using System.Net;
using System.Reflection;
using Immuta.Client.Operations;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Operations;

/// <summary>
/// Issue 14 items 2 and 4: one retry layer for status polls, randomness injected through the client's options, and no
/// reference from the operations back to the client.
/// </summary>
public sealed class RetryLayerTests
{
    private const string Id = "42";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly SnowflakeIntegration Definition = new()
    {
        AutoBootstrap = true,
        Config = new SnowflakeConfig { Host = "h", Warehouse = "w", Database = "d", AuthenticationType = AuthenticationType.UserPassword, Username = "u", Password = "p4ssword" },
    };

    /// <summary>The SDK's own client (its transport handler included) over an Immuta whose status calls always answer 503.</summary>
    private static ScriptedImmuta FailingStatus(Func<double>? random = null) => new(
        (_, request) => request.RequestUri!.AbsolutePath switch
        {
            "/integrations" when request.Method == HttpMethod.Post => ScriptedImmuta.Started(Id, "creating"),
            $"/integrations/{Id}/status" => ScriptedImmuta.Error(HttpStatusCode.ServiceUnavailable, "down"),
            _ => ScriptedImmuta.Error(HttpStatusCode.NotFound),
        },
        random: random,
        sdkHandler: true);

    [Fact]
    public async Task WaitForCompletionAsync_StatusPollsFailBehindTheSdkHandler_EachPollSentOnce()
    {
        var immuta = FailingStatus();
        var operation = await immuta.Client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition, Ct);

        var waiting = operation.WaitForCompletionAsync(Ct);
        await immuta.Time.DriveAsync(waiting, TimeSpan.FromMinutes(5));

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => waiting);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);

        // MaxConsecutiveFailures (3) tolerated, the 4th ends the wait: 4 requests, on the poll schedule (1, 3, 7, 12 s),
        // not 4 × (1 + Retry.MaxRetries) with the handler's retries inside each poll.
        var expected = new[] { 1, 3, 7, 12 }.Select(seconds => TimeSpan.FromSeconds(seconds));
        Assert.Equal(expected, immuta.StatusPollTimes());
    }

    [Fact]
    public async Task GetStatusAsync_CalledByTheCaller_StillRetriedByTheHandler()
    {
        var immuta = FailingStatus();

        var calling = immuta.Client.Integrations.GetStatusAsync(Id, Ct);
        await immuta.Time.DriveAsync(calling, TimeSpan.FromMinutes(5));

        await Assert.ThrowsAsync<ImmutaApiException>(() => calling);
        Assert.Equal(1 + new ImmutaRetryOptions().MaxRetries, immuta.StatusPollTimes().Count);
    }

    [Theory]
    [InlineData(0.0, new[] { 400, 800, 1600 })] // 500 ms doubling, each -20 %
    [InlineData(0.5, new[] { 500, 1000, 2000 })]
    public async Task GetStatusAsync_TransientAnswers_RetriedAfterDelaysFromTheClientsRandomizer(double random, int[] gapsInMilliseconds)
    {
        var immuta = FailingStatus(() => random);

        var calling = immuta.Client.Integrations.GetStatusAsync(Id, Ct);
        await immuta.Time.DriveAsync(calling, TimeSpan.FromMinutes(5));

        await Assert.ThrowsAsync<ImmutaApiException>(() => calling);
        var times = immuta.StatusPollTimes();
        Assert.Equal(gapsInMilliseconds.Select(ms => TimeSpan.FromMilliseconds(ms)), times.Zip(times.Skip(1), (a, b) => b - a));
    }

    [Fact]
    public void Operations_NoMemberOrParameter_RefersToTheClient()
    {
        var assembly = typeof(IntegrationOperation).Assembly;
        var types = assembly.GetTypes()
            .Where(t => t.Namespace == typeof(StatusPoller).Namespace || t == typeof(IntegrationOperation) || t == typeof(IntegrationDeleteOperation))
            .ToList();
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

        var references = types.SelectMany(t =>
                t.GetFields(All).Select(f => (t, Name: f.Name, f.FieldType))
                .Concat(t.GetProperties(All).Select(p => (t, Name: p.Name, p.PropertyType)))
                .Concat(t.GetConstructors(All).Cast<MethodBase>().Concat(t.GetMethods(All))
                    .SelectMany(m => m.GetParameters().Select(p => (t, Name: $"{m.Name}({p.Name})", p.ParameterType)))))
            .Where(r => r.Item3 == typeof(IntegrationsClient) || r.Item3 == typeof(ImmutaClient))
            .Select(r => $"{r.t.Name}.{r.Name}")
            .ToList();

        Assert.NotEmpty(types);
        Assert.Empty(references);
    }

    [Fact]
    public async Task DeleteAsync_Started_ReturnsAnOperationWithNoValueMember()
    {
        var immuta = new ScriptedImmuta((_, _) => ScriptedImmuta.Started(Id, "deleting"));

        var operation = await immuta.Client.Integrations.DeleteAsync(ImmutaWaitUntil.Started, Id, cancellationToken: Ct);

        Assert.Null(operation.GetType().GetProperty("Value"));
        Assert.Null(operation.GetType().GetProperty("HasValue"));
        Assert.Equal(IntegrationStatus.Deleting, operation.Status);
    }

    [Fact]
    public void ResumeOperation_Delete_RefusedWithTheMethodToUse()
    {
        var immuta = new ScriptedImmuta((_, _) => ScriptedImmuta.Error(HttpStatusCode.NotFound));

        var error = Assert.Throws<ArgumentException>(() => immuta.Client.Integrations.ResumeOperation(Id, IntegrationOperationKind.Delete));

        Assert.StartsWith("A Delete operation cannot be resumed as an IntegrationOperation; resume a delete with ResumeDeleteOperation.", error.Message, StringComparison.Ordinal);
        Assert.Equal("kind", error.ParamName);
    }
}
