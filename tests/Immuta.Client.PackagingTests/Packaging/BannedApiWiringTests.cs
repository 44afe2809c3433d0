using System.Text.Json;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Packaging;

/// <summary>
/// Every project of <c>src/</c> and <c>samples/</c> builds with the banned-API analyzer and <c>eng/BannedSymbols.txt</c>
/// (the ambient clock, waits, timers and randomness are errors there): removing the wiring from any project, or a ban
/// from the list, fails here.
/// </summary>
[Collection(RepositoryBuilds.Name)]
public sealed class BannedApiWiringTests
{
    private static readonly string[] RequiredBans =
    [
        "P:System.DateTime.Now",
        "P:System.DateTime.UtcNow",
        "P:System.DateTimeOffset.Now",
        "P:System.DateTimeOffset.UtcNow",
        "P:System.Random.Shared",
        "M:System.Random.#ctor",
        "M:System.Random.#ctor(System.Int32)",
        "M:System.Threading.Tasks.Task.Delay(System.Int32)",
        "M:System.Threading.Tasks.Task.Delay(System.Int32,System.Threading.CancellationToken)",
        "M:System.Threading.Tasks.Task.Delay(System.TimeSpan)",
        "M:System.Threading.Tasks.Task.Delay(System.TimeSpan,System.Threading.CancellationToken)",
        "M:System.Threading.Thread.Sleep(System.Int32)",
        "M:System.Threading.Thread.Sleep(System.TimeSpan)",
        "M:System.Diagnostics.Stopwatch.StartNew",
        "M:System.Diagnostics.Stopwatch.GetTimestamp",
        "P:System.Environment.TickCount",
        "P:System.Environment.TickCount64",
        "M:System.Threading.Timer.#ctor(System.Threading.TimerCallback)",
        "M:System.Threading.Timer.#ctor(System.Threading.TimerCallback,System.Object,System.Int32,System.Int32)",
        "M:System.Threading.Timer.#ctor(System.Threading.TimerCallback,System.Object,System.Int64,System.Int64)",
        "M:System.Threading.Timer.#ctor(System.Threading.TimerCallback,System.Object,System.TimeSpan,System.TimeSpan)",
        "M:System.Threading.Timer.#ctor(System.Threading.TimerCallback,System.Object,System.UInt32,System.UInt32)",
    ];

    private static string BannedList => Path.Combine(Examples.RepositoryRoot(), "eng", "BannedSymbols.txt");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Projects()
    {
        var root = Examples.RepositoryRoot();
        return new(new[] { "src", "samples" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.csproj", SearchOption.AllDirectories))
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Projects_SdkFakeToolHostAndSamples_AllListed()
        => Assert.Equal(9, Projects().Count);

    [Theory]
    [MemberData(nameof(Projects))]
    public async Task Evaluate_Project_HasTheAnalyzerAndTheBannedList(string project)
    {
        var path = Path.Combine(Examples.RepositoryRoot(), project);
        var (code, output, error) = await ProcessRunner.RunAsync(
            "dotnet", workingDirectory: null, ["msbuild", path, "-getItem:AdditionalFiles", "-getItem:PackageReference", "-nologo"], Ct);
        Assert.True(code == 0, $"dotnet msbuild {project} exited {code}: {error}{output}");

        var items = JsonDocument.Parse(output).RootElement.GetProperty("Items");
        Assert.Contains(items.GetProperty("PackageReference").EnumerateArray(), i => i.GetProperty("Identity").GetString() == "Microsoft.CodeAnalysis.BannedApiAnalyzers");
        Assert.Contains(items.GetProperty("AdditionalFiles").EnumerateArray(), i => Path.GetFullPath(i.GetProperty("FullPath").GetString()!) == BannedList);
    }

    [Fact]
    public void BannedList_AmbientClockWaitsTimersAndRandomness_EachBannedWithWhatToUse()
    {
        var entries = File.ReadAllLines(BannedList)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith("//", StringComparison.Ordinal))
            .Select(line => line.Split(';', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length == 2 ? parts[1].Trim() : string.Empty, StringComparer.Ordinal);

        Assert.All(RequiredBans, id => Assert.True(entries.TryGetValue(id, out var use) && use.Contains("TimeProvider", StringComparison.Ordinal) != use.Contains("randomizer", StringComparison.Ordinal), $"{id} is not banned with a message saying what to use"));
    }
}
