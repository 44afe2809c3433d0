using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Immuta.Client.Validation;
using Xunit;

namespace Immuta.Client.Tests.Platforms;

/// <summary>
/// A platform's facts live in its descriptor (<c>src/Immuta.Client/Platforms/</c>) and are read through
/// <see cref="ImmutaPlatforms"/> (issue 14 item 3); the shipped packages use public API only (item 5).
/// </summary>
public sealed partial class PlatformRegistryTests
{
    private static readonly string[] ShippedProjects = ["Immuta.Client", "Immuta.Client.Testing", "Immuta.Client.Cli"];

    [Fact]
    public void Sources_OutsidePlatformsFolder_NameNoPlatform()
    {
        var root = Examples.RepositoryRoot();
        var platformsFolder = Path.Combine(root, "src", "Immuta.Client", "Platforms") + Path.DirectorySeparatorChar;
        var pattern = PlatformNames();
        var offenders = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.StartsWith(platformsFolder, StringComparison.Ordinal) && !IsBuildOutput(path))
            .SelectMany(path => File.ReadLines(path).Select((line, i) => (path, line, number: i + 1)))
            .Where(l => !l.line.TrimStart().StartsWith("//", StringComparison.Ordinal) && !IsJsonContextRegistration(l.path, l.line))
            .Where(l => pattern.IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(root, l.path)}:{l.number}: {l.line.Trim()}")
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void ShippedAssemblies_GrantNoInternalsToEachOther()
    {
        var root = Examples.RepositoryRoot();
        var packable = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Where(path => File.ReadAllText(path).Contains("<IsPackable>true</IsPackable>", StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(ShippedProjects.Order(StringComparer.Ordinal), packable);

        Assembly[] shipped = [typeof(ImmutaClient).Assembly, typeof(FakeImmutaServer).Assembly, typeof(global::Immuta.Client.Cli.CliApp).Assembly];
        var names = shipped.Select(a => a.GetName().Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var grants = shipped
            .SelectMany(a => a.GetCustomAttributes<InternalsVisibleToAttribute>().Select(g => (From: a.GetName().Name, To: g.AssemblyName.Split(',')[0].Trim())))
            .Where(g => names.Contains(g.To))
            .Select(g => $"{g.From} -> {g.To}")
            .ToList();

        Assert.Empty(grants);
    }

    [Fact]
    public void Find_EachPlatformsWireType_ReadsAsItsRecord()
    {
        foreach (var platform in ImmutaPlatforms.All)
        {
            var read = ImmutaJson.Deserialize<IntegrationDefinition>($$"""{"type":"{{platform.Type}}"}""");
            Assert.Equal(platform.DefinitionType, read.GetType());
            Assert.Same(platform, ImmutaPlatforms.Find(platform.Type.Value));
            Assert.Same(platform, ImmutaPlatforms.Of(read));
        }
    }

    [Fact]
    public void Find_TypeDifferingInCase_IsUnknown()
    {
        Assert.Null(ImmutaPlatforms.Find("snowflake"));
        Assert.IsType<UnknownIntegration>(ImmutaJson.Deserialize<IntegrationDefinition>("""{"type":"snowflake"}"""));
    }

    [Fact]
    public void All_EachPlatform_OneDescriptorPerTypeAndRecord()
    {
        Assert.Equal(ImmutaPlatforms.All.Count, ImmutaPlatforms.All.Select(p => p.Type.Value).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(ImmutaPlatforms.All.Count, ImmutaPlatforms.All.Select(p => p.DefinitionType).Distinct().Count());
        Assert.All(ImmutaPlatforms.All, p => Assert.True(typeof(IntegrationDefinition).IsAssignableFrom(p.DefinitionType)));
        Assert.All(ImmutaPlatforms.All.Where(p => p.DeleteCredentialsType is not null), p => Assert.True(typeof(IntegrationDeleteCredentials).IsAssignableFrom(p.DeleteCredentialsType)));
    }

    [Fact]
    public void IsDocumentedFor_CreateUpdateAndAKindNotListed_True()
        => Assert.All(ImmutaPlatforms.All, p => Assert.True(
            p.IsDocumentedFor(IntegrationRequestKind.Create) && p.IsDocumentedFor(IntegrationRequestKind.Update) && p.IsDocumentedFor((IntegrationRequestKind)99)));

    [Fact]
    public void All_CastBackToAnArray_CannotBeChanged()
    {
        Assert.False(ImmutaPlatforms.All is ImmutaPlatform[]);
        Assert.All(ImmutaPlatforms.All, p => Assert.False(p.NonEditablePaths is string[]));
    }

    [Fact]
    public void LocalRulesAll_HoldsEveryPlatformsRules()
        => Assert.All(ImmutaPlatforms.All.SelectMany(p => p.Rules), rule => Assert.Contains(rule, LocalRules.All));

    [Fact]
    public void UnknownPlatform_HandledGenerically_EveryReaderOfTheRegistry()
    {
        var unknown = ImmutaJson.Deserialize<IntegrationDefinition>("""{"type":"Amazon Redshift Spectrum","autoBootstrap":true,"config":{"host":"h","password":"p4ss"}}""");

        Assert.Null(ImmutaPlatforms.Of(unknown));
        Assert.Null(IntegrationIdentity.KeyOf(unknown));
        Assert.Empty(ImmutaPlatforms.DocumentedValidationTests(unknown));
        Assert.Null(IntegrationDeleteCredentials.RefusalFor(unknown));
        var read = Assert.IsType<UnknownIntegration>(ImmutaPlatforms.AsRead(unknown));
        Assert.Equal("""{"host":"h","password":"<REDACTED>"}""", read.Config!.Value.GetRawText());
        var finding = Assert.Single(unknown.Validate());
        Assert.Equal(IntegrationValidationRules.AcceptedValues, finding.Rule);
    }

    [Fact]
    public async Task LoadDeleteCredentialsAsync_PlatformTakingNone_ArgumentException()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, "{}", TestContext.Current.CancellationToken);
            var error = await Assert.ThrowsAsync<ArgumentException>(() => IntegrationDefinitionFile.LoadDeleteCredentialsAsync(path, IntegrationType.Databricks, cancellationToken: TestContext.Current.CancellationToken));
            Assert.Contains("takes no credentials", error.Message, StringComparison.Ordinal);
            var credentials = await IntegrationDefinitionFile.LoadDeleteCredentialsAsync(path, IntegrationType.Redshift, cancellationToken: TestContext.Current.CancellationToken);
            Assert.IsType<RedshiftDeleteCredentials>(credentials);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadDeleteCredentials_MistypedMember_NamesItsPath()
    {
        var error = Assert.Throws<ImmutaSerializationException>(() => ImmutaPlatforms.Find("Snowflake")!.ReadDeleteCredentials("""{"username":7}"""));
        Assert.Equal("$.username", error.JsonPath);
    }

    // The platforms' wire types, record names and IntegrationType members, each as a whole word or literal.
    private static Regex PlatformNames()
    {
        var words = new List<string>();
        foreach (var platform in ImmutaPlatforms.All)
        {
            words.Add(Regex.Escape($"\"{platform.Type}\""));
            var records = new[] { platform.DefinitionType, platform.DeleteCredentialsType, platform.DefinitionType.GetProperty("Config")?.PropertyType };
            words.AddRange(records.OfType<Type>().Select(t => $@"\b{t.Name}\b"));
        }

        words.AddRange(typeof(IntegrationType).GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => p.PropertyType == typeof(IntegrationType))
            .Select(p => $@"\bIntegrationType\.{p.Name}\b"));
        return new Regex(string.Join('|', words), RegexOptions.CultureInvariant);
    }

    private static bool IsBuildOutput(string path)
        => path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            || path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    // System.Text.Json's source generator takes [JsonSerializable] on one declaration only, so the platforms' records are
    // registered in ImmutaJsonContext.cs (the one exception).
    private static bool IsJsonContextRegistration(string path, string line)
        => path.EndsWith("ImmutaJsonContext.cs", StringComparison.Ordinal) && line.StartsWith("[JsonSerializable(typeof(", StringComparison.Ordinal);
}
