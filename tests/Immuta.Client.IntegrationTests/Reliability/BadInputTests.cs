using System.Diagnostics;
using System.Text;
using Immuta.Client.Tests.Serialization;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Reliability;

/// <summary>
/// Random mutations of every example (braces deleted, types changed, huge numbers, deep nesting, truncation, flipped
/// bytes, invalid UTF-8) fed to the JSON and YAML readers: the answer is a model or an <see cref="ImmutaSerializationException"/>,
/// never another exception, a crash, a hang or a stack overflow.
/// </summary>
public sealed class BadInputTests(ITestOutputHelper output)
{
    private const int MutationsPerExample = 40;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void JsonAndYamlReaders_MutatedExamples_ModelOrSerializationException()
    {
        var watch = Stopwatch.StartNew();
        var cases = 0;
        var rejected = 0;
        var failures = new List<string>();
        foreach (var name in Examples.Names())
        {
            var codec = ExampleCodec.For(name);
            var json = Examples.Read(name);
            var yaml = name.StartsWith("get-integrations.", StringComparison.Ordinal) ? null : SafeYaml(json);
            var random = new Random(StableSeed(name)); // the same mutations on every run, so a failure can be replayed
            for (var i = 0; i < MutationsPerExample; i++)
            {
                var mutated = Mutate(json, random);
                cases++;
                Check(() => codec.Write(codec.Read(mutated)), $"{name} json #{i}", failures, ref rejected);
                if (yaml is not null)
                {
                    var mutatedYaml = Mutate(yaml, random);
                    cases++;
                    Check(() => ImmutaYaml.Serialize(ImmutaYaml.Deserialize<IntegrationDefinition>(mutatedYaml)), $"{name} yaml #{i}", failures, ref rejected);
                }
            }
        }

        output.WriteLine($"bad input: {cases} mutated documents read in {watch.Elapsed.TotalSeconds:0.0} s; {rejected} rejected with ImmutaSerializationException, {cases - rejected - failures.Count} still valid, {failures.Count} other outcomes");
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
        Assert.True(rejected > cases / 2, "most mutations should be rejected");
    }

    [Theory]
    [InlineData(100)]
    [InlineData(100_000)]
    public void Readers_DeepNesting_RejectedWithoutStackOverflow(int depth)
    {
        var json = "{\"type\":\"Snowflake\",\"config\":{\"x\":" + new string('[', depth) + new string(']', depth) + "}}";
        var yaml = "type: Snowflake\nconfig:\n  x: " + new string('[', depth) + new string(']', depth) + "\n";

        Assert.Throws<ImmutaSerializationException>(() => ImmutaJson.Deserialize<IntegrationDefinition>(json));
        Assert.Throws<ImmutaSerializationException>(() => ImmutaYaml.Deserialize<IntegrationDefinition>(yaml));
    }

    [Theory]
    [InlineData("{\"type\":42}")]
    [InlineData("{\"type\":\"Snowflake\",\"type\":42}")]
    [InlineData("{\"config\":{}}")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"type\":\"Snowflake\",\"config\":{\"port\":\"x\"}")]
    public void JsonReader_WrongShapes_SerializationException(string json)
        => Assert.Throws<ImmutaSerializationException>(() => ImmutaJson.Deserialize<IntegrationDefinition>(json));

    public static TheoryData<string> MistypedMembers() => new(
        "{\"type\":\"Snowflake\",\"config\":{\"port\":1e400}}",
        "{\"type\":\"Snowflake\",\"config\":{\"port\":99999999999999999999999}}",
        "{\"type\":\"Snowflake\",\"autoBootstrap\":\"yes\"}",
        "{\"type\":\"Databricks\",\"config\":[]}",
        "{\"type\":\"Snowflake\",\"config\":{\"password\":{\"nested\":true}}}");

    [Theory]
    [MemberData(nameof(MistypedMembers))]
    public void JsonReader_MemberOfTheWrongType_KeptAsItCame(string json)
        => JsonAssert.Equivalent(json, ImmutaJson.Serialize(ImmutaJson.Deserialize<IntegrationDefinition>(json)));

    [Theory]
    [MemberData(nameof(MistypedMembers))]
    public void FileReader_MemberOfTheWrongType_SerializationExceptionWithItsPath(string json)
    {
        var error = Assert.Throws<ImmutaSerializationException>(() => IntegrationDefinitionFile.Parse(json, IntegrationFileFormat.Json));

        Assert.StartsWith("$.", error.JsonPath, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"type\":\"Snowflake\",\"config\":{\"note\":\"\\ud800\"}}")]
    [InlineData("{\"type\":\"Snowflake\",\"config\":{\"host\":\"a\\udc00b\"}}")]
    [InlineData("{\"type\":\"Snowflake\",\"config\":{\"x\":{\"\\ud800\":1}}}")]
    [InlineData("{\"type\":\"Trino\",\"config\":[\"\\ud800\\ud800\"]}")]
    public void Writers_LoneSurrogateEscapeRead_JsonAsItCameYamlSerializationException(string json)
    {
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>(json);

        Assert.Equal(json, ImmutaJson.Serialize(definition));
        Assert.Throws<ImmutaSerializationException>(() => ImmutaYaml.Serialize(definition));
        Assert.Throws<ImmutaSerializationException>(() => IntegrationDefinitionFile.Parse(json, IntegrationFileFormat.Json));
    }

    [Fact]
    public async Task Client_InvalidUtf8Body_SerializationExceptionNamingTheEndpoint()
    {
        using var stub = new StubImmuta();
        var body = Encoding.UTF8.GetBytes("{\"id\":1,\"status\":\"en").Concat(new byte[] { 0xFF, 0xFE, 0xC3 }).Concat(Encoding.UTF8.GetBytes("abled\"}")).ToArray();
        stub.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/integrations/1/status").UsingGet())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithHeader("Content-Type", "application/json").WithBody(body));

        var error = await Assert.ThrowsAsync<ImmutaSerializationException>(() => stub.Integrations.GetStatusAsync("1", Ct));

        Assert.StartsWith("The response of GET /integrations/1/status is not valid", error.Message, StringComparison.Ordinal);
    }

    private static void Check(Func<object> read, string label, List<string> failures, ref int rejected)
    {
        try
        {
            read();
        }
        catch (ImmutaSerializationException)
        {
            rejected++;
        }
        catch (Exception error)
        {
            failures.Add($"{label}: {error.GetType().Name}: {error.Message}");
        }
    }

    // string.GetHashCode is randomized per process; this one is not.
    private static int StableSeed(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & 0x7FFFFFFF);
    }

    private static string? SafeYaml(string json)
    {
        try
        {
            return ImmutaYaml.Serialize(ImmutaJson.Deserialize<IntegrationDefinition>(json));
        }
        catch (ImmutaSerializationException)
        {
            return null; // not a definition (a response or an error body)
        }
    }

    private static string Mutate(string text, Random random)
    {
        var builder = new StringBuilder(text);
        for (var edits = random.Next(1, 4); edits > 0 && builder.Length > 0; edits--)
        {
            var at = random.Next(builder.Length);
            switch (random.Next(11))
            {
                case 0: // delete a brace or bracket
                    var brace = text.IndexOfAny(['{', '}', '[', ']'], Math.Min(at, text.Length - 1));
                    if (brace >= 0 && brace < builder.Length)
                    {
                        builder.Remove(brace, 1);
                    }

                    break;
                case 1: // truncate
                    builder.Length = at;
                    break;
                case 2: // a huge number
                    builder.Insert(at, "1e400");
                    break;
                case 3: // a string where a value was
                    builder.Insert(at, "\"x\"");
                    break;
                case 4: // deep nesting
                    builder.Insert(at, new string('[', random.Next(50, 2000)));
                    break;
                case 5: // a flipped character
                    builder[at] = (char)random.Next(0, 0xFFFF);
                    break;
                case 6: // a lone surrogate (invalid UTF-16/UTF-8)
                    builder.Insert(at, '\uD800');
                    break;
                case 7: // a duplicated slice
                    var length = Math.Min(random.Next(1, 40), builder.Length - at);
                    builder.Insert(at, builder.ToString(at, length));
                    break;
                case 9: // an escaped lone surrogate (valid JSON, not valid Unicode)
                    builder.Insert(at, "\\ud800");
                    break;
                default: // a control character
                    builder.Insert(at, (char)random.Next(0, 32));
                    break;
            }
        }

        return builder.ToString();
    }
}
