using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary>Issue 16 defects 1, 2, 6 and 8: every argument is checked before any request, and no input prints a stack trace.</summary>
public sealed partial class CliTests
{
    public static TheoryData<string, string> InvalidTimeouts()
    {
        var data = new TheoryData<string, string>();
        foreach (var command in new[] { "create", "update", "delete" })
        {
            foreach (var timeout in new[] { "soon", "0", "-5m", "99999999999999999999h" })
            {
                data.Add(command, timeout);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(InvalidTimeouts))]
    public async Task Timeout_Invalid_Exits2AndSendsNothing(string command, string timeout)
    {
        var file = Example("post-integrations.trino.request.json");
        Assert.Equal(0, (await RunAsync("create", "-f", file)).Code);
        var before = _fake.Journal.Count;
        string[] args = command switch
        {
            "create" => ["create", "-f", file, "--timeout", timeout],
            "update" => ["update", "1", "-f", file, "--timeout", timeout],
            _ => ["delete", "1", "--timeout", timeout],
        };

        var (code, _, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Equal(before, _fake.Journal.Count);
    }

    public static TheoryData<string> MalformedIds() => new("get 1.5", "status a b", "delete 1/2", "update 1.0 -f FILE", "script edit 1.5 -f FILE", "script delete 1/2", "regenerate-key ../1", "get %20");

    [Theory]
    [MemberData(nameof(MalformedIds))]
    public async Task Id_Malformed_OneLineUsageErrorExits2AndSendsNothing(string commandLine)
    {
        var file = Example("post-integrations.trino.request.json");
        var args = commandLine.Split(' ').Select(a => a == "FILE" ? file : a).ToList();
        if (commandLine.StartsWith("status", StringComparison.Ordinal))
        {
            args = ["status", "a b"];
        }

        var (code, output, error) = await RunAsync([.. args]);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.DoesNotContain(" at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains("is not an integration id", error, StringComparison.Ordinal);
        Assert.Empty(_fake.Journal);
    }

    [Theory]
    [InlineData("-o", "json")]
    [InlineData("-o", "JSON")]
    [InlineData("--output", "Yaml")]
    public async Task OutputShortOptionAnyCase_EveryCommand_SelectsTheFormat(string option, string format)
    {
        await RunAsync("create", "-f", Example("post-integrations.trino.request.json"));

        var (code, output, error) = await RunAsync("get", "1", option, format);

        Assert.True(code == 0, error);
        Assert.Equal(format.Equals("json", StringComparison.OrdinalIgnoreCase), output.TrimStart().StartsWith('{'));
    }

    [Fact]
    public async Task FileDash_ReadsStandardInput()
    {
        var (code, output, error) = await ToolRunner.RunAsync(_variables, false, false, Examples.Read("post-integrations.trino.request.json"), "validate", "-f", "-");

        Assert.True(code == 0, error);
        Assert.Contains("a valid Trino integration definition", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileIsADirectory_SaysSoAndExits2()
    {
        var (code, _, error) = await RunAsync("validate", "-f", _folder);

        Assert.Equal(2, code);
        Assert.Equal($"error: {_folder} is a directory: -f takes a JSON or YAML file (or - for standard input).\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task NoArguments_PrintsHelp()
    {
        var (code, output, _) = await RunAsync();

        Assert.Equal(0, code);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Contains("apply", output, StringComparison.Ordinal);
        Assert.Contains("Exit codes:", output, StringComparison.Ordinal);
        Assert.Contains("${NAME}", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lsit", "list")]
    [InlineData("aply", "apply")]
    [InlineData("regenerate", "regenerate-key")]
    public async Task UnknownCommand_SuggestsTheNearest(string typed, string meant)
    {
        var (code, _, error) = await RunAsync(typed);

        Assert.Equal(2, code);
        Assert.Contains($"Did you mean '{meant}'?", error, StringComparison.Ordinal);
    }
}
