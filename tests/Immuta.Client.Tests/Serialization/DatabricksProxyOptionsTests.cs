using Immuta.Client.Serialization;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Serialization;

/// <summary>
/// §15 DB-1: Databricks <c>proxyOptions</c> is a typed object that names no member (its children were not retrieved) and
/// keeps every member it is given, through JSON and YAML, without printing a value.
/// </summary>
public sealed class DatabricksProxyOptionsTests
{
    private const string Json = """
        {"type":"Databricks","autoBootstrap":true,"config":{"workspaceUrl":"w.cloud.databricks.com","httpPath":"sql/1","authenticationType":"token",
        "token":"dapi-real","catalog":"immuta","proxyOptions":{"host":"proxy.example.com","port":3128,"password":"pr0xy-Pa55","tls":{"verify":false},"hosts":["a","b"]}}}
        """;

    [Fact]
    public void Deserialize_ProxyOptionsWithMembersNotDocumented_TypedAndEveryMemberKept()
    {
        var databricks = (DatabricksIntegration)ImmutaJson.Deserialize<IntegrationDefinition>(Json);

        var proxy = databricks.Config!.ProxyOptions!;
        Assert.Equal(["host", "port", "password", "tls", "hosts"], proxy.AdditionalProperties!.Keys);
        Assert.Null(databricks.Config.AdditionalProperties);
        JsonAssert.Equivalent(Json, ImmutaJson.Serialize<IntegrationDefinition>(databricks));
    }

    [Fact]
    public void YamlRoundTrip_ProxyOptions_Unchanged()
    {
        var databricks = ImmutaJson.Deserialize<IntegrationDefinition>(Json);

        var back = ImmutaYaml.Deserialize<IntegrationDefinition>(ImmutaYaml.Serialize(databricks));

        JsonAssert.Equivalent(Json, ImmutaJson.Serialize(back));
    }

    [Fact]
    public void ToStringAndMask_ProxyPassword_NeverPrinted()
    {
        var databricks = ImmutaJson.Deserialize<IntegrationDefinition>(Json);

        Assert.DoesNotContain("pr0xy-Pa55", databricks.ToString(), StringComparison.Ordinal);
        Assert.Contains("ProxyOptions = DatabricksProxyOptions { AdditionalProperties = [host, port, password, tls, hosts] }", databricks.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("pr0xy-Pa55", JsonSecretMasker.Mask(Json, isYaml: false), StringComparison.Ordinal);
    }

    [Fact]
    public void With_ProxyOptionsSetInCode_Written()
    {
        var databricks = (DatabricksIntegration)ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read("post-integrations.databricks.oAuthM2M.auto.s004.request.json"));

        var json = ImmutaJson.Serialize<IntegrationDefinition>(databricks with { Config = databricks.Config! with { ProxyOptions = new DatabricksProxyOptions() } });

        Assert.Contains("\"proxyOptions\":{}", json, StringComparison.Ordinal);
    }
}
