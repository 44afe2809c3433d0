using System.Text.RegularExpressions;
using Immuta.Client.Cli;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary>
/// Attack of issue 16 defects 6 and 8 (each command takes only its options): the command lines the README shows parse,
/// and a misplaced or mistyped option is a one-line usage error that says what was meant.
/// </summary>
public sealed partial class CliTests
{
    // Every command line of the README: lines of its code blocks, and `run:` steps of its CI workflow.
    public static TheoryData<string> ReadmeCommandLines()
    {
        var readme = File.ReadAllText(Path.Combine(Examples.RepositoryRoot(), "README.md"));
        var lines = Regex.Matches(readme, @"(?m)^\s*(?:run:\s*|KEY=\$\()?immuta-integrations ([^#`\n)]*)")
            .Select(m => m.Groups[1].Value.Trim())
            .Where(line => line.Length > 0 && !line.Contains('>', StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.True(lines.Count >= 8, string.Join('\n', lines));
        return new(lines);
    }

    [Theory]
    [MemberData(nameof(ReadmeCommandLines))]
    public void Parse_EachReadmeCommandLine_NoError(string commandLine)
    {
        var parsed = CliApp.Parse(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries), new CliEnvironment { Out = TextWriter.Null, Error = TextWriter.Null });

        Assert.Empty(parsed.Errors.Select(e => e.Message));
    }

    public static TheoryData<string[]> CommandsThatPrintResults() => new(
        ["list"], ["get", "1"], ["status", "1"], ["create", "-f", "FILE"], ["update", "1", "-f", "FILE"], ["apply", "-f", "FILE"]);

    [Theory]
    [MemberData(nameof(CommandsThatPrintResults))]
    public async Task OutputOption_EveryCommandThatPrintsResults_ShortFormAnyCaseSelectsYaml(string[] command)
    {
        var file = Example("post-integrations.trino.request.json");
        if (command[0] is not ("create" or "apply"))
        {
            Assert.Equal(0, (await RunAsync("create", "-f", file)).Code);
        }

        var (code, output, error) = await RunAsync([.. command.Select(a => a == "FILE" ? file : a), "-o", "YaML"]);

        Assert.True(code == 0, error);
        Assert.False(output.TrimStart().StartsWith('{') || output.TrimStart().StartsWith('['), output);
        Assert.Matches("(?m)^(- )?[a-zA-Z]+: ", output);
    }

    [Fact]
    public async Task TenantOptionBeforeTheCommand_OneUsageErrorSayingOptionsComeAfterTheCommand()
    {
        var (code, _, error) = await RunAsync("--url", "https://tenant.example.com", "list");

        Assert.Equal(2, code);
        Assert.Contains("error: options come after the command: immuta-integrations list --url …", error, StringComparison.Ordinal);
        Assert.Empty(_fake.Journal);
    }

    [Fact]
    public async Task Version_PrintsTheVersionExit0()
    {
        var (code, output, _) = await RunAsync("--version");

        Assert.Equal(0, code);
        Assert.Matches(@"^\d+\.\d+\.\d+", output);
    }

    [Theory]
    [InlineData("list", "--outptu", "--output")]
    [InlineData("get", "--show-secret", "--show-secrets")]
    [InlineData("apply", "--dryrun", "--dry-run")]
    [InlineData("plan", "--detailed-exit-code", "--detailed-exitcode")]
    public async Task UnknownOption_SuggestsTheNearestOfThatCommand(string command, string typed, string meant)
    {
        string[] args = command switch
        {
            "get" => ["get", "1", typed],
            "apply" or "plan" => [command, "-f", Example("post-integrations.trino.request.json"), typed],
            _ => [command, typed, "json"],
        };

        var (code, _, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains($"Did you mean '{meant}'?", error, StringComparison.Ordinal);
        Assert.Empty(_fake.Journal);
    }
}
