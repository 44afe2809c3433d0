using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Fake;

/// <summary>
/// Each platform's full life cycle end to end through the SDK: create → wait → get → list → update → wait → status →
/// delete → wait. Runs against the fake, and against a live tenant when IMMUTA_URL and IMMUTA_API_KEY are set.
/// </summary>
public sealed class LifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> BackendsAndPlatforms()
    {
        var data = new TheoryData<string, string>();
        foreach (var backend in new[] { TestBackend.Fake, TestBackend.Live })
        {
            foreach (var example in new[]
            {
                "post-integrations.snowflake.userPassword.request.json",
                "post-integrations.databricks.oAuthM2M.auto.s004.request.json",
                "post-integrations.redshift.userPassword.request.json",
                "post-integrations.synapse.userPassword.request.json",
                "post-integrations.bigquery.request.json",
                "post-integrations.s3.accessKey.request.json",
            })
            {
                data.Add(backend, example);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BackendsAndPlatforms))]
    public async Task Lifecycle_CreateUpdateDelete_EachStepSettles(string backendName, string example)
    {
        await using var backend = TestBackend.Start(backendName);
        var integrations = backend.Client.Integrations;
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read(example));
        var statuses = new List<IntegrationStatus>();
        var progress = new SyncProgress(p => statuses.Add(p.Status));

        var created = await integrations.CreateAsync(ImmutaWaitUntil.Started, definition, Ct);
        Assert.Equal(IntegrationStatus.Creating, created.Status);
        var enabled = await created.WaitForCompletionAsync(null, progress, Ct);
        Assert.Equal(IntegrationStatus.Enabled, enabled!.Status);
        Assert.Equal(definition.Type, enabled.Type);

        var fetched = await integrations.GetAsync(created.Id, Ct);
        Assert.Equal(created.Id, fetched.Id);
        var all = await integrations.ListAsync(Ct);
        Assert.Contains(all, i => i.Id == created.Id);

        var changed = WithAuditOrRename(definition);
        var updated = await integrations.UpdateAsync(ImmutaWaitUntil.Completed, created.Id, changed, Ct);
        Assert.Equal(IntegrationStatus.Enabled, updated.Status);
        Assert.Equal(IntegrationStatus.Enabled, (await integrations.GetStatusAsync(created.Id, Ct)).Status);

        var credentials = definition is SnowflakeIntegration { AutoBootstrap: true, Config: { } s }
            ? new SnowflakeDeleteCredentials { AuthenticationType = s.AuthenticationType, Username = s.Username, Password = s.Password, Role = s.Role }
            : definition is RedshiftIntegration { AutoBootstrap: true, Config: { } r }
                ? new RedshiftDeleteCredentials { AuthenticationType = r.AuthenticationType, Username = r.Username, Password = r.Password }
                : definition is AzureSynapseIntegration { AutoBootstrap: true, Config: { } a }
                    ? (IntegrationDeleteCredentials)new AzureSynapseDeleteCredentials { AuthenticationType = a.AuthenticationType, Username = a.Username, Password = a.Password }
                    : null;
        var deleted = await integrations.DeleteAsync(ImmutaWaitUntil.Completed, created.Id, new DeleteIntegrationOptions { Credentials = credentials }, Ct);
        Assert.True(deleted.HasCompleted);
        await Assert.ThrowsAsync<ImmutaNotFoundException>(() => integrations.GetStatusAsync(created.Id, Ct));

        Assert.Equal(IntegrationStatus.Creating, statuses[0]);
        Assert.Equal(IntegrationStatus.Enabled, statuses[^1]);
    }

    [Theory]
    [MemberData(nameof(TestBackend.Names), MemberType = typeof(TestBackend))]
    public async Task Lifecycle_Trino_CreateGetRegenerateDelete(string backendName)
    {
        await using var backend = TestBackend.Start(backendName);
        var integrations = backend.Client.Integrations;

        var created = await integrations.CreateAsync(ImmutaWaitUntil.Completed, new TrinoIntegration(), Ct);
        var key = await integrations.RegenerateKeyAsync(created.Id, Ct);
        var deleted = await integrations.DeleteAsync(ImmutaWaitUntil.Completed, created.Id, cancellationToken: Ct);

        Assert.IsType<TrinoIntegration>(created.Value.Definition);
        Assert.False(string.IsNullOrEmpty(key.NewKey?.Reveal()));
        Assert.True(deleted.HasCompleted);
    }

    [Theory]
    [MemberData(nameof(TestBackend.Names), MemberType = typeof(TestBackend))]
    public async Task Delete_ForceDisable_SettlesDisabledAndStaysListed(string backendName)
    {
        await using var backend = TestBackend.Start(backendName);
        var integrations = backend.Client.Integrations;
        var created = await integrations.CreateAsync(ImmutaWaitUntil.Completed, ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read("post-integrations.databricks.oAuthM2M.auto.s004.request.json")), Ct);

        var disabled = await integrations.DeleteAsync(ImmutaWaitUntil.Completed, created.Id, new DeleteIntegrationOptions { ForceDisable = true }, Ct);

        Assert.Equal(IntegrationStatus.Disabled, disabled.Status);
        Assert.Equal(IntegrationStatus.Disabled, (await integrations.GetAsync(created.Id, Ct)).Status);
    }

    private static IntegrationDefinition WithAuditOrRename(IntegrationDefinition definition) => definition switch
    {
        SnowflakeIntegration s => s with { Config = s.Config! with { Audit = new AuditSettings { Enabled = true } } },
        DatabricksIntegration d => d with { Config = d.Config! with { GroupPattern = new GroupPattern { Deny = "admins" } } },
        RedshiftIntegration r => r with { Config = r.Config! with { Impersonation = new ImpersonationSettings { Enabled = true, Role = "immuta_impersonation" } } },
        AzureSynapseIntegration a => a with { Config = a.Config! with { Impersonation = new ImpersonationSettings { Enabled = true, Role = "IMMUTA_IMPERSONATION" } } },
        BigQueryIntegration b => b with { Config = b.Config! with { Location = "us-west1" } },
        NativeS3Integration n => n with { Config = n.Config! with { Name = n.Config.Name + " edited" } },
        _ => definition,
    };
}
