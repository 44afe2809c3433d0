using System.Text.Json;
using System.Text.Json.Nodes;
using Immuta.Client.Cli.Export;
using Xunit;

namespace Immuta.Client.Tests.Attack;

/// <summary>
/// "Nothing lost" through the tool's <c>export</c> then <c>apply</c>: a member this SDK does not model whose name reads as
/// a credential (<c>passwordless</c>, <c>sessionTokenDuration</c>) and whose value is a boolean or a number. The file is
/// read back as <c>apply</c> reads it, each variable set to the value it stands for.
/// </summary>
public sealed class ExportNonStringCredentialAttackTests
{
    [Fact]
    public void ExportThenParse_BooleanUnderACredentialLikeUnknownName_WrittenAsItIsAndReadBackABoolean()
    {
        var exported = ExportedDefinition.Of(Databricks("passwordless", "true"));

        var sent = SentMember(exported, "passwordless", _ => "dapi-token");

        Assert.Equal(JsonValueKind.True, sent.GetValueKind());
        Assert.DoesNotContain(exported.Variables, v => v.Field.EndsWith("passwordless", StringComparison.Ordinal));
    }

    [Fact(Skip = "Broken promise, not fixed (a rule choice for the lead): export writes a number under a credential-like "
        + "name as a placeholder (ExportedDefinition.Placeholders: a number may be a secret, such as a PIN), and the reader "
        + "expands a whole placeholder in a member the SDK does not model as a JSON string, so apply sends \"3600\" for 3600. "
        + "Retyping every expansion would turn a password of digits into a number; the export side knows the type.")]
    public void ExportThenParse_NumberUnderACredentialLikeUnknownName_ReadBackANumber()
    {
        var exported = ExportedDefinition.Of(Databricks("sessionTokenDuration", "3600"));
        var variable = Assert.Single(exported.Variables, v => v.Field.EndsWith("sessionTokenDuration", StringComparison.Ordinal)).Variable;

        var sent = SentMember(exported, "sessionTokenDuration", name => name == variable ? "3600" : "dapi-token");

        Assert.Equal(JsonValueKind.Number, sent.GetValueKind());
    }

    private static Integration Databricks(string member, string value) => ImmutaJson.Deserialize<Integration>(
        """{"id":"7","status":"enabled","type":"Databricks","autoBootstrap":false,"config":{"workspaceUrl":"adb-1.azuredatabricks.net","httpPath":"sql/1","catalog":"main","authenticationType":"token","token":"REDACTED","""
        + $"\"{member}\":{value}}}}}");

    private static JsonNode SentMember(ExportedDefinition exported, string member, Func<string, string?> environment)
    {
        var definition = IntegrationDefinitionFile.Parse<IntegrationDefinition>(exported.Yaml, IntegrationFileFormat.Yaml, environment, "exported.yaml");
        return JsonNode.Parse(ImmutaJson.Serialize(definition))!["config"]![member]!;
    }
}
