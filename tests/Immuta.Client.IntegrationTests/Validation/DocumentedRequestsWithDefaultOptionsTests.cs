using Immuta.Client.Serialization;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Validation;

/// <summary>
/// Issue 13, "done means": every request body of the documentation and every §15 case goes through the SDK's typed calls
/// and through the tool with default options (local validation on), and what is sent is the documented body (compared by
/// meaning), against WireMock and against the fake.
/// </summary>
public sealed class DocumentedRequestsWithDefaultOptionsTests : IDisposable
{
    private const string Id = "123456789";
    private readonly string _folder = Directory.CreateTempSubdirectory("immuta-documented-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Cases() => new(DocumentedRequests.All.Select(c => c.Name));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Sdk_AgainstWireMock_SendsTheDocumentedBody(string name)
    {
        var request = DocumentedRequests.Named(name);
        using var stub = Stub(new ImmutaClientOptions());

        await DocumentedRequests.SendAsync(stub.Client, request, request.NeedsIntegration ? Id : null, Ct);

        JsonAssert.Equivalent(request.Body, SentBody(stub, request));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Sdk_AgainstTheFake_AcceptedAndJournaledAsDocumented(string name)
    {
        var request = DocumentedRequests.Named(name);
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfter = TimeSpan.Zero });
        using var client = fake.CreateClient(new ImmutaClientOptions { Polling = TestBackend.FastPolling });
        var id = await SeedAsync(client, request);

        await DocumentedRequests.SendAsync(client, request, id, Ct);

        AssertJournaled(fake, request, id);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Tool_AgainstWireMock_SendsTheDocumentedBody(string name)
    {
        var request = DocumentedRequests.Named(name);
        using var stub = Stub(null);
        var variables = new Dictionary<string, string> { ["IMMUTA_URL"] = stub.Server.Url!, ["IMMUTA_API_KEY"] = StubImmuta.ApiKey };

        var (code, _, error) = await ToolRunner.RunAsync(variables, isTerminal: false, DocumentedRequests.ToolArguments(request, Id, File(request)));

        Assert.True(code == 0, error);
        JsonAssert.Equivalent(request.Body, SentBody(stub, request));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Tool_AgainstTheFake_AcceptedAndJournaledAsDocumented(string name)
    {
        var request = DocumentedRequests.Named(name);
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfter = TimeSpan.Zero });
        using var client = fake.CreateClient(new ImmutaClientOptions { Polling = TestBackend.FastPolling });
        var id = await SeedAsync(client, request);
        var variables = new Dictionary<string, string> { ["IMMUTA_URL"] = fake.Uri.ToString(), ["IMMUTA_API_KEY"] = fake.ApiKey };

        var (code, _, error) = await ToolRunner.RunAsync(variables, isTerminal: false, DocumentedRequests.ToolArguments(request, id, File(request)));

        Assert.True(code == 0, error);
        AssertJournaled(fake, request, id);
    }

    private string File(DocumentedRequests.Case request)
    {
        var path = Path.Combine(_folder, "request.json");
        System.IO.File.WriteAllText(path, request.Body);
        return path;
    }

    // Every route the cases use answers success; GET returns an automatically set-up Snowflake integration (the tool reads
    // it to type delete credentials).
    private static StubImmuta Stub(ImmutaClientOptions? options)
    {
        var stub = new StubImmuta(options);
        stub.Reply("POST", "/integrations", 200, Examples.Read("post-integrations.snowflake.response.json"));
        stub.Reply("PUT", $"/integrations/{Id}", 200, Examples.Read("put-integrations-id.snowflake.response.json"));
        stub.Reply("DELETE", $"/integrations/{Id}", 200, Examples.Read("delete-integrations-id.snowflake.response.json"));
        stub.Reply("GET", $"/integrations/{Id}", 200, Examples.Read("get-integrations-id.snowflake.response.json"));
        foreach (var script in new[] { "/integrations/scripts/create", "/integrations/scripts/initial-create", "/integrations/scripts/cleanup", "/integrations/scripts/post-cleanup", $"/integrations/{Id}/scripts/edit" })
        {
            stub.Reply("POST", script, 200, "SELECT 1;", "text/plain");
        }

        return stub;
    }

    private static string SentBody(StubImmuta stub, DocumentedRequests.Case request)
    {
        var (method, path) = DocumentedRequests.Route(request);
        var sent = Assert.Single(stub.Requests(path.Replace("{id}", Id, StringComparison.Ordinal)), r => r.Method == method);
        return sent.Body!;
    }

    private static async Task<string?> SeedAsync(ImmutaClient client, DocumentedRequests.Case request)
    {
        if (!request.NeedsIntegration)
        {
            return null;
        }

        var seed = ImmutaJson.Deserialize<IntegrationDefinition>(DocumentedRequests.Seeds[request.Platform!]);
        return (await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, seed, Ct)).Id;
    }

    private static void AssertJournaled(FakeImmutaServer fake, DocumentedRequests.Case request, string? id)
    {
        var (method, path) = DocumentedRequests.Route(request);
        var sent = fake.Journal.Last(r => r.Method == method && r.Path == path.Replace("{id}", id, StringComparison.Ordinal));
        Assert.True(sent.StatusCode == 200, $"{method} {sent.Path} answered {sent.StatusCode}");
        JsonAssert.Equivalent(JsonSecretMasker.Mask(request.Body, isYaml: false)!, sent.Body!);
    }
}
