using Xunit;

namespace Immuta.Client.Tests.Serialization;

/// <summary>Files that hold credentials (definition files, scripts) are readable by their owner only on Unix.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SecretFileTests : IDisposable
{
    private const UnixFileMode GroupAndOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly string _folder = Directory.CreateTempSubdirectory("immuta-files-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static SnowflakeIntegration WithPassword() => new()
    {
        AutoBootstrap = true,
        Config = new SnowflakeConfig
        {
            Host = "acme.snowflakecomputing.com", Warehouse = "WH", Database = "DB", AuthenticationType = AuthenticationType.UserPassword,
            Username = "admin", Password = "pa55-File-7731",
        },
    };

    private static SnowflakeIntegration WithoutCredentials() => new()
    {
        AutoBootstrap = false,
        Config = new SnowflakeConfig { Host = "acme.snowflakecomputing.com", Warehouse = "WH", Database = "DB" },
    };

    public static TheoryData<string> Extensions() => new(".json", ".yaml");

    [Theory]
    [MemberData(nameof(Extensions))]
    public async Task SaveAsync_DefinitionWithCredentials_CreatedOwnerOnly(string extension)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix permissions");
        var path = Path.Combine(_folder, "snowflake" + extension);

        await IntegrationDefinitionFile.SaveAsync<IntegrationDefinition>(WithPassword(), path, Ct);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Contains("pa55-File-7731", await File.ReadAllTextAsync(path, Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveAsync_UnknownCredentialMember_CreatedOwnerOnly()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix permissions");
        var path = Path.Combine(_folder, "unknown.json");
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>("""{"type":"Redshift Spectrum","config":{"host":"h","connections":[{"apiToken":"t-1234"}]}}""");

        await IntegrationDefinitionFile.SaveAsync(definition, path, Ct);

        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(path) & GroupAndOther);
    }

    [Fact]
    public async Task SaveAsync_ExistingWorldReadableFileOverwrittenWithCredentials_Tightened()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix permissions");
        var path = Path.Combine(_folder, "existing.json");
        await File.WriteAllTextAsync(path, "{}", Ct);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await IntegrationDefinitionFile.SaveAsync<IntegrationDefinition>(WithPassword(), path, Ct);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task SaveAsync_NoCredentials_KeepsTheUsualPermissions()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix permissions");
        var path = Path.Combine(_folder, "plain.json");
        var reference = Path.Combine(_folder, "reference.json");
        await File.WriteAllTextAsync(reference, "{}", Ct);

        await IntegrationDefinitionFile.SaveAsync<IntegrationDefinition>(WithoutCredentials(), path, Ct);

        Assert.Equal(File.GetUnixFileMode(reference), File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task ScriptSaveAsync_AnyScript_CreatedOwnerOnly()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix permissions");
        var path = Path.Combine(_folder, "setup.sql");

        await new IntegrationScript("CREATE USER immuta PASSWORD = 'pa55-File-7731';").SaveAsync(path, Ct);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal("CREATE USER immuta PASSWORD = 'pa55-File-7731';", await File.ReadAllTextAsync(path, Ct));
    }
}
