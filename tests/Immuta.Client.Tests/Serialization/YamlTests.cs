using System.Text.RegularExpressions;
using Immuta.Client.Tests.Support;
using Xunit;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

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

        Assert.Equal("Could not read the YAML (line 2, column 1): the key 'type' appears twice in one mapping.", error.Message);
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

    // ---- Strings a YAML reader would take for something else (issue 12, item 14) ----

    public static TheoryData<string> TrickyStrings() => new(Tricky);

    private static readonly string[] Tricky = [
        "yes", "Yes", "NO", "on", "Off", "y", "N", "true", "False", "null", "Null", "~", "",
        "0x1F", "0o17", "0b101", "017", "+12", "-3", "1_000", "123_456", "1:20", "190:20:30", "1.5", "1e3", ".5", "6.8523015e+5",
        ".inf", "-.Inf", ".NaN", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5",
        "<<", "=", "\t", " ", " lead", "trail ", "a  b", "tab\tinside", "line\nbreak", "#comment", "a #b", "key: value", "- item",
        "[x]", "{x}", "a,b", "&anchor", "*alias", "!tag", "|", ">", "'quoted'", "\"dq\"", "%directive", "@at", "`tick", "?",
        "<REDACTED>", "https://example.com:443/x", "caf\u00e9", "\u2028", "\u0085", "\uFEFFbom", "\u00A0nbsp"];

    [Theory]
    [MemberData(nameof(TrickyStrings))]
    public void Serialize_StringAPlainScalarWouldChange_QuotedAndReadBackTheSame(string text)
    {
        var definition = new SnowflakeIntegration { Config = new SnowflakeConfig { Password = text } };

        var yaml = ImmutaYaml.Serialize(definition);

        Assert.DoesNotContain(PlainScalars(yaml), scalar => scalar == text);
        Assert.Equal(text, ((SnowflakeIntegration)ImmutaYaml.Deserialize<IntegrationDefinition>(yaml)).Config!.Password!.Reveal());
    }

    [Fact]
    public void Serialize_TabOnlyPassword_ReadsBackAsTheTab()
    {
        var yaml = ImmutaYaml.Serialize(new SnowflakeIntegration { Config = new SnowflakeConfig { Password = "\t" } });

        Assert.Equal("\t", ((SnowflakeIntegration)ImmutaYaml.Deserialize<IntegrationDefinition>(yaml)).Config!.Password!.Reveal());
    }

    [Fact]
    public void Serialize_OrdinaryNames_StayPlain()
    {
        var yaml = ImmutaYaml.Serialize(new SnowflakeIntegration { Config = new SnowflakeConfig { Host = "organization.us-east-1.snowflakecomputing.com", Warehouse = "SAMPLE_WAREHOUSE" } });

        Assert.Contains("host: organization.us-east-1.snowflakecomputing.com\n", yaml, StringComparison.Ordinal);
        Assert.Contains("warehouse: SAMPLE_WAREHOUSE\n", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void RoundTrip_GeneratedTrickyStrings_ReadBackUnchangedAndNoPlainScalarLooksTyped()
    {
        // Fragments that make YAML readers see other types, glued together at random (a fixed seed: a failure replays).
        string[] fragments = ["y", "yes", "no", "on", "off", "true", "null", "~", "0", "1", "9", "0x", "0o", "0b", "_", ":", ".", "-", "+",
            "e", "E", "inf", "nan", "2001-12-14", "t", "Z", " ", "\t", "\n", "#", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", "\"",
            "%", "@", "`", "?", "<<", "=", "\\", "/", "a", "B", "\u00e9", "\u2028", "\u0085", "\uFEFF", "\u00A0", "\u0000", "\u001F", "\uD83D\uDE00"];
        var random = new Random(12);
        var strings = Enumerable.Range(0, 5000)
            .Select(_ => string.Concat(Enumerable.Range(0, random.Next(1, 5)).Select(_ => fragments[random.Next(fragments.Length)])))
            .Concat(Tricky)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var failures = new List<string>();

        foreach (var text in strings)
        {
            var definition = new SnowflakeIntegration
            {
                Config = new SnowflakeConfig { Password = text, AdditionalProperties = new Dictionary<string, System.Text.Json.JsonElement> { [text] = System.Text.Json.JsonSerializer.SerializeToElement(text, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<string>)ImmutaJson.Options.GetTypeInfo(typeof(string))) } },
            };
            var yaml = ImmutaYaml.Serialize(definition);
            var read = (SnowflakeIntegration)ImmutaYaml.Deserialize<IntegrationDefinition>(yaml);
            if (read.Config!.Password!.Reveal() != text || read.Config.AdditionalProperties?[text].GetString() != text)
            {
                failures.Add($"did not read back: {Escape(text)}");
            }

            failures.AddRange(PlainScalars(yaml).Where(LooksTyped).Select(scalar => $"plain but typed by some YAML reader: {Escape(scalar)}"));
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {strings.Count} strings: " + string.Join('\n', failures.Take(20)));
    }

    // Every plain scalar of a YAML text, as a YAML parser reads it.
    private static List<string> PlainScalars(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var plain = new List<string>();
        while (parser.MoveNext())
        {
            if (parser.Current is Scalar { Style: ScalarStyle.Plain } scalar)
            {
                plain.Add(scalar.Value);
            }
        }

        return plain;
    }

    // The implicit types of YAML 1.1 (bool, int, float, null, timestamp, merge, value) and of the YAML 1.2 core schema.
    private static bool LooksTyped(string plain) => plain != "Snowflake" && (
        Regex.IsMatch(plain, "^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")
        || Regex.IsMatch(plain, "^([-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+|0o[0-7]+)$")
        || Regex.IsMatch(plain, @"^([-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|[-+]?[0-9]+([eE][-+]?[0-9]+))$")
        || Regex.IsMatch(plain, "^(~|null|Null|NULL|)$")
        || Regex.IsMatch(plain, "^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?")
        || plain is "<<" or "="
        || plain != plain.Trim());

    private static string Escape(string text) => System.Text.Json.JsonSerializer.Serialize(text, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<string>)ImmutaJson.Options.GetTypeInfo(typeof(string)));
}
