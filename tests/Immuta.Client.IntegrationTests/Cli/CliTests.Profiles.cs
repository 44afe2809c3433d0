using System.Text.Json.Nodes;
using Immuta.Client.Cli;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary>Issue 16 item 13: --profile picks tenants from a profiles file; each tenant's result is reported under its name.</summary>
public sealed partial class CliTests
{
    private string ProfilesFor(FakeImmutaServer dev, FakeImmutaServer prod, string? prodKeyCommand = null)
    {
        _variables["DEV_KEY"] = dev.ApiKey;
        _variables.Remove("IMMUTA_URL");
        _variables.Remove("IMMUTA_API_KEY");
        return WriteFile("profiles.yaml", $"""
            profiles:
              dev:
                url: {dev.Uri}
                apiKeyEnv: DEV_KEY
              prod:
                url: {prod.Uri}
                apiKeyCommand: {prodKeyCommand ?? $"[echo, {prod.ApiKey}]"}
            """);
    }

    [Fact]
    public async Task ApplyTwoProfiles_OneTenantFails_BothReportedUnderTheirNamesExitIsTheWorst()
    {
        await using var prod = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        var profiles = ProfilesFor(_fake, prod);
        prod.FailNext(IntegrationOperationKind.Create);
        var directory = WriteDirectory("tenant", ("trino.json", Examples.Read("post-integrations.trino.request.json")));

        var (code, output, error) = await RunAsync("apply", "-f", directory, "--profile", "dev,prod", "--profiles-file", profiles);

        Assert.True(code == ExitCodes.OperationFailed, error);
        Assert.Contains($"== profile dev ({_fake.Uri})", error, StringComparison.Ordinal);
        Assert.Contains($"== profile prod ({prod.Uri})", error, StringComparison.Ordinal);
        Assert.Contains("error: profile 'prod': failed (exit 3); the other profiles go on.", error, StringComparison.Ordinal);
        var results = JsonNode.Parse(output)!.AsArray().Select(r => ((string?)r!["profile"], (string?)r["result"])).ToList();
        Assert.Equal([("dev", "created"), ("prod", "failed")], results);
        Assert.Equal(IntegrationStatus.Enabled, Assert.Single(_fake.Integrations).Status);
        Assert.DoesNotContain(prod.ApiKey, output + error, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.ApiKey, output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanProfilesRepeated_EachTenantPlannedUnderItsName()
    {
        await using var prod = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        var file = Example("post-integrations.trino.request.json");
        Assert.Equal(0, (await RunAsync("apply", "-f", file)).Code); // dev already has it
        var profiles = ProfilesFor(_fake, prod);

        var (code, output, error) = await RunAsync("plan", "-f", file, "--profile", "dev", "--profile", "prod", "--profiles-file", profiles, "--detailed-exitcode");

        Assert.True(code == ExitCodes.ChangesPending, error);
        var text = output.ReplaceLineEndings("\n");
        Assert.Matches($@"== profile dev \(.*\)\nplan: .*no change: Trino integration 1 \(trino\)[^\n]*\n== profile prod \(.*\)\nplan: .*create a Trino integration \(trino\)\n", text);
    }

    [Fact]
    public async Task ApplyProfile_KeyCommandFails_ReportedWithoutItsOutputAndTheOtherProfileStillRuns()
    {
        await using var prod = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        var profiles = ProfilesFor(_fake, prod, prodKeyCommand: "[sh, -c, 'echo leaked-key-material; exit 7']");
        var file = Example("post-integrations.trino.request.json");

        var (code, _, error) = await RunAsync("apply", "-f", file, "--profile", "prod,dev", "--profiles-file", profiles);

        Assert.Equal(ExitCodes.ApiError, code);
        Assert.Contains("error: profile 'prod': its apiKeyCommand 'sh' exited with code 7 (its output is not shown: it may hold the key).", error, StringComparison.Ordinal);
        Assert.DoesNotContain("leaked-key-material", error, StringComparison.Ordinal);
        Assert.Single(_fake.Integrations);
        Assert.Empty(prod.Journal);
    }

    [Fact]
    public async Task ApplyProfile_KeyInClearInTheFile_RefusedNamingFileAndLineWithoutTheKey()
    {
        var profiles = WriteFile("clear.yaml", """
            profiles:
              dev:
                url: https://dev.immuta.example.com
                apiKey: 0123456789abcdef-clear
            """);

        var (code, output, error) = await RunAsync("apply", "-f", Example("post-integrations.trino.request.json"), "--profile", "dev", "--profiles-file", profiles);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains($"{profiles}:4: 'apiKey' holds a key in clear", error, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef-clear", output + error, StringComparison.Ordinal);
        Assert.Empty(_fake.Journal);
    }

    [Fact]
    public async Task ApplyProfile_FromImmutaProfilesVariable_UsesThatFile()
    {
        await using var prod = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        _variables["IMMUTA_PROFILES"] = ProfilesFor(_fake, prod);

        var (code, _, error) = await RunAsync("apply", "-f", Example("post-integrations.trino.request.json"), "--profile", "prod");

        Assert.True(code == 0, error);
        Assert.Single(prod.Integrations);
        Assert.Empty(_fake.Journal);
    }

    [Fact]
    public async Task ApplyProfile_UnknownName_UsageErrorListingTheProfiles()
    {
        await using var prod = FakeImmutaServer.Start();
        var profiles = ProfilesFor(_fake, prod);

        var (code, _, error) = await RunAsync("apply", "-f", Example("post-integrations.trino.request.json"), "--profile", "staging", "--profiles-file", profiles);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains($"{profiles}: no profile 'staging': it defines dev, prod.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyProfile_WithUrl_UsageErrorAndSendsNothing()
    {
        await using var prod = FakeImmutaServer.Start();
        var profiles = ProfilesFor(_fake, prod);

        var (code, _, error) = await RunAsync("apply", "-f", Example("post-integrations.trino.request.json"), "--profile", "prod", "--profiles-file", profiles, "--url", prod.Uri.ToString());

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("--profile takes the tenant's URL and key from the profiles file: it cannot be combined with --url or --api-key.", error, StringComparison.Ordinal);
        Assert.Empty(prod.Journal);
    }

    [Fact]
    public async Task ApplyProfile_ProfileNamedLikeAKey_Accepted()
    {
        await using var prod = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        _variables["PROD_KEY"] = prod.ApiKey;
        var profiles = WriteFile("named.yaml", $"""
            profiles:
              token-tenant:
                url: {prod.Uri}
                apiKeyEnv: PROD_KEY
            """);

        var (code, _, error) = await RunAsync("apply", "-f", Example("post-integrations.trino.request.json"), "--profile", "token-tenant", "--profiles-file", profiles);

        Assert.True(code == 0, error);
        Assert.Single(prod.Integrations);
    }

    [Fact]
    public async Task GetProfile_ReachesThatProfilesTenantAndNeverPrintsItsKey()
    {
        await using var dev = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        var profiles = ProfilesFor(dev, _fake);
        var devClient = new ImmutaClient(dev.Uri, new ImmutaApiKeyCredential(dev.ApiKey));
        using (devClient)
        {
            await devClient.Integrations.CreateAsync(ImmutaWaitUntil.Started, ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read("post-integrations.trino.request.json")), Ct);
        }

        var (code, output, error) = await RunAsync("get", "1", "--profile", "dev", "--profiles-file", profiles, "--show-secrets");

        Assert.True(code == 0, error);
        Assert.Equal("Trino", JsonNode.Parse(output)!["type"]!.GetValue<string>());
        Assert.Contains(dev.Journal, r => r.Method == "GET" && r.Path.EndsWith("/integrations/1", StringComparison.Ordinal));
        Assert.Empty(_fake.Journal);
        Assert.DoesNotContain(dev.ApiKey, output + error, StringComparison.Ordinal);
    }

    public static TheoryData<string[]> TenantCommandsWithAProfile() => new(
        ["list"], ["status", "1"], ["regenerate-key", "1"], ["script", "delete", "1"], ["export", "--dir", "out"]);

    [Theory]
    [MemberData(nameof(TenantCommandsWithAProfile))]
    public async Task TenantCommand_ProfileOfAnUnreachableTenant_UsesThatProfileNotTheEnvironment(string[] args)
    {
        _variables["DEV_KEY"] = "dev-key-0001";
        var profiles = WriteFile("profiles.yaml", """
            profiles:
              dev:
                url: http://127.0.0.1:1/
                apiKeyEnv: DEV_KEY
            """);

        var (code, output, error) = await RunAsync([.. args, "--profile", "dev", "--profiles-file", profiles]);

        Assert.Equal(ExitCodes.ApiError, code);
        Assert.Empty(_fake.Journal);
        Assert.DoesNotContain("dev-key-0001", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetProfile_TwoProfiles_UsageErrorSendsNothing()
    {
        await using var prod = FakeImmutaServer.Start();
        var profiles = ProfilesFor(_fake, prod);

        var (code, _, error) = await RunAsync("get", "1", "--profile", "dev,prod", "--profiles-file", profiles);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("error: 'get' runs against one tenant: pass one --profile (plan and apply take several).", error, StringComparison.Ordinal);
        Assert.Empty(_fake.Journal);
        Assert.Empty(prod.Journal);
    }

    [Fact]
    public async Task GetProfile_WithApiKey_UsageErrorSendsNothing()
    {
        await using var prod = FakeImmutaServer.Start();
        var profiles = ProfilesFor(_fake, prod);

        var (code, _, error) = await RunAsync("get", "1", "--profile", "dev", "--profiles-file", profiles, "--api-key", "k-123456");

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("--profile takes the tenant's URL and key from the profiles file: it cannot be combined with --url or --api-key.", error, StringComparison.Ordinal);
        Assert.Empty(_fake.Journal);
    }

    [Fact]
    public async Task PlanProfile_ProfilesFileLargerThanTheBound_OneLineNamingItSendsNothing()
    {
        var profiles = Path.Combine(_folder, "profiles.yaml");
        using (var stream = File.Create(profiles))
        {
            stream.SetLength(17L * 1024 * 1024); // sparse: zeros the disk never holds
        }

        var (code, _, error) = await RunAsync("plan", "-f", Example("post-integrations.trino.request.json"), "--profile", "dev", "--profiles-file", profiles);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Equal($"error: {profiles}: the profiles file is larger than 16 MB: it was not read (is it the file you meant?).\n", error.ReplaceLineEndings("\n"));
        Assert.Empty(_fake.Journal);
    }
}
