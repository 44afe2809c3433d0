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
}
