using Immuta.Client.Serialization;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Serialization;

/// <summary>
/// Every documented request and response body (the spec's examples) reads into the typed model of its endpoint, with every
/// member typed (nothing left over as extension data), and writes back as equivalent JSON.
/// </summary>
public sealed class GoldenExampleTests
{
    public static TheoryData<string> ExampleNames() => new(Examples.Names());

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public void Example_RoundTripsThroughItsTypedModel_EquivalentJson(string name)
    {
        var codec = ExampleCodec.For(name);
        var json = Examples.Read(name);

        var model = codec.Read(json);
        var written = codec.Write(model);

        JsonAssert.Equivalent(json, written);
    }

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public void Example_EveryMemberIsTyped_NoExtensionDataLeft(string name)
    {
        var model = ExampleCodec.For(name).Read(Examples.Read(name));

        var leftovers = ModelWalker.Models(model)
            .Where(m => m.Model.AdditionalProperties is { Count: > 0 })
            .Select(m => $"{m.Path}: {string.Join(", ", m.Model.AdditionalProperties!.Keys)}")
            .ToList();

        Assert.True(leftovers.Count == 0, "Members not typed by the model: " + string.Join("; ", leftovers));
    }

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public void Example_PlatformInName_ReadsAsThatPlatformsModel(string name)
    {
        var model = ExampleCodec.For(name).Read(Examples.Read(name));
        var definitions = model switch
        {
            IntegrationDefinition d => [d],
            Integration i => [i.Definition],
            IReadOnlyList<Integration> list => list.Select(i => i.Definition).ToArray(),
            _ => Array.Empty<IntegrationDefinition>(),
        };

        Assert.DoesNotContain(definitions, d => d is UnknownIntegration);
        var platform = ExampleCodec.PlatformOf(name);
        if (platform is not null && model is IntegrationDefinition single)
        {
            Assert.Equal(platform, single.GetType());
        }
    }

    [Fact]
    public async Task DeserializeAsync_LargeListReadInSegments_EveryIntegrationRead()
    {
        // A stream is read in small segments, so the converters see readers that are not on their final block.
        var one = System.Text.Json.Nodes.JsonNode.Parse(Examples.Read("get-integrations.response.json"))!.AsArray();
        var list = new System.Text.Json.Nodes.JsonArray([.. Enumerable.Range(0, 400).Select(i => one[i % 2]!.DeepClone())]);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(list.ToJsonString()));

        var read = await System.Text.Json.JsonSerializer.DeserializeAsync(stream, Immuta.Client.Serialization.ImmutaJsonContext.Default.IReadOnlyListIntegration, TestContext.Current.CancellationToken);

        Assert.Equal(400, read!.Count);
        Assert.IsType<DatabricksIntegration>(read[399].Definition);
        Assert.Null(read[1].Definition.AdditionalProperties);
    }

    [Fact]
    public void DefinitionReadOnItsOwn_ResponseMembers_KeptAndWrittenBack()
    {
        var json = Examples.Read("get-integrations-id.snowflake.response.json");

        var definition = ImmutaJson.Deserialize<IntegrationDefinition>(json);

        Assert.Equal(["id", "status", "validationResults"], definition.AdditionalProperties!.Keys.Order(StringComparer.Ordinal));
        JsonAssert.Equivalent(json, ImmutaJson.Serialize(definition));
    }

    [Fact]
    public void Examples_AllCovered_SeventySevenFiles()
        => Assert.Equal(77, Examples.Names().Count());

    // The examples named for a platform (post-integrations.snowflake…, get-integrations-id.databricks…) whose body is a
    // definition: each reads as that platform's model, not as another one nor as UnknownIntegration.
    public static TheoryData<string> PlatformDefinitionExamples() => new(PlatformDefinitionNames());

    [Fact]
    public void PlatformDefinitionExamples_EveryPlatformHasSome()
        => Assert.Equal(7, PlatformDefinitionNames().Select(ExampleCodec.PlatformOf).Distinct().Count());

    [Theory]
    [MemberData(nameof(PlatformDefinitionExamples))]
    public void Example_NamedForAPlatform_ReadsAsThatPlatformsModel(string name)
    {
        var definition = DefinitionOf(ExampleCodec.For(name).Read(Examples.Read(name)));

        Assert.IsType(ExampleCodec.PlatformOf(name)!, definition);
    }

    private static IEnumerable<string> PlatformDefinitionNames() => Examples.Names().Where(n =>
        ExampleCodec.PlatformOf(n) is not null && DefinitionOf(ExampleCodec.For(n).Read(Examples.Read(n))) is not null);

    private static IntegrationDefinition? DefinitionOf(object model) => model switch
    {
        IntegrationDefinition d => d,
        Integration i => i.Definition,
        _ => null,
    };

    [Fact]
    public void Examples_InRepoCopy_MatchesSharedSpec()
    {
        var shared = Examples.SharedDirectory();
        Assert.SkipWhen(shared is null, "../shared/spec/examples is not beside this clone.");

        var sharedNames = Directory.EnumerateFiles(shared!, "*.json").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(sharedNames, Examples.Names().ToList());
        Assert.All(sharedNames, name => Assert.Equal(File.ReadAllText(Path.Combine(shared!, name)), Examples.Read(name)));
    }
}
