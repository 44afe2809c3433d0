using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Packaging;

/// <summary>
/// The clones of <see cref="SourceLinkTests"/>, each a copy of the SDK's sources committed to a fresh git repository and
/// packed with the README's command. Each clone is a folder of its own, so the three are packed at once, from the
/// fixture's start; each test waits for its own clone and reports that clone's failed step with the step's output.
/// </summary>
public sealed class SourceLinkClones : IAsyncDisposable
{
    /// <summary>The GitHub remote of the "github remote" clone.</summary>
    public const string GitHubRemote = "https://github.com/example-org/immuta-client";

    // "local path remote" is how CI clones: nothing to link to, and no warning either.
    private static readonly string[] Names = ["github remote", "no remote", "local path remote"];

    private readonly string _work = Directory.CreateTempSubdirectory("immuta-sourcelink-").FullName;
    private readonly Dictionary<string, Task<Clone>> _clones;

    /// <summary>Starts packing every clone.</summary>
    public SourceLinkClones()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        _clones = Names.ToDictionary(
            name => name,
            name => Task.Run(() => PackAsync(name, Path.Combine(_work, name.Replace(' ', '-')), cancellationToken), cancellationToken),
            StringComparer.Ordinal);
    }

    /// <summary>The clones, as theory data.</summary>
    public static TheoryData<string> Kinds() => new(Names);

    /// <summary>The packed clone named <paramref name="name"/>, once its pack has ended.</summary>
    public Task<Clone> PackedAsync(string name) => _clones[name];

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_clones.Values.Select(clone => clone.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
        Directory.Delete(_work, recursive: true);
    }

    private static async Task<Clone> PackAsync(string name, string work, CancellationToken cancellationToken)
    {
        var repository = Path.Combine(work, "clone");
        var feed = Path.Combine(work, "packages");
        var commit = "";
        try
        {
            CopySdkSources(Examples.RepositoryRoot(), repository);
            foreach (var args in GitSteps(name))
            {
                var (code, output, error) = await ProcessRunner.RunAsync("git", repository, args, cancellationToken).ConfigureAwait(false);
                if (code != 0)
                {
                    return new Clone(commit, feed, $"git {string.Join(' ', args)} exited {code}: {output}{error}");
                }

                commit = args[0] == "rev-parse" ? output.Trim() : commit;
            }

            string[] pack = ["pack", "src/Immuta.Client", "-c", "Release", "-o", feed, "-nologo"];
            var packed = await ProcessRunner.RunAsync("dotnet", repository, pack, cancellationToken).ConfigureAwait(false);
            return new Clone(commit, feed, packed.Code == 0 ? null : $"dotnet {string.Join(' ', pack)} exited {packed.Code}: {packed.Output}{packed.Error}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            return new Clone(commit, feed, $"the {name} clone in {repository}: {e}");
        }
    }

    // Commit the sources, read the commit, then give the clone its remote (or none).
    private static IEnumerable<string[]> GitSteps(string name)
    {
        yield return ["init", "--quiet"];
        yield return ["add", "--all"];
        yield return ["-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", "sources"];
        yield return ["rev-parse", "HEAD"];
        if (name == "github remote")
        {
            yield return ["remote", "add", "origin", GitHubRemote + ".git"];
        }
        else if (name == "local path remote")
        {
            yield return ["remote", "add", "origin", Examples.RepositoryRoot()];
        }
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

    /// <summary>One packed clone: its commit, the folder its packages went to, and the step that failed with its output, if one did.</summary>
    public sealed record Clone(string Commit, string Feed, string? Failure);
}
