using System.Net;
using System.Text;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Immuta.Client.Tests.Fake;

/// <summary>The fake's documented behaviours, error cases and scripting hooks, through the SDK.</summary>
public sealed class FakeImmutaServerTests : IAsyncLifetime
{
    private readonly TestBackend _backend = TestBackend.Start(TestBackend.Fake);

    private FakeImmutaServer Fake => _backend.Server!;

    private IntegrationsClient Integrations => _backend.Client.Integrations;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _backend.DisposeAsync();

    private static T Example<T>(string name) where T : IntegrationDefinition => (T)ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read(name));

    private static SnowflakeIntegration Snowflake() => Example<SnowflakeIntegration>("post-integrations.snowflake.userPassword.manual.s002.request.json");

    private static DatabricksIntegration Databricks()
        => Example<DatabricksIntegration>("post-integrations.databricks.token.request.json") is var d ? d with { Config = d.Config! with { Token = "dapi-test-token" } } : null!;

    /// <summary>A client that sends what it is given, so the fake's own 400s can be seen.</summary>
    private ImmutaClient UncheckedClient() => Fake.CreateClient(new ImmutaClientOptions { ValidateBeforeSending = false, Polling = TestBackend.FastPolling });

    [Fact]
    public async Task ManualSetup_Snowflake_ScriptThenCreateThenEditAndDeleteScripts()
    {
        var definition = Snowflake();

        var setup = await Integrations.Scripts.CreateAsync(definition, Ct);
        var created = await Integrations.CreateAsync(ImmutaWaitUntil.Completed, definition, Ct);
        var edit = await Integrations.Scripts.EditAsync(created.Id, definition with { Config = definition.Config! with { Audit = new AuditSettings { Enabled = true } } }, Ct);
        var removal = await Integrations.Scripts.DeleteAsync(created.Id, Ct);
        await Integrations.DeleteAsync(ImmutaWaitUntil.Completed, created.Id, cancellationToken: Ct);

        Assert.Contains("CREATE DATABASE IF NOT EXISTS SNOWFLAKE_SAMPLE_DATA;", setup.Text, StringComparison.Ordinal);
        Assert.Contains($"edit script for Snowflake integration {created.Id}", edit.Text, StringComparison.Ordinal);
        Assert.Contains("DROP DATABASE IF EXISTS SNOWFLAKE_SAMPLE_DATA;", removal.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("abc1234", setup.Text + edit.Text + removal.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManualSetup_Databricks_ScriptThenCreate()
    {
        var definition = Example<DatabricksIntegration>("post-integrations.databricks.oAuthM2M.manual.s004.request.json");

        var script = await Integrations.Scripts.CreateAsync(definition, Ct);
        var created = await Integrations.CreateAsync(ImmutaWaitUntil.Completed, definition, Ct);

        Assert.Contains("CREATE CATALOG IF NOT EXISTS immuta;", script.Text, StringComparison.Ordinal);
        Assert.Equal(IntegrationStatus.Enabled, created.Status);
    }

    [Fact]
    public async Task ManualSetup_RedshiftTwoStep_InitialCreateThenCreateThenIntegration()
    {
        var definition = Example<RedshiftIntegration>("post-integrations.redshift.userPassword.request.json") with { AutoBootstrap = false };

        var first = await Integrations.Scripts.InitialCreateAsync(definition, Ct);
        var second = await Integrations.Scripts.CreateAsync(definition, Ct);
        var created = await Integrations.CreateAsync(ImmutaWaitUntil.Completed, definition, Ct);

        Assert.Contains("initial-create script for Redshift", first.Text, StringComparison.Ordinal);
        Assert.Contains("create script for Redshift", second.Text, StringComparison.Ordinal);
        Assert.Equal(IntegrationStatus.Enabled, created.Status);
    }

    [Fact]
    public async Task ManualSetup_SynapseFailedCreate_CleanupThenPostCleanup()
    {
        var definition = Example<AzureSynapseIntegration>("post-integrations-scripts-initial-create.synapse.userPassword.request.json");
        await Integrations.Scripts.InitialCreateAsync(definition, Ct);
        await Integrations.Scripts.CreateAsync(definition, Ct);
        Fake.FailNext(IntegrationOperationKind.Create);
        await Assert.ThrowsAsync<ImmutaOperationFailedException>(() => Integrations.CreateAsync(ImmutaWaitUntil.Completed, definition, Ct));

        var cleanup = await Integrations.Scripts.CleanupAsync(definition, Ct);
        var postCleanup = await Integrations.Scripts.PostCleanupAsync(definition, Ct);

        Assert.Contains("DROP DATABASE IF EXISTS immuta;", cleanup.Text, StringComparison.Ordinal);
        Assert.Contains("post-cleanup script for Azure Synapse Analytics", postCleanup.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_SamePlatformSameHost_ConflictWithExistingId()
    {
        var first = await Integrations.CreateAsync(ImmutaWaitUntil.Started, Snowflake(), Ct);

        var error = await Assert.ThrowsAsync<ImmutaConflictException>(() => Integrations.CreateAsync(ImmutaWaitUntil.Started, Snowflake(), Ct));

        Assert.Equal(first.Id, error.ExistingIntegrationId);
        Assert.Equal($"Snowflake integration already exists on host organization.us-east-1.snowflakecomputing.com (id = {first.Id})", error.ServerMessage);
        var adopted = await Integrations.CreateOrAdoptAsync(ImmutaWaitUntil.Completed, Snowflake(), Ct);
        Assert.True(adopted.WasAdopted);
        Assert.Equal(first.Id, adopted.Id);
    }

    [Fact]
    public async Task Update_WhileEditing_Conflict()
    {
        var created = await Integrations.CreateAsync(ImmutaWaitUntil.Completed, Snowflake(), Ct);
        await Integrations.UpdateAsync(ImmutaWaitUntil.Started, created.Id, Snowflake(), Ct);

        var error = await Assert.ThrowsAsync<ImmutaConflictException>(() => Integrations.UpdateAsync(ImmutaWaitUntil.Started, created.Id, Snowflake(), Ct));

        Assert.Equal($"Unable to edit integration with ID {created.Id} in current state editing.", error.ServerMessage);
        Assert.Null(error.ExistingIntegrationId);
    }

    [Fact]
    public async Task Get_UnknownId_NotFound()
    {
        var error = await Assert.ThrowsAsync<ImmutaNotFoundException>(() => Integrations.GetAsync("5", Ct));

        Assert.Equal("No Integration found with ID 5.", error.ServerMessage);
    }

    [Fact]
    public async Task AnyCall_WrongApiKey_Unauthorized()
    {
        using var client = new ImmutaClient(Fake.Uri, new ImmutaApiKeyCredential("wrong-key"));

        await Assert.ThrowsAsync<ImmutaAuthenticationException>(() => client.Integrations.ListAsync(Ct));
        Assert.False(Fake.Journal[^1].Authorized);
        Assert.Equal(401, Fake.Journal[^1].StatusCode);
    }

    [Fact]
    public async Task Create_MissingFieldsAndBadAutoBootstrap_BadRequestListingEachProblem()
    {
        var s3 = Example<NativeS3Integration>("post-integrations.s3.accessKey.request.json");
        var broken = s3 with { AutoBootstrap = true, Config = s3.Config! with { AwsRegion = null } };

        using var client = UncheckedClient();

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Started, broken, Ct));

        Assert.Equal("Invalid request body: autoBootstrap: must be false for Native S3; config.awsRegion: is required", error.ServerMessage);
    }

    [Fact]
    public async Task Create_InvalidDefinition_RefusedByTheSdkBeforeAnyRequest()
    {
        var s3 = Example<NativeS3Integration>("post-integrations.s3.accessKey.request.json");

        var error = await Assert.ThrowsAsync<IntegrationValidationException>(
            () => Integrations.CreateAsync(ImmutaWaitUntil.Started, s3 with { AutoBootstrap = true, Config = s3.Config! with { AwsRegion = null } }, Ct));

        Assert.Equal(["autoBootstrap: must be false for Native S3", "config.awsRegion: is required"], error.Errors.Select(e => e.ToString()));
        Assert.Empty(Fake.Journal);
    }

    [Fact]
    public async Task Update_RedactedCredentialFromGet_RefusedBeforeAnyRequest()
    {
        var created = await Integrations.CreateAsync(ImmutaWaitUntil.Completed, Snowflake(), Ct);
        var fetched = await Integrations.GetAsync(created.Id, Ct);
        var requests = Fake.Journal.Count;

        var error = await Assert.ThrowsAsync<IntegrationValidationException>(
            () => Integrations.UpdateAsync(ImmutaWaitUntil.Started, created.Id, fetched.Definition, Ct));

        Assert.Contains(error.Errors, e => e.Path == "config.password" && e.Rule == IntegrationValidationRules.RedactedCredential);
        Assert.Equal(requests, Fake.Journal.Count);
    }

    [Theory]
    [InlineData("{\"type\": \"Snowflake\", ", "application/json")]
    [InlineData("", "application/json")]
    [InlineData("type: [", "application/yaml")]
    public async Task Create_MalformedBody_BadRequest(string body, string contentType)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Fake.Uri, "/integrations"))
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        request.Headers.TryAddWithoutValidation("Authorization", Fake.ApiKey);

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Invalid request body", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_YamlBody_Accepted()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Fake.Uri, "/integrations"))
        {
            Content = new StringContent(ImmutaYaml.Serialize<IntegrationDefinition>(Snowflake()), Encoding.UTF8, "application/yaml"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", Fake.ApiKey);

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(Fake.Integrations);
    }

    [Fact]
    public async Task Script_PlatformItDoesNotTake_BadRequest()
    {
        using var client = UncheckedClient();

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(
            () => client.Integrations.Scripts.PostCleanupAsync(Snowflake(), Ct));

        Assert.Equal("Invalid request body: type: the scripts/post-cleanup endpoint is not documented for 'Snowflake'", error.ServerMessage);
    }

    [Fact]
    public async Task Delete_CredentialsForDatabricks_BadRequestAsDocumented()
    {
        var created = await Integrations.CreateAsync(ImmutaWaitUntil.Completed, Databricks(), Ct);
        var options = new DeleteIntegrationOptions { Credentials = new SnowflakeDeleteCredentials { AuthenticationType = AuthenticationType.Token } };

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => Integrations.DeleteAsync(ImmutaWaitUntil.Started, created.Id, options, Ct));

        Assert.StartsWith("Credentials are not required to disable a Databricks integration.", error.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_AutomaticSnowflakeWithoutCredentials_BadRequestAsDocumented()
    {
        var created = await Integrations.CreateAsync(ImmutaWaitUntil.Completed, Example<SnowflakeIntegration>("post-integrations.snowflake.userPassword.request.json"), Ct);

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => Integrations.DeleteAsync(ImmutaWaitUntil.Started, created.Id, cancellationToken: Ct));

        Assert.Equal("Integrations that are automatically configured require privileged credentials to disable. Please provide them in your payload.", error.ServerMessage);
    }

    [Fact]
    public async Task Get_AfterCreate_DefaultsFilledAndCredentialsRedacted()
    {
        var created = await Integrations.CreateAsync(ImmutaWaitUntil.Completed, Example<SnowflakeIntegration>("post-integrations.snowflake.userPassword.request.json"), Ct);

        var config = Assert.IsType<SnowflakeIntegration>((await Integrations.GetAsync(created.Id, Ct)).Definition).Config!;

        Assert.Equal(443, config.Port);
        Assert.False(config.Audit!.Enabled);
        Assert.False(config.Workspaces!.Enabled);
        Assert.False(config.Impersonation!.Enabled);
        Assert.False(config.Lineage!.Enabled);
        Assert.Equal(ImmutaRedaction.AngleBracketMarker, config.Username);
        Assert.True(config.Password!.IsRedacted);
        Assert.Equal("ACCOUNTADMIN", config.Role);
    }

    [Fact]
    public async Task Validate_DryRun_ChangesNothing()
    {
        var result = await Integrations.ValidateAsync(Snowflake(), Ct);

        Assert.Equal(ValidationStatus.Passed, result.ValidationResults!.Status);
        Assert.Null(result.Id);
        Assert.Empty(Fake.Integrations);
    }

    [Fact]
    public async Task FailNext_Update_SettlesEditErrorAndRollsBack()
    {
        var created = await Integrations.CreateAsync(ImmutaWaitUntil.Completed, Snowflake(), Ct);
        Fake.FailNext(IntegrationOperationKind.Update, "Validate Automatic Bootstrap User Grants", "missing MANAGE GRANTS");

        var error = await Assert.ThrowsAsync<ImmutaOperationFailedException>(
            () => Integrations.UpdateAsync(ImmutaWaitUntil.Completed, created.Id, Snowflake() with { Config = Snowflake().Config! with { Warehouse = "OTHER" } }, Ct));

        Assert.Equal(IntegrationStatus.EditError, error.Status);
        Assert.Contains(error.ValidationResults!.FailedTests, t => t.Message == "missing MANAGE GRANTS");
        var config = ((SnowflakeIntegration)(await Integrations.GetAsync(created.Id, Ct)).Definition).Config!;
        Assert.Equal("SAMPLE_WAREHOUSE", config.Warehouse);
    }

    [Fact]
    public async Task RejectNext_Create_AnswersThatStatusOnce()
    {
        Fake.RejectNext(FakeRequestKind.Create, HttpStatusCode.UnprocessableEntity, "Processing Error: Error trying to get the current metastore info.");

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => Integrations.CreateAsync(ImmutaWaitUntil.Started, Snowflake(), Ct));
        var next = await Integrations.CreateAsync(ImmutaWaitUntil.Started, Snowflake(), Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.Equal("Unprocessable entity", error.Error);
        Assert.Equal(IntegrationStatus.Creating, next.Status);
    }

    [Fact]
    public async Task Hold_KeepsCreatingUntilReleased()
    {
        var created = await Integrations.CreateAsync(ImmutaWaitUntil.Started, Snowflake(), Ct);
        Fake.Hold(created.Id);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(IntegrationStatus.Creating, await created.UpdateStatusAsync(Ct));
        }

        Fake.Release(created.Id);
        await created.WaitForCompletionAsync(Ct);
        Assert.Equal(IntegrationStatus.Enabled, created.Status);
    }

    [Fact]
    public async Task SetStatus_Migrating_WaitSeesItAsTransitional()
    {
        var created = await Integrations.CreateAsync(ImmutaWaitUntil.Completed, Snowflake(), Ct);
        Fake.SetStatus(created.Id, IntegrationStatus.RecurringValidationError);

        var status = await Integrations.GetStatusAsync(created.Id, Ct);

        Assert.Equal(IntegrationStatus.RecurringValidationError, status.Status);
    }

    [Fact]
    public async Task InjectFaults_TooManyRequestsThenServerError_GetRetriedUntilItWorks()
    {
        var created = await Integrations.CreateAsync(ImmutaWaitUntil.Started, Snowflake(), Ct);
        Fake.InjectFaults(FakeFault.TooManyRequests(TimeSpan.FromSeconds(3)));
        Fake.InjectFaults(FakeFault.ServerError(503));

        var status = await Integrations.GetStatusAsync(created.Id, Ct);

        Assert.NotNull(status.Status);
        Assert.Equal([429, 503, 200], Fake.Journal.Skip(1).Select(r => r.StatusCode));
    }

    [Fact]
    public async Task InjectFaults_WithoutRetries_EachFaultSurfacesAsItsException()
    {
        using var client = Fake.CreateClient(new ImmutaClientOptions { Retry = StubImmuta.NoRetries });
        var created = await client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Snowflake(), Ct);
        Fake.InjectFaults(FakeFault.TooManyRequests(TimeSpan.FromSeconds(3)));
        Fake.InjectFaults(FakeFault.ServerError(503));

        var throttled = await Assert.ThrowsAsync<ImmutaApiException>(() => client.Integrations.GetStatusAsync(created.Id, Ct));
        var unavailable = await Assert.ThrowsAsync<ImmutaApiException>(() => client.Integrations.GetStatusAsync(created.Id, Ct));

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), throttled.RetryAfter);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
    }

    [Fact]
    public async Task InjectFaults_PostServerError_NeverRetried()
    {
        Fake.InjectFaults(FakeFault.ServerError(503));

        await Assert.ThrowsAsync<ImmutaApiException>(() => Integrations.CreateAsync(ImmutaWaitUntil.Started, Snowflake(), Ct));

        Assert.Single(Fake.Journal);
        Assert.Empty(Fake.Integrations);
    }

    [Fact]
    public async Task InjectFaults_WaitTolerates_TwoFailedPollsThenSettles()
    {
        var created = await Integrations.CreateAsync(ImmutaWaitUntil.Started, Snowflake(), Ct);
        Fake.InjectFaults(FakeFault.ServerError(502), 2);

        await created.WaitForCompletionAsync(Ct);

        Assert.Equal(IntegrationStatus.Enabled, created.Status);
        Assert.Equal(2, Fake.Journal.Count(r => r.StatusCode == 502));
    }

    [Fact]
    public async Task InjectFaults_ConnectionReset_TransportException()
    {
        Fake.InjectFaults(FakeFault.ConnectionReset(), 4);

        var error = await Assert.ThrowsAsync<ImmutaTransportException>(() => Integrations.ListAsync(Ct));

        Assert.False(error.IsTimeout);
        Assert.Empty(await Integrations.ListAsync(Ct));
    }

    [Fact]
    public async Task InjectFaults_MalformedBody_SerializationException()
    {
        Fake.InjectFaults(FakeFault.MalformedBody());

        // A 200 with a broken body is not a transport failure: it is not retried.
        var error = await Assert.ThrowsAsync<ImmutaSerializationException>(() => Integrations.GetStatusAsync("1", Ct));

        Assert.Equal("/integrations/1/status", error.Path);
    }

    [Fact]
    public async Task InjectFaults_Latency_AnswerComesLate()
    {
        using var client = Fake.CreateClient(new ImmutaClientOptions { NetworkTimeout = TimeSpan.FromMilliseconds(300) });
        Fake.InjectFaults(FakeFault.Latency(TimeSpan.FromHours(1))); // an answer that cannot beat the timeout, however slow the machine

        var error = await Assert.ThrowsAsync<ImmutaTransportException>(() => client.Integrations.ListAsync(Ct));

        Assert.True(error.IsTimeout);
    }

    [Fact]
    public async Task Journal_RecordsRequestsWithCredentialsMasked()
    {
        await Integrations.CreateAsync(ImmutaWaitUntil.Started, Snowflake(), Ct);

        var entry = Assert.Single(Fake.Journal);

        Assert.Equal("POST", entry.Method);
        Assert.Equal("/integrations", entry.Path);
        Assert.True(entry.Authorized);
        Assert.Equal(200, entry.StatusCode);
        Assert.Contains("\"password\":\"***\"", entry.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("abc1234", entry.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Fake.ApiKey, string.Join('\n', Fake.Journal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SettleAfter_OnInjectedClock_TransitionsWhenTimeAdvances()
    {
        var time = new FakeTimeProvider();
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { TimeProvider = time, SettleAfter = TimeSpan.FromMinutes(1) });
        using var client = fake.CreateClient();
        var created = await client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Snowflake(), Ct);

        Assert.Equal(IntegrationStatus.Creating, await created.UpdateStatusAsync(Ct));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(IntegrationStatus.Enabled, await created.UpdateStatusAsync(Ct));
    }
}
