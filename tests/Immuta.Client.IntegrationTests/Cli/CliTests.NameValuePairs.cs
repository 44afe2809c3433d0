using System.Text.Json.Nodes;
using Immuta.Client.Cli.Export;
using Immuta.Client.Cli.Planning;
using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary>
/// A credential held as a name/value pair in an unknown list (<c>config.connectionProperties: [{name: password, value: …}]</c>):
/// masked in the plan, the journal and every output, a placeholder in an export that reads back as it was.
/// </summary>
public sealed partial class CliTests
{
    private const string PairSecret = "S3cr3t-Pair-77";

    private static IntegrationDefinition TrinoWithPairs(string pairs)
        => ImmutaJson.Deserialize<IntegrationDefinition>("""{"type":"Trino","autoBootstrap":true,"config":{"connectionProperties":[""" + pairs + "]}}");

    private string SnowflakeWithPairs(string name, string pairs)
        => SnowflakeFile(name, c => c["connectionProperties"] = JsonNode.Parse("[" + pairs + "]"));

    [Theory]
    [InlineData("""{"name":"password","value":"old-Pair-1"}""", """{"name":"password","value":"S3cr3t-Pair-77"}""")]
    [InlineData("""{"value":"old-Pair-1","key":"Authorization"}""", """{"value":"S3cr3t-Pair-77","key":"Authorization"}""")]
    [InlineData("""{"name":"API-KEY","value":{"v":"old-Pair-1"}}""", """{"name":"API-KEY","value":{"v":"S3cr3t-Pair-77"}}""")]
    public void PlanLines_CredentialPairsValueChanged_PrintedAsStars(string before, string after)
    {
        var lines = string.Join("\n", PlanDiff.Lines(TrinoWithPairs(before), TrinoWithPairs(after)));

        Assert.DoesNotContain(PairSecret, lines, StringComparison.Ordinal);
        Assert.DoesNotContain("old-Pair-1", lines, StringComparison.Ordinal);
        Assert.Contains(": *** (changed)", lines, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanLines_PairWhoseNameIsNoCredentialChanged_BothValuesPrinted()
    {
        var lines = PlanDiff.Lines(TrinoWithPairs("""{"name":"warehouse","value":"W1"}"""), TrinoWithPairs("""{"name":"warehouse","value":"W2"}"""));

        Assert.Equal("  ~ config.connectionProperties[0].value: W1 → W2", Assert.Single(lines));
    }

    [Fact]
    public async Task ApplyDryRun_CredentialPairInTheFile_PlanMasksIt()
    {
        var file = SnowflakeWithPairs("pairs.json", """{"value":"S3cr3t-Pair-77","name":"password"},{"name":"warehouse","value":"W-Pair-1"}""");

        var (code, _, error) = await RunAsync("apply", "-f", file, "--dry-run");

        Assert.True(code == 0, error);
        Assert.DoesNotContain(PairSecret, error, StringComparison.Ordinal);
        Assert.Contains("  + config.connectionProperties[0].value: ***", error, StringComparison.Ordinal);
        Assert.Contains("  + config.connectionProperties[1].value: W-Pair-1", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_CredentialPairInTheFile_JournalAndEveryOutputMaskIt()
    {
        var file = SnowflakeWithPairs("pairs.json", """{"name":"PASSWORD","value":"S3cr3t-Pair-77"},{"name":"warehouse","value":"W-Pair-1"}""");

        var created = await RunAsync("create", "-f", file, "--no-wait", "--output", "json");
        var id = JsonNode.Parse(created.Out)!["id"]!.GetValue<string>();
        var outputs = new List<string>();
        foreach (var format in new[] { "json", "yaml", "table" })
        {
            var (code, output, error) = await RunAsync("get", id, "--output", format);
            Assert.True(code == 0, error);
            outputs.Add(output + error);
        }

        Assert.Equal(0, created.Code);
        Assert.All(outputs.Append(created.Out + created.Error), o => Assert.DoesNotContain(PairSecret, o, StringComparison.Ordinal));
        Assert.All(_fake.Journal, r => Assert.DoesNotContain(PairSecret, r.Body ?? string.Empty, StringComparison.Ordinal));
        Assert.Contains(_fake.Journal, r => r.Body?.Contains("W-Pair-1", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Export_CredentialPair_APlaceholderAndNoValuePrinted()
    {
        Assert.Equal(0, (await RunAsync("create", "-f", SnowflakeWithPairs("pairs.json", """{"value":"S3cr3t-Pair-77","name":"password"},{"name":"warehouse","value":"W-Pair-1"}"""))).Code);
        var dir = Path.Combine(_folder, "export-pairs");

        var (code, output, error) = await RunAsync("export", "--dir", dir);

        Assert.True(code == 0, error);
        var text = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(dir)), Ct);
        Assert.DoesNotContain(PairSecret, text + output + error, StringComparison.Ordinal);
        Assert.Contains("_CONNECTIONPROPERTIES_0_VALUE (config.connectionProperties[0].value)", output, StringComparison.Ordinal);
        Assert.Contains("W-Pair-1", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name":"password","value":"S3cr3t-Pair-77"}""")]
    [InlineData("""{"key":"Authorization","value":"Bearer S3cr3t-Pair-77"}""")]
    [InlineData("""{"value":"S3cr3t-Pair-77","name":"client_secret"}""")]
    [InlineData("""{"name":"Api-Key","value":{"plain":"S3cr3t-Pair-77","n":"x"}}""")]
    [InlineData("""{"name":"warehouse","value":"W-Pair-1"}""")]
    public void ExportOf_PairServerReturnsInClear_PlaceholdersReadBackAsTheDefinition(string pair)
    {
        var definition = TrinoWithPairs(pair);
        var original = JsonNode.Parse(ImmutaJson.Serialize(definition))!;

        var exported = ExportedDefinition.Of(new Integration { Id = "3", Status = IntegrationStatus.Enabled, Definition = definition });
        var values = exported.Variables.ToDictionary(v => v.Variable, v => ValueAt(original, v.Field), StringComparer.Ordinal);
        var read = IntegrationDefinitionFile.Parse(exported.Yaml, IntegrationFileFormat.Yaml, name => values.GetValueOrDefault(name));

        Assert.DoesNotContain(PairSecret, exported.Yaml, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(original["config"], JsonNode.Parse(ImmutaJson.Serialize(read))!["config"]), exported.Yaml);
    }
}
