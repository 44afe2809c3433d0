using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary>
/// Machine-readable output (<c>-o json|yaml</c>) is on standard output, whole, for every command that takes <c>-o</c>;
/// progress, plans and notes for people are on standard error. <c>apply --dry-run</c> prints its plan as that output.
/// </summary>
public sealed partial class CliTests
{
    public static TheoryData<string[], string> CommandsWithOutputFormats()
    {
        var data = new TheoryData<string[], string>();
        foreach (var format in new[] { "json", "yaml" })
        {
            foreach (var command in new[]
            {
                new[] { "list" }, ["get", "1"], ["status", "1"],
                ["create", "-f", "FILE"], ["create", "-f", "FILE", "--dry-run"], ["create", "-f", "FILE", "--no-wait"],
                ["update", "1", "-f", "FILE"], ["update", "1", "-f", "FILE", "--dry-run"],
                ["delete", "1"], ["delete", "1", "--dry-run"],
                ["apply", "-f", "FILE"], ["apply", "-f", "FILE", "--dry-run"], ["apply", "-f", "DIR"], ["apply", "-f", "DIR", "--dry-run"],
            })
            {
                data.Add(command, format);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CommandsWithOutputFormats))]
    public async Task OutputOption_EveryCommandAndMachineFormat_StdoutIsOneDocumentOfThatFormat(string[] command, string format)
    {
        var file = Example("post-integrations.trino.request.json");
        var dir = Directory.CreateDirectory(Path.Combine(_folder, "dir")).FullName;
        File.Copy(file, Path.Combine(dir, "trino.json"));
        if (command[0] is not ("create" or "apply"))
        {
            Assert.Equal(0, (await RunAsync("create", "-f", file)).Code);
        }

        var (code, output, error) = await RunAsync([.. command.Select(a => a switch { "FILE" => file, "DIR" => dir, _ => a }), "-o", format]);

        Assert.True(code == 0, error);
        var json = format == "json" ? output : ImmutaYaml.ToJson(output);
        using var document = JsonDocument.Parse(json);
        Assert.True(document.RootElement.ValueKind is JsonValueKind.Object or JsonValueKind.Array, output);
        Assert.DoesNotContain("plan:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("dry run", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("yaml")]
    public async Task ApplyDryRun_MachineFormat_PlanOnStdoutAsResultsAndForPeopleOnStderr(string format)
    {
        var file = Example("post-integrations.snowflake.userPassword.request.json");
        Assert.Equal(0, (await RunAsync("apply", "-f", file)).Code);
        var changed = Edited("post-integrations.snowflake.userPassword.request.json", "changed.json", c => c["warehouse"] = "OTHER");

        var (code, output, error) = await RunAsync("apply", "-f", changed, "--dry-run", "-o", format);

        Assert.True(code == 0, error);
        var item = Assert.Single(JsonNode.Parse(format == "json" ? output : ImmutaYaml.ToJson(output))!.AsArray())!;
        Assert.Equal("update", (string?)item["action"]);
        Assert.Equal("planned", (string?)item["result"]);
        Assert.Equal("1", (string?)item["id"]);
        Assert.Contains("~ config.warehouse: SAMPLE_WAREHOUSE → OTHER", item["changes"]!.AsArray().Select(c => (string?)c));
        Assert.Contains("plan: update Snowflake integration 1 (1 change)", error, StringComparison.Ordinal);
        Assert.EndsWith("dry run: nothing was sent.\n", error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("abc1234", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Journal, r => r.Method == "PUT");
    }

    [Fact]
    public async Task Plan_WithoutOutputOption_PlanLinesStayOnStdout()
    {
        var (code, output, error) = await RunAsync("plan", "-f", Example("post-integrations.trino.request.json"));

        Assert.True(code == 0, error);
        Assert.StartsWith("plan: create a Trino integration", output, StringComparison.Ordinal);
    }
}
