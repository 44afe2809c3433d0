using System.Text.Json;
using Xunit;

namespace Immuta.Client.Tests.Serialization;

/// <summary>
/// YAML merge keys and tags (issue 16, item 9): <c>&lt;&lt;</c> merges as YAML 1.1 defines it, the core tags give their
/// types, any other tag is refused with its line; aliases keep working and an alias bomb stays refused.
/// </summary>
public sealed class YamlMergeAndTagTests
{
    private static JsonElement Json(string yaml) => JsonDocument.Parse(ImmutaYaml.ToJson(yaml)).RootElement;

    [Fact]
    public void ToJson_MergeKeyWithAnAlias_MergesTheAnchoredMembers()
    {
        var json = Json("defaults: &d\n  host: h\n  port: 443\nconfig:\n  <<: *d\n  warehouse: w\n");

        var config = json.GetProperty("config");
        Assert.Equal("h", config.GetProperty("host").GetString());
        Assert.Equal(443, config.GetProperty("port").GetInt32());
        Assert.Equal("w", config.GetProperty("warehouse").GetString());
        Assert.False(config.TryGetProperty("<<", out _));
    }

    [Fact]
    public void ToJson_MergeKey_TheMappingsOwnKeysWinWhereverTheyStand()
    {
        var json = Json("d: &d {port: 1, host: h}\nconfig:\n  port: 2\n  <<: *d\n");

        Assert.Equal(2, json.GetProperty("config").GetProperty("port").GetInt32());
        Assert.Equal("h", json.GetProperty("config").GetProperty("host").GetString());
    }

    [Fact]
    public void ToJson_MergeKeyWithAListOfAliases_TheFirstMappingWins()
    {
        var json = Json("a: &a {port: 1}\nb: &b {port: 2, host: b}\nconfig:\n  <<: [*a, *b]\n");

        Assert.Equal(1, json.GetProperty("config").GetProperty("port").GetInt32());
        Assert.Equal("b", json.GetProperty("config").GetProperty("host").GetString());
    }

    [Fact]
    public void ToJson_QuotedMergeKey_IsAnOrdinaryKey()
    {
        var json = Json("config:\n  '<<': x\n");

        Assert.Equal("x", json.GetProperty("config").GetProperty("<<").GetString());
    }

    [Theory]
    [InlineData("config:\n  <<: 5\n", 2)]
    [InlineData("config:\n  <<: [x]\n", 2)]
    [InlineData("a: &a {x: 1}\nconfig:\n  <<: *a\n  <<: *a\n", 4)]
    public void ToJson_MergeKeyOfAnythingButMappings_RefusedWithItsLine(string yaml, int line)
    {
        var error = Assert.Throws<ImmutaSerializationException>(() => ImmutaYaml.ToJson(yaml));

        Assert.Equal(line, error.Line);
    }

    [Fact]
    public void Parse_MergedDefaults_SameModelAsWrittenOut()
    {
        const string merged = "x-defaults: &d\n  host: h\n  port: 443\n  warehouse: w\ntype: Snowflake\nautoBootstrap: true\nconfig:\n  <<: *d\n  database: db\n";
        const string written = "x-defaults:\n  host: h\n  port: 443\n  warehouse: w\ntype: Snowflake\nautoBootstrap: true\nconfig:\n  host: h\n  port: 443\n  warehouse: w\n  database: db\n";

        Assert.Equal(
            ImmutaJson.Serialize(IntegrationDefinitionFile.Parse(written)),
            ImmutaJson.Serialize(IntegrationDefinitionFile.Parse(merged)));
    }

    [Theory]
    [InlineData("port: !!int 5439", "5439")]
    [InlineData("port: !!int \"5439\"", "5439")]
    [InlineData("port: !!int 0x1F", "31")]
    [InlineData("port: !!float 1.5", "1.5")]
    [InlineData("port: !!float 2", "2")]
    [InlineData("port: !!bool yes", "true")]
    [InlineData("port: !!bool false", "false")]
    [InlineData("port: !!null ~", "null")]
    [InlineData("port: !!null", "null")]
    [InlineData("port: !!str 5439", "\"5439\"")]
    [InlineData("port: !!str ~", "\"~\"")]
    [InlineData("port: ! 5439", "\"5439\"")]
    [InlineData("port: !!map {a: 1}", "{\"a\":1}")]
    [InlineData("port: !!seq [1]", "[1]")]
    public void ToJson_CoreTag_GivesItsType(string yaml, string expected)
    {
        Assert.Equal(expected, Json(yaml).GetProperty("port").GetRawText());
    }

    [Fact]
    public void Parse_NullTaggedCredential_IsNullNeverTheTextTilde()
    {
        var definition = Assert.IsType<SnowflakeIntegration>(IntegrationDefinitionFile.Parse("type: Snowflake\nautoBootstrap: true\nconfig:\n  password: !!null ~\n"));

        Assert.Null(definition.Config!.Password);
    }

    [Theory]
    [InlineData("type: Snowflake\nconfig:\n  host: !Ref Host\n", 3, "!Ref")]
    [InlineData("type: Snowflake\nconfig:\n  key: !!binary aGVsbG8=\n", 3, "!!binary")]
    [InlineData("type: Snowflake\nconfig: !Sub\n  host: h\n", 2, "!Sub")]
    [InlineData("type: Snowflake\nconfig:\n  port: !!int five\n", 3, "!!int")]
    [InlineData("type: Snowflake\nconfig:\n  audit: !!bool maybe\n", 3, "!!bool")]
    [InlineData("type: Snowflake\nconfig:\n  port: !!float .inf\n", 3, "!!float")]
    [InlineData("type: Snowflake\nconfig:\n  password: !!null secret\n", 3, "!!null")]
    public void Parse_OtherTagOrAValueItsTagRefuses_RefusedWithItsLine(string yaml, int line, string tag)
    {
        var error = Assert.Throws<ImmutaSerializationException>(() => IntegrationDefinitionFile.Parse(yaml, IntegrationFileFormat.Yaml, _ => null, "x.yaml"));

        Assert.Equal(line, error.Line);
        Assert.StartsWith($"x.yaml:{line}:", error.Message, StringComparison.Ordinal);
        Assert.Contains(tag, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("five", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_AliasesOfSequences_StillExpanded()
    {
        var json = Json("a: &a [1, 2]\nb: *a\n");

        Assert.Equal("[1,2]", json.GetProperty("b").GetRawText());
    }

    [Fact]
    public void ToJson_MergeBomb_RefusedBeforeExpanding()
    {
        // Each mapping merges all the previous ones: without a budget, members copied grow as the square of the lines.
        var lines = new List<string> { "m0: &m0 {k0: 0}" };
        for (var i = 1; i < 2000; i++)
        {
            lines.Add($"m{i}: &m{i} {{<<: *m{i - 1}, k{i}: {i}}}");
        }

        var error = Assert.Throws<ImmutaSerializationException>(() => ImmutaYaml.ToJson(string.Join('\n', lines)));

        Assert.Contains("expands past", error.Message, StringComparison.Ordinal);
    }
}
