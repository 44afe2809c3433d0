using Immuta.Client.Tests.Support;
using WireMock;
using Xunit;

namespace Immuta.Client.Tests.Transport;

/// <summary>
/// Each of the 13 endpoints against a WireMock stub: method, path, query, <c>Authorization</c> and <c>Content-Type</c>,
/// the exact JSON body sent, and the typed result.
/// </summary>
public sealed class EndpointWireTests : StubImmutaTest
{
    [Fact]
    public async Task ListAsync_DocumentedResponse_ReturnsTypedIntegrationsOfEachPlatform()
    {
        Stub.Reply("GET", "/integrations", 200, Examples.Read("get-integrations.response.json"));

        var all = await Stub.Integrations.ListAsync(Ct);

        AssertRequest(Stub.SingleRequest(), "GET", "/integrations", query: "", body: null);
        Assert.Equal(2, all.Count);
        var snowflake = Assert.IsType<SnowflakeIntegration>(all[0].Definition);
        Assert.Equal("1", all[0].Id);
        Assert.Equal(IntegrationStatus.Enabled, all[0].Status);
        Assert.Equal(443, snowflake.Config!.Port);
        Assert.True(snowflake.Config.Password!.IsRedacted);
        var databricks = Assert.IsType<DatabricksIntegration>(all[1].Definition);
        Assert.Equal("immuta", databricks.Config!.Catalog);
        Assert.Equal(ValidationStatus.Passed, all[1].ValidationResults!.ValidationTests![1].Status);
    }

    [Fact]
    public async Task GetAsync_DocumentedResponse_ReturnsIntegrationWithRedactedCredentials()
    {
        Stub.Reply("GET", "/integrations/123456789", 200, Examples.Read("get-integrations-id.snowflake.response.json"));

        var integration = await Stub.Integrations.GetAsync("123456789", Ct);

        AssertRequest(Stub.SingleRequest(), "GET", "/integrations/123456789", query: "", body: null);
        var config = Assert.IsType<SnowflakeIntegration>(integration.Definition).Config!;
        Assert.Equal("123456789", integration.Id);
        Assert.Equal("ACCOUNTADMIN", config.Role);
        Assert.Equal(ImmutaRedaction.AngleBracketMarker, config.Username);
        Assert.True(config.Password!.IsRedacted);
        Assert.Equal(7, integration.ValidationResults!.ValidationTests!.Count);
    }

    [Fact]
    public async Task GetStatusAsync_NumericId_ReturnsStatusWithStringId()
    {
        Stub.Reply("GET", "/integrations/123456789/status", 200, Examples.Read("get-integrations-id-status.response.json"));

        var status = await Stub.Integrations.GetStatusAsync("123456789", Ct);

        AssertRequest(Stub.SingleRequest(), "GET", "/integrations/123456789/status", query: "", body: null);
        Assert.Equal("123456789", status.Id);
        Assert.Equal(IntegrationStatus.Enabled, status.Status);
    }

    [Theory]
    [InlineData("post-integrations.snowflake.userPassword.request.json")]
    [InlineData("post-integrations.databricks.oAuthM2M.auto.s004.request.json")]
    [InlineData("post-integrations.redshift.userPassword.request.json")]
    [InlineData("post-integrations.synapse.userPassword.request.json")]
    [InlineData("post-integrations.bigquery.request.json")]
    [InlineData("post-integrations.s3.accessKey.request.json")]
    [InlineData("post-integrations.trino.request.json")]
    public async Task CreateAsync_EachPlatform_SendsTheDefinitionAndReturnsStartedOperation(string example)
    {
        Stub.Reply("POST", "/integrations", 200, Examples.Read("post-integrations.snowflake.response.json"));
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read(example));

        var operation = await Stub.Integrations.CreateAsync(ImmutaWaitUntil.Started, definition, Ct);

        AssertRequest(Stub.SingleRequest(), "POST", "/integrations", query: "", body: Examples.Read(example));
        Assert.Equal("123456789", operation.Id);
        Assert.Equal(IntegrationOperationKind.Create, operation.Kind);
        Assert.Equal(IntegrationStatus.Creating, operation.Status);
        Assert.False(operation.HasCompleted);
        Assert.Equal(6, operation.StartResult!.ValidationResults!.ValidationTests!.Count);
    }

    [Fact]
    public async Task ValidateAsync_DryRun_SendsDryRunTrueAndReturnsValidationResults()
    {
        Stub.Reply("POST", "/integrations", 200, Examples.Read("post-integrations.databricks.auto.s004.response.json"));
        const string example = "post-integrations.databricks.oAuthM2M.manual.s004.request.json";
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read(example));

        var result = await Stub.Integrations.ValidateAsync(definition, Ct);

        AssertRequest(Stub.SingleRequest(), "POST", "/integrations", query: "?dryRun=true", body: Examples.Read(example));
        Assert.Equal(ValidationStatus.Passed, result.ValidationResults!.Status);
    }

    [Fact]
    public async Task UpdateAsync_WholeDefinition_SendsPutAndReturnsEditingOperation()
    {
        const string example = "put-integrations-id.redshift.okta.request.json";
        Stub.Reply("PUT", "/integrations/123456789", 200, Examples.Read("put-integrations-id.snowflake.response.json"));

        var operation = await Stub.Integrations.UpdateAsync(
            ImmutaWaitUntil.Started, "123456789", ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read(example)), Ct);

        AssertRequest(Stub.SingleRequest(), "PUT", "/integrations/123456789", query: "", body: Examples.Read(example));
        Assert.Equal(IntegrationStatus.Editing, operation.Status);
        Assert.Equal(IntegrationOperationKind.Update, operation.Kind);
    }

    [Fact]
    public async Task ValidateUpdateAsync_DryRun_SendsPutWithDryRunTrue()
    {
        const string example = "put-integrations-id.s3.accessKey.request.json";
        Stub.Reply("PUT", "/integrations/7", 200, Examples.Read("put-integrations-id.snowflake.response.json"));

        await Stub.Integrations.ValidateUpdateAsync("7", ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read(example)), Ct);

        AssertRequest(Stub.SingleRequest(), "PUT", "/integrations/7", query: "?dryRun=true", body: Examples.Read(example));
    }

    [Fact]
    public async Task DeleteAsync_WithCredentialsAndForceDisable_SendsBodyOnDelete()
    {
        const string example = "delete-integrations-id.snowflake.userPassword.request.json";
        Stub.Reply("DELETE", "/integrations/123456789", 200, Examples.Read("delete-integrations-id.snowflake.response.json"));
        var options = new DeleteIntegrationOptions
        {
            Credentials = ImmutaJson.Deserialize<SnowflakeDeleteCredentials>(Examples.Read(example)),
            ForceDisable = true,
        };

        var operation = await Stub.Integrations.DeleteAsync(ImmutaWaitUntil.Started, "123456789", options, Ct);

        AssertRequest(Stub.SingleRequest(), "DELETE", "/integrations/123456789", query: "?forceDisable=true", body: Examples.Read(example));
        Assert.Equal(IntegrationStatus.Deleting, operation.Status);
        Assert.IsType<IntegrationDeleteOperation>(operation);
    }

    [Fact]
    public async Task DeleteAsync_NoOptions_SendsNoBodyAndNoQuery()
    {
        Stub.Reply("DELETE", "/integrations/123456789", 200, Examples.Read("delete-integrations-id.databricks.s004.response.json"));

        await Stub.Integrations.DeleteAsync(ImmutaWaitUntil.Started, "123456789", cancellationToken: Ct);

        AssertRequest(Stub.SingleRequest(), "DELETE", "/integrations/123456789", query: "", body: null);
    }

    [Fact]
    public async Task ValidateDeleteAsync_DryRunAndForceDisableFalse_SendsBothFlagsAsLowercaseBooleans()
    {
        Stub.Reply("DELETE", "/integrations/5", 200, Examples.Read("delete-integrations-id.databricks.s004.response.json"));

        await Stub.Integrations.ValidateDeleteAsync("5", new DeleteIntegrationOptions { ForceDisable = false }, Ct);

        AssertRequest(Stub.SingleRequest(), "DELETE", "/integrations/5", query: "?dryRun=true&forceDisable=false", body: null);
    }

    [Fact]
    public async Task RegenerateKeyAsync_Trino_ReturnsNewKeyAsSecret()
    {
        Stub.Reply("POST", "/integrations/123456789/regenerate", 200, Examples.Read("post-integrations-id-regenerate.trino.response.json"));

        var key = await Stub.Integrations.RegenerateKeyAsync("123456789", Ct);

        AssertRequest(Stub.SingleRequest(), "POST", "/integrations/123456789/regenerate", query: "", body: null);
        Assert.Equal("5bb6cae9******300c21acbb", key.NewKey!.Reveal());
        Assert.DoesNotContain("5bb6cae9", key.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> ScriptEndpoints() => new()
    {
        { "create", "post-integrations-scripts-create.snowflake.userPassword.request.json" },
        { "initial-create", "post-integrations-scripts-initial-create.synapse.userPassword.request.json" },
        { "cleanup", "post-integrations-scripts-cleanup.snowflake.userPassword.request.json" },
        { "post-cleanup", "post-integrations-scripts-post-cleanup.synapse.userPassword.request.json" },
    };

    [Theory]
    [MemberData(nameof(ScriptEndpoints))]
    public async Task Scripts_DefinitionEndpoints_SendDefinitionAndReturnPlainTextScript(string endpoint, string example)
    {
        const string sql = "CREATE ROLE IMMUTA_SYSTEM_ROLE;\nGRANT USAGE ON WAREHOUSE SAMPLE_WAREHOUSE TO ROLE IMMUTA_SYSTEM_ROLE;";
        Stub.Reply("POST", $"/integrations/scripts/{endpoint}", 200, sql, "text/plain");
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read(example));
        var scripts = Stub.Integrations.Scripts;

        var script = endpoint switch
        {
            "create" => await scripts.CreateAsync(definition, Ct),
            "initial-create" => await scripts.InitialCreateAsync(definition, Ct),
            "cleanup" => await scripts.CleanupAsync(definition, Ct),
            _ => await scripts.PostCleanupAsync(definition, Ct),
        };

        AssertRequest(Stub.SingleRequest(), "POST", $"/integrations/scripts/{endpoint}", query: "", body: Examples.Read(example));
        Assert.Equal(sql, script.Text);
        Assert.Equal("text/plain", script.MediaType);
    }

    [Fact]
    public async Task ScriptsEditAsync_JsonStringBody_SendsDefinitionAndReturnsScript()
    {
        const string example = "post-integrations-id-scripts-edit.snowflake.userPassword.request.json";
        Stub.Reply("POST", "/integrations/1/scripts/edit", 200, "\"ALTER ROLE X;\\nSELECT 1;\"");

        var script = await Stub.Integrations.Scripts.EditAsync("1", ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read(example)), Ct);

        AssertRequest(Stub.SingleRequest(), "POST", "/integrations/1/scripts/edit", query: "", body: Examples.Read(example));
        Assert.Equal("ALTER ROLE X;\nSELECT 1;", script.Text);
    }

    [Fact]
    public async Task ScriptsDeleteAsync_JsonObjectBody_SendsNoBodyAndReturnsScript()
    {
        Stub.Reply("POST", "/integrations/1/scripts/delete", 200, """{"script":"DROP DATABASE IMMUTA;"}""");

        var script = await Stub.Integrations.Scripts.DeleteAsync("1", Ct);

        AssertRequest(Stub.SingleRequest(), "POST", "/integrations/1/scripts/delete", query: "", body: null);
        Assert.Equal("DROP DATABASE IMMUTA;", script.Text);
        Assert.DoesNotContain("DROP", script.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_UnknownTypeWithTypeLast_KeepsEveryMember()
    {
        const string body = """{"id":"9","config":{"host":"h","nested":{"a":[1,2]}},"autoBootstrap":false,"status":"enabled","futureField":true,"type":"Oracle"}""";
        Stub.Reply("GET", "/integrations/9", 200, body);

        var integration = await Stub.Integrations.GetAsync("9", Ct);

        var unknown = Assert.IsType<UnknownIntegration>(integration.Definition);
        Assert.Equal("Oracle", unknown.Type.ToString());
        JsonAssert.Equivalent(body, ImmutaJson.Serialize(integration));
    }

    [Fact]
    public async Task CreateAsync_YamlRequestFormat_SendsYamlWithItsMediaType()
    {
        using var stub = new StubImmuta(new ImmutaClientOptions { RequestFormat = ImmutaRequestFormat.Yaml });
        stub.Reply("POST", "/integrations", 200, Examples.Read("post-integrations.snowflake.response.json"));
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read("post-integrations.snowflake.userPassword.request.json"));

        await stub.Integrations.CreateAsync(ImmutaWaitUntil.Started, definition, Ct);

        var request = stub.SingleRequest();
        Assert.Equal("application/yaml", request.Header("Content-Type"));
        Assert.StartsWith("type: Snowflake\n", request.Body, StringComparison.Ordinal);
        JsonAssert.Equivalent(Examples.Read("post-integrations.snowflake.userPassword.request.json"), ImmutaYaml.ToJson(request.Body!));
    }

    [Fact]
    public async Task UpdateAsync_DefaultOptions_SendsTheDocumentedRedactedTokenAsIs()
    {
        // Immuta's own Databricks example sends "token": "REDACTED": a warning, never a refusal (issue 13).
        using var stub = new StubImmuta();
        stub.Reply("PUT", "/integrations/1", 200, Examples.Read("put-integrations-id.databricks.s004.response.json"));
        const string example = "put-integrations-id.databricks.token.request.json";

        await stub.Integrations.UpdateAsync(ImmutaWaitUntil.Started, "1", ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read(example)), Ct);

        AssertRequest(stub.SingleRequest(), "PUT", "/integrations/1", query: "", body: Examples.Read(example));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("12/../34")]
    [InlineData("1?dryRun=true")]
    public async Task GetAsync_MalformedId_ThrowsArgumentExceptionBeforeSending(string id)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Stub.Integrations.GetAsync(id, Ct));

        Assert.Empty(Stub.Server.LogEntries);
    }

    private static void AssertRequest(IRequestMessage request, string method, string path, string query, string? body)
    {
        Assert.Equal(method, request.Method);
        Assert.Equal(path, request.Path);
        Assert.Equal(query, new Uri(request.Url).Query);
        Assert.Equal(StubImmuta.ApiKey, request.Header("Authorization"));
        Assert.Equal("application/json", request.Header("Accept"));
        if (body is null)
        {
            Assert.True(string.IsNullOrEmpty(request.Body), $"Expected no body, got: {request.Body}");
            Assert.True(request.Header("Content-Type") is null, $"Expected no Content-Type, got {request.Header("Content-Type")}; Content-Length {request.Header("Content-Length")}");
        }
        else
        {
            Assert.Equal("application/json", request.Header("Content-Type"));
            JsonAssert.Equivalent(body, request.Body!);
        }
    }
}
