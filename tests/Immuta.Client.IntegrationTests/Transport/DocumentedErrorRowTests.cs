using System.Net;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Transport;

/// <summary>
/// Every error row Immuta documents (spec §11, and §15 E-1 to E-5, a secondary source), answered by a WireMock stub with
/// the documented words, maps to the documented exception with the status, the text, the message and the id it names.
/// </summary>
public sealed class DocumentedErrorRowTests : StubImmutaTest
{
    /// <summary>One documented error: the call it answers, what Immuta says, what the SDK throws and the id it reads.</summary>
    public sealed record Row(string Method, string Path, int Status, string Text, string Message, Type Exception, string? Id = null, string Example = Synapse);

    private const string Synapse = "post-integrations.synapse.userPassword.request.json";

    public DocumentedErrorRowTests()
        : base(new ImmutaClientOptions { Retry = StubImmuta.NoRetries, Polling = TestBackend.FastPolling })
    {
    }

    public static IReadOnlyDictionary<string, Row> Rows { get; } = new Dictionary<string, Row>(StringComparer.Ordinal)
    {
        // §11, Immuta's own documentation.
        ["§11 GET 404"] = new("GET", "/integrations/5", 404, "Not found", "No Integration found with ID 5.", typeof(ImmutaNotFoundException)),
        ["§11 DELETE 400 credentials not required"] = new("DELETE", "/integrations/5", 400, "Bad request", "Credentials are not required for disable unless the integration was configured automatically. If you need to update your integration credentials, use PUT to update the integration before disabling.", typeof(ImmutaRequestRejectedException)),
        ["§11 DELETE 400 credentials required"] = new("DELETE", "/integrations/5", 400, "Bad request", "Integrations that are automatically configured require privileged credentials to disable. Please provide them in your payload.", typeof(ImmutaRequestRejectedException)),
        ["§11 DELETE 400 Databricks credentials"] = new("DELETE", "/integrations/5", 400, "Bad request", "Credentials are not required to disable a Databricks integration. If you need to update your integration credentials, use PUT to update the integration before disabling.", typeof(ImmutaRequestRejectedException)),
        ["§11 DELETE 400 Databricks Unity Catalog credentials (SaaS)"] = new("DELETE", "/integrations/5", 400, "Bad request", "Credentials are not required to disable a Databricks Unity Catalog integration. If you need to update your integration credentials, use PUT to update the integration before disabling.", typeof(ImmutaRequestRejectedException)),
        ["§11 DELETE 404"] = new("DELETE", "/integrations/5", 404, "Not found", "No integration found with ID 5.", typeof(ImmutaNotFoundException)),
        ["§11 POST 409 on host"] = new("POST", "/integrations", 409, "Conflict", "Snowflake integration already exists on host organization.us-east-1.snowflakecomputing.com (id = 123456789)", typeof(ImmutaConflictException), "123456789"),
        ["§11 POST 409 on, with a period"] = new("POST", "/integrations", 409, "Conflict", "Snowflake integration already exists on test-account.snowflakecomputing.com (id = 1).", typeof(ImmutaConflictException), "1"),
        ["§11 POST 409 Databricks"] = new("POST", "/integrations", 409, "Conflict", "Databricks Unity Catalog integration already exists on www.example-workspace.cloud.databricks.com (id = 123456789)", typeof(ImmutaConflictException), "123456789"),
        ["§11 POST 422 metastore"] = new("POST", "/integrations", 422, "Unprocessable entity", "Processing Error: Error trying to get the current metastore info.", typeof(ImmutaRequestRejectedException)),
        ["§11 POST 422 Trino prerequisite"] = new("POST", "/integrations", 422, "Unprocessable entity", "Validation of prerequisite setup failed. Unable to create integration.", typeof(ImmutaRequestRejectedException), Example: "post-integrations.trino.request.json"),
        ["§11 PUT 409 busy"] = new("PUT", "/integrations/123456789", 409, "Conflict", "Unable to edit integration with ID 123456789 in current state editing.", typeof(ImmutaConflictException)),
        ["§11 401 expired token"] = new("GET", "/integrations/5", 401, "Unauthorized", "Unauthorized", typeof(ImmutaAuthenticationException)),

        // §15, a secondary source (a summary of Immuta's status-code page).
        ["E-1 POST 400 previously failed to create"] = new("POST", "/integrations", 400, "Bad Request", "Use PUT /integrations/1 endpoint to update connection information for Azure Synapse Analytics integration on host organization.azure.com (id = 1) that previously failed to create.", typeof(ImmutaRequestRejectedException), "1"),
        ["E-2 PUT 400 non-editable"] = new("PUT", "/integrations/10", 400, "Bad Request", "Unable to edit integration due to changes of non-editable attribute(s).", typeof(ImmutaRequestRejectedException)),
        ["E-3 PUT 409 busy"] = new("PUT", "/integrations/10", 409, "Conflict", "Unable to edit integration with ID 10 in current state editing.", typeof(ImmutaConflictException)),
        ["E-3 DELETE 409 busy"] = new("DELETE", "/integrations/10", 409, "Conflict", "Unable to edit integration with ID 10 in current state editing.", typeof(ImmutaConflictException)),
        ["E-4 POST 422 prerequisite"] = new("POST", "/integrations", 422, "Unprocessable entity", "Validation of prerequisite setup failed. Unable to create integration.", typeof(ImmutaRequestRejectedException)),
        ["E-4 PUT 422 prerequisite"] = new("PUT", "/integrations/10", 422, "Unprocessable entity", "Validation of prerequisite setup failed. Unable to create integration.", typeof(ImmutaRequestRejectedException)),
        ["E-4 DELETE 422 prerequisite"] = new("DELETE", "/integrations/10", 422, "Unprocessable entity", "Validation of prerequisite setup failed. Unable to create integration.", typeof(ImmutaRequestRejectedException)),
        ["E-5 POST 409 on"] = new("POST", "/integrations", 409, "Conflict", "Azure Synapse Analytics integration already exists on organization.azure.com (id = 1).", typeof(ImmutaConflictException), "1"),
        ["E-5 POST 409 on host"] = new("POST", "/integrations", 409, "Conflict", "Azure Synapse Analytics integration already exists on host organization.azure.com (id = 1)", typeof(ImmutaConflictException), "1"),
    };

    public static TheoryData<string> RowNames() => new(Rows.Keys);

    [Theory]
    [MemberData(nameof(RowNames))]
    public async Task Call_DocumentedErrorRow_DocumentedExceptionWithStatusTextMessageAndId(string name)
    {
        var row = Rows[name];
        Stub.Reply(row.Method, row.Path, row.Status, $$"""{"statusCode":{{row.Status}},"error":"{{row.Text}}","message":"{{row.Message}}"}""");

        var error = await Assert.ThrowsAnyAsync<ImmutaApiException>(() => CallAsync(row));

        Assert.IsType(row.Exception, error);
        Assert.Equal(row.Status, (int)error.StatusCode);
        Assert.Equal(row.Text, error.Error);
        Assert.Equal(row.Message, error.ServerMessage);
        Assert.Equal($"{row.Method} {row.Path} failed with {row.Status} ({row.Text}): {row.Message}", error.Message);
        Assert.Equal(row.Id, error switch
        {
            ImmutaConflictException conflict => conflict.ExistingIntegrationId,
            ImmutaRequestRejectedException validation => validation.ExistingIntegrationId,
            _ => null,
        });
    }

    [Theory]
    [InlineData("Use PUT /integrations/1 endpoint to update connection information for Azure Synapse Analytics integration on host organization.azure.com (id = 1) that previously failed to create.", "1")]
    [InlineData("Use PUT /integrations/{id} endpoint to update connection information for Snowflake integration on host h (id = 42) that previously failed to create.", "42")]
    [InlineData("Use PUT /integrations/42 endpoint to update connection information.", "42")]
    [InlineData("use put /integrations/42 endpoint", "42")]
    [InlineData("Snowflake integration on host h (id = 42) previously failed to create.", "42")]
    [InlineData("Use PUT /integrations/41 endpoint to update connection information for Snowflake integration on host h (id = 42) that previously failed to create.", null)]
    [InlineData("Use PUT /integrations/{id} endpoint to update connection information that previously failed to create.", null)]
    [InlineData("Integration config is invalid (id = 5).", null)]
    [InlineData("Credentials are not required for disable unless the integration was configured automatically.", null)]
    [InlineData(null, null)]
    public void PreviouslyFailedIdOf_Messages_TheIdOnlyWhenCertain(string? message, string? id)
        => Assert.Equal(id, ImmutaExceptionFactory.PreviouslyFailedIdOf(message));

    [Fact]
    public async Task CreateAsync_PreviouslyFailedToCreate_ThrownWithTheIdAndNothingElseSent()
    {
        Stub.Reply("POST", "/integrations", 400, PreviouslyFailedBody("7"));

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => Stub.Integrations.CreateAsync(ImmutaWaitUntil.Completed, Definition(Synapse), Ct));

        Assert.Equal("7", error.ExistingIntegrationId);
        Assert.Single(Stub.Requests());
    }

    [Fact]
    public async Task CreateOrAdoptAsync_PreviouslyFailedToCreate_PutsTheDefinitionToThatIdAndWaits()
    {
        Stub.Reply("POST", "/integrations", 400, PreviouslyFailedBody("7"));
        Stub.Reply("GET", "/integrations/7", 200, SynapseIntegration("7", "createError", "organization.azure.com"));
        Stub.Reply("PUT", "/integrations/7", 200, """{"id":"7","status":"editing"}""");
        Stub.Reply("GET", "/integrations/7/status", 200, """{"id":7,"status":"enabled"}""");

        var operation = await Stub.Integrations.CreateOrAdoptAsync(ImmutaWaitUntil.Completed, Definition(Synapse), Ct);

        Assert.True(operation.WasRepaired);
        Assert.False(operation.WasAdopted);
        Assert.Equal(IntegrationOperationKind.Update, operation.Kind);
        Assert.Equal("7", operation.Id);
        Assert.Equal(IntegrationStatus.Editing, operation.StartResult!.Status);
        Assert.True(operation.HasCompleted);
        var put = Assert.Single(Stub.Requests("/integrations/7"), r => r.Method == "PUT");
        JsonAssert.Equivalent(Examples.Read(Synapse), put.Body!);
    }

    [Fact]
    public async Task CreateOrAdoptAsync_PreviouslyFailedOneIsOnAnotherHost_NotRepairedAndNoPut()
    {
        Stub.Reply("POST", "/integrations", 400, PreviouslyFailedBody("7"));
        Stub.Reply("GET", "/integrations/7", 200, SynapseIntegration("7", "createError", "elsewhere.azure.com"));

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => Stub.Integrations.CreateOrAdoptAsync(ImmutaWaitUntil.Completed, Definition(Synapse), Ct));

        Assert.Equal("7", error.ExistingIntegrationId);
        Assert.EndsWith(
            "Immuta named integration 7 as the one that previously failed to create, but it is a Azure Synapse Analytics integration on elsewhere.azure.com, "
            + "not the Azure Synapse Analytics integration on organization.azure.com: it was not updated.",
            error.Message,
            StringComparison.Ordinal);
        Assert.DoesNotContain(Stub.Requests(), r => r.Method == "PUT");
    }

    [Fact]
    public async Task CreateOrAdoptAsync_PreviouslyFailedOneIsDisabled_NotRepairedAndNoPut()
    {
        Stub.Reply("POST", "/integrations", 400, PreviouslyFailedBody("7"));
        Stub.Reply("GET", "/integrations/7", 200, SynapseIntegration("7", "disabled", "organization.azure.com"));

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => Stub.Integrations.CreateOrAdoptAsync(ImmutaWaitUntil.Completed, Definition(Synapse), Ct));

        Assert.Contains("is disabled: Immuta no longer uses it", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Stub.Requests(), r => r.Method == "PUT");
    }

    [Fact]
    public async Task CreateOrAdoptAsync_PreviouslyFailedOneIsGone_ThrowsImmutasAnswer()
    {
        Stub.Reply("POST", "/integrations", 400, PreviouslyFailedBody("7"));
        Stub.Reply("GET", "/integrations/7", 404, """{"statusCode":404,"error":"Not found","message":"No Integration found with ID 7."}""");

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => Stub.Integrations.CreateOrAdoptAsync(ImmutaWaitUntil.Completed, Definition(Synapse), Ct));

        Assert.Equal("POST", error.Method);
        Assert.EndsWith("that previously failed to create.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Stub.Requests(), r => r.Method == "PUT");
    }

    [Fact]
    public async Task CreateOrAdoptAsync_Other400_ThrownWithoutReadingOrPutting()
    {
        Stub.Reply("POST", "/integrations", 400, """{"statusCode":400,"error":"Bad Request","message":"config.host is required (id = 3)"}""");

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => Stub.Integrations.CreateOrAdoptAsync(ImmutaWaitUntil.Completed, Definition(Synapse), Ct));

        Assert.Null(error.ExistingIntegrationId);
        Assert.Single(Stub.Requests());
    }

    private static string PreviouslyFailedBody(string id)
        => $$"""{"statusCode":400,"error":"Bad Request","message":"Use PUT /integrations/{{id}} endpoint to update connection information for Azure Synapse Analytics integration on host organization.azure.com (id = {{id}}) that previously failed to create."}""";

    private static string SynapseIntegration(string id, string status, string host)
        => $$$"""{"id":"{{{id}}}","status":"{{{status}}}","type":"Azure Synapse Analytics","autoBootstrap":true,"config":{"host":"{{{host}}}","database":"immuta","schema":"sample_schema","authenticationType":"userPassword","username":"<REDACTED>","password":"<REDACTED>"}}""";

    private static IntegrationDefinition Definition(string example) => ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read(example));

    private Task CallAsync(Row row)
    {
        var id = row.Path.Split('/').ElementAtOrDefault(2);
        return row.Method switch
        {
            "GET" => Stub.Integrations.GetAsync(id!, Ct),
            "POST" => Stub.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition(row.Example), Ct),
            "PUT" => Stub.Integrations.UpdateAsync(ImmutaWaitUntil.Started, id!, Definition(row.Example), Ct),
            "DELETE" => Stub.Integrations.DeleteAsync(ImmutaWaitUntil.Started, id!, cancellationToken: Ct),
            _ => throw new ArgumentOutOfRangeException(nameof(row), row.Method, "not a method of the rows"),
        };
    }
}
