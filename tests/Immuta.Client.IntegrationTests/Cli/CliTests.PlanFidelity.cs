using System.Text.Json.Nodes;
using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary>
/// The third attack on <c>apply</c>'s plan: "no change" only when the update would change nothing, and every change it
/// shows is one the update makes; credentials never printed.
/// </summary>
public sealed partial class CliTests
{
    private const string SnowflakeExample = "post-integrations.snowflake.userPassword.request.json";

    public static TheoryData<string> CredentialShapes() => ["object", "array"];

    private static JsonNode CredentialOfShape(string shape)
        => shape == "object" ? new JsonObject { ["a"] = "S3CRET-A" } : new JsonArray("S3CRET-A", "S3CRET-B");

    [Theory]
    [MemberData(nameof(CredentialShapes))]
    public async Task Apply_UnchangedFileWithAnUnknownCredentialObjectOrArray_SaysNoChangeAndSendsNothing(string shape)
    {
        // Immuta returns the whole member as one <REDACTED> marker: its leaves were shown added and the marker removed.
        var file = Edited(SnowflakeExample, "tokens.json", c => c["tokenConfig"] = CredentialOfShape(shape));
        Assert.Equal(0, (await RunAsync("apply", "-f", file)).Code);

        var (code, _, error) = await RunAsync("apply", "-f", file);

        Assert.True(code == 0, error);
        Assert.Contains("plan: no change: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("S3CRET", error, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Journal, r => r.Method == "PUT");
    }

    [Fact]
    public async Task ApplyDryRun_UnknownCredentialObjectWithResendCredentials_ListsItOnceAsSentAgain()
    {
        var file = Edited(SnowflakeExample, "tokens.json", c => c["tokenConfig"] = CredentialOfShape("object"));
        Assert.Equal(0, (await RunAsync("apply", "-f", file)).Code);

        var (code, _, error) = await RunAsync("apply", "-f", file, "--resend-credentials", "--dry-run");

        Assert.True(code == 0, error);
        Assert.Contains("plan: update Snowflake integration 1 (3 changes)\n  ~ config.username: *** (sent again)\n  ~ config.password: *** (sent again)\n  ~ config.tokenConfig: *** (sent again)\n", error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("S3CRET", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyDryRun_MemberNameWithADotReplacesTheNestedMember_PlanShowsBoth()
    {
        // {"extra": {"b": 1}} and {"extra.b": 1} both printed as config.extra.b: the plan said "no change".
        Assert.Equal(0, (await RunAsync("apply", "-f", Edited(SnowflakeExample, "nested.json", c => c["extra"] = new JsonObject { ["b"] = 1 }))).Code);

        var (code, _, error) = await RunAsync("apply", "-f", Edited(SnowflakeExample, "dotted.json", c => c["extra.b"] = 1), "--dry-run");

        Assert.True(code == 0, error);
        Assert.Contains("plan: update Snowflake integration 1 (2 changes)\n  + config[\"extra.b\"]: 1\n  - config.extra.b: 1\n", error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyDryRun_NumberBecomesAString_PlanShowsTheChangeAsJson()
    {
        Assert.Equal(0, (await RunAsync("apply", "-f", Edited(SnowflakeExample, "number.json", c => c["extra"] = 1))).Code);

        var (code, _, error) = await RunAsync("apply", "-f", Edited(SnowflakeExample, "string.json", c => c["extra"] = "1"), "--dry-run");

        Assert.True(code == 0, error);
        Assert.Contains("plan: update Snowflake integration 1 (1 change)\n  ~ config.extra: 1 → \"1\"\n", error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyDryRun_EmptyObjectAdded_PlanShowsIt()
    {
        Assert.Equal(0, (await RunAsync("apply", "-f", Example(SnowflakeExample))).Code);

        var (code, _, error) = await RunAsync("apply", "-f", Edited(SnowflakeExample, "empty.json", c => c["extra"] = new JsonObject()), "--dry-run");

        Assert.True(code == 0, error);
        Assert.Contains("plan: update Snowflake integration 1 (1 change)\n  + config.extra: {}\n", error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_ValueImmutaReturnsRedactedChanged_NoChangeSaysWhatWasNotCompared()
    {
        // A userPassword username reads back <REDACTED>: a new one cannot be seen, and "already matches" alone dropped it unsaid.
        Assert.Equal(0, (await RunAsync("apply", "-f", Example(SnowflakeExample))).Code);

        var (code, _, error) = await RunAsync("apply", "-f", Edited(SnowflakeExample, "user.json", c => c["username"] = "other@snowflake.com"));

        Assert.True(code == 0, error);
        Assert.Contains("plan: no change: ", error, StringComparison.Ordinal);
        Assert.Contains("  note: Immuta returns config.username, config.password redacted, so the file's values were not compared; pass --resend-credentials to send them.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("abc1234", error, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Journal, r => r.Method == "PUT");
    }
}
