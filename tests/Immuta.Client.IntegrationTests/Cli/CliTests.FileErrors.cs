using Immuta.Client.Cli;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary>
/// Problems of files told in the file's terms through the tool (issue 16, defect 7): file, line and column as written,
/// field, what was expected and how to fix it; a misspelled member is a warning naming the closest one; a dry run says so.
/// </summary>
public sealed partial class CliTests
{
    private const string S3WithUnquotedAccount = "type: Native S3\nautoBootstrap: false\nconfig:\n  awsAccountId: 123456789\n  name: s3\n";

    [Fact]
    public async Task Validate_UnquotedAccountIdInYaml_OneLineNamingFileLineColumnFieldAndFix()
    {
        var file = WriteFile("prod.yaml", S3WithUnquotedAccount);

        var (code, _, error) = await RunAsync("validate", "-f", file);

        Assert.Equal(2, code);
        Assert.Equal($"error: {file}:4:17: config.awsAccountId: expected a string, got a number; quote it: awsAccountId: \"123456789\"\n", error.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("Immuta.Client", error, StringComparison.Ordinal);
        Assert.DoesNotContain("byte", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_FromStdinWithTwoMistypedFields_EachErrorOnItsLineNamingStdin()
    {
        var (code, _, error) = await ToolRunnerStdin("type: Snowflake\nautoBootstrap: true\nconfig:\n  port: 'x'\n  warehouse: 5\n", "create", "-f", "-");

        Assert.Equal(2, code);
        Assert.Equal(
            "error: stdin:4:9: config.port: expected a whole number, got a string; write the number without quotes\n"
            + "error: stdin:5:14: config.warehouse: expected a string, got a number; quote it: warehouse: \"5\"\n",
            error.ReplaceLineEndings("\n"));
        Assert.Empty(_fake.Journal);
    }

    [Fact]
    public async Task Create_MisspelledMember_WarningNamesFileLineAndClosestMemberAndItIsSent()
    {
        var file = WriteFile("snowflake.yaml", "type: Snowflake\nautoBootstrap: true\nconfig:\n  host: acme.snowflakecomputing.com\n  warehouse: w\n  database: d\n  authenticationType: userPassword\n  username: u\n  password: p\n  audti:\n    enabled: true\n");

        var (code, _, error) = await RunAsync("create", "-f", file, "--show-secrets");

        Assert.True(code == 0, error);
        Assert.Contains($"warning: {file}:10:3: config.audti: is not a member this SDK models (did you mean audit?); it is sent as written", error, StringComparison.Ordinal);
        Assert.Contains("\"audti\"", Assert.Single(_fake.Journal, r => r.Method == "POST").Body!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_YamlWithMergeKeyAndCoreTags_ReadAsWrittenOut()
    {
        var file = WriteFile("merged.yaml", """
            x-defaults: &defaults
              host: redshift.example.com
              port: !!int "5439"
            type: Redshift
            autoBootstrap: true
            config:
              <<: *defaults
              database: immuta
              initialDatabase: dev
              authenticationType: userPassword
              username: admin
              password: !!str 12345
            """);

        var (code, _, error) = await RunAsync("create", "-f", file, "--show-secrets");

        Assert.True(code == 0, error);
        var body = System.Text.Json.JsonDocument.Parse(Assert.Single(_fake.Journal, r => r.Method == "POST").Body!).RootElement;
        Assert.Equal("redshift.example.com", body.GetProperty("config").GetProperty("host").GetString());
        Assert.Equal(5439, body.GetProperty("config").GetProperty("port").GetInt32());
        Assert.False(body.GetProperty("config").TryGetProperty("<<", out _));
    }

    [Fact]
    public async Task Validate_CustomTag_RefusedWithItsFileAndLine()
    {
        var file = WriteFile("ref.yaml", "type: Snowflake\nautoBootstrap: true\nconfig:\n  host: !Ref SnowflakeHost\n");

        var (code, _, error) = await RunAsync("validate", "-f", file);

        Assert.Equal(2, code);
        Assert.StartsWith($"error: {file}:4:9: a value is tagged !Ref, a tag this reader does not know", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateDryRun_ServerValidates_OutputSaysItWasADryRun()
    {
        var (code, _, error) = await RunAsync("create", "-f", Example("post-integrations.redshift.userPassword.request.json"), "--dry-run");

        Assert.True(code == 0, error);
        Assert.Contains("dry run: Immuta validated the definition; nothing was created.", error, StringComparison.Ordinal);
        Assert.Equal("?dryRun=true", Assert.Single(_fake.Journal, r => r.Method == "POST").Query);
        Assert.Empty(_fake.Integrations);
    }

    [Fact]
    public async Task UpdateAndDeleteDryRun_OutputSaysItWasADryRun()
    {
        var file = Example("post-integrations.redshift.userPassword.request.json");
        Assert.Equal(0, (await RunAsync("create", "-f", file)).Code);

        var update = await RunAsync("update", "1", "-f", file, "--dry-run");
        var delete = await RunAsync("delete", "1", "--dry-run", "--force-disable");

        Assert.Contains("dry run: Immuta validated the update; nothing was changed.", update.Error, StringComparison.Ordinal);
        Assert.Contains("dry run: Immuta validated the delete; nothing was deleted.", delete.Error, StringComparison.Ordinal);
        Assert.Equal(IntegrationStatus.Enabled, Assert.Single(_fake.Integrations).Status);
    }

    [Fact]
    public async Task Create_MissingFile_OneLineNamingTheFileExit2()
    {
        var missing = Path.Combine(_folder, "nowhere.yaml");

        var (code, _, error) = await RunAsync("create", "-f", missing);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Equal($"error: {missing}: no such file.\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Validate_FileInAMissingDirectory_OneLineNamingTheFileExit2()
    {
        var missing = Path.Combine(_folder, "no-such-dir", "trino.yaml");

        var (code, _, error) = await RunAsync("validate", "-f", missing);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Equal($"error: {missing}: no such file.\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Validate_UnreadableFile_OneLineNamingTheFileExit2()
    {
        // root reads any file whatever its mode: the case cannot be made there (CI containers often run as root).
        Assert.SkipWhen(OperatingSystem.IsWindows() || Environment.UserName == "root", "chmod 000 does not stop this user from reading (root or Windows).");
        var file = Example("post-integrations.trino.request.json");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.None);
        }

        var (code, _, error) = await RunAsync("validate", "-f", file);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Equal($"error: {file}: the file cannot be read (permission denied).\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Create_EmptyStdin_OneLineNamingStdinSendsNothing()
    {
        var (code, _, error) = await ToolRunnerStdin(string.Empty, "create", "-f", "-");

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Equal("error: stdin: standard input is empty: -f - reads a JSON or YAML definition from it (pipe or redirect one).\n", error.ReplaceLineEndings("\n"));
        Assert.Empty(_fake.Journal);
    }

    [Fact]
    public async Task Create_FileLargerThanAnyDefinition_OneLineNamingTheFileSendsNothing()
    {
        var file = Path.Combine(_folder, "disk.img");
        using (var stream = File.Create(file))
        {
            stream.SetLength(17L * 1024 * 1024); // sparse: zeros the disk never holds
        }

        var (code, _, error) = await RunAsync("create", "-f", file);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Equal($"error: {file}: the file is larger than 16 MB, which no definition is: it was not read (is it the file you meant?).\n", error.ReplaceLineEndings("\n"));
        Assert.Empty(_fake.Journal);
    }

    [Fact]
    public async Task Create_StdinLargerThanAnyDefinition_OneLineNamingStdinSendsNothing()
    {
        var (code, _, error) = await ToolRunnerStdin(new string(' ', (16 * 1024 * 1024) + 1), "create", "-f", "-");

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Equal("error: stdin: standard input holds more than 16 MB, which no definition does: it was not read.\n", error.ReplaceLineEndings("\n"));
        Assert.Empty(_fake.Journal);
    }

    [Fact]
    public async Task Create_StdinOfExactlyTheBound_ReadAndParsed()
    {
        var definition = Examples.Read("post-integrations.trino.request.json");
        var padded = definition + new string(' ', (16 * 1024 * 1024) - definition.Length);

        var (code, _, error) = await ToolRunnerStdin(padded, "create", "-f", "-");

        Assert.True(code == 0, error);
        Assert.Single(_fake.Integrations);
    }

    private Task<(int Code, string Out, string Error)> ToolRunnerStdin(string input, params string[] args)
        => ToolRunner.RunAsync(_variables, false, false, input, args);
}
