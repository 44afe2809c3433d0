using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Fake;

/// <summary>
/// One integration, one identity: the SDK's <see cref="IntegrationIdentity"/> and the fake's one-per-host rule (create and
/// update) agree on which host, workspace, name or dataset is the same.
/// </summary>
public sealed class IntegrationIdentityTests : IAsyncLifetime
{
    private const string Host = "acme.snowflakecomputing.com";
    private const string Workspace = "www.example-workspace.cloud.databricks.com";

    private readonly FakeImmutaServer _fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
    private readonly ImmutaClient _client;

    public IntegrationIdentityTests() => _client = _fake.CreateClient(new ImmutaClientOptions { Polling = TestBackend.FastPolling });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IntegrationsClient Integrations => _client.Integrations;

    public static TheoryData<string> SameHostWrittenDifferently() => new(
        "ACME.snowflakecomputing.com",
        "Acme.SnowflakeComputing.COM",
        "acme.snowflakecomputing.com.",
        "https://acme.snowflakecomputing.com",
        "HTTPS://ACME.snowflakecomputing.com/",
        "acme.snowflakecomputing.com:443",
        "https://acme.snowflakecomputing.com:443/",
        "acme.snowflakecomputing.com/",
        "http://acme.snowflakecomputing.com:80",
        "http://acme.snowflakecomputing.com:443",
        "https://user@acme.snowflakecomputing.com/path?query#fragment",
        " acme.snowflakecomputing.com ");

    public static TheoryData<string> SameWorkspaceWrittenDifferently() => new(
        "https://www.example-workspace.cloud.databricks.com",
        "https://www.example-workspace.cloud.databricks.com/",
        "WWW.Example-Workspace.cloud.databricks.com",
        "https://www.example-workspace.cloud.databricks.com/?o=1234");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _fake.DisposeAsync();
    }

    private static SnowflakeIntegration Snowflake(string host)
    {
        var example = (SnowflakeIntegration)ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read("post-integrations.snowflake.userPassword.manual.s002.request.json"));
        return example with { Config = example.Config! with { Host = host } };
    }

    private static DatabricksIntegration Databricks(string workspace)
    {
        var example = (DatabricksIntegration)ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read("post-integrations.databricks.token.request.json"));
        return example with { Config = example.Config! with { WorkspaceUrl = workspace, Token = "dapi-test-token" } };
    }

    [Theory]
    [MemberData(nameof(SameHostWrittenDifferently))]
    public void KeyOf_SameHostWrittenDifferently_SameKey(string host)
    {
        Assert.Equal(Host, IntegrationIdentity.KeyOf(Snowflake(host)));
        Assert.True(IntegrationIdentity.SameIntegration(Snowflake(Host), Snowflake(host)));
    }

    [Theory]
    [InlineData("acme.snowflakecomputing.com:8443", "acme.snowflakecomputing.com:8443")]
    [InlineData("http://acme.snowflakecomputing.com:8080", "acme.snowflakecomputing.com:8080")]
    [InlineData("acme.snowflakecomputing.com:80", "acme.snowflakecomputing.com:80")]
    [InlineData("acme2.snowflakecomputing.com", "acme2.snowflakecomputing.com")]
    [InlineData("bücher.example", "xn--bcher-kva.example")]
    [InlineData("not a host", "not a host")]
    public void KeyOf_OtherHosts_KeptApart(string host, string key)
    {
        Assert.Equal(key, IntegrationIdentity.KeyOf(Snowflake(host)));
        Assert.False(IntegrationIdentity.SameIntegration(Snowflake(Host), Snowflake(host)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(".")]
    public void KeyOf_NoHost_NoIdentity(string host)
    {
        Assert.Null(IntegrationIdentity.KeyOf(Snowflake(host)));
        Assert.False(IntegrationIdentity.SameIntegration(Snowflake(host), Snowflake(host)));
    }

    [Theory]
    [MemberData(nameof(SameWorkspaceWrittenDifferently))]
    public void KeyOf_DatabricksWorkspaceWithOrWithoutScheme_SameKey(string workspace)
        => Assert.Equal(Workspace, IntegrationIdentity.KeyOf(Databricks(workspace)));

    [Fact]
    public void KeyOf_NativeS3NamesAndBigQueryDatasets_CompareExactly()
    {
        var s3 = new NativeS3Integration { Config = new NativeS3Config { Name = "Bucket" } };
        var bigQuery = new BigQueryIntegration { Config = new BigQueryConfig { Dataset = "Immuta" } };

        Assert.False(IntegrationIdentity.SameIntegration(s3, s3 with { Config = new NativeS3Config { Name = "bucket" } }));
        Assert.True(IntegrationIdentity.SameIntegration(s3, s3 with { Config = new NativeS3Config { Name = "Bucket" } }));
        Assert.False(IntegrationIdentity.SameIntegration(bigQuery, bigQuery with { Config = new BigQueryConfig { Dataset = "immuta" } }));
    }

    [Fact]
    public void SameIntegration_SameHostOtherPlatform_NotTheSame()
        => Assert.False(IntegrationIdentity.SameIntegration(Snowflake(Host), new RedshiftIntegration { Config = new RedshiftConfig { Host = Host } }));

    [Theory]
    [MemberData(nameof(SameHostWrittenDifferently))]
    public async Task Create_SameHostWrittenDifferently_Conflict(string host)
    {
        await Integrations.CreateAsync(ImmutaWaitUntil.Started, Snowflake(Host), Ct);

        var error = await Assert.ThrowsAsync<ImmutaConflictException>(() => Integrations.CreateAsync(ImmutaWaitUntil.Started, Snowflake(host), Ct));

        Assert.Equal("1", error.ExistingIntegrationId);
        Assert.Equal($"Snowflake integration already exists on host {Host} (id = 1)", error.ServerMessage);
        Assert.Single(_fake.Integrations);
    }

    [Theory]
    [MemberData(nameof(SameWorkspaceWrittenDifferently))]
    public async Task Create_DatabricksWorkspaceWithOrWithoutScheme_Conflict(string workspace)
    {
        await Integrations.CreateAsync(ImmutaWaitUntil.Started, Databricks(Workspace), Ct);

        var error = await Assert.ThrowsAsync<ImmutaConflictException>(() => Integrations.CreateAsync(ImmutaWaitUntil.Started, Databricks(workspace), Ct));

        Assert.Equal("1", error.ExistingIntegrationId);
        Assert.Single(_fake.Integrations);
    }

    [Fact]
    public async Task Create_UnknownPlatformSameConfigurationTwice_Conflict()
    {
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>(DocumentedRequests.UnknownPlatform);
        await Integrations.CreateAsync(ImmutaWaitUntil.Started, definition, Ct);

        var error = await Assert.ThrowsAsync<ImmutaConflictException>(() => Integrations.CreateAsync(ImmutaWaitUntil.Started, ImmutaJson.Deserialize<IntegrationDefinition>(DocumentedRequests.UnknownPlatform), Ct));

        Assert.Equal("1", error.ExistingIntegrationId);
        Assert.Equal("Redshift Spectrum integration already exists (id = 1)", error.ServerMessage);
        Assert.Single(_fake.Integrations);
    }

    [Fact]
    public async Task Create_UnknownPlatformOtherConfiguration_TwoIntegrations()
    {
        await Integrations.CreateAsync(ImmutaWaitUntil.Started, ImmutaJson.Deserialize<IntegrationDefinition>(DocumentedRequests.UnknownPlatform), Ct);

        await Integrations.CreateAsync(ImmutaWaitUntil.Started, ImmutaJson.Deserialize<IntegrationDefinition>(DocumentedRequests.UnknownPlatform.Replace("organization.aws", "other.aws", StringComparison.Ordinal)), Ct);

        Assert.Equal(2, _fake.Integrations.Count);
    }

    [Fact]
    public async Task Create_SameHostOtherPort_TwoIntegrations()
    {
        await Integrations.CreateAsync(ImmutaWaitUntil.Started, Snowflake(Host), Ct);

        await Integrations.CreateAsync(ImmutaWaitUntil.Started, Snowflake(Host + ":8443"), Ct);

        Assert.Equal(2, _fake.Integrations.Count);
    }

    // The host is fixed once an integration exists (§15 E-2, see FakeDocumentedErrorTests): moving onto another
    // integration's host is refused as a change of a non-editable attribute, before any conflict.
    [Fact]
    public async Task Update_MovesOntoAnotherIntegrationsHost_NonEditableAndUnchanged()
    {
        await Integrations.CreateAsync(ImmutaWaitUntil.Completed, Snowflake(Host), Ct);
        await Integrations.CreateAsync(ImmutaWaitUntil.Completed, Snowflake("other.snowflakecomputing.com"), Ct);

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => Integrations.UpdateAsync(ImmutaWaitUntil.Started, "2", Snowflake("https://ACME.snowflakecomputing.com/"), Ct));

        Assert.Equal("Unable to edit integration due to changes of non-editable attribute(s).", error.ServerMessage);
        Assert.Equal("other.snowflakecomputing.com", ((SnowflakeIntegration)(await Integrations.GetAsync("2", Ct)).Definition).Config!.Host);
    }

    [Fact]
    public async Task Update_OwnHostWrittenDifferently_Accepted()
    {
        await Integrations.CreateAsync(ImmutaWaitUntil.Completed, Snowflake(Host), Ct);

        var updated = await Integrations.UpdateAsync(ImmutaWaitUntil.Completed, "1", Snowflake("ACME.snowflakecomputing.com"), Ct);

        Assert.Equal(IntegrationStatus.Enabled, updated.Status);
    }

    [Fact]
    public async Task CreateOrAdoptAsync_SameHostWrittenDifferently_AdoptsTheExistingOne()
    {
        await Integrations.CreateAsync(ImmutaWaitUntil.Completed, Snowflake(Host), Ct);

        var adopted = await Integrations.CreateOrAdoptAsync(ImmutaWaitUntil.Completed, Snowflake("https://ACME.snowflakecomputing.com:443/"), Ct);

        Assert.True(adopted.WasAdopted);
        Assert.Equal("1", adopted.Id);
        Assert.Single(_fake.Integrations);
    }
}
