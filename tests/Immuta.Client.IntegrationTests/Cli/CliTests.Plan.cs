using System.Text.Json.Nodes;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary>Issue 16 defects 3 and 4: the plan shows every +, ~ and - that the update makes, and nothing to change sends nothing.</summary>
public sealed partial class CliTests
{
    private string Edited(string example, string name, Action<JsonObject> change)
    {
        var json = JsonNode.Parse(Examples.Read(example))!.AsObject();
        change(json["config"]!.AsObject());
        return WriteFile(name, json.ToJsonString());
    }

    [Fact]
    public async Task ApplyDryRun_FileDropsDatabricksGroupPattern_PlanShowsTheRemoval()
    {
        var withPattern = Edited("post-integrations.databricks.token.request.json", "with.json", c => { c["token"] = "dapi-1"; c["groupPattern"] = new JsonObject { ["deny"] = "admins" }; });
        var without = Edited("post-integrations.databricks.token.request.json", "without.json", c => c["token"] = "dapi-1");
        Assert.Equal(0, (await RunAsync("apply", "-f", withPattern)).Code);

        var (code, _, error) = await RunAsync("apply", "-f", without, "--dry-run");

        Assert.True(code == 0, error);
        Assert.Contains("plan: update Databricks integration 1 (1 change)\n  - config.groupPattern.deny: admins\n", error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyDryRun_S3FromAccessKeyToAuto_PlanShowsTheKeysRemovedMasked()
    {
        Assert.Equal(0, (await RunAsync("apply", "-f", Example("post-integrations.s3.accessKey.request.json"))).Code);

        var (code, _, error) = await RunAsync("apply", "-f", WriteFile("auto.json", DocumentedRequests.S3AutoWithoutRole), "--dry-run");

        Assert.True(code == 0, error);
        Assert.Contains("  ~ config.authenticationType: accessKey → auto\n", error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("  - config.awsAccessKeyId: 123456789\n", error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("  - config.awsSecretAccessKey: ***\n", error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyDryRun_SnowflakeFileWithoutAudit_PlanShowsAuditTurnedOff()
    {
        var audited = Edited("post-integrations.snowflake.userPassword.request.json", "audited.json", c => c["audit"] = new JsonObject { ["enabled"] = true });
        Assert.Equal(0, (await RunAsync("apply", "-f", audited)).Code);

        var (code, _, error) = await RunAsync("apply", "-f", Example("post-integrations.snowflake.userPassword.request.json"), "--dry-run");

        Assert.True(code == 0, error);
        Assert.Contains("plan: update Snowflake integration 1 (1 change)\n  ~ config.audit.enabled: true → false\n", error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.EndsWith("dry run: nothing was sent.\n", error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CreateExamples))]
    public async Task Apply_UnchangedFile_SaysNoChangeAndSendsNothing(string example)
    {
        var file = Example(example);
        var created = await RunAsync("apply", "-f", file);
        Assert.True(created.Code == 0, created.Error);

        var (code, output, error) = await RunAsync("apply", "-f", file);

        Assert.True(code == 0, error);
        Assert.Equal("1", (string?)JsonNode.Parse(output)!["id"]); // the integration, as an apply that changed it prints it
        Assert.Contains("plan: no change: ", error, StringComparison.Ordinal);
        Assert.Contains("already matches the file; nothing was sent.", error, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Journal, r => r.Method == "PUT");
    }

    [Theory]
    [InlineData("json")]
    [InlineData("yaml")]
    [InlineData("table")]
    public async Task Apply_UnchangedFileWithOutput_PrintsTheIntegrationLikeAChangedOne(string format)
    {
        var file = Example("post-integrations.trino.request.json");
        var created = await RunAsync("apply", "-f", file, "-o", format);
        Assert.True(created.Code == 0, created.Error);

        var (code, output, error) = await RunAsync("apply", "-f", file, "-o", format);

        Assert.True(code == 0, error);
        Assert.Equal(created.Out, output);
    }

    [Fact]
    public async Task Apply_OneFileOnATenantHoldingOthers_PrintsThatFilesIntegration()
    {
        Assert.Equal(0, (await RunAsync("apply", "-f", Example("post-integrations.snowflake.userPassword.request.json"))).Code);

        var (code, output, error) = await RunAsync("apply", "-f", Example("post-integrations.trino.request.json"), "-o", "json");

        Assert.True(code == 0, error);
        var printed = JsonNode.Parse(output)!;
        Assert.Equal("2", (string?)printed["id"]);
        Assert.Equal("Trino", (string?)printed["type"]);
    }

    [Fact]
    public async Task Apply_UnchangedFileWithResendCredentials_ListsThemAndSendsThem()
    {
        var file = Example("post-integrations.snowflake.userPassword.request.json");
        await RunAsync("apply", "-f", file);

        var (code, _, error) = await RunAsync("apply", "-f", file, "--resend-credentials");

        Assert.True(code == 0, error);
        Assert.Contains("plan: update Snowflake integration 1 (2 changes)\n  ~ config.username: *** (sent again)\n  ~ config.password: *** (sent again)\n", error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("abc1234", error, StringComparison.Ordinal);
        Assert.Single(_fake.Journal, r => r.Method == "PUT");
    }

    [Fact]
    public async Task Apply_ValueWithALineBreak_PlanLineStaysOneLine()
    {
        await RunAsync("apply", "-f", Example("post-integrations.snowflake.userPassword.request.json"));
        var file = Edited("post-integrations.snowflake.userPassword.request.json", "odd.json", c => c["warehouse"] = "W\n  + config.forged: 1");

        var (code, _, error) = await RunAsync("apply", "-f", file, "--dry-run");

        Assert.True(code == 0, error);
        Assert.Contains("  ~ config.warehouse: SAMPLE_WAREHOUSE → W\\u000A  + config.forged: 1\n", error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }
}
