using System.IO.Compression;
using System.Runtime.InteropServices;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Packaging;

/// <summary>
/// The tool as a .NET 10 RID-specific package (issue 16 item 15): <c>dotnet pack</c> on linux-x64 makes the pointer
/// package, the Native AOT <c>linux-x64</c> package (no trim or AOT warning) and the framework-dependent <c>any</c>
/// fallback; <c>dotnet tool install</c> from that folder installs the native binary, which runs.
/// </summary>
[Collection(RepositoryBuilds.Name)]
public sealed class NativeToolPackageTests(ReleaseVersion release) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("immuta-tool-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(int Code, string Output)> RunAsync(string file, string? directory, params string[] args)
    {
        var (code, output, error) = await ProcessRunner.RunAsync(file, directory, args, Ct);
        return (code, output + error);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task PackTool_OnLinuxX64_InstallsANativeBinaryThatValidates()
    {
        Assert.SkipUnless(RuntimeInformation.RuntimeIdentifier == "linux-x64", $"Native AOT compiles for the machine's own platform: the tool's native package is linux-x64, this is {RuntimeInformation.RuntimeIdentifier}.");
        var compiler = NativeToolchain.Find(out var why);
        Assert.SkipWhen(compiler is null, why);
        var version = release.Value;
        var feed = Path.Combine(_work, "feed");
        var project = Path.Combine(Examples.RepositoryRoot(), "src", "Immuta.Client.Cli", "Immuta.Client.Cli.csproj");

        var pack = await RunAsync("dotnet", null, "pack", project, "-c", "Release", "-o", feed, $"-p:Version={version}", $"-p:CppCompilerAndLinker={compiler}", "-nologo");

        Assert.True(pack.Code == 0, pack.Output);
        Assert.DoesNotContain("warning", pack.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(
            [$"Immuta.Client.Cli.{version}.nupkg", $"Immuta.Client.Cli.any.{version}.nupkg", $"Immuta.Client.Cli.linux-x64.{version}.nupkg"],
            Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using (var pointer = ZipFile.OpenRead(Path.Combine(feed, $"Immuta.Client.Cli.{version}.nupkg")))
        {
            using var settings = new StreamReader(pointer.Entries.Single(e => e.Name == "DotnetToolSettings.xml").Open());
            var text = await settings.ReadToEndAsync(Ct);
            Assert.Contains("RuntimeIdentifier=\"linux-x64\" Id=\"Immuta.Client.Cli.linux-x64\"", text, StringComparison.Ordinal);
            Assert.Contains("RuntimeIdentifier=\"any\" Id=\"Immuta.Client.Cli.any\"", text, StringComparison.Ordinal);
        }

        using (var native = ZipFile.OpenRead(Path.Combine(feed, $"Immuta.Client.Cli.linux-x64.{version}.nupkg")))
        {
            var entries = native.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("tools/any/linux-x64/immuta-integrations", entries);
            Assert.Contains("immuta-integrations.schema.json", entries);
            Assert.DoesNotContain(entries, e => e.EndsWith(".dll", StringComparison.Ordinal) || e.EndsWith(".dbg", StringComparison.Ordinal));
        }

        var tools = Path.Combine(_work, "tools");
        var config = Path.Combine(_work, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """, Ct);

        var install = await RunAsync("dotnet", _work, "tool", "install", "Immuta.Client.Cli", "--version", version, "--tool-path", tools, "--configfile", config);

        Assert.True(install.Code == 0, install.Output);
        Assert.Empty(Directory.GetFiles(tools, "immuta-integrations.dll", SearchOption.AllDirectories));
        var tool = Path.Combine(tools, "immuta-integrations");
        var printed = await RunAsync(tool, null, "--version");
        Assert.Equal(0, printed.Code);
        // The package version, and the commit it was built from when built in a git clone (SourceLink's +sha suffix).
        Assert.Matches($@"^{System.Text.RegularExpressions.Regex.Escape(version)}(\+[0-9a-f]{{40}})?$", printed.Output.Trim());
        var example = Path.Combine(Examples.Directory, "post-integrations.snowflake.userPassword.request.json");
        var validated = await RunAsync(tool, null, "validate", "-f", example);
        Assert.True(validated.Code == 0, validated.Output);
        Assert.Contains("a valid Snowflake integration definition", validated.Output, StringComparison.Ordinal);
        var schema = await RunAsync(tool, null, "schema");
        Assert.Equal(0, schema.Code);
        Assert.Contains("\"$defs\"", schema.Output, StringComparison.Ordinal);
    }
}
