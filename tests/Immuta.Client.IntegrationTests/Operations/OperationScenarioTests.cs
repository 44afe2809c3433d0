using Immuta.Client.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Xunit;

namespace Immuta.Client.Tests.Operations;

/// <summary>Create, update and delete with waiting, end to end over HTTP against stateful WireMock scenarios.</summary>
public sealed class OperationScenarioTests() : StubImmutaTest(new ImmutaClientOptions { Polling = Fast })
{
    private static readonly PollingOptions Fast = new()
    {
        InitialDelay = TimeSpan.FromMilliseconds(10),
        MaxDelay = TimeSpan.FromMilliseconds(20),
        MinimumInterval = TimeSpan.Zero,
        Timeout = TimeSpan.FromHours(12), // only a hang ends a wait here: three polls cannot take that long
    };

    /// <summary>The call moves the scenario to "started"; the status then reads transitional twice, then final.</summary>
    private void Scenario(string method, string path, string startedStatus, string transitional, string? final)
    {
        const string name = "lifecycle";
        Stub.Server.Given(Request.Create().WithPath(path).UsingMethod(method)).InScenario(name)
            .WillSetStateTo("started")
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json")
                .WithBody($$$"""{"id":"123456789","status":"{{{startedStatus}}}","validationResults":{"status":"passed","validationTests":[]}}"""));
        Stub.Server.Given(Request.Create().WithPath("/integrations/123456789/status").UsingGet()).InScenario(name).WhenStateIs("started")
            .WillSetStateTo("polled-once")
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody($$"""{"id":123456789,"status":"{{transitional}}"}"""));
        Stub.Server.Given(Request.Create().WithPath("/integrations/123456789/status").UsingGet()).InScenario(name).WhenStateIs("polled-once")
            .WillSetStateTo("settled")
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody($$"""{"id":123456789,"status":"{{transitional}}"}"""));
        var settled = final is null
            ? Response.Create().WithStatusCode(404).WithHeader("Content-Type", "application/json")
                .WithBody("""{"statusCode":404,"error":"Not found","message":"No Integration found with ID 123456789."}""")
            : Response.Create().WithHeader("Content-Type", "application/json").WithBody($$"""{"id":123456789,"status":"{{final}}"}""");
        Stub.Server.Given(Request.Create().WithPath("/integrations/123456789/status").UsingGet()).InScenario(name).WhenStateIs("settled")
            .RespondWith(settled);
        Stub.Server.Given(Request.Create().WithPath("/integrations/123456789").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(Examples.Read("get-integrations-id.snowflake.response.json")));
    }

    [Fact]
    public async Task CreateAsync_Completed_PollsUntilEnabledThenReadsTheIntegration()
    {
        Scenario("POST", "/integrations", "creating", "creating", "enabled");
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read("post-integrations.snowflake.userPassword.request.json"));

        var operation = await Stub.Integrations.CreateAsync(ImmutaWaitUntil.Completed, definition, Ct);

        Assert.Equal(IntegrationStatus.Enabled, operation.Status);
        Assert.IsType<SnowflakeIntegration>(operation.Value.Definition);
        Assert.Equal(3, Stub.Requests("/integrations/123456789/status").Count);
    }

    [Fact]
    public async Task UpdateAsync_Completed_PollsThroughEditingUntilEnabled()
    {
        Scenario("PUT", "/integrations/123456789", "editing", "editing", "enabled");
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read("put-integrations-id.snowflake.userPassword.request.json"));

        var operation = await Stub.Integrations.UpdateAsync(ImmutaWaitUntil.Completed, "123456789", definition, Ct);

        Assert.True(operation.HasCompleted);
        Assert.Equal("123456789", operation.Value.Id);
    }

    [Fact]
    public async Task DeleteAsync_Completed_EndsOnNotFound()
    {
        Scenario("DELETE", "/integrations/123456789", "deleting", "deleting", final: null);

        var operation = await Stub.Integrations.DeleteAsync(ImmutaWaitUntil.Completed, "123456789", cancellationToken: Ct);

        Assert.True(operation.HasCompleted);
        Assert.Equal(IntegrationStatus.Deleted, operation.Status);
    }
}
