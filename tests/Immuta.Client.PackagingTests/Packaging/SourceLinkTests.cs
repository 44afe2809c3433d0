using System.IO.Compression;
using System.Text;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Packaging;

/// <summary>
/// The README's packing command, run in a copy of the SDK's sources committed to a fresh git repository: with a GitHub
/// remote the package names the repository and commit and its symbols link every source file to that commit (SourceLink),
/// without any flag; without a remote, or with one on a local path (as CI clones), it still packs, and names no repository.
/// </summary>
[Collection(SerialTests.Name)]
public sealed class SourceLinkTests : IDisposable
{
    private const string Remote = "https://github.com/example-org/immuta-client";

    private readonly string _work = Directory.CreateTempSubdirectory("immuta-sourcelink-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Theory]
    [InlineData("github remote")]
    [InlineData("no remote")]
    [InlineData("local path remote")] // as CI clones: nothing to link to, and no warning either
    public async Task Pack_ReadmeCommand_RepositoryAndSourceLinkExactlyWhenTheCloneHasARemote(string clone)
    {
        var repository = Path.Combine(_work, "clone");
        CopySdkSources(Examples.RepositoryRoot(), repository);
        await GitAsync(repository, "init", "--quiet");
        await GitAsync(repository, "add", "--all");
        await GitAsync(repository, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", "sources");
        var commit = (await GitAsync(repository, "rev-parse", "HEAD")).Trim();
        if (clone == "github remote")
        {
            await GitAsync(repository, "remote", "add", "origin", Remote + ".git");
        }
        else if (clone == "local path remote")
        {
            await GitAsync(repository, "remote", "add", "origin", Examples.RepositoryRoot());
        }

        var feed = Path.Combine(_work, "packages");
        var pack = await ProcessRunner.RunAsync("dotnet", repository, ["pack", "src/Immuta.Client", "-c", "Release", "-o", feed, "-nologo"], Ct);
        Assert.True(pack.Code == 0, pack.Output + pack.Error);

        var nuspec = await ReadAsync(Directory.GetFiles(feed, "*.nupkg").Single(), e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        var pdb = await ReadAsync(Directory.GetFiles(feed, "*.snupkg").Single(), e => e.FullName == "lib/net10.0/Immuta.Client.pdb");
        if (clone == "github remote")
        {
            var element = nuspec[nuspec.IndexOf("<repository", StringComparison.Ordinal)..];
            element = element[..element.IndexOf("/>", StringComparison.Ordinal)];
            Assert.Contains($"url=\"{Remote}.git\"", element, StringComparison.Ordinal);
            Assert.Contains($"commit=\"{commit}\"", element, StringComparison.Ordinal);
            Assert.Contains($"https://raw.githubusercontent.com/example-org/immuta-client/{commit}/*", pdb, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("url=", nuspec[nuspec.IndexOf("<repository", StringComparison.Ordinal)..], StringComparison.Ordinal);
            Assert.DoesNotContain("raw.githubusercontent.com", pdb, StringComparison.Ordinal);
        }
    }

    private static async Task<string> GitAsync(string directory, params string[] args)
    {
        var (code, output, error) = await ProcessRunner.RunAsync("git", directory, args, Ct);
        Assert.True(code == 0, $"git {string.Join(' ', args)}: {output}{error}");
        return output;
    }

    // Entries are read as Latin-1 so a binary file (the PDB) keeps its ASCII runs, such as SourceLink's JSON, readable.
    private static async Task<string> ReadAsync(string package, Func<ZipArchiveEntry, bool> which)
    {
        using var zip = ZipFile.OpenRead(package);
        using var reader = new StreamReader(zip.Entries.Single(which).Open(), Encoding.Latin1);
        return await reader.ReadToEndAsync(Ct);
    }

    // What packing the SDK reads: the build settings, the icon, licence and README, and the SDK's own sources.
    private static void CopySdkSources(string root, string into)
    {
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", ".editorconfig", "global.json", "nuget.config", "LICENSE", "README.md", "eng/icon.png", "eng/BannedSymbols.txt" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(into, file))!);
            File.Copy(Path.Combine(root, file), Path.Combine(into, file));
        }

        var sdk = Path.Combine(root, "src", "Immuta.Client");
        foreach (var file in Directory.EnumerateFiles(sdk, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(sdk, file);
            if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal))
            {
                continue;
            }

            var target = Path.Combine(into, "src", "Immuta.Client", relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
