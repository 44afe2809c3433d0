using System.IO.Compression;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Packaging;

/// <summary>
/// <c>dotnet pack</c> yields the three packages with their metadata, and the SDK package installs into a throwaway project
/// from the local output folder and builds.
/// </summary>
[Collection(RepositoryBuilds.Name)]
public sealed class PackageTests(ReleaseVersion release) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("immuta-pack-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(int Code, string Output)> RunAsync(string file, string directory, params string[] args)
    {
        var (code, output, error) = await ProcessRunner.RunAsync(file, directory, args, Ct);
        return (code, output + error);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Pack_ThenInstallIntoThrowawayProject_Builds()
    {
        var version = release.Value;
        var feed = Path.Combine(_work, "feed");
        var root = Examples.RepositoryRoot();

        // The native tool package has its own test (NativeToolPackageTests): here the tool is packed framework-dependent only.
        var pack = await RunAsync("dotnet", root, "pack", "Immuta.Client.sln", "-c", "Release", "-o", feed, $"-p:Version={version}", "-p:PackNativeTool=false", "-nologo");
        Assert.True(pack.Code == 0, pack.Output);

        foreach (var id in new[] { "Immuta.Client", "Immuta.Client.Testing", "Immuta.Client.Cli" })
        {
            // The tool's top-level package only points to its implementation packages, which carry the code and symbols.
            var symbols = id == "Immuta.Client.Cli" ? $"{id}.any.{version}.snupkg" : $"{id}.{version}.snupkg";
            Assert.True(File.Exists(Path.Combine(feed, symbols)), $"{id}: no symbols package {symbols}");
            using var package = ZipFile.OpenRead(Path.Combine(feed, $"{id}.{version}.nupkg"));
            var entries = package.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("README.md", entries);
            Assert.Contains("icon.png", entries);
            Assert.Contains("LICENSE", entries);
            using var nuspec = new StreamReader(package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var metadata = await nuspec.ReadToEndAsync(Ct);
            Assert.Contains("<license type=\"expression\">MIT</license>", metadata, StringComparison.Ordinal);
            Assert.Contains("<icon>icon.png</icon>", metadata, StringComparison.Ordinal);
            Assert.Contains("<readme>README.md</readme>", metadata, StringComparison.Ordinal);
        }

        using (var sdk = ZipFile.OpenRead(Path.Combine(feed, $"Immuta.Client.{version}.nupkg")))
        {
            Assert.Contains("lib/net8.0/Immuta.Client.dll", sdk.Entries.Select(e => e.FullName));
            Assert.Contains("lib/net10.0/Immuta.Client.dll", sdk.Entries.Select(e => e.FullName));
        }

        using (var tool = ZipFile.OpenRead(Path.Combine(feed, $"Immuta.Client.Cli.{version}.nupkg")))
        {
            Assert.Contains(tool.Entries, e => e.FullName.EndsWith("DotnetToolSettings.xml", StringComparison.Ordinal));
            Assert.Contains("immuta-integrations.schema.json", tool.Entries.Select(e => e.FullName));
        }

        using (var fallback = ZipFile.OpenRead(Path.Combine(feed, $"Immuta.Client.Cli.any.{version}.nupkg")))
        {
            Assert.Contains("tools/net10.0/any/immuta-integrations.dll", fallback.Entries.Select(e => e.FullName));
        }

        var app = Path.Combine(_work, "app");
        Directory.CreateDirectory(app);
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """, Ct);
        await File.WriteAllTextAsync(Path.Combine(app, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <RestorePackagesPath>{Path.Combine(_work, "packages")}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Immuta.Client" Version="{version}" />
              </ItemGroup>
            </Project>
            """, Ct);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), """
            using Immuta.Client;
            var definition = new SnowflakeIntegration { AutoBootstrap = true, Config = new SnowflakeConfig { Host = "h" } };
            System.Console.WriteLine(definition.Validate().Count);
            using var client = new ImmutaClient(new System.Uri("https://tenant.immuta.test"), new ImmutaApiKeyCredential("k"));
            System.Console.WriteLine(client.Endpoint);
            """, Ct);
        // An empty Directory.Build.props stops the repository's own build settings from applying to the throwaway project.
        await File.WriteAllTextAsync(Path.Combine(_work, "Directory.Build.props"), "<Project />", Ct);
        await File.WriteAllTextAsync(Path.Combine(_work, "Directory.Packages.props"), "<Project />", Ct);

        var build = await RunAsync("dotnet", app, "build", "-nologo");

        Assert.True(build.Code == 0, build.Output);
    }
}
