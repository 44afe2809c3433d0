using System.Text.Json.Nodes;
using Xunit;

namespace Immuta.Client.Tests.Attack;

/// <summary>
/// Numbers in unknown members taken JSON → YAML → JSON (the tool's <c>export</c>, then <c>apply</c>): a YAML file and its JSON
/// twin give the same JSON, so a number is kept as written, not rounded through <see cref="long"/> or <see cref="double"/>.
/// </summary>
public sealed class YamlNumberRoundTripTests
{
    [Theory]
    [InlineData("12345678901234567890")] // past long.MaxValue: rounded to 1.2345678901234567E+19
    [InlineData("-98765432109876543210")]
    [InlineData("0.12345678901234567890123")] // more digits than a double holds
    [InlineData("1.0")] // written back as 1
    [InlineData("1E+2")] // written back as 100
    [InlineData("12345678901234567890123456789e-3")]
    public void FromJsonThenToJson_NumberInAnUnknownMember_SameJsonText(string number)
    {
        var json = """{"type":"Trino","autoBootstrap":true,"config":{"future":{"value":""" + number + "}}}";

        var yaml = ImmutaYaml.Serialize(ImmutaJson.Deserialize<IntegrationDefinition>(json));
        var back = ImmutaJson.Serialize(ImmutaYaml.Deserialize<IntegrationDefinition>(yaml));

        Assert.Equal(number, JsonNode.Parse(back)!["config"]!["future"]!["value"]!.ToJsonString());
    }

    [Fact]
    public void ToJson_PlainScalarThatIsAJsonNumber_TheSameNumberAsItsJsonTwin()
    {
        Assert.Equal("""{"id":12345678901234567890}""", ImmutaYaml.ToJson("id: 12345678901234567890").ReplaceLineEndings(string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal));
    }
}
