namespace Immuta.Client.Tests.Support;

/// <summary>The documented examples: the in-repo copy of <c>../shared/spec/examples/</c>.</summary>
internal static class Examples
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Examples");

    public static IEnumerable<string> Names()
        => System.IO.Directory.EnumerateFiles(Directory, "*.json").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public static string Read(string name) => File.ReadAllText(Path.Combine(Directory, name));

    /// <summary>The shared spec's examples folder beside the repository, when it is there (it is in CI).</summary>
    public static string? SharedDirectory()
    {
        var shared = Path.Combine(RepositoryRoot(), "..", "shared", "spec", "examples");
        return System.IO.Directory.Exists(shared) ? Path.GetFullPath(shared) : null;
    }

    /// <summary>The folder holding <c>Immuta.Client.sln</c>.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Immuta.Client.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Immuta.Client.sln was not found above " + AppContext.BaseDirectory);
    }
}
