using System.Text;
using System.Text.Json;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Fake;

/// <summary>
/// The fake's generic handling of what the SDK does not know, found by the issue-13 review: unknown members named like a
/// credential read back <c>&lt;REDACTED&gt;</c> at every depth (inside <c>proxyOptions</c>, <c>oAuthClientConfig</c>,
/// <c>okta</c>, not only beside the typed members of a definition and its <c>config</c>), and a platform the SDK does not
/// know gets <c>{id}/scripts/delete</c> like the other script endpoints.
/// </summary>
public sealed class FakeNestedUnknownMemberTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string Databricks = DocumentedRequests.DatabricksWithProxyOptions;

    private static readonly string Redshift = Examples.Read("put-integrations-id.redshift.okta.request.json");

    // Each case: a documented body with one unknown credential-named member (value "s3cret-nested") in a typed nested object.
    public static TheoryData<string, string> Cases() => new()
    {
        { "Databricks proxyOptions.password (§15 DB-1: its children were not retrieved)", Databricks.Replace("\"port\":3128", "\"port\":3128,\"password\":\"s3cret-nested\"", StringComparison.Ordinal) },
        { "Databricks proxyOptions.nested.apiKey", Databricks.Replace("\"enabled\":true}", "\"enabled\":true,\"apiKey\":\"s3cret-nested\"}", StringComparison.Ordinal) },
        { "Databricks oAuthClientConfig.privateKey", Databricks.Replace("\"clientSecret\":\"secret\"", "\"clientSecret\":\"secret\",\"privateKey\":\"s3cret-nested\"", StringComparison.Ordinal) },
        { "Redshift okta.sessionToken", Redshift.Replace("\"appId\":", "\"sessionToken\":\"s3cret-nested\",\"appId\":", StringComparison.Ordinal) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Get_UnknownCredentialMemberInATypedNestedObject_ReadsBackRedacted(string name, string body)
    {
        Assert.True(body.Contains("s3cret-nested", StringComparison.Ordinal), name);
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfter = TimeSpan.Zero });
        using var http = new HttpClient();
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", fake.ApiKey);
        using var created = await http.PostAsync(new Uri(fake.Uri, "integrations"), new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));

        var one = await http.GetStringAsync(new Uri(fake.Uri, "integrations/1"), Ct);
        var all = await http.GetStringAsync(new Uri(fake.Uri, "integrations"), Ct);

        Assert.DoesNotContain("s3cret-nested", one + all, StringComparison.Ordinal);
        Assert.Contains("\"<REDACTED>\"", one, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-nested", ImmutaJson.Serialize(Assert.Single(fake.Integrations)), StringComparison.Ordinal);
    }

    [Fact]
    public void AsRead_UnknownNestedCredential_RedactedTheStoredDefinitionAndTheRestKept()
    {
        var stored = ImmutaJson.Deserialize<IntegrationDefinition>(Databricks.Replace("\"port\":3128", "\"port\":3128,\"password\":\"s3cret-nested\"", StringComparison.Ordinal));

        var read = ImmutaJson.Serialize(FakeCatalog.AsRead(stored));

        using var document = JsonDocument.Parse(read);
        var proxy = document.RootElement.GetProperty("config").GetProperty("proxyOptions");
        Assert.Equal("<REDACTED>", proxy.GetProperty("password").GetString());
        Assert.Equal("proxy.example.com", proxy.GetProperty("host").GetString());
        Assert.Equal(3128, proxy.GetProperty("port").GetInt32());
        Assert.True(proxy.GetProperty("nested").GetProperty("enabled").GetBoolean());
        Assert.Equal("REDACTED", document.RootElement.GetProperty("config").GetProperty("oAuthClientConfig").GetProperty("clientSecret").GetString());
        Assert.Contains("s3cret-nested", ImmutaJson.Serialize(stored), StringComparison.Ordinal);
    }

    [Fact]
    public void AsRead_NothingUnknownToRedact_TheDefinitionAsItWasRead()
    {
        var stored = ImmutaJson.Deserialize<IntegrationDefinition>(Databricks);

        var read = FakeCatalog.AsRead(stored);

        Assert.Equal("proxy.example.com", ((DatabricksIntegration)read).Config!.ProxyOptions!.AdditionalProperties!["host"].GetString());
    }

    [Fact]
    public async Task ScriptsDeleteAsync_UnknownPlatform_ReturnsTheScriptLikeTheOtherScriptEndpoints()
    {
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfter = TimeSpan.Zero });
        using var client = fake.CreateClient(new ImmutaClientOptions { Polling = TestBackend.FastPolling });
        var created = await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, ImmutaJson.Deserialize<IntegrationDefinition>(DocumentedRequests.UnknownPlatform), Ct);

        var script = await client.Integrations.Scripts.DeleteAsync(created.Id, Ct);

        Assert.Contains("Redshift Spectrum", script.Text, StringComparison.Ordinal);
    }
}
