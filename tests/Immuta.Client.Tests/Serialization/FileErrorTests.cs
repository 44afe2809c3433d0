using Xunit;

namespace Immuta.Client.Tests.Serialization;

/// <summary>
/// A file's problems are told in the file's terms (issue 16, defect 7): the line and column of the text as written (YAML or
/// JSON, never of the JSON a YAML file became, never a byte offset), the field, what was expected and how to fix it; no .NET
/// type names; never a credential's value.
/// </summary>
public sealed class FileErrorTests
{
    private static readonly Func<string, string?> NoVariables = _ => null;

    private static ImmutaSerializationException Refused(string text, string? source = "prod.yaml", IntegrationFileFormat format = IntegrationFileFormat.Auto)
        => Assert.Throws<ImmutaSerializationException>(() => IntegrationDefinitionFile.Parse(text, format, NoVariables, source));

    [Fact]
    public void Parse_UnquotedAccountIdInYaml_NamesFileLineColumnFieldAndHowToQuoteIt()
    {
        const string yaml = "type: Native S3\nautoBootstrap: false\nconfig:\n  awsAccountId: 123456789\n  name: s3\n";

        var error = Refused(yaml);

        Assert.Equal("prod.yaml:4:17: config.awsAccountId: expected a string, got a number; quote it: awsAccountId: \"123456789\"", error.Message);
        Assert.Equal(("prod.yaml", 4, 17, "$.config.awsAccountId"), (error.FilePath, error.Line, error.Column, error.JsonPath));
    }

    [Fact]
    public void Parse_AccountIdWithLeadingZero_FixQuotesItAsWritten()
    {
        // YAML reads 012345678901 as the number 12345678901: the fix shows the digits the author wrote.
        var error = Refused("type: Native S3\nautoBootstrap: false\nconfig:\n  awsAccountId: 012345678901 # prod\n");

        Assert.EndsWith("quote it: awsAccountId: \"012345678901\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnquotedNumberInJson_QuoteHintInJson()
    {
        var error = Refused("{\n  \"type\": \"Native S3\",\n  \"config\": {\"awsAccountId\": 123456789}\n}", "prod.json");

        Assert.Equal("prod.json:3:30: config.awsAccountId: expected a string, got a number; quote it: \"awsAccountId\": \"123456789\"", error.Message);
    }

    [Fact]
    public void Parse_CredentialOfTheWrongType_NeverShowsItsValue()
    {
        var error = Refused("type: Snowflake\nautoBootstrap: true\nconfig:\n  password: 987654321\n");

        Assert.Equal("prod.yaml:4:13: config.password: expected a string (credential), got a number; quote it: password: \"…\"", error.Message);
        Assert.DoesNotContain("987654321", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("type: Native S3\nconfig: 5\n", "prod.yaml:2:9: config: expected an object, got a number; write its fields indented under it")]
    [InlineData("type: Snowflake\nconfig:\n  port: '443'\n", "prod.yaml:3:9: config.port: expected a whole number, got a string; write the number without quotes")]
    [InlineData("type: Snowflake\nautoBootstrap: 'yes'\n", "prod.yaml:2:16: autoBootstrap: expected a boolean (true or false), got a string; write true or false without quotes")]
    [InlineData("- 1\n", "prod.yaml:1:1: Expected an integration object, found a list.")]
    public void Parse_ValueOfTheWrongKind_SaysWhatWasExpectedWithoutDotNetTypeNames(string yaml, string expected)
    {
        var error = Refused(yaml);

        Assert.Equal(expected, error.Message);
        Assert.DoesNotContain("Immuta.Client", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Int32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralProblems_OneLineEachWithItsOwnPosition()
    {
        var error = Refused("type: Snowflake\nconfig:\n  port: 'x'\n  warehouse: 5\n");

        Assert.Equal(
            ["prod.yaml:3:9: config.port: expected a whole number, got a string; write the number without quotes",
             "prod.yaml:4:14: config.warehouse: expected a string, got a number; quote it: warehouse: \"5\""],
            error.Message.Split('\n'));
    }

    [Fact]
    public void Parse_JsonSyntaxErrorAfterNonAsciiText_ColumnCountsCharactersNotBytes()
    {
        var error = Refused("{\"type\": \"Snowflake\", \"note\": \"caf\u00e9\u00e9\u00e9\",}", "prod.json");

        Assert.StartsWith("prod.json:1:40: not valid JSON: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("byte", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("reader options", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_YamlSyntaxError_NamesItsLineAndColumn()
    {
        var error = Refused("type: Snowflake\nconfig: [unclosed\n");

        Assert.Matches(@"^prod\.yaml:\d+:\d+: ", error.Message);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void Parse_MemberNameWithALineBreak_CannotForgeALineOfTheMessage()
    {
        var error = Refused("{\"type\": \"Snowflake\", \"config\": {\"port\\nerror: forged\": {}, \"port\": \"x\"}}", "prod.json");

        Assert.Single(error.Message.Split('\n'));
    }

    [Fact]
    public void TryLocate_MemberOfAYamlFile_LineAndColumnOfItsName()
    {
        const string yaml = "type: Snowflake\nconfig:\n  host: h\n  audti:\n    enabled: true\n";

        Assert.True(IntegrationDefinitionFile.TryLocate(yaml, IntegrationFileFormat.Yaml, "config.audti", out var line, out var column));

        Assert.Equal((4, 3), (line, column));
    }

    [Fact]
    public void TryLocate_MissingMember_PointsAtTheObjectThatLacksIt()
    {
        const string json = "{\n  \"type\": \"Snowflake\",\n  \"config\": {\"host\": \"h\"}\n}";

        Assert.True(IntegrationDefinitionFile.TryLocate(json, IntegrationFileFormat.Json, "config.warehouse", out var line, out var column));

        Assert.Equal((3, 3), (line, column));
    }

    [Fact]
    public void Validate_MisspelledMember_WarningNamesTheClosestKnownMember()
    {
        var definition = IntegrationDefinitionFile.Parse("type: Snowflake\nautoBootstrap: true\nconfig:\n  host: h\n  audti:\n    enabled: true\n");

        var finding = Assert.Single(definition.Validate(IntegrationRequestKind.Create), f => f.Rule == IntegrationValidationRules.UnknownMember);

        Assert.False(finding.IsError);
        Assert.Equal("config.audti", finding.Path);
        Assert.Contains("did you mean audit?", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownMemberLikeNoKnownOne_NoSuggestion()
    {
        var definition = IntegrationDefinitionFile.Parse("type: Snowflake\nautoBootstrap: true\nconfig:\n  host: h\n  somethingNew: 1\n");

        var finding = Assert.Single(definition.Validate(IntegrationRequestKind.Create), f => f.Rule == IntegrationValidationRules.UnknownMember);

        Assert.DoesNotContain("did you mean", finding.Message, StringComparison.Ordinal);
    }
}
