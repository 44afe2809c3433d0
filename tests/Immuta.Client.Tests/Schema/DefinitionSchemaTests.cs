using System.Text.Json;
using System.Text.Json.Nodes;
using Immuta.Client.Tests.Support;
using Json.Schema;
using Xunit;

namespace Immuta.Client.Tests.Schema;

/// <summary>
/// The JSON Schema of definition files (issue 16 item 12): generated from the models, committed at
/// <c>src/Immuta.Client.Cli/Schema/immuta-integrations.schema.json</c> (printed by <c>immuta-integrations schema</c> and
/// shipped in the tool's packages), checked against every documented request with JsonSchema.Net.
/// </summary>
/// <remarks>
/// To update the committed file after a model changed: <c>IMMUTA_UPDATE_SCHEMA=1 dotnet test tests/Immuta.Client.Tests
/// --filter "FullyQualifiedName~DefinitionSchemaTests"</c>, then review and commit the diff.
/// </remarks>
public sealed class DefinitionSchemaTests
{
    private static readonly Lazy<JsonObject> Generated = new(() => DefinitionSchemaGenerator.Generate(XmlDocs.For(typeof(IntegrationDefinition).Assembly)));

    public static string CommittedPath { get; } = CommittedSchema.Path;

    public static TheoryData<string> RequestExamples() => new(Examples.Names().Where(n => n.EndsWith(".request.json", StringComparison.Ordinal)));

    [Fact]
    public void CommittedSchema_GeneratedFromTheModels_Unchanged()
    {
        var generated = DefinitionSchemaGenerator.ToText(Generated.Value);
        if (Environment.GetEnvironmentVariable("IMMUTA_UPDATE_SCHEMA") == "1")
        {
            File.WriteAllText(CommittedPath, generated);
        }

        var committed = File.ReadAllText(CommittedPath);

        Assert.True(committed == generated, $"{CommittedPath} differs from the schema the models give: run this test with IMMUTA_UPDATE_SCHEMA=1, review the diff and commit it.");
    }

    [Fact]
    public void Schema_EveryModelMember_DescribedAtItsPlace()
    {
        Assert.Empty(SchemaCoverage.Missing(Generated.Value));
    }

    [Fact]
    public void Coverage_MemberMissingFromSchema_Named()
    {
        var drifted = Generated.Value.DeepClone();
        ((JsonObject)drifted["$defs"]!["SnowflakeIntegration"]!["properties"]!["config"]!["properties"]!).Remove("warehouse");
        ((JsonObject)drifted["$defs"]!["NativeS3Integration"]!["properties"]!["config"]!["properties"]!["awsSecretAccessKey"]!).Remove("description");

        Assert.Equal(["NativeS3Integration.config.awsSecretAccessKey (no description)", "SnowflakeIntegration.config.warehouse"], SchemaCoverage.Missing(drifted).Order(StringComparer.Ordinal));
        Assert.NotEqual(DefinitionSchemaGenerator.ToText(drifted), DefinitionSchemaGenerator.ToText(Generated.Value));
    }

    [Theory]
    [MemberData(nameof(RequestExamples))]
    public void Schema_DocumentedRequest_Valid(string example)
    {
        var schema = Committed();
        var body = JsonDocument.Parse(Examples.Read(example)).RootElement;
        var result = example.StartsWith("delete-", StringComparison.Ordinal)
            ? DeleteCredentialsSchema(example).Evaluate(body, Options)
            : schema.Evaluate(body, Options);

        Assert.True(result.IsValid, Describe(result));
    }

    [Theory]
    [InlineData("S3 account id as a YAML number", "type: Native S3\nconfig:\n  awsAccountId: 123456789\n")]
    [InlineData("Snowflake port as text", "type: Snowflake\nconfig:\n  port: \"443\"\n")]
    [InlineData("audit not an object", "type: Snowflake\nconfig:\n  audit: true\n")]
    [InlineData("autoBootstrap as text", "type: Databricks\nautoBootstrap: \"yes\"\n")]
    [InlineData("no type", "config:\n  host: h\n")]
    [InlineData("a number as text around a placeholder", "type: Redshift\nconfig:\n  port: port-${REDSHIFT_PORT}\n")]
    [InlineData("Snowflake config not an object", "type: Snowflake\nconfig: 5\n")]
    public void Schema_MistypedFile_Invalid(string scenario, string yaml)
    {
        var result = Committed().Evaluate(JsonDocument.Parse(ImmutaYaml.ToJson(yaml)).RootElement, Options);

        Assert.False(result.IsValid, scenario);
    }

    [Theory]
    [InlineData("unknown member, kept", "type: Snowflake\nconfig:\n  host: h\n  newerSetting: {a: 1}\nnewTopLevel: x\n")]
    [InlineData("unknown platform, Immuta decides", "type: Future Platform\nconfig:\n  anything: [1, 2]\n")]
    [InlineData("unknown authenticationType value", "type: Snowflake\nconfig:\n  authenticationType: somethingNew\n")]
    [InlineData("credential as a placeholder", "type: Native S3\nconfig:\n  authenticationType: accessKey\n  awsSecretAccessKey: ${AWS_SECRET}\n")]
    [InlineData("read-side members of a saved GET", "type: Trino\nid: 7\nstatus: enabled\n")]
    [InlineData("a number as a whole-value placeholder", "type: Redshift\nconfig:\n  port: ${REDSHIFT_PORT}\n")]
    [InlineData("a boolean as a whole-value placeholder", "type: Snowflake\nconfig:\n  audit:\n    enabled: ${AUDIT:-false}\n")]
    public void Schema_FileImmutaAccepts_Valid(string scenario, string yaml)
    {
        var result = Committed().Evaluate(JsonDocument.Parse(ImmutaYaml.ToJson(yaml)).RootElement, Options);

        Assert.True(result.IsValid, $"{scenario}: {Describe(result)}");
    }

    [Fact]
    public void Schema_Credential_SaysItTakesAPlaceholder()
    {
        var secret = Generated.Value["$defs"]!["SnowflakeIntegration"]!["properties"]!["config"]!["properties"]!["password"]!["description"]!.GetValue<string>();

        Assert.Contains("${NAME}", secret, StringComparison.Ordinal);
    }

    private static EvaluationOptions Options => new() { OutputFormat = OutputFormat.List };

    private static JsonSchema Committed() => JsonSchema.FromText(File.ReadAllText(CommittedPath), new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    // delete-integrations-id.snowflake.….request.json: the platform's delete credentials, under $defs.
    private static JsonSchema DeleteCredentialsSchema(string example)
    {
        var platform = example.Split('.')[1];
        var name = DefinitionSchemaGenerator.DeleteCredentials().Single(t => t.Name.Contains(platform, StringComparison.OrdinalIgnoreCase)).Name;
        var document = JsonNode.Parse(File.ReadAllText(CommittedPath))!.AsObject();
        var wrapper = new JsonObject
        {
            ["$schema"] = document["$schema"]!.DeepClone(),
            ["$ref"] = $"#/$defs/{name}",
            ["$defs"] = document["$defs"]!.DeepClone(),
        };
        return JsonSchema.FromText(wrapper.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }

    private static string Describe(EvaluationResults result)
        => string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join(", ", d.Errors!.Values)}"));
}
