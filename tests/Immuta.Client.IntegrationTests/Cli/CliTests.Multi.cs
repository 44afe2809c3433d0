using System.Text.Json;
using System.Text.Json.Nodes;
using Immuta.Client.Cli;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary>Issue 16 item 10: plan and apply over a directory — create, update, no change, not in the files, --prune, and exit codes for CI.</summary>
public sealed partial class CliTests
{
    /// <summary>One documented create example per platform: the 7 the SDK models.</summary>
    private static readonly string[] OnePerPlatform =
    [
        "post-integrations.snowflake.userPassword.request.json",
        "post-integrations.databricks.token.request.json",
        "post-integrations.redshift.userPassword.request.json",
        "post-integrations.synapse.userPassword.request.json",
        "post-integrations.s3.accessKey.request.json",
        "post-integrations.bigquery.request.json",
        "post-integrations.trino.request.json",
    ];

    private string WriteDirectory(string name, params (string File, string Content)[] files)
    {
        var directory = Path.Combine(_folder, name);
        Directory.CreateDirectory(directory);
        foreach (var (file, content) in files)
        {
            File.WriteAllText(Path.Combine(directory, file), content);
        }

        return directory;
    }

    private string AllPlatformsDirectory() => WriteDirectory("all", OnePerPlatform.Select(e => (e, Examples.Read(e))).ToArray());

    private IEnumerable<Testing.FakeRequest> Writes() => _fake.Journal.Where(r => r.Method is "POST" or "PUT" or "DELETE");

    [Fact]
    public async Task Plan_DirectoryOfAllSevenPlatforms_ListsSevenCreatesSendsNothingAndExits4WithDetailedExitcode()
    {
        var (code, output, error) = await RunAsync("plan", "-f", AllPlatformsDirectory(), "--detailed-exitcode");

        Assert.True(code == ExitCodes.ChangesPending, error);
        foreach (var type in new[] { "Snowflake", "Databricks", "Redshift", "Azure Synapse Analytics", "Native S3", "Google BigQuery", "Trino" })
        {
            Assert.Contains($": create a {type} integration (", output, StringComparison.Ordinal);
        }

        Assert.EndsWith("plan: 7 to create, 0 to update, 0 to delete, 0 unchanged.\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Empty(Writes());
        Assert.DoesNotContain("abc1234", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_WithoutDetailedExitcode_ChangesPendingExits0()
    {
        var (code, _, error) = await RunAsync("plan", "-f", AllPlatformsDirectory());

        Assert.True(code == 0, error);
    }

    [Fact]
    public async Task Apply_DirectoryOfAllSevenPlatforms_CreatesEachReportsEachAndReapplySendsNothing()
    {
        var directory = AllPlatformsDirectory();

        var (code, output, error) = await RunAsync("apply", "-f", directory);

        Assert.True(code == 0, error);
        Assert.Equal(7, _fake.Journal.Count(r => r.Method == "POST"));
        Assert.All(_fake.Integrations, i => Assert.Equal(IntegrationStatus.Enabled, i.Status));
        var results = JsonNode.Parse(output)!.AsArray();
        Assert.Equal(7, results.Count);
        Assert.All(results, r => Assert.Equal("created", (string?)r!["result"]));
        Assert.Equal(OnePerPlatform.Order(StringComparer.Ordinal).Select(f => Path.Combine(directory, f)), results.Select(r => (string?)r!["file"]));

        var writes = Writes().Count();
        var plan = await RunAsync("plan", "-f", directory, "--detailed-exitcode");
        var again = await RunAsync("apply", "-f", directory);

        Assert.True(plan.Code == 0, plan.Out + plan.Error);
        Assert.EndsWith("plan: 0 to create, 0 to update, 0 to delete, 7 unchanged.\n", plan.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.True(again.Code == 0, again.Error);
        Assert.Equal(writes, Writes().Count());
        Assert.All(JsonNode.Parse(again.Out)!.AsArray(), r => Assert.Equal("unchanged", (string?)r!["result"]));
    }

    [Fact]
    public async Task Apply_FailingIntegrationInTheMiddleOfADirectory_OthersAppliedAndEveryResultReported()
    {
        // a (Redshift) exists and changes: an update; b (Synapse) and c (Trino) are created, and b's create fails.
        var redshift = Examples.Read("post-integrations.redshift.userPassword.request.json");
        Assert.Equal(0, (await RunAsync("apply", "-f", WriteFile("a.json", redshift))).Code);
        var changed = JsonNode.Parse(redshift)!;
        changed["config"]!["database"] = "other_db";
        var directory = WriteDirectory(
            "three",
            ("a.json", changed.ToJsonString()),
            ("b.json", Examples.Read("post-integrations.synapse.userPassword.request.json")),
            ("c.json", Examples.Read("post-integrations.trino.request.json")));
        _fake.FailNext(IntegrationOperationKind.Create);

        var (code, output, error) = await RunAsync("apply", "-f", directory);

        Assert.True(code == ExitCodes.OperationFailed, error);
        var results = JsonNode.Parse(output)!.AsArray().Select(r => ((string?)r!["file"], (string?)r["result"], (int)r["exitCode"]!)).ToList();
        Assert.Equal(
            [(Path.Combine(directory, "a.json"), "updated", 0), (Path.Combine(directory, "b.json"), "failed", 3), (Path.Combine(directory, "c.json"), "created", 0)],
            results);
        Assert.Contains($"error: {Path.Combine(directory, "b.json")}: ", error, StringComparison.Ordinal);
        Assert.Contains(_fake.Integrations, i => i.Type == IntegrationType.Trino && i.Status == IntegrationStatus.Enabled);
    }

    [Fact]
    public async Task Plan_IntegrationNoFileDescribes_ReportedAndDeletedOnlyWithPrune()
    {
        var trino = WriteFile("trino.json", Examples.Read("post-integrations.trino.request.json"));
        Assert.Equal(0, (await RunAsync("apply", "-f", trino)).Code);
        var directory = WriteDirectory("s3-only", ("s3.json", Examples.Read("post-integrations.s3.accessKey.request.json")));

        var plain = await RunAsync("plan", "-f", directory);
        var pruning = await RunAsync("plan", "-f", directory, "--prune");

        Assert.Contains("plan: not in the files: Trino integration 1 (trino) is left as it is (--prune would delete it)\n", plain.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("plan: delete Trino integration 1 (trino): no file describes it (--prune)\n", pruning.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.EndsWith("plan: 1 to create, 0 to update, 1 to delete, 0 unchanged.\n", pruning.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Journal, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task ApplyPrune_IntegrationNoFileDescribes_DeletedAfterTheCreates()
    {
        Assert.Equal(0, (await RunAsync("apply", "-f", WriteFile("trino.json", Examples.Read("post-integrations.trino.request.json")))).Code);
        var directory = WriteDirectory("s3-only", ("s3.json", Examples.Read("post-integrations.s3.accessKey.request.json")));

        var (code, output, error) = await RunAsync("apply", "-f", directory, "--prune");

        Assert.True(code == 0, error);
        var journal = _fake.Journal.ToList();
        Assert.True(journal.FindLastIndex(r => r.Method == "POST") < journal.FindIndex(r => r.Method == "DELETE"), "the prune comes after the create");
        Assert.DoesNotContain(_fake.Integrations, i => i.Type == IntegrationType.Trino && i.Status != IntegrationStatus.Deleted);
        Assert.Contains(JsonNode.Parse(output)!.AsArray(), r => (string?)r!["action"] == "delete" && (string?)r["result"] == "deleted");
    }

    [Fact]
    public async Task ApplyPrune_ACreateFailed_DeletesNothingAndSaysWhy()
    {
        Assert.Equal(0, (await RunAsync("apply", "-f", WriteFile("trino.json", Examples.Read("post-integrations.trino.request.json")))).Code);
        var directory = WriteDirectory("s3-only", ("s3.json", Examples.Read("post-integrations.s3.accessKey.request.json")));
        _fake.FailNext(IntegrationOperationKind.Create);

        var (code, output, error) = await RunAsync("apply", "-f", directory, "--prune");

        Assert.Equal(ExitCodes.OperationFailed, code);
        Assert.Contains("prune skipped: Trino integration 1 (trino) is not deleted because 1 change failed.", error, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Journal, r => r.Method == "DELETE");
        Assert.Contains(JsonNode.Parse(output)!.AsArray(), r => (string?)r!["action"] == "delete" && (string?)r["result"] == "skipped");
    }

    [Fact]
    public async Task Apply_TwoFilesDescribeTheSameIntegration_RefusedNamingBothAndSendsNothing()
    {
        var trino = Examples.Read("post-integrations.trino.request.json");
        var directory = WriteDirectory("twice", ("one.json", trino), ("two.yaml", ImmutaYaml.FromJson(trino)));

        var (code, _, error) = await RunAsync("apply", "-f", directory);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains($"{Path.Combine(directory, "one.json")} and {Path.Combine(directory, "two.yaml")} describe the same Trino integration (trino)", error, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Journal, r => r.Method != "GET");
    }

    [Fact]
    public async Task Apply_DirectoryWithAnUnreadableFile_NamesItAndSendsNothing()
    {
        var directory = WriteDirectory("broken", ("a.json", Examples.Read("post-integrations.trino.request.json")), ("b.yaml", "type: [unclosed\n"));

        var (code, _, error) = await RunAsync("apply", "-f", directory);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("b.yaml", error, StringComparison.Ordinal);
        Assert.Contains("1 of 2 files could not be read; nothing was sent.", error, StringComparison.Ordinal);
        Assert.Empty(_fake.Journal);
    }

    [Fact]
    public async Task ApplyTable_Directory_ResultsAsATable()
    {
        var (code, output, error) = await RunAsync("apply", "-f", AllPlatformsDirectory(), "-o", "table");

        Assert.True(code == 0, error);
        Assert.StartsWith("FILE", output, StringComparison.Ordinal);
        Assert.Equal(8, output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n').Length);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(output));
    }

    [Theory]
    [InlineData(0, 4, 4)]
    [InlineData(4, 3, 3)]
    [InlineData(3, 1, 1)]
    [InlineData(1, 2, 2)]
    [InlineData(2, 130, 130)]
    [InlineData(0, 0, 0)]
    public void ExitCodesWorst_TwoCodes_TheWorseWins(int a, int b, int worst)
    {
        Assert.Equal(worst, ExitCodes.Worst(a, b));
        Assert.Equal(worst, ExitCodes.Worst(b, a));
    }
}
