using System.Text.Json;
using Immuta.Client.Cli;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary>Each command of <c>immuta-integrations</c> run in-process against the fake; exit codes and streams.</summary>
public sealed partial class CliTests : IAsyncLifetime
{
    private readonly FakeImmutaServer _fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
    private readonly string _folder = Directory.CreateTempSubdirectory("immuta-cli-").FullName;
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _variables["IMMUTA_URL"] = _fake.Uri.ToString();
        _variables["IMMUTA_API_KEY"] = _fake.ApiKey;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _fake.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private Task<(int Code, string Out, string Error)> RunAsync(params string[] args) => RunAsync(isTerminal: false, args);

    private Task<(int Code, string Out, string Error)> RunAsync(bool isTerminal, params string[] args) => ToolRunner.RunAsync(_variables, isTerminal, args);

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private string Example(string name) => WriteFile(name, Examples.Read(name));

    public static TheoryData<string> CreateExamples()
        => new(Examples.Names().Where(n => n.StartsWith("post-integrations.", StringComparison.Ordinal) && n.EndsWith(".request.json", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(CreateExamples))]
    public async Task Create_EachDocumentedExample_SendsABodyEquivalentToTheFile(string example)
    {
        var (code, output, error) = await RunAsync("create", "-f", Example(example), "--show-secrets");

        Assert.True(code == 0, error);
        var sent = Assert.Single(_fake.Journal, r => r.Method == "POST");
        var expected = ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read(example));
        JsonAssert.Equivalent(Immuta.Client.Serialization.JsonSecretMasker.Mask(Examples.Read(example), isYaml: false)!, sent.Body!);
        Assert.Equal(expected.Type, ImmutaJson.Deserialize<Integration>(output).Type);
        Assert.Contains(": enabled after ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_YamlFileWithEnvironmentPlaceholder_CreatesAndPrintsServerJson()
    {
        _variables["SF_PASSWORD"] = "s3cret-from-env";
        var yaml = ImmutaYaml.Serialize(ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read("post-integrations.snowflake.userPassword.request.json")))
            .Replace("abc1234", "${SF_PASSWORD}", StringComparison.Ordinal);

        var (code, output, _) = await RunAsync("create", "-f", WriteFile("snowflake.yaml", yaml), "--output", "json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("enabled", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("<REDACTED>", json.RootElement.GetProperty("config").GetProperty("password").GetString()); // the server's marker, printed as itself
        Assert.DoesNotContain("s3cret-from-env", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateNoWait_ThenStatusGetListUpdateDelete_AllSucceed()
    {
        var file = Example("post-integrations.redshift.userPassword.request.json");

        var created = await RunAsync("create", "-f", file, "--no-wait");
        Assert.Equal(0, created.Code);
        Assert.Equal("creating", JsonDocument.Parse(created.Out).RootElement.GetProperty("status").GetString());
        var id = JsonDocument.Parse(created.Out).RootElement.GetProperty("id").GetString()!;

        Assert.Equal(0, (await RunAsync("status", id)).Code);
        Assert.Equal(id, JsonDocument.Parse((await RunAsync("get", id)).Out).RootElement.GetProperty("id").GetString());
        Assert.Equal(1, JsonDocument.Parse((await RunAsync("list")).Out).RootElement.GetArrayLength());
        Assert.Equal(0, (await RunAsync("update", id, "-f", file)).Code);

        var credentials = WriteFile("credentials.yaml", "authenticationType: userPassword\nusername: taylor@redshift.com\npassword: abc1234\n");
        var deleted = await RunAsync("delete", id, "-f", credentials);
        Assert.True(deleted.Code == 0, deleted.Error);
        Assert.Equal("deleted", JsonDocument.Parse(deleted.Out).RootElement.GetProperty("status").GetString());
        Assert.Contains("\"password\":\"***\"", _fake.Journal.Single(r => r.Method == "DELETE").Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_TableOutput_OneRowPerIntegration()
    {
        await RunAsync("create", "-f", Example("post-integrations.trino.request.json"));

        var (code, output, _) = await RunAsync("list", "--output", "table");

        Assert.Equal(0, code);
        Assert.Equal(["ID  TYPE   STATUS   HOST", "1   Trino  enabled"], output.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task List_TableOutput_HostColumnIsEachPlatformsIdentity()
    {
        await RunAsync("create", "-f", Example("post-integrations.s3.accessKey.request.json"));
        await RunAsync("create", "-f", Example("post-integrations.trino.request.json"));
        await RunAsync("create", "-f", Example("post-integrations.redshift.userPassword.request.json"));

        var (code, output, error) = await RunAsync("list", "-o", "table");

        Assert.True(code == 0, error);
        var rows = output.TrimEnd().Split('\n').Skip(1).Select(r => System.Text.RegularExpressions.Regex.Split(r.TrimEnd(), "  +")).ToList();
        Assert.Equal(["1", "Native S3", "enabled", "S3 integration"], rows[0]);
        Assert.Equal(["2", "Trino", "enabled"], rows[1]);
        Assert.Equal(["3", "Redshift", "enabled", "organization.aws.amazon.com"], rows[2]);
    }

    [Fact]
    public async Task Create_OnATerminal_LiveProgressLineAndTableOutput()
    {
        var (code, output, error) = await ToolRunner.RunOnAStillClockAsync(_variables, true, true, "create", "-f", Example("post-integrations.trino.request.json"));

        Assert.Equal(0, code);
        Assert.Matches(@"^\rcreate 1: enabled +00:00\r?\n$", error);
        Assert.Contains("status: enabled", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegenerateKey_PrintsTheNewKeyAloneOnStdout()
    {
        // The old key is dead once this returns: the new one is what the command exists to produce.
        await RunAsync("create", "-f", Example("post-integrations.trino.request.json"));

        var (code, output, error) = await RunAsync("regenerate-key", "1");
        var json = await RunAsync("regenerate-key", "1", "-o", "json");

        Assert.True(code == 0, error);
        Assert.Matches("^[A-Za-z0-9]{32}\n$", output.ReplaceLineEndings("\n"));
        Assert.Empty(error);
        Assert.Equal(32, JsonDocument.Parse(json.Out).RootElement.GetProperty("newKey").GetString()!.Length);
    }

    [Fact]
    public async Task Scripts_EachEndpoint_WritesTheScript()
    {
        var synapse = WriteFile("synapse.json", Examples.Read("post-integrations-scripts-initial-create.synapse.userPassword.request.json"));
        var outFile = Path.Combine(_folder, "setup.sql");

        Assert.Contains("initial-create script", (await RunAsync("script", "initial-create", "-f", synapse)).Out, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("script", "create", "-f", synapse, "--out", outFile)).Code);
        Assert.Contains("create script for Azure Synapse Analytics", await File.ReadAllTextAsync(outFile, Ct), StringComparison.Ordinal);
        Assert.Contains("cleanup script", (await RunAsync("script", "cleanup", "-f", synapse)).Out, StringComparison.Ordinal);
        Assert.Contains("post-cleanup script", (await RunAsync("script", "post-cleanup", "-f", synapse)).Out, StringComparison.Ordinal);

        await RunAsync("create", "-f", synapse);
        Assert.Contains("edit script for Azure Synapse Analytics integration 1", (await RunAsync("script", "edit", "1", "-f", synapse)).Out, StringComparison.Ordinal);
        Assert.Contains("delete script for Azure Synapse Analytics integration 1", (await RunAsync("script", "delete", "1")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ErrorsAndWarnings_EachPrintedWithPathAndSourceAndExits2()
    {
        var file = WriteFile("bad.yaml", "type: Databricks\nconfig:\n  workspaceUrl: w\n  catalog: 1bad\n  authenticationType: token\n");

        var (code, output, error) = await RunAsync("validate", "-f", file);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Equal(
            $"warning: {file}:2:1: config.httpPath: is required [source: spec §5.3 ([004] L76-97: in every example; the Databricks table was not retrieved)]\n"
            + $"warning: {file}:4:3: config.catalog: '1bad' should hold only letters, digits and underscores, and not start with a digit [source: spec §5.3 ([004] L87, a 2024.2 how-to: 'may only contain letters, numbers, and underscores and cannot start with a number')]\n"
            + $"warning: {file}:2:1: config.token: is required [source: spec §5.3 ([004] L76-97: in every example; the Databricks table was not retrieved)]\n"
            + $"error: {file}:1:1: autoBootstrap: is required (true or false) [source: spec §4 ([000] L303; P1: 'Required for all integrations except Starburst (Trino)')]\n"
            + "error: local validation found 1 error; nothing was sent\n",
            error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Validate_WarningsOnly_Exit0AndWarningsOnStderr()
    {
        var (code, output, error) = await RunAsync("validate", "-f", Example("post-integrations.databricks.token.request.json"));

        Assert.Equal(0, code);
        Assert.EndsWith("a valid Databricks integration definition (1 warning)\n", output, StringComparison.Ordinal);
        Assert.Contains(": config.token: is 'REDACTED', the marker Immuta returns in place of a token", error, StringComparison.Ordinal);
        Assert.StartsWith("warning: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ValidFile_Exit0WithoutServer()
    {
        _variables.Remove("IMMUTA_URL");

        var (code, output, _) = await RunAsync("validate", "-f", Example("post-integrations.synapse.userPassword.request.json"));

        Assert.Equal(0, code);
        Assert.EndsWith("a valid Azure Synapse Analytics integration definition\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_NoneThenExisting_CreatesThenPlansAndUpdates()
    {
        var file = Example("post-integrations.snowflake.userPassword.request.json");
        var first = await RunAsync("apply", "-f", file);
        Assert.Equal(0, first.Code);
        Assert.StartsWith("plan: create a Snowflake integration (organization.us-east-1.snowflakecomputing.com)", first.Error, StringComparison.Ordinal);

        var changed = WriteFile("changed.json", Examples.Read("put-integrations-id.snowflake.userPassword.request.json"));
        var plan = await RunAsync("apply", "-f", changed, "--dry-run");
        Assert.Equal(0, plan.Code);
        Assert.Contains(
            "plan: update Snowflake integration 1 (1 change)\n  ~ config.audit.enabled: false → true\n"
            + "  note: the update sends the file's credentials too; Immuta returns them redacted, so they are not compared.\n",
            plan.Error.ReplaceLineEndings("\n"),
            StringComparison.Ordinal);
        Assert.DoesNotContain("abc1234", plan.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Journal, r => r.Method == "PUT");

        var applied = await RunAsync("apply", "-f", changed);
        Assert.Equal(0, applied.Code);
        Assert.Single(_fake.Journal, r => r.Method == "PUT");
    }

    [Fact]
    public async Task Apply_SameHostWrittenDifferently_UpdatesTheExistingOne()
    {
        await RunAsync("apply", "-f", Example("post-integrations.snowflake.userPassword.request.json"));
        var other = WriteFile("other.json", Examples.Read("post-integrations.snowflake.userPassword.request.json")
            .Replace("\"organization.us-east-1.snowflakecomputing.com\"", "\"https://ORGANIZATION.us-east-1.snowflakecomputing.com:443/\"", StringComparison.Ordinal));

        var (code, _, error) = await RunAsync("apply", "-f", other);

        Assert.True(code == 0, error);
        Assert.StartsWith("plan: update Snowflake integration 1 (", error, StringComparison.Ordinal);
        Assert.Single(_fake.Integrations);
    }

    [Fact]
    public async Task List_HostWrittenWithSchemeAndCapitals_HostColumnShowsTheNormalizedHost()
    {
        var file = WriteFile("upper.json", Examples.Read("post-integrations.snowflake.userPassword.request.json")
            .Replace("\"organization.us-east-1.snowflakecomputing.com\"", "\"https://ORGANIZATION.us-east-1.snowflakecomputing.com/\"", StringComparison.Ordinal));
        await RunAsync("create", "-f", file, "--no-wait");

        var (code, output, _) = await RunAsync("list", "--output", "table");

        Assert.Equal(0, code);
        Assert.Contains("organization.us-east-1.snowflakecomputing.com", output, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_ForceDisabledOnThatHost_SaysWhatToDoAndSendsNoCreate()
    {
        var file = Example("post-integrations.snowflake.userPassword.manual.s002.request.json");
        await RunAsync("apply", "-f", file);
        await RunAsync("delete", "1", "--force-disable");

        var (code, _, error) = await RunAsync("apply", "-f", file);

        Assert.Equal(1, code);
        Assert.StartsWith("plan: cannot apply: Snowflake integration 1 on organization.us-east-1.snowflakecomputing.com is disabled: Immuta no longer uses it", error, StringComparison.Ordinal);
        Assert.Contains("Delete it (DELETE /integrations/1), remove what it left on the platform, and create the integration again.", error, StringComparison.Ordinal);
        Assert.Contains("error: Snowflake integration 1 is disabled on organization.us-east-1.snowflakecomputing.com: Immuta refuses a second integration there; nothing was sent.", error, StringComparison.Ordinal);
        Assert.Single(_fake.Journal, r => r.Method == "POST");
        Assert.DoesNotContain(_fake.Journal, r => r.Method == "PUT");
        Assert.Equal(IntegrationStatus.Disabled, Assert.Single(_fake.Integrations).Status);
    }

    [Fact]
    public async Task Apply_CreatedBySomeoneElseSinceTheList_AdoptsAndUpdatesIt()
    {
        // The list had none; by the time of the create, Immuta holds one on that host (409 naming it).
        using var stub = new StubImmuta();
        const string Host = "organization.us-east-1.snowflakecomputing.com";
        stub.Reply("GET", "/integrations", 200, "[]");
        stub.Reply("POST", "/integrations", 409, $$"""{"statusCode":409,"error":"Conflict","message":"Snowflake integration already exists on host {{Host}} (id = 5)"}""");
        stub.Reply("GET", "/integrations/5", 200, $$$"""{"id":"5","status":"enabled","type":"Snowflake","autoBootstrap":true,"config":{"host":"{{{Host}}}","warehouse":"W","database":"D"}}""");
        stub.Reply("PUT", "/integrations/5", 200, """{"id":"5","status":"editing"}""");
        stub.Reply("GET", "/integrations/5/status", 200, """{"id":5,"status":"enabled"}""");
        _variables["IMMUTA_URL"] = stub.Server.Url!;
        _variables["IMMUTA_API_KEY"] = StubImmuta.ApiKey;

        var (code, _, error) = await RunAsync("apply", "-f", Example("post-integrations.snowflake.userPassword.request.json"));

        Assert.True(code == 0, error);
        Assert.Contains("plan: update Snowflake integration 5 (", error, StringComparison.Ordinal);
        Assert.Single(stub.Requests("/integrations/5"), r => r.Method == "PUT");
    }

    [Fact]
    public async Task Create_SettlesInError_Exits3()
    {
        _fake.FailNext(IntegrationOperationKind.Create);

        var (code, _, error) = await RunAsync("create", "-f", Example("post-integrations.synapse.userPassword.request.json"));

        Assert.Equal(3, code);
        Assert.Contains("failed with status createError", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WaitTimesOut_Exits3()
    {
        await using var slow = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 10_000 });
        _variables["IMMUTA_URL"] = slow.Uri.ToString();
        _variables["IMMUTA_API_KEY"] = slow.ApiKey;

        var (code, output, error) = await RunAsync("create", "-f", Example("post-integrations.synapse.userPassword.request.json"), "--timeout", "300ms");

        Assert.Equal(3, code);
        Assert.Empty(output);
        Assert.Contains("error: The create of integration 1 did not settle within 00:00:00.3000000 (", error, StringComparison.Ordinal);
        Assert.Contains(" status requests); last status creating.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownId_Exits1WithStatusAndServerMessage()
    {
        var (code, output, error) = await RunAsync("get", "77");

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Equal("error: GET /integrations/77 failed with 404 (Not found): No Integration found with ID 77. [status 404]\n", error.Replace("\r", string.Empty, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("list --output xml")]
    [InlineData("create")]
    [InlineData("frobnicate")]
    [InlineData("create -f x.json --timeout forever")]
    public async Task Usage_Wrong_Exits2(string commandLine)
    {
        var (code, _, error) = await RunAsync(commandLine.Split(' '));

        Assert.Equal(2, code);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_NoUrl_Exits2AndNeverEchoesTheKey()
    {
        _variables.Remove("IMMUTA_URL");

        var (code, output, error) = await RunAsync("list", "--api-key", "super-secret-key");

        Assert.Equal(2, code);
        Assert.Equal("error: no Immuta URL: pass --url or --profile, or set IMMUTA_URL.\n", error.Replace("\r", string.Empty, StringComparison.Ordinal));
        Assert.DoesNotContain("super-secret-key", output + error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tenant.immuta.com", "error: IMMUTA_URL must be an absolute http or https URL, such as https://tenant.immuta.com.\n")]
    [InlineData("https://svc:pa55word@tenant.immuta.com", "error: IMMUTA_URL must not carry user information; pass the API key as the credential.\n")]
    public async Task AnyCommand_UnusableImmutaUrl_Exits2NamingTheVariableNotTheOption(string url, string expected)
    {
        _variables["IMMUTA_URL"] = url;

        var (code, output, error) = await RunAsync("list", "--api-key", "k-123456");

        Assert.Equal(2, code);
        Assert.Equal(expected, error.Replace("\r", string.Empty, StringComparison.Ordinal));
        Assert.DoesNotContain("pa55word", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tool_RunAsRealProcess_ExitCodesAndStreams()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(Examples.RepositoryRoot(), "src", "Immuta.Client.Cli", "bin", configuration, "net10.0", "immuta-integrations.dll");
        var bad = WriteFile("bad.json", """{"type":"Native S3","autoBootstrap":true,"config":{}}""");

        var invalid = await ProcessRunner.RunAsync("dotnet", null, [dll, "validate", "-f", bad], Ct);
        var listed = await ProcessRunner.RunAsync("dotnet", null, [dll, "list", "--url", _fake.Uri.ToString(), "--api-key", _fake.ApiKey], Ct);

        Assert.Equal(2, invalid.Code);
        Assert.Empty(invalid.Output);
        Assert.Contains("bad.json:1:21: autoBootstrap: must be false for Native S3 [source: ", invalid.Error, StringComparison.Ordinal);
        Assert.Equal(0, listed.Code);
        Assert.Equal("[]", listed.Output.Trim());
        Assert.Empty(listed.Error);
    }
}
