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

    [Fact]
    public async Task SaveAsync_CancelledBeforeWriting_ExistingFileKeepsItsContent()
    {
        var path = Path.Combine(_folder, "precious.json");
        await File.WriteAllTextAsync(path, "precious", Ct);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => IntegrationDefinitionFile.SaveAsync<IntegrationDefinition>(WithPassword(), path, cancelled.Token));

        Assert.Equal("precious", await File.ReadAllTextAsync(path, Ct));
        Assert.Equal(["precious.json"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task SaveAsync_ExistingFileOpenForReading_TheReaderNeverSeesTheCredentials()
    {
        // Taking group and other permissions away does not close a file someone already opened: the credentials go to a
        // new file that replaces the old one, so an open handle keeps reading the old text.
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix permissions");
        var path = Path.Combine(_folder, "shared.json");
        await File.WriteAllTextAsync(path, "{}", Ct);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        await using var opened = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        await IntegrationDefinitionFile.SaveAsync<IntegrationDefinition>(WithPassword(), path, Ct);

        using var reader = new StreamReader(opened);
        Assert.DoesNotContain("pa55-File-7731", await reader.ReadToEndAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("pa55-File-7731", await File.ReadAllTextAsync(path, Ct), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task SaveAsync_PathIsAFolder_IOExceptionNamingIt()
    {
        var error = await Assert.ThrowsAsync<IOException>(() => IntegrationDefinitionFile.SaveAsync<IntegrationDefinition>(WithPassword(), _folder, Ct));

        Assert.Contains("is a folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveAsync_ThroughASymbolicLink_TheLinkStaysAndItsTargetIsOwnerOnly()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix permissions");
        var target = Path.Combine(_folder, "target.json");
        await File.WriteAllTextAsync(target, "{}", Ct);
        var link = Path.Combine(_folder, "link.json");
        File.CreateSymbolicLink(link, target);

        await IntegrationDefinitionFile.SaveAsync<IntegrationDefinition>(WithPassword(), link, Ct);

        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Contains("pa55-File-7731", await File.ReadAllTextAsync(target, Ct), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));
    }

    [Fact]
    public async Task SaveAsync_NoCredentialsOverAnExistingFile_KeepsThatFilesMode()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix permissions");
        var path = Path.Combine(_folder, "plain-existing.json");
        await File.WriteAllTextAsync(path, "{}", Ct);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        await IntegrationDefinitionFile.SaveAsync<IntegrationDefinition>(WithoutCredentials(), path, Ct);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
    }
}
