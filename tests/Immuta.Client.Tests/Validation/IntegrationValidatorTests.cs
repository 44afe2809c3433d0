using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Validation;

/// <summary>Each local rule, with the exact message it gives; every problem reported at once.</summary>
public sealed class IntegrationValidatorTests
{
    private static T Example<T>(string name) where T : IntegrationDefinition => (T)ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read(name));

    private static string[] Problems(IntegrationDefinition definition, IntegrationRequestKind kind = IntegrationRequestKind.Create)
        => definition.Validate(kind).Select(e => e.ToString()).ToArray();

    public static TheoryData<string, string> ValidRequestExamples()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Examples.Names().Where(n => n.EndsWith(".request.json", StringComparison.Ordinal) && !n.StartsWith("delete-", StringComparison.Ordinal)))
        {
            var kind = name.Split('.')[0] switch
            {
                "post-integrations-scripts-create" => nameof(IntegrationRequestKind.CreateScript),
                "post-integrations-scripts-initial-create" => nameof(IntegrationRequestKind.InitialCreateScript),
                "post-integrations-scripts-cleanup" => nameof(IntegrationRequestKind.CleanupScript),
                "post-integrations-scripts-post-cleanup" => nameof(IntegrationRequestKind.PostCleanupScript),
                "post-integrations-id-scripts-edit" => nameof(IntegrationRequestKind.EditScript),
                "put-integrations-id" => nameof(IntegrationRequestKind.Update),
                _ => nameof(IntegrationRequestKind.Create),
            };
            data.Add(name, kind);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ValidRequestExamples))]
    public void Validate_DocumentedRequest_OnlyRedactionMarkersReported(string example, string kind)
    {
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read(example));

        var errors = definition.Validate(Enum.Parse<IntegrationRequestKind>(kind));

        // The docs' Databricks examples send the token "REDACTED": the only thing the SDK refuses in any documented body.
        Assert.All(errors, e => Assert.Equal(IntegrationValidationRules.RedactedCredential, e.Rule));
    }

    [Fact]
    public void Validate_SnowflakeMissingEverything_ReportsAllAtOnce()
    {
        var problems = Problems(new SnowflakeIntegration { Config = new SnowflakeConfig() });

        Assert.Equal(
        [
            "autoBootstrap: is required (true or false)",
            "config.host: is required",
            "config.warehouse: is required",
            "config.database: is required",
            "config.authenticationType: is required: one of 'userPassword', 'keyPair', 'oAuthClientCredentials'",
        ], problems);
    }

    [Fact]
    public void Validate_SnowflakeUserPasswordWithoutPassword_NamesTheField()
        => Assert.Equal(["config.password: is required"], Problems(Example<SnowflakeIntegration>("post-integrations.snowflake.userPassword.request.json") is var s
            ? s with { Config = s.Config! with { Password = null } } : s));

    [Fact]
    public void Validate_SnowflakeKeyPairWithoutKey_NamesTheField()
    {
        var s = Example<SnowflakeIntegration>("post-integrations.snowflake.keyPair.auto.s002.request.json");

        Assert.Equal(["config.privateKey: is required"], Problems(s with { Config = s.Config! with { PrivateKey = null } }));
    }

    [Fact]
    public void Validate_SnowflakeOAuthAutoBootstrapAndNoClientId_BothReported()
    {
        var s = Example<SnowflakeIntegration>("post-integrations.snowflake.oAuthClientCredentials.manual.s002.request.json");
        var broken = s with { AutoBootstrap = true, Config = s.Config! with { OAuthClientConfig = s.Config.OAuthClientConfig! with { ClientId = null } } };

        Assert.Equal(
        [
            "autoBootstrap: must be false for Snowflake with oAuthClientCredentials",
            "config.oAuthClientConfig.clientId: is required",
        ], Problems(broken));
    }

    [Fact]
    public void Validate_OAuthWithCertificate_NeedsNoClientSecret()
    {
        var s = Example<SnowflakeIntegration>("post-integrations.snowflake.oAuthClientCredentials.manual.s002.request.json");

        Assert.Empty(Problems(s with { Config = s.Config! with { OAuthClientConfig = s.Config.OAuthClientConfig! with { UseCertificate = true, ClientSecret = null } } }));
    }

    [Theory]
    [InlineData("1immuta", "config.catalog: '1immuta' must hold only letters, digits and underscores, and must not start with a digit")]
    [InlineData("immuta-catalog", "config.catalog: 'immuta-catalog' must hold only letters, digits and underscores, and must not start with a digit")]
    [InlineData("", "config.catalog: is required")]
    public void Validate_DatabricksCatalogName_FollowsTheNamingRule(string catalog, string expected)
    {
        var d = Example<DatabricksIntegration>("post-integrations.databricks.oAuthM2M.auto.s004.request.json");

        Assert.Equal([expected], Problems(d with { Config = d.Config! with { Catalog = catalog } }));
    }

    [Fact]
    public void Validate_DatabricksUnknownAuthentication_ListsTheAcceptedOnes()
    {
        var d = Example<DatabricksIntegration>("post-integrations.databricks.oAuthM2M.auto.s004.request.json");

        Assert.Equal(["config.authenticationType: 'userPassword' is not accepted here; expected one of 'token', 'oAuthM2M'"],
            Problems(d with { Config = d.Config! with { AuthenticationType = AuthenticationType.UserPassword } }));
    }

    [Fact]
    public void Validate_RedshiftOktaMissingAppId_NamesTheNestedField()
    {
        var r = Example<RedshiftIntegration>("put-integrations-id.redshift.okta.request.json");

        Assert.Equal(["config.okta.appId: is required"], Problems(r with { Config = r.Config! with { Okta = r.Config.Okta! with { AppId = " " } } }, IntegrationRequestKind.Update));
    }

    [Fact]
    public void Validate_BigQuerySuffixAndCredential_FormatChecked()
    {
        var b = Example<BigQueryIntegration>("post-integrations.bigquery.request.json");

        Assert.Equal(
        [
            "config.datasetSuffix: 'secureView' must start with '_' (for example '_secureView')",
            "config.credential: must be the service-account JSON key file's content (a JSON object with \"type\": \"service_account\")",
        ], Problems(b with { Config = b.Config! with { DatasetSuffix = "secureView", Credential = "not json" } }));
    }

    [Theory]
    [InlineData("post-integrations.bigquery.request.json", "autoBootstrap: must be false for Google BigQuery")]
    [InlineData("post-integrations.s3.accessKey.request.json", "autoBootstrap: must be false for Native S3")]
    public void Validate_AutoBootstrapTrueWhereItMustBeFalse_Reported(string example, string expected)
    {
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read(example)) with { AutoBootstrap = true };

        Assert.Equal([expected], Problems(definition));
    }

    [Fact]
    public void Validate_TrinoWithAutoBootstrap_Reported()
        => Assert.Equal(["autoBootstrap: must not be sent for Trino (the body is only the type)"], Problems(new TrinoIntegration { AutoBootstrap = false }));

    [Fact]
    public void Validate_S3AutoWithoutRole_NamesTheField()
    {
        var s3 = Example<NativeS3Integration>("post-integrations.s3.accessKey.request.json");

        Assert.Equal(["config.awsRoleToAssume: is required"], Problems(s3 with { Config = s3.Config! with { AuthenticationType = AuthenticationType.Auto } }));
    }

    [Theory]
    [InlineData("post-integrations.bigquery.request.json", IntegrationRequestKind.CreateScript, "type: the scripts/create endpoint does not accept 'Google BigQuery'")]
    [InlineData("post-integrations-scripts-create.snowflake.userPassword.request.json", IntegrationRequestKind.InitialCreateScript, "type: the scripts/initial-create endpoint does not accept 'Snowflake'")]
    [InlineData("post-integrations.databricks.token.manual.s004.request.json", IntegrationRequestKind.CleanupScript, "type: the scripts/cleanup endpoint does not accept 'Databricks'")]
    [InlineData("post-integrations-scripts-create.snowflake.userPassword.request.json", IntegrationRequestKind.PostCleanupScript, "type: the scripts/post-cleanup endpoint does not accept 'Snowflake'")]
    public void Validate_ScriptEndpointForOtherPlatform_Reported(string example, IntegrationRequestKind kind, string expected)
    {
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read(example));

        Assert.Contains(expected, Problems(definition, kind));
    }

    [Fact]
    public void Validate_ScriptEndpointWithAutoBootstrapTrue_Reported()
    {
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read("post-integrations.snowflake.userPassword.request.json"));

        Assert.Equal(["autoBootstrap: must be false for the scripts/create endpoint (scripts are for manual setup)"], Problems(definition, IntegrationRequestKind.CreateScript));
    }

    [Fact]
    public void Validate_RedactedCredentialFromAGet_Refused()
    {
        var integration = ImmutaJson.Deserialize<Integration>(Examples.Read("get-integrations-id.snowflake.response.json"));

        Assert.Equal(
            [
                "config.password: is the server's redaction marker, not a credential; put the real value in its place",
                "config.username: is the server's redaction marker '<REDACTED>', not a real value (a definition read with GET carries it); put the real value in its place",
            ],
            Problems(integration.Definition, IntegrationRequestKind.Update));
    }

    [Fact]
    public void EnsureValid_Invalid_ThrowsListingEveryProblem()
    {
        var error = Assert.Throws<IntegrationValidationException>(() => new DatabricksIntegration { AutoBootstrap = false }.EnsureValid());

        Assert.Equal($"The integration definition is not valid (1 problem):{Environment.NewLine}- config: is required", error.Message);
        Assert.Single(error.Errors);
    }
}
