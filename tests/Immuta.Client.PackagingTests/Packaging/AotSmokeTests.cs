using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Packaging;

/// <summary>
/// The SDK published with Native AOT (trim and AOT warnings are errors) and run against the fake: every public operation
/// works in a native binary, so a trim or AOT regression fails CI.
/// </summary>
[Collection(RepositoryBuilds.Name)]
public sealed class AotSmokeTests(ReleaseVersion release) : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("immuta-aot-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        var (code, output, error) = await ProcessRunner.RunAsync(file, null, args, Ct);
        return (code, output + error);
    }

    public void Dispose() => Directory.Delete(_output, recursive: true);

    [Fact]
    public async Task NativeAotPublish_EveryOperation_NoWarningAndRunsAgainstTheFake()
    {
        var compiler = NativeToolchain.Find(out var why);
        Assert.SkipWhen(compiler is null, why);
        var project = Path.Combine(Examples.RepositoryRoot(), "tests", "Immuta.Client.AotSmoke", "Immuta.Client.AotSmoke.csproj");

        var publish = await RunAsync("dotnet", "publish", project, "-c", "Release", "-r", "linux-x64", "-o", _output, "-nologo", $"-p:Version={release.Value}", $"-p:CppCompilerAndLinker={compiler}");

        Assert.True(publish.Code == 0, publish.Output);
        Assert.DoesNotContain("warning", publish.Output, StringComparison.OrdinalIgnoreCase);
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        var run = await RunAsync(Path.Combine(_output, "Immuta.Client.AotSmoke"), fake.Uri.ToString(), fake.ApiKey);
        Assert.True(run.Code == 0, run.Output);
        Assert.StartsWith("AOT smoke passed: 1 Snowflake enabled deleted 2", run.Output, StringComparison.Ordinal);
    }
}
