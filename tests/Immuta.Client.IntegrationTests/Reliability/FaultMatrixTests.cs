using System.Net;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Reliability;

/// <summary>
/// Every endpoint × every fault, one test case per cell (named <c>endpoint × fault</c>): the SDK either succeeds (GET,
/// after retries) or throws the documented SDK exception that names the endpoint; it never hangs, never lets a raw
/// JsonException or HttpRequestException out, and never retries POST, PUT or DELETE. The client times out on a fake
/// clock that moves only once the server holds an answer back for good, so each cell's outcome is the same on any machine.
/// </summary>
[Collection(SerialTests.Name)]
public sealed class FaultMatrixTests
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

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
        ("create", "POST", "/integrations", Operation, c => c.CreateAsync(ImmutaWaitUntil.Started, Synapse with { AutoBootstrap = true }, Ct)),
        ("update", "PUT", "/integrations/1", Operation, c => c.UpdateAsync(ImmutaWaitUntil.Started, "1", Synapse with { AutoBootstrap = true }, Ct)),
        ("delete", "DELETE", "/integrations/1", Operation, c => c.DeleteAsync(ImmutaWaitUntil.Started, "1", cancellationToken: Ct)),
        ("regenerate", "POST", "/integrations/1/regenerate", ("application/json", """{"newKey":"k"}"""), c => c.RegenerateKeyAsync("1", Ct)),
        ("scripts/create", "POST", "/integrations/scripts/create", Script, c => c.Scripts.CreateAsync(Synapse, Ct)),
        ("scripts/initial-create", "POST", "/integrations/scripts/initial-create", Script, c => c.Scripts.InitialCreateAsync(Synapse, Ct)),
        ("scripts/cleanup", "POST", "/integrations/scripts/cleanup", Script, c => c.Scripts.CleanupAsync(Synapse, Ct)),
        ("scripts/post-cleanup", "POST", "/integrations/scripts/post-cleanup", Script, c => c.Scripts.PostCleanupAsync(Synapse, Ct)),
        ("scripts/edit", "POST", "/integrations/1/scripts/edit", Script, c => c.Scripts.EditAsync("1", Synapse, Ct)),
        ("scripts/delete", "POST", "/integrations/1/scripts/delete", Script, c => c.Scripts.DeleteAsync("1", Ct)),
    ];

    /// <summary>What a cell must end in.</summary>
    public enum Outcome
    {
        Success,
        TransportFailure,
        Timeout,
        Serialization,
        Status400,
        Status429,
        Status429WithRetryAfter,
        Status500,
        Status502,
        Status503,
        Status503WithRetryAfter,
    }

    public static TheoryDataRow<string, RawFault>[] Cells()
        => [.. Endpoints.SelectMany(e => Enum.GetValues<RawFault>().Select(f => new TheoryDataRow<string, RawFault>(e.Name, f) { TestDisplayName = $"{e.Name} × {f}" }))];

    [Fact]
    public void Cells_EveryEndpointTimesEveryFault()
        => Assert.Equal(13 * Enum.GetValues<RawFault>().Length, Cells().Length);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Call_Fault_SucceedsOrThrowsTheDocumentedException(string endpointName, RawFault fault)
    {
        var endpoint = Endpoints.Single(e => e.Name == endpointName);
        var safe = endpoint.Method == "GET";
        await using var server = new RawFaultServer(fault, endpoint.Success);
        var run = new StalledCall();
        using var refusing = new RefusingPort();
        var url = fault == RawFault.ConnectionRefused ? refusing.Uri : server.Uri;
        using var client = new ImmutaClient(url, new ImmutaApiKeyCredential("matrix-key"), new ImmutaClientOptions
        {
            TimeProvider = run.Clock,
            LoggerFactory = run.LoggerFactory,
            NetworkTimeout = TimeSpan.FromMinutes(1),
            Retry = new ImmutaRetryOptions { AttemptTimeout = AttemptTimeout, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero, MaxRetryAfter = TimeSpan.Zero },
        });

        // A body that stalls is cut off only once its head arrived, so the cell shows that the body's read is bounded (and
        // an error's status known). A GET's body is read inside the attempt, before the head is reported: no waiting there.
        var afterHead = fault == RawFault.StallMidErrorBody || (fault == RawFault.StallMidBody && !safe);
        var error = await run.RunAsync(() => endpoint.Call(client.Integrations), server, AttemptTimeout, afterHead);

        Assert.Equal(Expected(endpoint.Method, endpoint.Success.ContentType, fault), OutcomeOf(error));
        if (!safe)
        {
            Assert.Equal(fault == RawFault.ConnectionRefused ? 0 : 1, server.Requests);
        }

        if (error is not null)
        {
            Assert.IsAssignableFrom<ImmutaException>(error);
            Assert.Contains($"{endpoint.Method} {endpoint.Path}", error.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>The one right outcome of each cell.</summary>
    private static Outcome Expected(string method, string contentType, RawFault fault)
    {
        var json = contentType == "application/json";
        if (method == "GET")
        {
            // Transient faults, answers held back and bodies cut off are retried (bodies are read inside the attempt).
            return fault switch
            {
                RawFault.ConnectionRefused => Outcome.TransportFailure, // every retry is refused too
                RawFault.EmptyOkBody or RawFault.TruncatedJson or RawFault.WrongContentType => Outcome.Serialization,
                RawFault.StallMidErrorBody => Outcome.Status400, // not transient: the status, though its body stalls
                _ => Outcome.Success,
            };
        }

        return fault switch
        {
            RawFault.ConnectionRefused or RawFault.ResetMidResponse => Outcome.TransportFailure,
            RawFault.Timeout or RawFault.StallMidBody => Outcome.Timeout,
            RawFault.TooManyRequestsWithRetryAfter => Outcome.Status429WithRetryAfter,
            RawFault.TooManyRequests => Outcome.Status429,
            RawFault.InternalServerError => Outcome.Status500,
            RawFault.BadGateway or RawFault.HtmlErrorPage => Outcome.Status502,
            RawFault.ServiceUnavailable => Outcome.Status503,
            RawFault.ServiceUnavailableRetryAfterForever => Outcome.Status503WithRetryAfter,
            RawFault.StallMidErrorBody => Outcome.Status400,
            RawFault.TruncatedJson or RawFault.EmptyOkBody => Outcome.Serialization, // declared JSON: a script endpoint reads it as JSON too
            RawFault.WrongContentType => json ? Outcome.Serialization : Outcome.Success, // a script is any text, HTML included
            _ => Outcome.Success, // a 10 MB body: JSON followed by white space is still the answer
        };
    }

    private static Outcome OutcomeOf(Exception? error) => error switch
    {
        null => Outcome.Success,
        ImmutaTransportException { IsTimeout: true } => Outcome.Timeout,
        ImmutaTransportException => Outcome.TransportFailure,
        ImmutaSerializationException => Outcome.Serialization,
        ImmutaApiException api => ((int)api.StatusCode, api.RetryAfter) switch
        {
            (400, _) => Outcome.Status400,
            (429, null) => Outcome.Status429,
            (429, _) => Outcome.Status429WithRetryAfter,
            (500, _) => Outcome.Status500,
            (502, _) => Outcome.Status502,
            (503, null) => Outcome.Status503,
            (503, _) => Outcome.Status503WithRetryAfter,
            _ => throw new InvalidOperationException($"Unexpected status: {error}"),
        },
        _ => throw new InvalidOperationException($"Not a documented exception: {error}"),
    };
}
