using System.Net;
using System.Text.Json.Nodes;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary>The tool never prints a credential (outputs, plan, errors) and never bypasses the redaction-marker rule.</summary>
public sealed partial class CliTests
{
    private const string PemLine = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj";

    private string SnowflakeFile(string name, Action<JsonObject> change)
    {
        var json = JsonNode.Parse(Examples.Read("post-integrations.snowflake.userPassword.request.json"))!.AsObject();
        change(json["config"]!.AsObject());
        return WriteFile(name, json.ToJsonString());
    }

    [Fact]
    public async Task Create_ServerEchoesPrivateKeyInError_StderrScrubbed()
    {
        var file = SnowflakeFile("keypair.json", c =>
        {
            c["authenticationType"] = "keyPair";
            c.Remove("password");
            c["privateKey"] = $"-----BEGIN PRIVATE KEY-----\n{PemLine}\n-----END PRIVATE KEY-----\n";
        });
        _fake.RejectNext(FakeRequestKind.Create, HttpStatusCode.BadRequest, $"invalid key \"-----BEGIN PRIVATE KEY-----\n{PemLine}\n-----END PRIVATE KEY-----\n\"");

        var (code, output, error) = await RunAsync("create", "-f", file);

        Assert.Equal(1, code);
        Assert.Contains("***", error, StringComparison.Ordinal);
        Assert.DoesNotContain(PemLine, output + error, StringComparison.Ordinal);
    }

    public static TheoryData<string> Formats() => new("json", "yaml", "table");

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Get_UnknownCredentialMembers_MaskedInEveryOutputFormat(string format)
    {
        var file = SnowflakeFile("extra.json", c =>
        {
            c["sasToken"] = "sas-Cli-7731";
            c["connections"] = new JsonArray(new JsonObject { ["host"] = "db1", ["apiToken"] = "api-Cli-8842" });
        });
        var created = await RunAsync("create", "-f", file, "--no-wait", "--output", "json");
        var id = JsonNode.Parse(created.Out)!["id"]!.GetValue<string>();

        var (code, output, _) = await RunAsync("get", id, "--output", format);

        Assert.Equal(0, code);
        Assert.Contains("db1", output, StringComparison.Ordinal);
        Assert.DoesNotContain("sas-Cli-7731", output, StringComparison.Ordinal);
        Assert.DoesNotContain("api-Cli-8842", output, StringComparison.Ordinal);
    }

    public static TheoryData<string, bool> OutputFormatsWithAndWithoutSecrets()
        => new() { { "json", false }, { "yaml", false }, { "table", false }, { "json", true }, { "yaml", true }, { "table", true } };

    [Theory]
    [MemberData(nameof(OutputFormatsWithAndWithoutSecrets))]
    public async Task Get_UnpairedSurrogateEscapeFromTheServer_PrintsInsteadOfCrashing(string format, bool showSecrets)
    {
        // Valid JSON, not valid Unicode: the SDK keeps it to send back byte for byte; a printer shows U+FFFD, never a stack trace.
        using var stub = new StubImmuta();
        stub.Reply("GET", "/integrations/5", 200, """{"id":"5","status":"enabled","type":"Snowflake","autoBootstrap":true,"config":{"host":"h.example.com","note":"bad \ud800 char","apiToken":"tok-\ud800-9931"}}""");
        _variables["IMMUTA_URL"] = stub.Server.Url!;
        _variables["IMMUTA_API_KEY"] = StubImmuta.ApiKey;
        string[] args = showSecrets ? ["get", "5", "--output", format, "--show-secrets"] : ["get", "5", "--output", format];

        var (code, output, error) = await RunAsync(args);

        Assert.True(code == 0, error);
        Assert.Contains("h.example.com", output, StringComparison.Ordinal);
        Assert.Contains(" char", output, StringComparison.Ordinal);
        Assert.Equal(showSecrets, output.Contains("9931", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApplyDryRun_CredentialsInsideArrays_PlanMasksThem()
    {
        var file = SnowflakeFile("arrays.json", c => c["connections"] = new JsonArray(new JsonObject { ["host"] = "db1", ["password"] = "pw-Plan-7731" }));

        var (code, _, error) = await RunAsync("apply", "-f", file, "--dry-run");

        Assert.True(code == 0, error);
        Assert.DoesNotContain("pw-Plan-7731", error, StringComparison.Ordinal);
        Assert.DoesNotContain("abc1234", error, StringComparison.Ordinal);
        Assert.Contains("  + config.connections[0].password: ***", error, StringComparison.Ordinal);
        Assert.Contains("  + config.connections[0].host: db1", error, StringComparison.Ordinal);
    }

    public static TheoryData<string> WritingCommands() => new("create", "apply", "apply-dry-run", "script-create");

    [Theory]
    [MemberData(nameof(WritingCommands))]
    public async Task SkipValidation_RedactedMarkerInFile_StillRefusedNamingThePath(string command)
    {
        var file = SnowflakeFile("redacted.json", c => c["username"] = "<REDACTED>");
        string[] args = command switch
        {
            "create" => ["create", "-f", file, "--skip-validation"],
            "apply" => ["apply", "-f", file, "--skip-validation"],
            "apply-dry-run" => ["apply", "-f", file, "--skip-validation", "--dry-run"],
            _ => ["script", "create", "-f", file, "--skip-validation"],
        };

        var (code, _, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains("config.username", error, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Journal, r => r.Method is "POST" or "PUT");
    }

    // `get -o json > f.json`, then `update -f f.json`: the server's <REDACTED> is printed as itself, not as ***, so the
    // request check refuses it by path instead of sending *** as the password.
    [Theory]
    [MemberData(nameof(FileFormats))]
    public async Task Update_FileFromGetOutput_RefusedNamingTheRedactedPathsNotSentAsStars(string format)
    {
        var created = await RunAsync("create", "-f", SnowflakeFile("round.json", _ => { }), "--no-wait", "--output", "json");
        var id = JsonNode.Parse(created.Out)!["id"]!.GetValue<string>();
        var (_, printed, _) = await RunAsync("get", id, "--output", format);
        var file = WriteFile($"printed.{format}", printed);

        var (code, _, error) = await RunAsync("update", id, "-f", file);

        Assert.Equal(2, code);
        Assert.Contains("config.password", error, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Journal, r => r.Method == "PUT");
    }

    public static TheoryData<string> FileFormats() => new("json", "yaml");

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ScriptOut_WritesAFileOnlyItsOwnerCanRead()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix permissions");
        var file = SnowflakeFile("manual.json", c => c.Remove("role"));
        var json = JsonNode.Parse(await File.ReadAllTextAsync(file, Ct))!;
        json["autoBootstrap"] = false;
        await File.WriteAllTextAsync(file, json.ToJsonString(), Ct);
        var script = Path.Combine(_folder, "setup.sql");

        var (code, _, error) = await RunAsync("script", "create", "-f", file, "--out", script);

        Assert.True(code == 0, error);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(script));
    }
}
