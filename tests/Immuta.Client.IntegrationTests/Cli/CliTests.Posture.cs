using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary>The tool's posture (issue 13): warnings printed with path and source and the command goes on; errors exit 2.</summary>
public sealed partial class CliTests
{
    [Fact]
    public async Task Create_DocumentedRedactedToken_WarningPrintedWithSourceThenCreated()
    {
        var file = Example("post-integrations.databricks.token.request.json");
        var (code, _, error) = await RunAsync("create", "-f", file);

        Assert.True(code == 0, error);
        Assert.Matches($@"^warning: {System.Text.RegularExpressions.Regex.Escape(file)}:\d+:\d+: config\.token: ", error);
        Assert.Contains(": config.token: is 'REDACTED', the marker Immuta returns in place of a token; if this came from a GET, put the real value in its place [source: spec §8.9, Q5", error, StringComparison.Ordinal);
        Assert.Single(_fake.Journal, r => r.Method == "POST");
    }

    [Fact]
    public async Task Create_S3AutoWithoutRoleToAssume_Created()
    {
        var (code, _, error) = await RunAsync("create", "-f", WriteFile("s3-auto.json", DocumentedRequests.S3AutoWithoutRole));

        Assert.True(code == 0, error);
        Assert.DoesNotContain("warning:", error, StringComparison.Ordinal);
        Assert.Equal(200, Assert.Single(_fake.Journal, r => r.Method == "POST").StatusCode);
    }

    [Fact]
    public async Task Apply_S3AutoWithoutRoleToAssume_CreatesThenUpdates()
    {
        var file = WriteFile("s3-auto.json", DocumentedRequests.S3AutoWithoutRole);

        var created = await RunAsync("apply", "-f", file);
        var changed = WriteFile("s3-auto-changed.json", DocumentedRequests.S3AutoWithoutRole.Replace("\"s3://\"", "\"s3://data/\"", StringComparison.Ordinal));
        var updated = await RunAsync("apply", "-f", changed);

        Assert.True(created.Code == 0, created.Error);
        Assert.StartsWith("plan: create a Native S3 integration (S3 integration)", created.Error, StringComparison.Ordinal);
        Assert.True(updated.Code == 0, updated.Error);
        Assert.Single(_fake.Journal, r => r.Method == "PUT" && r.StatusCode == 200);
    }

    [Fact]
    public async Task Apply_WarningFinding_PrintedOnceBeforeThePlan()
    {
        var (code, _, error) = await RunAsync("apply", "-f", Example("post-integrations.databricks.token.request.json"));

        Assert.True(code == 0, error);
        Assert.Single(error.Split('\n'), l => l.StartsWith("warning: ", StringComparison.Ordinal) && l.Contains(": config.token:", StringComparison.Ordinal));
        Assert.StartsWith("warning: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_UnknownMemberNameWithALineBreak_PrintedOnOneLine()
    {
        var file = SnowflakeFile("odd.json", c => c["x\nerror: forged"] = 1);

        var (code, _, error) = await RunAsync("validate", "-f", file);

        Assert.Equal(0, code);
        Assert.Matches(@"^warning: .*odd\.json:\d+:\d+: config\.x\\u000Aerror: forged: is not a member", error);
        Assert.EndsWith("config.x\\u000Aerror: forged: is not a member this SDK models; it is sent as written [source: spec §14 (unknown members are kept and sent as written)]\n", error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task ScriptDelete_Databricks_WritesTheScript()
    {
        await RunAsync("create", "-f", Example("post-integrations.databricks.token.request.json"));

        var (code, output, error) = await RunAsync("script", "delete", "1");

        Assert.True(code == 0, error);
        Assert.StartsWith("-- Immuta delete script for Databricks integration 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ErrorFinding_Exits2NamingPathAndSourceAndSendsNothing()
    {
        var file = SnowflakeFile("no-host.json", c => c.Remove("host"));

        var (code, _, error) = await RunAsync("create", "-f", file);

        Assert.Equal(2, code);
        Assert.Matches(
            $@"^error: {System.Text.RegularExpressions.Regex.Escape(file)}:1:\d+: config\.host: is required \[source: spec §5\.2 \(SF2: Snowflake field table, 'Yes'\)\]\n"
            + "error: local validation found 1 error; nothing was sent\n$",
            error.ReplaceLineEndings("\n"));
        Assert.DoesNotContain(_fake.Journal, r => r.Method == "POST");
    }

    [Fact]
    public async Task Create_ErrorFindingWithSkipValidation_SentAndTheServerAnswers()
    {
        var file = SnowflakeFile("no-host.json", c => c.Remove("host"));

        var (code, _, error) = await RunAsync("create", "-f", file, "--skip-validation");

        Assert.Equal(1, code);
        Assert.Contains("[status 400]", error, StringComparison.Ordinal);
        Assert.Single(_fake.Journal, r => r.Method == "POST");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Delete_CredentialsForDatabricks_RefusedEvenWithSkipValidation(bool skipValidation)
    {
        await RunAsync("create", "-f", Example("post-integrations.databricks.token.request.json"));
        var credentials = WriteFile("credentials.yaml", "authenticationType: token\n");
        string[] args = skipValidation ? ["delete", "1", "-f", credentials, "--skip-validation"] : ["delete", "1", "-f", credentials];

        var (code, _, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.StartsWith("error: integration 1: a Databricks integration's delete takes no credentials [source: spec §3.3, §6", error, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Journal, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task Delete_CredentialsForAnIntegrationSetUpByHand_Exits2BeforeSending()
    {
        await RunAsync("create", "-f", Example("post-integrations.snowflake.userPassword.manual.s002.request.json"));
        var credentials = WriteFile("credentials.yaml", "authenticationType: userPassword\nusername: u\npassword: p\n");

        var (code, _, error) = await RunAsync("delete", "1", "-f", credentials);

        Assert.Equal(2, code);
        Assert.StartsWith("error: integration 1: this Snowflake integration was set up by hand (autoBootstrap: false): its delete takes no credentials", error, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Journal, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task Delete_CredentialsForAnIntegrationSetUpByHandWithSkipValidation_SentAndTheServerAnswers400()
    {
        await RunAsync("create", "-f", Example("post-integrations.snowflake.userPassword.manual.s002.request.json"));
        var credentials = WriteFile("credentials.yaml", "authenticationType: userPassword\nusername: u\npassword: p\n");

        var (code, _, error) = await RunAsync("delete", "1", "-f", credentials, "--skip-validation");

        Assert.Equal(1, code);
        Assert.Contains("Credentials are not required for disable unless the integration was configured automatically.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_CredentialsForAPlatformThisToolDoesNotKnow_SentWithEveryMember()
    {
        var definition = WriteFile("spectrum.json", """{"type":"Amazon Redshift Spectrum","autoBootstrap":true,"config":{"host":"spectrum.example.com"}}""");
        await RunAsync("create", "-f", definition);
        var credentials = WriteFile("credentials.yaml", "authenticationType: userPassword\nusername: admin\npassword: pw-cli-5521\nrole: spectrum_admin\n");

        var (code, _, error) = await RunAsync("delete", "1", "-f", credentials);

        Assert.True(code == 0, error);
        Assert.Equal(
            """{"authenticationType":"userPassword","username":"admin","password":"***","role":"spectrum_admin"}""",
            Assert.Single(_fake.Journal, r => r.Method == "DELETE").Body);
        Assert.DoesNotContain("pw-cli-5521", error, StringComparison.Ordinal);
    }
}
