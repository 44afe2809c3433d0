using System.Net;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Attack;

/// <summary>
/// Every public method that sends, waits or polls, called with a token the caller cancelled already: the caller's
/// <see cref="OperationCanceledException"/>, and no request reaches the transport (nobody waits for its answer).
/// </summary>
public sealed class CancelledBeforeCallAttackTests
{
    /// <summary>Each public method, by name.</summary>
    public static TheoryData<string> Methods() => new(
        "List", "Get", "GetStatus", "CreateStarted", "CreateCompleted", "CreateOrAdopt", "Validate", "UpdateCompleted", "ValidateUpdate",
        "DeleteCompleted", "ValidateDelete", "RegenerateKey", "ScriptsCreate", "ScriptsInitialCreate", "ScriptsCleanup", "ScriptsPostCleanup",
        "ScriptsEdit", "ScriptsDelete", "OperationUpdateStatus", "OperationWait", "DeleteOperationUpdateStatus", "DeleteOperationWait", "WatchStatus");

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Method_TokenCancelledBeforeTheCall_CallersCancellationAndNoRequest(string method)
    {
        var requests = 0;
        using var client = AnsweringClient.Create(_ =>
        {
            Interlocked.Increment(ref requests);
            return ScriptedImmuta.Json(HttpStatusCode.OK, """{"id":"7","status":"enabled"}""");
        });
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var token = cancelled.Token;
        var integrations = client.Integrations;

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => method switch
        {
            "List" => integrations.ListAsync(token),
            "Get" => integrations.GetAsync("7", token),
            "GetStatus" => integrations.GetStatusAsync("7", token),
            "CreateStarted" => integrations.CreateAsync(ImmutaWaitUntil.Started, Trino(), token),
            "CreateCompleted" => integrations.CreateAsync(ImmutaWaitUntil.Completed, Trino(), token),
            "CreateOrAdopt" => integrations.CreateOrAdoptAsync(ImmutaWaitUntil.Completed, Trino(), token),
            "Validate" => integrations.ValidateAsync(Trino(), token),
            "UpdateCompleted" => integrations.UpdateAsync(ImmutaWaitUntil.Completed, "7", Trino(), token),
            "ValidateUpdate" => integrations.ValidateUpdateAsync("7", Trino(), token),
            "DeleteCompleted" => integrations.DeleteAsync(ImmutaWaitUntil.Completed, "7", null, token),
            "ValidateDelete" => integrations.ValidateDeleteAsync("7", null, token),
            "RegenerateKey" => integrations.RegenerateKeyAsync("7", token),
            "ScriptsCreate" => integrations.Scripts.CreateAsync(Trino(), token),
            "ScriptsInitialCreate" => integrations.Scripts.InitialCreateAsync(Trino(), token),
            "ScriptsCleanup" => integrations.Scripts.CleanupAsync(Trino(), token),
            "ScriptsPostCleanup" => integrations.Scripts.PostCleanupAsync(Trino(), token),
            "ScriptsEdit" => integrations.Scripts.EditAsync("7", Trino(), token),
            "ScriptsDelete" => integrations.Scripts.DeleteAsync("7", token),
            "OperationUpdateStatus" => integrations.ResumeOperation("7", IntegrationOperationKind.Create).UpdateStatusAsync(token),
            "OperationWait" => integrations.ResumeOperation("7", IntegrationOperationKind.Create).WaitForCompletionAsync(token),
            "DeleteOperationUpdateStatus" => integrations.ResumeDeleteOperation("7").UpdateStatusAsync(token),
            "DeleteOperationWait" => integrations.ResumeDeleteOperation("7").WaitForCompletionAsync(token),
            "WatchStatus" => Drain(integrations.WatchStatusAsync("7", null, token)),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
        });

        Assert.Equal(token, error.CancellationToken);
        Assert.Equal(0, Volatile.Read(ref requests));
    }

    private static async Task Drain(IAsyncEnumerable<IntegrationStatus> statuses)
    {
        await foreach (var _ in statuses)
        {
        }
    }

    private static TrinoIntegration Trino() => new() { AutoBootstrap = true, Config = new TrinoConfig() };
}
