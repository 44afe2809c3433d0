using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary>Issue 16 defect 9: only documented placeholder forms are expanded; anything else that looks like one is refused, never sent.</summary>
public sealed partial class CliTests
{
    [Theory]
    [InlineData("${}")]
    [InlineData("${1X}")]
    [InlineData("${MY-PASS}")]
    [InlineData("${VAR:=changeme}")]
    [InlineData("pre${OPEN")]
    public async Task Create_MalformedPlaceholder_RefusedNamingFileAndFieldAndSendsNothing(string value)
    {
        var file = SnowflakeFile("odd.json", c => c["password"] = value);

        var (code, _, error) = await RunAsync("create", "-f", file);

        Assert.Equal(2, code);
        Assert.Matches($@"^error: {System.Text.RegularExpressions.Regex.Escape(file)}:1:\d+: config\.password: holds a '\$\{{' that is not a placeholder this reader knows;", error);
        Assert.DoesNotContain(_fake.Journal, r => r.Method == "POST");
    }

    [Fact]
    public async Task Create_PlaceholderWithDefault_UnsetVariableTakesTheDefault()
    {
        var file = SnowflakeFile("default.json", c => c["warehouse"] = "${WAREHOUSE:-FALLBACK_WH}");

        var (code, _, error) = await RunAsync("create", "-f", file);

        Assert.True(code == 0, error);
        Assert.Contains("\"warehouse\":\"FALLBACK_WH\"", Assert.Single(_fake.Journal, r => r.Method == "POST").Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_PlaceholderInAMemberName_Refused()
    {
        var file = SnowflakeFile("key.json", c => c["${KEY}"] = "x");
        _variables["KEY"] = "role";

        var (code, _, error) = await RunAsync("create", "-f", file);

        Assert.Equal(2, code);
        Assert.Contains("config.${KEY}: a member name holds a placeholder, which is never expanded", error, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Journal, r => r.Method == "POST");
    }

    private string RedshiftYaml(string extra) => WriteFile("redshift.yaml", $"""
        type: Redshift
        autoBootstrap: true
        config:
          host: organization.aws.amazon.com
          database: immuta
          initialDatabase: REDSHIFT_SAMPLE_DATA
          authenticationType: userPassword
          username: taylor@redshift.com
          password: abc1234
        {extra}
        """);

    [Fact]
    public async Task Create_WholePlaceholderWhereTheModelWantsANumberOrBoolean_SentAsThatJsonType()
    {
        _variables["REDSHIFT_PORT"] = "5439";
        _variables["AUDIT"] = "true";
        var file = RedshiftYaml("  port: ${REDSHIFT_PORT}\n  impersonation:\n    enabled: ${AUDIT}\n    role: IMMUTA_IMPERSONATION");

        var (code, _, error) = await RunAsync("create", "-f", file);

        Assert.True(code == 0, error);
        var body = Assert.Single(_fake.Journal, r => r.Method == "POST").Body!;
        Assert.Contains("\"port\":5439", body, StringComparison.Ordinal);
        Assert.Contains("\"impersonation\":{\"enabled\":true", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WholePlaceholderNotANumber_ErrorNamingFileLineFieldAndVariableNotItsValue()
    {
        _variables["REDSHIFT_PORT"] = "fifty-four";
        var file = RedshiftYaml("  port: ${REDSHIFT_PORT}");

        var (code, _, error) = await RunAsync("create", "-f", file);

        Assert.Equal(2, code);
        Assert.Matches($@"error: {System.Text.RegularExpressions.Regex.Escape(file)}:10:\d+: config\.port: expected a whole number, and the environment variable REDSHIFT_PORT of \$\{{REDSHIFT_PORT\}} does not hold one", error);
        Assert.DoesNotContain("fifty-four", error, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Journal, r => r.Method == "POST");
    }

    [Fact]
    public async Task Create_PlaceholderInsideAString_StaysAString()
    {
        _variables["WH"] = "5439";
        var file = SnowflakeFile("inline.json", c => c["warehouse"] = "${WH}");

        var (code, _, error) = await RunAsync("create", "-f", file);

        Assert.True(code == 0, error);
        Assert.Contains("\"warehouse\":\"5439\"", Assert.Single(_fake.Journal, r => r.Method == "POST").Body, StringComparison.Ordinal);
    }
}
