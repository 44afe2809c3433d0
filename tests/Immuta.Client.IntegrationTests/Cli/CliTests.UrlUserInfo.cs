using System.Text.Json.Nodes;
using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary>
/// A password in a URL-valued member (<c>host: https://admin:pw@acct…</c>) never prints: not in <c>get</c>, <c>list</c>'s HOST
/// column, the plan and its identity, <c>export</c>'s file and output, nor the fake's journal (issue 16, review item 1).
/// </summary>
public sealed partial class CliTests
{
    private const string UrlPassword = "Url-Pw-4471";
    private const string HostWithPassword = "https://admin:" + UrlPassword + "@acct.snowflakecomputing.com";

    private async Task<string> CreateSnowflakeWithPasswordInHostAsync()
    {
        var file = SnowflakeFile("url-host.json", c => c["host"] = HostWithPassword);
        var created = await RunAsync("create", "-f", file, "--output", "json");
        Assert.True(created.Code == 0, created.Error);
        Assert.DoesNotContain(UrlPassword, created.Out + created.Error, StringComparison.Ordinal);
        return JsonNode.Parse(created.Out)!["id"]!.GetValue<string>();
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Get_PasswordInHost_UserInfoMaskedInEveryFormat(string format)
    {
        var id = await CreateSnowflakeWithPasswordInHostAsync();

        var (code, output, error) = await RunAsync("get", id, "--output", format);

        Assert.True(code == 0, error);
        Assert.DoesNotContain(UrlPassword, output + error, StringComparison.Ordinal);
        Assert.Contains("https://***@acct.snowflakecomputing.com", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_PasswordInHost_HostColumnMasked()
    {
        await CreateSnowflakeWithPasswordInHostAsync();

        var (code, output, error) = await RunAsync("list", "--output", "table");

        Assert.True(code == 0, error);
        Assert.DoesNotContain(UrlPassword, output + error, StringComparison.Ordinal);
        Assert.Contains("acct.snowflakecomputing.com", output, StringComparison.Ordinal); // the identity: the host alone
    }

    [Fact]
    public async Task Plan_CreateWithPasswordInHost_PlanAndIdentityMasked()
    {
        var file = SnowflakeFile("url-host.json", c => c["host"] = HostWithPassword);

        var (code, output, error) = await RunAsync("plan", "-f", file);

        Assert.True(code == 0, error);
        Assert.DoesNotContain(UrlPassword, output + error, StringComparison.Ordinal);
        Assert.Contains("plan: create a Snowflake integration", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_UrlPasswordChanged_ChangeShownWithoutEitherPassword()
    {
        await CreateSnowflakeWithPasswordInHostAsync();
        var file = SnowflakeFile("url-host-2.json", c =>
        {
            c["host"] = HostWithPassword;
            c["warehouse"] = "OTHER_WH";
            c["role"] = "https://svc:Second-Pw-5582@proxy.example/role";
        });

        var (code, output, error) = await RunAsync("plan", "-f", file);

        Assert.True(code == 0, error);
        Assert.DoesNotContain(UrlPassword, output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("Second-Pw-5582", output + error, StringComparison.Ordinal);
        Assert.True(output.Contains("https://***@proxy.example/role", StringComparison.Ordinal), output);
    }

    [Fact]
    public async Task Export_PasswordInHost_APlaceholderInTheFileNoPasswordPrinted()
    {
        await CreateSnowflakeWithPasswordInHostAsync();
        var dir = Path.Combine(_folder, "export-url");

        var (code, output, error) = await RunAsync("export", "--dir", dir);

        Assert.True(code == 0, error);
        var file = Assert.Single(Directory.GetFiles(dir));
        var text = await File.ReadAllTextAsync(file, Ct);
        Assert.DoesNotContain(UrlPassword, text + output + error + file, StringComparison.Ordinal);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(text, @"host: ""?\$\{IMMUTA_SNOWFLAKE_ACCT_SNOWFLAKECOMPUTING_COM_HOST\}""?"), text + output);
        Assert.Contains("_HOST (config.host)", output, StringComparison.Ordinal);

        // The round trip: with the printed variables set, the file describes what the tenant holds.
        _variables["IMMUTA_SNOWFLAKE_ACCT_SNOWFLAKECOMPUTING_COM_HOST"] = HostWithPassword;
        _variables["IMMUTA_SNOWFLAKE_ACCT_SNOWFLAKECOMPUTING_COM_USERNAME"] = "taylor@snowflake.com";
        _variables["IMMUTA_SNOWFLAKE_ACCT_SNOWFLAKECOMPUTING_COM_PASSWORD"] = "abc1234";
        var (planCode, planOut, plan) = await RunAsync("plan", "-f", file);
        Assert.True(planCode == 0, plan);
        Assert.Contains("plan: no change:", planOut, StringComparison.Ordinal);
        Assert.DoesNotContain(UrlPassword, planOut + plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Journal_PasswordInHost_UserInfoMasked()
    {
        await CreateSnowflakeWithPasswordInHostAsync();

        Assert.All(_fake.Journal, r => Assert.DoesNotContain(UrlPassword, r.Body ?? string.Empty, StringComparison.Ordinal));
        Assert.Contains(_fake.Journal, r => r.Body?.Contains("https://***@acct.snowflakecomputing.com", StringComparison.Ordinal) == true);
    }
}
