using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary><c>apply</c> and an integration that failed to create (spec §15 E-1): it is updated, as Immuta asks.</summary>
public sealed partial class CliTests
{
    [Fact]
    public async Task Apply_AfterACreateThatFailed_UpdatesThatIntegrationUntilEnabled()
    {
        var file = Example("post-integrations.synapse.userPassword.request.json");
        _fake.FailNext(IntegrationOperationKind.Create);
        Assert.Equal(3, (await RunAsync("apply", "-f", file)).Code);

        var (code, _, error) = await RunAsync("apply", "-f", file);

        Assert.True(code == 0, error);
        Assert.StartsWith("plan: update Azure Synapse Analytics integration 1 (", error, StringComparison.Ordinal);
        Assert.Single(_fake.Journal, r => r.Method == "PUT");
        Assert.Equal(IntegrationStatus.Enabled, Assert.Single(_fake.Integrations).Status);
    }

    [Fact]
    public async Task Apply_ImmutaSaysOneThereFailedToCreate_SendsTheFileWithPutOnceAndSaysSo()
    {
        // The list had none (or did not show it); the create is answered "Use PUT /integrations/5 … previously failed to create."
        using var stub = new StubImmuta();
        const string Host = "organization.azure.com";
        stub.Reply("GET", "/integrations", 200, "[]");
        stub.Reply("POST", "/integrations", 400, $$"""{"statusCode":400,"error":"Bad Request","message":"Use PUT /integrations/5 endpoint to update connection information for Azure Synapse Analytics integration on host {{Host}} (id = 5) that previously failed to create."}""");
        stub.Reply("GET", "/integrations/5", 200, $$$"""{"id":"5","status":"createError","type":"Azure Synapse Analytics","autoBootstrap":true,"config":{"host":"{{{Host}}}","database":"immuta","schema":"sample_schema"}}""");
        stub.Reply("PUT", "/integrations/5", 200, """{"id":"5","status":"editing"}""");
        stub.Reply("GET", "/integrations/5/status", 200, """{"id":5,"status":"enabled"}""");
        _variables["IMMUTA_URL"] = stub.Server.Url!;
        _variables["IMMUTA_API_KEY"] = StubImmuta.ApiKey;

        var (code, _, error) = await RunAsync("apply", "-f", Example("post-integrations.synapse.userPassword.request.json"));

        Assert.True(code == 0, error);
        Assert.Contains("  note: Immuta says Azure Synapse Analytics integration 5 previously failed to create: the file was sent to it with PUT, as Immuta asks.", error, StringComparison.Ordinal);
        Assert.Single(stub.Requests("/integrations/5"), r => r.Method == "PUT");
        Assert.DoesNotContain("abc1234", error, StringComparison.Ordinal);
    }
}
