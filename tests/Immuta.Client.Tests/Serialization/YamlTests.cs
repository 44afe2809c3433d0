using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Serialization;

/// <summary>YAML uses the JSON field names and yields identical models; bad YAML fails clearly.</summary>
public sealed class YamlTests
{
    public static TheoryData<string> RequestExamples()
        => new(Examples.Names().Where(n => n.EndsWith(".request.json", StringComparison.Ordinal) && !n.StartsWith("delete-", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(RequestExamples))]
    public void Deserialize_RequestExampleAsYaml_SameModelAsFromJson(string example)
    {
        var json = Examples.Read(example);
        var fromJson = ImmutaJson.Deserialize<IntegrationDefinition>(json);

        var yaml = ImmutaYaml.Serialize(fromJson);
        var fromYaml = ImmutaYaml.Deserialize<IntegrationDefinition>(yaml);

        JsonAssert.Equivalent(json, ImmutaJson.Serialize(fromYaml));
        Assert.Equal(fromJson.GetType(), fromYaml.GetType());
    }

    [Fact]
    public void Deserialize_HandWrittenSnowflakeYaml_TypedAsInJson()
    {
        const string yaml = """
            type: Snowflake
            autoBootstrap: false
            config:
              host: organization.us-east-1.snowflakecomputing.com
              port: 443
              warehouse: SAMPLE_WAREHOUSE
              database: "443"
              audit: { enabled: true }
              authenticationType: userPassword
              username: taylor@snowflake.com
              password: 'true'
            """;

        var definition = Assert.IsType<SnowflakeIntegration>(ImmutaYaml.Deserialize<IntegrationDefinition>(yaml));

        Assert.False(definition.AutoBootstrap);
        Assert.Equal(443, definition.Config!.Port);
        Assert.Equal("443", definition.Config.Database);
        Assert.True(definition.Config.Audit!.Enabled);
        Assert.Equal("true", definition.Config.Password!.Reveal());
    }

    [Fact]
    public void Deserialize_DuplicateKey_RejectedWithLine()
    {
        var error = Assert.Throws<ImmutaSerializationException>(() => ImmutaYaml.Deserialize<IntegrationDefinition>("type: Trino\ntype: Snowflake\n"));

        Assert.Equal("Could not read the YAML: Line 2: the key 'type' appears twice in one mapping.", error.Message);
    }

    [Fact]
    public void Deserialize_BillionLaughs_RefusedBeforeExpanding()
    {
        var lines = new List<string> { "a: &a [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i < 10; i++)
        {
            var previous = (char)('a' + i - 1);
            lines.Add($"{(char)('a' + i)}: &{(char)('a' + i)} [{string.Join(", ", Enumerable.Repeat($"*{previous}", 10))}]");
        }

        var error = Assert.Throws<ImmutaSerializationException>(() => ImmutaYaml.ToJson(string.Join('\n', lines)));

        Assert.Contains("expands past 100000 values", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("type: [unclosed", "Could not read the YAML (line 2, column 1)")]
    [InlineData("", "Could not read the YAML: The YAML text holds no document.")]
    [InlineData("type: Trino\n---\ntype: Trino\n", "more than one document")]
    public void ToJson_BadYaml_ClearError(string yaml, string expected)
    {
        var error = Assert.Throws<ImmutaSerializationException>(() => ImmutaYaml.ToJson(yaml));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
