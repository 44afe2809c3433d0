using System.IO.Compression;
using System.Text;
using Xunit;

namespace Immuta.Client.Tests.Packaging;

/// <summary>
/// The README's packing command, run in a copy of the SDK's sources committed to a fresh git repository: with a GitHub
/// remote the package names the repository and commit and its symbols link every source file to that commit (SourceLink),
/// without any flag; without a remote, or with one on a local path (as CI clones), it still packs, and names no repository.
/// The clones are made and packed by <see cref="SourceLinkClones"/>.
/// </summary>
public sealed class SourceLinkTests(SourceLinkClones clones) : IClassFixture<SourceLinkClones>
{
    private const string Remote = SourceLinkClones.GitHubRemote;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(SourceLinkClones.Kinds), MemberType = typeof(SourceLinkClones))]
    public async Task Pack_ReadmeCommand_RepositoryAndSourceLinkExactlyWhenTheCloneHasARemote(string clone)
    {
        var packed = await clones.PackedAsync(clone).WaitAsync(Ct);
        Assert.True(packed.Failure is null, packed.Failure);

        var nuspec = await ReadAsync(Directory.GetFiles(packed.Feed, "*.nupkg").Single(), e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        var pdb = await ReadAsync(Directory.GetFiles(packed.Feed, "*.snupkg").Single(), e => e.FullName == "lib/net10.0/Immuta.Client.pdb");
        if (clone == "github remote")
        {
            var element = nuspec[nuspec.IndexOf("<repository", StringComparison.Ordinal)..];
            element = element[..element.IndexOf("/>", StringComparison.Ordinal)];
            Assert.Contains($"url=\"{Remote}.git\"", element, StringComparison.Ordinal);
            Assert.Contains($"commit=\"{packed.Commit}\"", element, StringComparison.Ordinal);
            Assert.Contains($"https://raw.githubusercontent.com/example-org/immuta-client/{packed.Commit}/*", pdb, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("url=", nuspec[nuspec.IndexOf("<repository", StringComparison.Ordinal)..], StringComparison.Ordinal);
            Assert.DoesNotContain("raw.githubusercontent.com", pdb, StringComparison.Ordinal);
        }
    }

    // Entries are read as Latin-1 so a binary file (the PDB) keeps its ASCII runs, such as SourceLink's JSON, readable.
    private static async Task<string> ReadAsync(string package, Func<ZipArchiveEntry, bool> which)
    {
        using var zip = ZipFile.OpenRead(package);
        using var reader = new StreamReader(zip.Entries.Single(which).Open(), Encoding.Latin1);
        return await reader.ReadToEndAsync(Ct);
    }
}
