using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Immuta.Client.Tests.Validation;

/// <summary>
/// The SDK's posture (issue 13): with default options it refuses before sending only errors (what Immuta's current
/// documentation states plainly) and what is wrong whatever Immuta version answers; everything else is logged as a
/// warning and sent, and Immuta decides.
/// </summary>
public sealed class PostureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IntegrationDefinition Definition(string json) => ImmutaJson.Deserialize<IntegrationDefinition>(json);

    [Fact]
    public async Task CreateAsync_S3AutoWithoutRoleToAssumeOnTheFake_Enabled()
    {
        // §15 S3-1: awsRoleToAssume is "Optional"; the current S3 how-to's auto example has none.
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = fake.CreateClient(new ImmutaClientOptions { Polling = TestBackend.FastPolling });

        var operation = await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, Definition(DocumentedRequests.S3AutoWithoutRole), Ct);

        Assert.Equal(IntegrationStatus.Enabled, operation.Value!.Status);
    }

    [Fact]
    public async Task ScriptsDeleteAsync_DatabricksOnTheFake_ReturnsTheScript()
    {
        // §15 DC1: "The response returns the script that you will run in your Databricks Unity Catalog or Snowflake environment."
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = fake.CreateClient(new ImmutaClientOptions { Polling = TestBackend.FastPolling });
        var created = await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, Definition(Examples.Read("post-integrations.databricks.token.request.json")), Ct);

        var script = await client.Integrations.Scripts.DeleteAsync(created.Id, Ct);

        Assert.StartsWith($"-- Immuta delete script for Databricks integration {created.Id}", script.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateAsync_UnknownPlatformReadWithGet_SentAsItCameWithDefaultOptions()
    {
        // §15 RS-1: a platform the SDK does not know (GET gives an UnknownIntegration) is updated with the default options.
        const string body = """{"id":"7","status":"enabled","type":"Redshift Spectrum","autoBootstrap":false,"config":{"host":"h.example.com","schemaPrefix":"ext_"},"futureField":[1]}""";
        using var stub = new StubImmuta(new ImmutaClientOptions());
        stub.Reply("GET", "/integrations/7", 200, body);
        stub.Reply("PUT", "/integrations/7", 200, """{"id":"7","status":"editing"}""");
        var integration = await stub.Integrations.GetAsync("7", Ct);

        var operation = await stub.Integrations.UpdateAsync(ImmutaWaitUntil.Started, "7", integration.Definition, Ct);

        Assert.Equal(IntegrationStatus.Editing, operation.Status);
        var put = Assert.Single(stub.Requests("/integrations/7"), r => r.Method == "PUT");
        JsonAssert.Equivalent("""{"type":"Redshift Spectrum","autoBootstrap":false,"config":{"host":"h.example.com","schemaPrefix":"ext_"},"futureField":[1]}""", put.Body!);
    }

    [Fact]
    public async Task CreateAsync_WarningFinding_LoggedWithPathRuleAndSourceAndSent()
    {
        using var capture = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(capture));
        using var stub = new StubImmuta(new ImmutaClientOptions { LoggerFactory = loggers });
        stub.Reply("POST", "/integrations", 200, Examples.Read("post-integrations.databricks.auto.s004.response.json"));

        await stub.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition(Examples.Read("post-integrations.databricks.token.request.json")), Ct);

        var warning = Assert.Single(capture.Lines, l => l.Contains("Local validation", StringComparison.Ordinal));
        Assert.StartsWith("Warning: Local validation (create) warns at config.token: is 'REDACTED'", warning, StringComparison.Ordinal);
        Assert.Contains("[rule plain-redaction-marker; spec §8.9, Q5", warning, StringComparison.Ordinal);
        Assert.Single(stub.Requests("/integrations"));
    }

    [Fact]
    public async Task CreateAsync_WarningsLogged_NoCredentialInTheLog()
    {
        const string secret = "s3cret-Pa55";
        using var capture = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(capture));
        using var stub = new StubImmuta(new ImmutaClientOptions { LoggerFactory = loggers });
        stub.Reply("POST", "/integrations", 200, Examples.Read("post-integrations.snowflake.response.json"));

        // Warnings about a credential: a BigQuery key file that is not one, a credential-named unknown member.
        await stub.Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition("""
            {"type":"Google BigQuery","autoBootstrap":false,"config":{"role":"r","datasetSuffix":"x","dataset":"d","location":"l",
            "credential":"SECRET","clientSecret":"SECRET"}}
            """.Replace("SECRET", secret, StringComparison.Ordinal)), Ct);

        Assert.Contains(capture.Lines, l => l.Contains("config.clientSecret", StringComparison.Ordinal));
        Assert.Contains(capture.Lines, l => l.Contains("config.credential", StringComparison.Ordinal));
        Assert.DoesNotContain(capture.Lines, l => l.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateAsync_ErrorFinding_RefusedAndNothingSent()
    {
        using var stub = new StubImmuta(new ImmutaClientOptions());
        var snowflake = (SnowflakeIntegration)Definition(Examples.Read("post-integrations.snowflake.userPassword.request.json"));

        var error = await Assert.ThrowsAsync<IntegrationValidationException>(
            () => stub.Integrations.CreateAsync(ImmutaWaitUntil.Started, snowflake with { Config = snowflake.Config! with { Host = null } }, Ct));

        var finding = Assert.Single(error.Errors);
        Assert.Equal(("config.host", IntegrationValidationSeverity.Error, "spec §5.2 (SF2: Snowflake field table, 'Yes')"), (finding.Path, finding.Severity, finding.Source));
        Assert.Empty(stub.Server.LogEntries);
    }

    [Fact]
    public async Task CreateAsync_ValidationOffAndErrorFinding_SentAndImmutaDecides()
    {
        using var stub = new StubImmuta(new ImmutaClientOptions { ValidateBeforeSending = false, Retry = StubImmuta.NoRetries });
        stub.Reply("POST", "/integrations", 400, """{"statusCode":400,"error":"Bad Request","message":"host is required"}""");
        var snowflake = (SnowflakeIntegration)Definition(Examples.Read("post-integrations.snowflake.userPassword.request.json"));

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(
            () => stub.Integrations.CreateAsync(ImmutaWaitUntil.Started, snowflake with { Config = snowflake.Config! with { Host = null } }, Ct));

        Assert.Equal("host is required", error.ServerMessage);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CreateAsync_NullDefinition_ArgumentNullExceptionWhateverTheOptions(bool validateBeforeSending)
    {
        using var stub = new StubImmuta(new ImmutaClientOptions { ValidateBeforeSending = validateBeforeSending });

        await Assert.ThrowsAsync<ArgumentNullException>(() => stub.Integrations.CreateAsync(ImmutaWaitUntil.Started, null!, Ct));

        Assert.Empty(stub.Server.LogEntries);
    }

    [Fact]
    public async Task DeleteAsync_PlainMarkerCredential_WarnedAndSent()
    {
        using var stub = new StubImmuta(new ImmutaClientOptions());
        stub.Reply("DELETE", "/integrations/3", 200, """{"id":"3","status":"deleting"}""");
        var options = new DeleteIntegrationOptions { Credentials = new SnowflakeDeleteCredentials { AuthenticationType = AuthenticationType.UserPassword, Username = "u", Password = "REDACTED" } };

        await stub.Integrations.DeleteAsync(ImmutaWaitUntil.Started, "3", options, Ct);

        Assert.Single(stub.Requests("/integrations/3"));
    }
}
