using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary>
/// A definition file, or an integration on the server, holding an escaped unpaired surrogate (<c>"\ud800"</c>: valid JSON,
/// not valid Unicode): every command either works (printing U+FFFD) or fails with a clear message, never "unexpected".
/// </summary>
public sealed partial class CliTests
{
    // The Snowflake example with one more config member, written as raw JSON text (a JsonObject cannot hold the escape).
    private string SnowflakeFileWithRawMember(string name, string member)
        => WriteFile(name, Examples.Read("post-integrations.snowflake.userPassword.request.json").Replace("\"config\": {", "\"config\": {" + member + ",", StringComparison.Ordinal));

    // The tool refuses such a file, so the integration is created through the SDK, which keeps the member as it came.
    private async Task CreateOnTheServerAsync(string member)
    {
        var text = Examples.Read("post-integrations.snowflake.userPassword.request.json").Replace("\"config\": {", "\"config\": {" + member + ",", StringComparison.Ordinal);
        using var client = _fake.CreateClient();
        var operation = await client.Integrations.CreateAsync(ImmutaWaitUntil.Started, ImmutaJson.Deserialize<IntegrationDefinition>(text), Ct);
        _fake.SetStatus(operation.Id, IntegrationStatus.Enabled);
    }

    public static TheoryData<string, string> LoneSurrogateMembers => new()
    {
        { "validate", "\"note\": \"bad \\ud800 char\"" },
        { "validate", "\"\\udc00note\": 1" },
        { "apply", "\"note\": \"bad \\ud800 char\"" },
        { "apply", "\"\\udc00note\": 1" },
        { "apply", "\"extra\": {\"\\ud800\": [\"\\udc00\"]}" },
    };

    [Theory]
    [MemberData(nameof(LoneSurrogateMembers))]
    public async Task Command_FileWithALoneSurrogateEscape_WorksOrClearErrorNeverUnexpected(string command, string member)
    {
        var file = SnowflakeFileWithRawMember("odd.json", member);
        Assert.Contains("\\u", await File.ReadAllTextAsync(file, Ct), StringComparison.Ordinal);
        string[] args = command == "apply" ? ["apply", "-f", file, "--dry-run"] : [command, "-f", file];

        var (code, output, error) = await RunAsync(args);

        Assert.DoesNotContain("unexpected", error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.True(code == 0 || error.Contains("odd.json", StringComparison.Ordinal), $"{code}: {error}\n{output}");
    }

    [Fact]
    public async Task ApplyDryRun_ServerHoldsALoneSurrogateEscapeTheFileDoesNot_PlanShowsTheChange()
    {
        await CreateOnTheServerAsync("\"note\": \"bad \\ud800 char\"");
        var plain = SnowflakeFileWithRawMember("plain.json", "\"note\": \"plain\"");

        var (code, _, plan) = await RunAsync("apply", "-f", plain, "--dry-run");

        Assert.True(code == 0, plan);
        Assert.Contains("config.note", plan, StringComparison.Ordinal);
        Assert.Contains("~ config.note:", plan, StringComparison.Ordinal);
        Assert.Contains("plain", plan, StringComparison.Ordinal);
        Assert.Contains("\uFFFD", plan, StringComparison.Ordinal); // the server's value, printed
    }

    [Fact]
    public async Task ApplyDryRun_FileAndServerHoldTheSameLoneSurrogateEscape_FileRefusedNamingIt()
    {
        await CreateOnTheServerAsync("\"note\": \"bad \\ud800 char\"");
        var file = SnowflakeFileWithRawMember("odd.json", "\"note\": \"bad \\ud800 char\"");

        var (code, output, error) = await RunAsync("apply", "-f", file, "--dry-run");

        Assert.DoesNotContain("unexpected", error, StringComparison.OrdinalIgnoreCase);
        Assert.True(code == 0 || error.Contains("odd.json", StringComparison.Ordinal), $"{code}: {error}\n{output}");
    }

    [Fact]
    public async Task Export_ServerHoldsALoneSurrogateEscape_ClearErrorNamingTheMemberNothingWritten()
    {
        await CreateOnTheServerAsync("\"note\": \"bad \\ud800 char\"");
        var dir = Path.Combine(_folder, "export");

        var (code, output, error) = await RunAsync("export", "--dir", dir);

        Assert.Equal(1, code);
        Assert.DoesNotContain("unexpected", error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("config.note", error, StringComparison.Ordinal);
        Assert.Contains("nothing was written", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir), output);
    }
}
