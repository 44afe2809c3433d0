using System.Net;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Fake;

/// <summary>
/// The fake gives the errors Immuta documents, with Immuta's words, where Immuta would: §11 (Immuta's documentation) and
/// §15 E-1 to E-5 (a secondary source); and <c>CreateOrAdoptAsync</c> repairs an integration that failed to create.
/// </summary>
public sealed class FakeDocumentedErrorTests : IAsyncLifetime
{
    private const string SynapseHost = "organization.azure.com";

    private readonly FakeImmutaServer _fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
    private readonly ImmutaClient _client;

    public FakeDocumentedErrorTests()
        => _client = _fake.CreateClient(new ImmutaClientOptions { Polling = TestBackend.FastPolling, Retry = StubImmuta.NoRetries });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IntegrationsClient Integrations => _client.Integrations;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _fake.DisposeAsync();
    }

    private static T Example<T>(string name) where T : IntegrationDefinition => (T)ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read(name));

    private static AzureSynapseIntegration Synapse() => Example<AzureSynapseIntegration>("post-integrations.synapse.userPassword.request.json");

    private static SnowflakeIntegration Snowflake() => Example<SnowflakeIntegration>("post-integrations.snowflake.userPassword.manual.s002.request.json");

    private static NativeS3Integration S3() => Example<NativeS3Integration>("post-integrations.s3.accessKey.request.json");

    private async Task<string> FailedCreateAsync(IntegrationDefinition definition)
    {
        _fake.FailNext(IntegrationOperationKind.Create);
        var failed = await Assert.ThrowsAsync<ImmutaOperationFailedException>(() => Integrations.CreateAsync(ImmutaWaitUntil.Completed, definition, Ct));
        Assert.Equal(IntegrationStatus.CreateError, failed.Status);
        return failed.Id;
    }

    // ---- E-1: a create on the host of one that failed to create; CreateOrAdoptAsync repairs it ----

    [Fact]
    public async Task CreateOrAdoptAsync_CreateFailedBefore_PutsTheDefinitionAndSettlesEnabled()
    {
        var id = await FailedCreateAsync(Synapse());

        var operation = await Integrations.CreateOrAdoptAsync(ImmutaWaitUntil.Completed, Synapse(), Ct);

        Assert.True(operation.WasRepaired);
        Assert.False(operation.WasAdopted);
        Assert.Equal(id, operation.Id);
        Assert.Equal(IntegrationOperationKind.Update, operation.Kind);
        Assert.Equal(IntegrationStatus.Enabled, operation.Value.Status);
        Assert.Equal(IntegrationStatus.Enabled, Assert.Single(_fake.Integrations).Status);
        var afterFailure = _fake.Journal.SkipWhile(r => r.Method != "POST" || r.StatusCode != 400).Where(r => !r.Path.EndsWith("/status", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            ["POST /integrations 400", $"GET /integrations/{id} 200", $"PUT /integrations/{id} 200", $"GET /integrations/{id} 200"],
            afterFailure.Select(r => $"{r.Method} {r.Path} {r.StatusCode}"));
    }

    [Fact]
    public async Task Create_OnTheHostOfOneThatFailedToCreate_400UsePutWithTheDocumentedWordsAndTheId()
    {
        var id = await FailedCreateAsync(Synapse());

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => Integrations.CreateAsync(ImmutaWaitUntil.Started, Synapse(), Ct));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(
            $"Use PUT /integrations/{id} endpoint to update connection information for Azure Synapse Analytics integration on host {SynapseHost} (id = {id}) that previously failed to create.",
            error.ServerMessage);
        Assert.Equal(id, error.ExistingIntegrationId);
        Assert.Single(_fake.Integrations);
    }

    [Fact]
    public async Task Create_OnTheHostOfOneThatFailedToCreateDryRun_400TooAndNothingChanges()
    {
        var id = await FailedCreateAsync(Synapse());

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => Integrations.ValidateAsync(Synapse(), Ct));

        Assert.Equal(id, error.ExistingIntegrationId);
        Assert.Equal(IntegrationStatus.CreateError, Assert.Single(_fake.Integrations).Status);
    }

    [Fact]
    public async Task CreateOrAdoptAsync_RepairFailsAgain_OperationFailedOnTheUpdate()
    {
        var id = await FailedCreateAsync(Synapse());
        _fake.FailNext(IntegrationOperationKind.Update);

        var error = await Assert.ThrowsAsync<ImmutaOperationFailedException>(() => Integrations.CreateOrAdoptAsync(ImmutaWaitUntil.Completed, Synapse(), Ct));

        Assert.Equal(id, error.Id);
        Assert.Equal(IntegrationOperationKind.Update, error.Kind);
        Assert.Equal(IntegrationStatus.EditError, error.Status);
    }

    // ---- E-2: a PUT that changes what cannot change ----

    public static TheoryData<string> NonEditableChanges() => new(
        "platform",
        "Snowflake host",
        "Redshift host",
        "Synapse host",
        "Databricks workspaceUrl",
        "Synapse metadataDelimiters",
        "Synapse metadataDelimiters left out");

    [Theory]
    [MemberData(nameof(NonEditableChanges))]
    public async Task Update_ChangesANonEditableAttribute_400DocumentedWordsAndUnchanged(string change)
    {
        var (original, changed) = change switch
        {
            "platform" => ((IntegrationDefinition)Snowflake(), (IntegrationDefinition)Example<RedshiftIntegration>("post-integrations.redshift.userPassword.request.json")),
            "Snowflake host" => (Snowflake(), Snowflake() with { Config = Snowflake().Config! with { Host = "other.snowflakecomputing.com" } }),
            "Redshift host" => (Example<RedshiftIntegration>("post-integrations.redshift.userPassword.request.json"),
                Example<RedshiftIntegration>("post-integrations.redshift.userPassword.request.json") is var r ? r with { Config = r.Config! with { Host = "other.aws.amazon.com" } } : null!),
            "Synapse host" => (Synapse(), Synapse() with { Config = Synapse().Config! with { Host = "other.azure.com" } }),
            "Databricks workspaceUrl" => (Databricks(), Databricks() with { Config = Databricks().Config! with { WorkspaceUrl = "other.cloud.databricks.com" } }),
            "Synapse metadataDelimiters" => (Synapse(), Synapse() with { Config = Synapse().Config! with { MetadataDelimiters = Synapse().Config!.MetadataDelimiters! with { ArrayDelimiter = ";" } } }),
            _ => (Synapse(), Synapse() with { Config = Synapse().Config! with { MetadataDelimiters = null } }),
        };
        var created = await Integrations.CreateAsync(ImmutaWaitUntil.Completed, original, Ct);
        var before = ImmutaJson.Serialize(await Integrations.GetAsync(created.Id, Ct));

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => Integrations.UpdateAsync(ImmutaWaitUntil.Started, created.Id, changed, Ct));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("Unable to edit integration due to changes of non-editable attribute(s).", error.ServerMessage);
        Assert.Null(error.ExistingIntegrationId);
        Assert.Equal(before, ImmutaJson.Serialize(await Integrations.GetAsync(created.Id, Ct)));
    }

    [Fact]
    public async Task Update_DocumentedNativeS3Rename_Accepted()
    {
        var created = await Integrations.CreateAsync(ImmutaWaitUntil.Completed, S3(), Ct);

        var updated = await Integrations.UpdateAsync(ImmutaWaitUntil.Completed, created.Id, Example<NativeS3Integration>("put-integrations-id.s3.accessKey.request.json"), Ct);

        Assert.Equal("S3 integration edited", Assert.IsType<NativeS3Integration>(updated.Value.Definition).Config!.Name);
    }

    [Fact]
    public async Task Update_DocumentedSynapseImpersonation_SameDelimitersAccepted()
    {
        var created = await Integrations.CreateAsync(ImmutaWaitUntil.Completed, Synapse(), Ct);

        var updated = await Integrations.UpdateAsync(ImmutaWaitUntil.Completed, created.Id, Example<AzureSynapseIntegration>("put-integrations-id.synapse.userPassword.request.json"), Ct);

        Assert.True(Assert.IsType<AzureSynapseIntegration>(updated.Value.Definition).Config!.Impersonation!.Enabled);
    }

    [Fact]
    public async Task Update_NativeS3RenamedOntoAnotherOnesName_ConflictAndUnchanged()
    {
        await Integrations.CreateAsync(ImmutaWaitUntil.Completed, S3(), Ct);
        var second = await Integrations.CreateAsync(ImmutaWaitUntil.Completed, S3() with { Config = S3().Config! with { Name = "second", AwsLocationPath = "s3://second" } }, Ct);

        var error = await Assert.ThrowsAsync<ImmutaConflictException>(() => Integrations.UpdateAsync(ImmutaWaitUntil.Started, second.Id, S3() with { Config = S3().Config! with { AwsLocationPath = "s3://second" } }, Ct));

        Assert.Equal("1", error.ExistingIntegrationId);
        Assert.Equal("Native S3 integration named S3 integration already exists (id = 1)", error.ServerMessage);
        Assert.Equal("second", Assert.IsType<NativeS3Integration>((await Integrations.GetAsync(second.Id, Ct)).Definition).Config!.Name);
    }

    // ---- E-3: PUT and DELETE while busy, one wording ----

    public static TheoryData<string> BusyStatuses() => new("creating", "editing", "deleting", "migrating");

    [Theory]
    [MemberData(nameof(BusyStatuses))]
    public async Task UpdateAndDelete_WhileBusy_409UnableToEditForBoth(string status)
    {
        var created = await Integrations.CreateAsync(ImmutaWaitUntil.Completed, Snowflake(), Ct);
        _fake.SetStatus(created.Id, new IntegrationStatus(status));
        var expected = $"Unable to edit integration with ID {created.Id} in current state {status}.";

        var update = await Assert.ThrowsAsync<ImmutaConflictException>(() => Integrations.UpdateAsync(ImmutaWaitUntil.Started, created.Id, Snowflake(), Ct));
        var delete = await Assert.ThrowsAsync<ImmutaConflictException>(() => Integrations.DeleteAsync(ImmutaWaitUntil.Started, created.Id, cancellationToken: Ct));

        Assert.Equal(expected, update.ServerMessage);
        Assert.Equal(expected, delete.ServerMessage);
        Assert.Null(delete.ExistingIntegrationId);
    }

    // ---- E-4: a failed prerequisite ----

    [Fact]
    public async Task FailPrerequisiteNext_Create_422DocumentedWordsOnceAndNothingStored()
    {
        _fake.FailPrerequisiteNext();

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => Integrations.CreateAsync(ImmutaWaitUntil.Started, Snowflake(), Ct));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.Equal("Unprocessable entity", error.Error);
        Assert.Equal("Validation of prerequisite setup failed. Unable to create integration.", error.ServerMessage);
        Assert.Empty(_fake.Integrations);
        var created = await Integrations.CreateAsync(ImmutaWaitUntil.Completed, Snowflake(), Ct);
        Assert.Equal(IntegrationStatus.Enabled, created.Status);
    }

    [Fact]
    public async Task FailPrerequisiteNext_Update_422AndTheIntegrationUnchanged()
    {
        var created = await Integrations.CreateAsync(ImmutaWaitUntil.Completed, Snowflake(), Ct);
        _fake.FailPrerequisiteNext(FakeRequestKind.Update);

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(
            () => Integrations.UpdateAsync(ImmutaWaitUntil.Started, created.Id, Snowflake() with { Config = Snowflake().Config! with { Warehouse = "OTHER" } }, Ct));

        Assert.Equal("Validation of prerequisite setup failed. Unable to create integration.", error.ServerMessage);
        var stored = Assert.Single(_fake.Integrations);
        Assert.Equal(IntegrationStatus.Enabled, stored.Status);
        Assert.Equal(Snowflake().Config!.Warehouse, Assert.IsType<SnowflakeIntegration>(stored.Definition).Config!.Warehouse);
    }

    [Fact]
    public async Task FailPrerequisiteNext_Delete_422AndTheIntegrationStays()
    {
        var created = await Integrations.CreateAsync(ImmutaWaitUntil.Completed, Snowflake(), Ct);
        _fake.FailPrerequisiteNext(FakeRequestKind.Delete);

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => Integrations.DeleteAsync(ImmutaWaitUntil.Started, created.Id, cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.Equal(IntegrationStatus.Enabled, Assert.Single(_fake.Integrations).Status);
    }

    [Fact]
    public async Task FailPrerequisiteNext_RequestRefusedEarlier_ItsOwnAnswerAndThePrerequisiteFailureWaits()
    {
        var created = await Integrations.CreateAsync(ImmutaWaitUntil.Completed, Snowflake(), Ct);
        _fake.FailPrerequisiteNext();

        var conflict = await Assert.ThrowsAsync<ImmutaConflictException>(() => Integrations.CreateAsync(ImmutaWaitUntil.Started, Snowflake(), Ct));
        var unprepared = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => Integrations.CreateAsync(ImmutaWaitUntil.Started, Synapse(), Ct));

        Assert.Equal(created.Id, conflict.ExistingIntegrationId);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unprepared.StatusCode);
    }

    [Fact]
    public async Task Reset_PendingPrerequisiteFailure_Forgotten()
    {
        _fake.FailPrerequisiteNext();
        _fake.Reset();

        var created = await Integrations.CreateAsync(ImmutaWaitUntil.Completed, Snowflake(), Ct);

        Assert.Equal(IntegrationStatus.Enabled, created.Status);
    }

    // ---- E-5 and §11 POST 409: the fake's wordings parse to the id ----

    public static TheoryData<string> ConflictExamples() => new(
        "post-integrations.snowflake.userPassword.request.json",
        "post-integrations.databricks.oAuthM2M.auto.s004.request.json",
        "post-integrations.synapse.userPassword.request.json",
        "post-integrations.redshift.userPassword.request.json",
        "post-integrations.bigquery.request.json",
        "post-integrations.s3.accessKey.request.json",
        "post-integrations.trino.request.json");

    [Theory]
    [MemberData(nameof(ConflictExamples))]
    public async Task Create_Twice_409WhoseMessageNamesTheFirstId(string example)
    {
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read(example));
        var first = await Integrations.CreateAsync(ImmutaWaitUntil.Started, definition, Ct);

        var error = await Assert.ThrowsAsync<ImmutaConflictException>(() => Integrations.CreateAsync(ImmutaWaitUntil.Started, definition, Ct));

        Assert.Equal(first.Id, error.ExistingIntegrationId);
        Assert.Contains("already exists", error.ServerMessage, StringComparison.Ordinal);
    }

    // ---- §11 DELETE 400 rows ----

    [Fact]
    public async Task Delete_CredentialsForAnIntegrationSetUpByHand_400DocumentedWords()
    {
        var created = await Integrations.CreateAsync(ImmutaWaitUntil.Completed, Snowflake(), Ct);
        var options = new DeleteIntegrationOptions { Credentials = new SnowflakeDeleteCredentials { AuthenticationType = AuthenticationType.UserPassword, Username = "u", Password = "p4ss" } };

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => Integrations.DeleteAsync(ImmutaWaitUntil.Started, created.Id, options, Ct));

        Assert.Equal(
            "Credentials are not required for disable unless the integration was configured automatically. If you need to update your integration credentials, use PUT to update the integration before disabling.",
            error.ServerMessage);
        Assert.Equal("Bad request", error.Error);
    }

    private static DatabricksIntegration Databricks()
        => Example<DatabricksIntegration>("post-integrations.databricks.token.request.json") is var d ? d with { Config = d.Config! with { Token = "dapi-test-token" } } : null!;
}
