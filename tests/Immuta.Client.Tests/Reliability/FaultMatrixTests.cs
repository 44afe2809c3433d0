using System.Diagnostics;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Reliability;

/// <summary>
/// Every endpoint × every fault: the SDK either succeeds (GET, after retries) or throws a documented SDK exception that
/// names the endpoint; it never hangs past its timeout, never lets a raw JsonException or HttpRequestException out, and
/// never retries POST, PUT or DELETE.
/// </summary>
[Collection(SerialTests.Name)]
public sealed class FaultMatrixTests(ITestOutputHelper output)
{
    private static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(3);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly IntegrationDefinition Synapse = ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read("post-integrations-scripts-initial-create.synapse.userPassword.request.json"));

    private static readonly (string ContentType, string Body) Operation = ("application/json", Examples.Read("post-integrations.snowflake.response.json"));
    private static readonly (string ContentType, string Body) Script = ("text/plain", "CREATE ROLE IMMUTA;\n");

    /// <summary>The 13 endpoints: name, method, path, a valid answer, and the call.</summary>
    internal static readonly (string Name, string Method, string Path, (string ContentType, string Body) Success, Func<IntegrationsClient, Task> Call)[] Endpoints =
    [
        ("list", "GET", "/integrations", ("application/json", "[]"), c => c.ListAsync(Ct)),
        ("get", "GET", "/integrations/1", ("application/json", Examples.Read("get-integrations-id.snowflake.response.json")), c => c.GetAsync("1", Ct)),
        ("status", "GET", "/integrations/1/status", ("application/json", """{"id":1,"status":"enabled"}"""), c => c.GetStatusAsync("1", Ct)),
        ("create", "POST", "/integrations", Operation, c => c.CreateAsync(WaitUntil.Started, Synapse with { AutoBootstrap = true }, Ct)),
        ("update", "PUT", "/integrations/1", Operation, c => c.UpdateAsync(WaitUntil.Started, "1", Synapse with { AutoBootstrap = true }, Ct)),
        ("delete", "DELETE", "/integrations/1", Operation, c => c.DeleteAsync(WaitUntil.Started, "1", cancellationToken: Ct)),
        ("regenerate", "POST", "/integrations/1/regenerate", ("application/json", """{"newKey":"k"}"""), c => c.RegenerateKeyAsync("1", Ct)),
        ("scripts/create", "POST", "/integrations/scripts/create", Script, c => c.Scripts.CreateAsync(Synapse, Ct)),
        ("scripts/initial-create", "POST", "/integrations/scripts/initial-create", Script, c => c.Scripts.InitialCreateAsync(Synapse, Ct)),
        ("scripts/cleanup", "POST", "/integrations/scripts/cleanup", Script, c => c.Scripts.CleanupAsync(Synapse, Ct)),
        ("scripts/post-cleanup", "POST", "/integrations/scripts/post-cleanup", Script, c => c.Scripts.PostCleanupAsync(Synapse, Ct)),
        ("scripts/edit", "POST", "/integrations/1/scripts/edit", Script, c => c.Scripts.EditAsync("1", Synapse, Ct)),
        ("scripts/delete", "POST", "/integrations/1/scripts/delete", Script, c => c.Scripts.DeleteAsync("1", Ct)),
    ];

    private static readonly RawFault[] Transient =
    [
        RawFault.ResetMidResponse, RawFault.Timeout, RawFault.TooManyRequestsWithRetryAfter, RawFault.TooManyRequests,
        RawFault.InternalServerError, RawFault.BadGateway, RawFault.ServiceUnavailable, RawFault.HtmlErrorPage,
    ];

    [Fact]
    public async Task EveryEndpointTimesEveryFault_SucceedsOrThrowsADocumentedException()
    {
        var faults = Enum.GetValues<RawFault>();
        var failures = new List<string>();
        var tried = 0;
        var succeeded = 0;
        var threw = 0;
        foreach (var endpoint in Endpoints)
        {
            foreach (var fault in faults)
            {
                tried++;
                var (ok, problem) = await RunCaseAsync(endpoint, fault);
                if (problem is not null)
                {
                    failures.Add($"{endpoint.Name} × {fault}: {problem}");
                }
                else if (ok)
                {
                    succeeded++;
                }
                else
                {
                    threw++;
                }
            }
        }

        output.WriteLine($"fault matrix: {Endpoints.Length} endpoints × {faults.Length} faults = {tried} cases; {tried - failures.Count} passed "
            + $"({succeeded} succeeded after retries or despite the fault, {threw} threw a documented SDK exception); {failures.Count} failed");
        Assert.Equal(169, tried);
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>Runs one case; returns whether the call succeeded, and a problem if the SDK broke a guarantee.</summary>
    private static async Task<(bool Succeeded, string? Problem)> RunCaseAsync(
        (string Name, string Method, string Path, (string ContentType, string Body) Success, Func<IntegrationsClient, Task> Call) endpoint, RawFault fault)
    {
        await using var server = new RawFaultServer(fault, endpoint.Success);
        var url = fault == RawFault.ConnectionRefused ? new Uri($"http://127.0.0.1:{StubImmuta.FreePort()}/") : server.Uri;
        using var client = new ImmutaClient(url, new ImmutaApiKeyCredential("matrix-key"), new ImmutaClientOptions
        {
            NetworkTimeout = NetworkTimeout,
            Retry = StubImmuta.FastRetries with { AttemptTimeout = TimeSpan.FromMilliseconds(250) },
        });
        var safe = endpoint.Method == "GET";
        var watch = Stopwatch.StartNew();
        Exception? error = null;
        try
        {
            await endpoint.Call(client.Integrations);
        }
        catch (Exception caught)
        {
            error = caught;
        }

        watch.Stop();
        if (watch.Elapsed > NetworkTimeout + TimeSpan.FromSeconds(2))
        {
            return (false, $"took {watch.Elapsed}, past the {NetworkTimeout} timeout");
        }

        if (!safe && fault != RawFault.ConnectionRefused && server.Requests != 1)
        {
            return (false, $"{endpoint.Method} was sent {server.Requests} times");
        }

        if (error is null)
        {
            var expectedToFail = !safe && Transient.Contains(fault) || fault is RawFault.ConnectionRefused or RawFault.TruncatedJson
                || fault is RawFault.EmptyOkBody && endpoint.Success.ContentType == "application/json"
                || fault is RawFault.WrongContentType && endpoint.Success.ContentType == "application/json";
            return expectedToFail ? (false, "succeeded although the fault leaves nothing to succeed with") : (true, null);
        }

        if (error is not ImmutaException)
        {
            return (false, $"threw {error.GetType().Name}: {error.Message}");
        }

        if (!error.Message.Contains($"{endpoint.Method} {endpoint.Path}", StringComparison.Ordinal))
        {
            return (false, $"the message does not name the endpoint: {error.Message}");
        }

        if (safe && Transient.Contains(fault))
        {
            return (false, $"a GET with a transient fault should have been retried and succeeded: {error.Message}");
        }

        var expected = fault switch
        {
            RawFault.ConnectionRefused or RawFault.ResetMidResponse or RawFault.Timeout => typeof(ImmutaTransportException),
            RawFault.EmptyOkBody or RawFault.TruncatedJson or RawFault.WrongContentType or RawFault.TenMegabyteBody => typeof(ImmutaSerializationException),
            _ => typeof(ImmutaApiException),
        };
        return expected.IsInstanceOfType(error) ? (false, null) : (false, $"expected {expected.Name}, got {error.GetType().Name}: {error.Message}");
    }
}
