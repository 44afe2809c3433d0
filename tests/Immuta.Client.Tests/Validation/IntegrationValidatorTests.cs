using Immuta.Client.Tests.Support;
using Immuta.Client.Validation;
using Xunit;

namespace Immuta.Client.Tests.Validation;

/// <summary>
/// Each local rule with a case from the spec (an example file, changed where the rule needs it, or a quoted row), its
/// exact finding, severity and source; every finding reported at once. The cases do not come from the fake: it shares these
/// rules.
/// </summary>
public sealed class IntegrationValidatorTests
{
    private const IntegrationValidationSeverity Error = IntegrationValidationSeverity.Error;
    private const IntegrationValidationSeverity Warning = IntegrationValidationSeverity.Warning;

    private static T Example<T>(string name) where T : IntegrationDefinition => (T)ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read(name));

    private static string[] Problems(IntegrationDefinition definition, IntegrationRequestKind kind = IntegrationRequestKind.Create)
        => definition.Validate(kind).Select(e => e.ToString()).ToArray();

    /// <summary>The platforms the unknown-type warning lists: every one in the registry, in its order.</summary>
    private static readonly string KnownTypes = string.Join(", ", ImmutaPlatforms.All.Select(p => $"'{p.Type}'"));

    /// <summary>A case per rule: the findings its spec case gives, and the one finding expected among them.</summary>
    private static readonly Dictionary<string, (Func<IReadOnlyList<IntegrationValidationFinding>> Findings, LocalRule Rule, string Expected)> Cases = new(StringComparer.Ordinal)
    {
        // GET returns username and password as "<REDACTED>" (spec §8.9, [000] L530-531).
        ["RedactedMarker"] = (() => ImmutaJson.Deserialize<Integration>(Examples.Read("get-integrations-id.snowflake.response.json")).Definition.Validate(IntegrationRequestKind.Update),
            LocalRules.RedactedMarker, "config.username: is the server's redaction marker '<REDACTED>', not a real value (a definition read with GET carries it); put the real value in its place"),

        // "Databricks, BigQuery, Native S3, Trino | never" (spec §6): refused whatever the options say.
        ["DeleteCredentialsNotTaken"] = (() => [IntegrationValidator.CredentialsRefusedFor(ImmutaJson.Deserialize<Integration>(Examples.Read("get-integrations-id.databricks.s004.response.json")).Definition, validate: false)!],
            LocalRules.DeleteCredentialsNotTaken, "(the body): a Databricks integration's delete takes no credentials"),

        // "any platform with autoBootstrap: false | never" (spec §6).
        ["DeleteCredentialsManualSetup"] = (() => [IntegrationValidator.CredentialsRefusedFor(Example<SnowflakeIntegration>("post-integrations.snowflake.userPassword.manual.s002.request.json"), validate: true)!],
            LocalRules.DeleteCredentialsManualSetup, "(the body): this Snowflake integration was set up by hand (autoBootstrap: false): its delete takes no credentials"),

        // "config | Required for all integrations except Starburst (Trino)" (spec §4).
        ["ConfigRequired"] = (() => (Example<RedshiftIntegration>("post-integrations.redshift.userPassword.request.json") with { Config = null }).Validate(),
            LocalRules.ConfigRequired, "config: is required"),

        // "autoBootstrap | Required for all integrations except Starburst (Trino)" (spec §4).
        ["AutoBootstrapRequired"] = (() => (Example<AzureSynapseIntegration>("post-integrations.synapse.userPassword.request.json") with { AutoBootstrap = null }).Validate(),
            LocalRules.AutoBootstrapRequired, "autoBootstrap: is required (true or false)"),

        // "autoBootstrap | Required | false only" on the script endpoints (spec §3.9).
        ["AutoBootstrapFalseForScripts"] = (() => Example<SnowflakeIntegration>("post-integrations.snowflake.userPassword.request.json").Validate(IntegrationRequestKind.CreateScript),
            LocalRules.AutoBootstrapFalseForScripts, "autoBootstrap: must be false for the scripts/create endpoint (scripts are for manual setup)"),

        // "Must be false for Amazon S3 and Google BigQuery" (spec §4).
        ["AutoBootstrapFalseForS3AndBigQuery"] = (() => (Example<BigQueryIntegration>("post-integrations.bigquery.request.json") with { AutoBootstrap = true }).Validate(),
            LocalRules.AutoBootstrapFalseForS3AndBigQuery, "autoBootstrap: must be false for Google BigQuery"),

        // "To use this authentication method, autoBootstrap must be false" (spec §5.1, [002] L324).
        ["AutoBootstrapFalseForSnowflakeOAuth"] = (() => (Example<SnowflakeIntegration>("post-integrations.snowflake.oAuthClientCredentials.manual.s002.request.json") with { AutoBootstrap = true }).Validate(),
            SnowflakePlatform.AutoBootstrapFalseForOAuth, "autoBootstrap: must be false for Snowflake with oAuthClientCredentials"),

        // "host | Yes (SF2)" (spec §5.2).
        ["SnowflakeRequired"] = (() => SnowflakeWith(c => c with { Host = null }).Validate(),
            SnowflakePlatform.Required, "config.host: is required"),

        // "provider | … required in SF2's table" (spec §5.2).
        ["SnowflakeOAuthRequired"] = (() => SnowflakeOAuthWith(o => o with { Provider = null }).Validate(),
            SnowflakePlatform.OAuthRequired, "config.oAuthClientConfig.provider: is required"),

        // "awsRegion | string | Required" (spec §5.7).
        ["S3Required"] = (() => S3With(c => c with { AwsRegion = null }).Validate(),
            NativeS3Platform.Required, "config.awsRegion: is required"),

        // "awsSecretAccessKey | Required when authenticationType is accessKey" (spec §5.7).
        ["S3AccessKeyRequired"] = (() => S3With(c => c with { AwsSecretAccessKey = null }).Validate(),
            NativeS3Platform.AccessKeyRequired, "config.awsSecretAccessKey: is required"),

        // The docs' own Databricks example sends "token": "REDACTED" ([004] L76).
        ["PlainRedactionMarker"] = (() => Example<DatabricksIntegration>("post-integrations.databricks.token.request.json").Validate(),
            LocalRules.PlainRedactionMarker, "config.token: is 'REDACTED', the marker Immuta returns in place of a token; if this came from a GET, put the real value in its place"),

        // "A client must pass an unknown type through" (spec §15 RS-1).
        ["UnknownType"] = (() => ImmutaJson.Deserialize<IntegrationDefinition>("""{"type":"Redshift Spectrum","autoBootstrap":true,"config":{"host":"organization.aws.amazon.com"}}""").Validate(),
            LocalRules.UnknownType, $"type: 'Redshift Spectrum' is not a type this SDK knows ({KnownTypes}); it is sent as written and Immuta decides"),

        // "authenticationType | token, oAuthM2M" (spec §5.3): another value is not refused.
        ["UnknownAuthentication"] = (() => (Example<DatabricksIntegration>("post-integrations.databricks.oAuthM2M.auto.s004.request.json") is var d
                ? d with { Config = d.Config! with { AuthenticationType = "oAuthU2M" } } : d).Validate(),
            LocalRules.UnknownAuthentication, "config.authenticationType: 'oAuthU2M' is not one this SDK knows here ('token', 'oAuthM2M'); it is sent as written and Immuta decides"),

        // A misspelt member of the Snowflake example: kept and sent, reported.
        ["UnknownMember"] = (() => ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read("post-integrations.snowflake.userPassword.request.json").Replace("\"warehouse\"", "\"warehous\"", StringComparison.Ordinal)).Validate(),
            LocalRules.UnknownMember, "config.warehous: is not a member this SDK models (did you mean warehouse?); it is sent as written, and Immuta decides"),

        // "authenticationType | in every example" (spec §5.4; table not retrieved).
        ["AuthenticationTypeRequired"] = (() => (Example<RedshiftIntegration>("post-integrations.redshift.userPassword.request.json") is var r
                ? r with { Config = r.Config! with { AuthenticationType = null } } : r).Validate(),
            LocalRules.AuthenticationTypeRequired, "config.authenticationType: is required: one of 'userPassword', 'okta'"),

        // "privateKey | with keyPair" ([002] L124).
        ["SnowflakeCredentials"] = (() => (Example<SnowflakeIntegration>("post-integrations.snowflake.keyPair.auto.s002.request.json") is var s
                ? s with { Config = s.Config! with { PrivateKey = null } } : s).Validate(),
            SnowflakePlatform.Credentials, "config.privateKey: is required"),

        // "authorityUrl | example.authority.com" ([004] L91).
        ["OAuthClientDetails"] = (() => (Example<DatabricksIntegration>("post-integrations.databricks.oAuthM2M.auto.s004.request.json") is var d
                ? d with { Config = d.Config! with { OAuthClientConfig = d.Config.OAuthClientConfig! with { AuthorityUrl = null } } } : d).Validate(),
            LocalRules.OAuthClientDetails, "config.oAuthClientConfig.authorityUrl: is required"),

        // "httpPath | in every example" ([004] L81).
        ["DatabricksRequired"] = (() => DatabricksWith(c => c with { HttpPath = null }).Validate(),
            DatabricksPlatform.Required, "config.httpPath: is required"),

        // "The catalog name may only contain letters, numbers, and underscores and cannot start with a number" ([004] L87).
        ["DatabricksCatalogName"] = (() => DatabricksWith(c => c with { Catalog = "1immuta" }).Validate(),
            DatabricksPlatform.CatalogName, "config.catalog: '1immuta' should hold only letters, digits and underscores, and not start with a digit"),

        // "okta | { username, password, appId, idpHost, role }" ([000] L671-677).
        ["RedshiftRequired"] = (() => (Example<RedshiftIntegration>("put-integrations-id.redshift.okta.request.json") is var r
                ? r with { Config = r.Config! with { Okta = r.Config.Okta! with { AppId = " " } } } : r).Validate(IntegrationRequestKind.Update),
            RedshiftPlatform.Required, "config.okta.appId: is required"),

        // "schema | Required" (P6, an older payload reference).
        ["SynapseRequired"] = (() => (Example<AzureSynapseIntegration>("post-integrations.synapse.userPassword.request.json") is var a
                ? a with { Config = a.Config! with { Schema = null } } : a).Validate(),
            AzureSynapsePlatform.Required, "config.schema: is required"),

        // "location | in every example" (spec §5.6).
        ["BigQueryRequired"] = (() => BigQueryWith(c => c with { Location = null }).Validate(),
            BigQueryPlatform.Required, "config.location: is required"),

        // "datasetSuffix | must start with _" (B2).
        ["BigQueryDatasetSuffix"] = (() => BigQueryWith(c => c with { DatasetSuffix = "secureView" }).Validate(),
            BigQueryPlatform.DatasetSuffix, "config.datasetSuffix: 'secureView' should start with '_' (for example '_secureView')"),

        // "credential | the service-account JSON keyfile content, as a JSON string" (B2).
        ["BigQueryKeyFile"] = (() => BigQueryWith(c => c with { Credential = "not json" }).Validate(),
            BigQueryPlatform.KeyFile, "config.credential: should be the service-account JSON key file's content (a JSON object with \"type\": \"service_account\")"),

        // "Body is only {"type": "Trino"}; autoBootstrap and config are not required" (spec §5.8).
        ["TrinoAutoBootstrap"] = (() => (Example<TrinoIntegration>("post-integrations.trino.request.json") with { AutoBootstrap = false }).Validate(),
            TrinoPlatform.NoAutoBootstrap, "autoBootstrap: is not part of the documented Trino body (only the type)"),

        // "scripts/create | type | Azure Synapse Analytics, Databricks, Redshift, Snowflake" (spec §3.9).
        ["ScriptEndpointPlatform"] = (() => Example<BigQueryIntegration>("post-integrations.bigquery.request.json").Validate(IntegrationRequestKind.CreateScript),
            LocalRules.ScriptEndpointPlatform, "type: the scripts/create endpoint is not documented for 'Google BigQuery'"),
    };

    public static TheoryData<string> RuleCases() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(RuleCases))]
    public void Validate_RuleCaseFromTheSpec_ReportedWithTheRulesSeverityAndSource(string rule)
    {
        var (findings, expectedRule, expected) = Cases[rule];

        var finding = Assert.Single(findings(), f => f.ToString() == expected);

        Assert.Equal(expectedRule.Code, finding.Rule);
        Assert.Equal(expectedRule.Severity, finding.Severity);
        Assert.Equal(expectedRule.Source, finding.Source);
    }

    [Fact]
    public void Cases_CoverEveryRule()
        => Assert.Equal(LocalRules.All.Select(r => r.Name).Order(StringComparer.Ordinal), Cases.Values.Select(c => c.Rule.Name).Distinct().Order(StringComparer.Ordinal));

    [Fact]
    public void Rules_ErrorsOnlyWhereTheSourceIsImmutasCurrentDocumentation()
    {
        // The always-refused rules, and the errors: each plainly stated by a current page (the endpoint reference [000],
        // the Snowflake how-to [002], the SaaS field table SF2, the payload reference P1-P5).
        Assert.Equal(
            [
                "AutoBootstrapFalseForS3AndBigQuery", "AutoBootstrapFalseForScripts", "AutoBootstrapFalseForSnowflakeOAuth", "AutoBootstrapRequired",
                "ConfigRequired", "DeleteCredentialsManualSetup", "DeleteCredentialsNotTaken", "RedactedMarker", "S3AccessKeyRequired",
                "S3Required", "SnowflakeOAuthRequired", "SnowflakeRequired",
            ],
            Cases.Where(c => c.Value.Rule.Severity == Error).Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["RedactedMarker", "DeleteCredentialsNotTaken"], Cases.Where(c => c.Value.Rule.AlwaysRefused).Select(c => c.Key));
    }

    public static TheoryData<string, string> DocumentedRequests()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Examples.Names().Where(n => n.EndsWith(".request.json", StringComparison.Ordinal) && !n.StartsWith("delete-", StringComparison.Ordinal)))
        {
            data.Add(name, KindOf(name).ToString());
        }

        return data;
    }

    internal static IntegrationRequestKind KindOf(string example) => example.Split('.')[0] switch
    {
        "post-integrations-scripts-create" => IntegrationRequestKind.CreateScript,
        "post-integrations-scripts-initial-create" => IntegrationRequestKind.InitialCreateScript,
        "post-integrations-scripts-cleanup" => IntegrationRequestKind.CleanupScript,
        "post-integrations-scripts-post-cleanup" => IntegrationRequestKind.PostCleanupScript,
        "post-integrations-id-scripts-edit" => IntegrationRequestKind.EditScript,
        "put-integrations-id" => IntegrationRequestKind.Update,
        _ => IntegrationRequestKind.Create,
    };

    [Theory]
    [MemberData(nameof(DocumentedRequests))]
    public void Validate_DocumentedRequest_NoErrorAndOnlyThePlainMarkerWarning(string example, string kind)
    {
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read(example));

        var findings = definition.Validate(Enum.Parse<IntegrationRequestKind>(kind));

        // The docs' Databricks token examples send "REDACTED": a warning, never an error (Immuta's own example).
        Assert.All(findings, f => Assert.Equal((IntegrationValidationRules.PlainRedactionMarker, Warning), (f.Rule, f.Severity)));
    }

    public static TheoryData<string> DocumentedGetResponses()
        => new(Examples.Names().Where(n => n.StartsWith("get-integrations-id.", StringComparison.Ordinal) && !n.Contains("status", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(DocumentedGetResponses))]
    public void Validate_DefinitionReadWithGet_NoMemberTheModelsLack(string example)
    {
        // A GET, a change, a PUT: the documented responses hold no member the models lack, so no unknown-member warning.
        var definition = ImmutaJson.Deserialize<Integration>(Examples.Read(example)).Definition;

        Assert.DoesNotContain(definition.Validate(IntegrationRequestKind.Update), f => f.Rule == IntegrationValidationRules.UnknownMember);
    }

    [Fact]
    public void Validate_S3AutoWithoutRoleToAssume_NothingToReport()
    {
        // §15 S3-1: "awsRoleToAssume: The optional AWS IAM role ARN Immuta assumes when interacting with AWS. — Optional";
        // the current S3 how-to's auto example has none.
        var s3 = S3With(c => c with { AuthenticationType = AuthenticationType.Auto, AwsAccessKeyId = null, AwsSecretAccessKey = null });

        Assert.Empty(s3.Validate());
    }

    [Fact]
    public void AcceptsDeleteScript_Databricks_True()
        => Assert.True(ImmutaPlatforms.Find("Databricks")!.AcceptsDeleteScript); // §15 DC1

    [Fact]
    public void Validate_SnowflakeMissingEverything_ReportsAllAtOnceWithTheirSeverities()
    {
        var findings = new SnowflakeIntegration { Config = new SnowflakeConfig() }.Validate();

        Assert.Equal(
        [
            "Error autoBootstrap: is required (true or false)",
            "Error config.host: is required",
            "Error config.warehouse: is required",
            "Error config.database: is required",
            "Warning config.authenticationType: is required: one of 'userPassword', 'keyPair', 'oAuthClientCredentials'",
        ], findings.Select(f => $"{f.Severity} {f}"));
    }

    [Fact]
    public void Validate_UnknownAuthentication_NoCredentialOfAKnownTypeRequired()
    {
        var synapse = Example<AzureSynapseIntegration>("post-integrations.synapse.userPassword.request.json");

        var findings = (synapse with { Config = synapse.Config! with { AuthenticationType = "entraId", Username = null, Password = null } }).Validate();

        Assert.Equal([IntegrationValidationRules.AcceptedValues], findings.Select(f => f.Rule));
    }

    [Fact]
    public void Validate_UnknownIntegration_OnlyTheUnknownTypeWarning()
    {
        var unknown = ImmutaJson.Deserialize<IntegrationDefinition>("""{"type":"Redshift Spectrum","config":{"password":"REDACTED"},"futureField":1}""");

        var finding = Assert.Single(unknown.Validate(IntegrationRequestKind.CreateScript));

        Assert.Equal((IntegrationValidationRules.AcceptedValues, Warning, "type"), (finding.Rule, finding.Severity, finding.Path));
    }

    [Fact]
    public void Validate_UnknownIntegrationWithRedactedMarker_StillAnError()
    {
        var unknown = ImmutaJson.Deserialize<IntegrationDefinition>("""{"type":"Redshift Spectrum","config":{"password":"<REDACTED>"}}""");

        Assert.Contains(unknown.Validate(), f => f is { Path: "config.password", Rule: IntegrationValidationRules.RedactedCredential, Severity: Error });
    }

    [Fact]
    public void Validate_MembersOfObjectsTheDocsDoNotDetail_NotReportedAsUnknown()
    {
        // §15 DB-1 (proxyOptions' children not retrieved), DB-2 (groupPattern has more children), SF-1 (lineage has more).
        var databricks = ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read("put-integrations-id.databricks.token.request.json")
            .Replace("\"config\": {", "\"config\": {\"proxyOptions\":{\"host\":\"proxy.example.com\",\"port\":8080},", StringComparison.Ordinal)
            .Replace("\"deny\"", "\"allow\":\"x\",\"deny\"", StringComparison.Ordinal));
        var snowflake = ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read("post-integrations.snowflake.userPassword.request.json")
            .Replace("\"config\": {", "\"config\": {\"lineage\":{\"enabled\":true,\"ingestBatchSize\":500},", StringComparison.Ordinal));

        Assert.DoesNotContain(databricks.Validate(IntegrationRequestKind.Update), f => f.Rule == IntegrationValidationRules.UnknownMember);
        Assert.DoesNotContain(snowflake.Validate(), f => f.Rule == IntegrationValidationRules.UnknownMember);
    }

    [Fact]
    public void Validate_ModelledMemberOfAnotherJsonType_NotReportedAsUnknown()
    {
        var databricks = ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read("post-integrations.databricks.oAuthM2M.auto.s004.request.json")
            .Replace("\"config\": {", "\"config\": {\"port\":\"443\",", StringComparison.Ordinal));

        Assert.Empty(databricks.Validate());
    }

    [Fact]
    public void Validate_OAuthWithCertificate_NeedsNoClientSecret()
        => Assert.Empty(Problems(SnowflakeOAuthWith(o => o with { UseCertificate = true, ClientSecret = null })));

    [Fact]
    public void Validate_DeleteCredentialsWithPlainMarker_WarningOnly()
    {
        var findings = new SnowflakeDeleteCredentials { AuthenticationType = AuthenticationType.UserPassword, Username = "u", Password = "REDACTED" }.Validate();

        var finding = Assert.Single(findings);
        Assert.Equal(("password", IntegrationValidationRules.PlainRedactionMarker, Warning), (finding.Path, finding.Rule, finding.Severity));
    }

    [Fact]
    public void CredentialsRefusedFor_AutomaticSnowflakeOrUnknownPlatform_Null()
    {
        Assert.Null(IntegrationValidator.CredentialsRefusedFor(Example<SnowflakeIntegration>("post-integrations.snowflake.userPassword.request.json"), validate: true));
        Assert.Null(IntegrationValidator.CredentialsRefusedFor(new UnknownIntegration("Redshift Spectrum"), validate: true));
        Assert.Null(IntegrationValidator.CredentialsRefusedFor(Example<SnowflakeIntegration>("post-integrations.snowflake.userPassword.manual.s002.request.json"), validate: false));
    }

    [Fact]
    public void EnsureValid_WarningsOnly_DoesNotThrow()
        => Example<DatabricksIntegration>("post-integrations.databricks.token.request.json").EnsureValid();

    [Fact]
    public void EnsureValid_ErrorsAndWarnings_ThrowsListingTheErrorsOnly()
    {
        var definition = DatabricksWith(c => c with { HttpPath = null }) with { AutoBootstrap = null };

        var error = Assert.Throws<IntegrationValidationException>(() => definition.EnsureValid());

        Assert.Equal($"The integration definition is not valid (1 problem):{Environment.NewLine}- autoBootstrap: is required (true or false)", error.Message);
        Assert.Equal(["autoBootstrap"], error.Errors.Select(e => e.Path));
    }

    private static SnowflakeIntegration SnowflakeWith(Func<SnowflakeConfig, SnowflakeConfig> change)
    {
        var s = Example<SnowflakeIntegration>("post-integrations.snowflake.userPassword.request.json");
        return s with { Config = change(s.Config!) };
    }

    private static SnowflakeIntegration SnowflakeOAuthWith(Func<OAuthClientConfig, OAuthClientConfig> change)
    {
        var s = Example<SnowflakeIntegration>("post-integrations.snowflake.oAuthClientCredentials.manual.s002.request.json");
        return s with { Config = s.Config! with { OAuthClientConfig = change(s.Config.OAuthClientConfig!) } };
    }

    private static NativeS3Integration S3With(Func<NativeS3Config, NativeS3Config> change)
    {
        var s3 = Example<NativeS3Integration>("post-integrations.s3.accessKey.request.json");
        return s3 with { Config = change(s3.Config!) };
    }

    private static DatabricksIntegration DatabricksWith(Func<DatabricksConfig, DatabricksConfig> change)
    {
        var d = Example<DatabricksIntegration>("post-integrations.databricks.oAuthM2M.auto.s004.request.json");
        return d with { Config = change(d.Config!) };
    }

    private static BigQueryIntegration BigQueryWith(Func<BigQueryConfig, BigQueryConfig> change)
    {
        var b = Example<BigQueryIntegration>("post-integrations.bigquery.request.json");
        return b with { Config = change(b.Config!) };
    }
}
