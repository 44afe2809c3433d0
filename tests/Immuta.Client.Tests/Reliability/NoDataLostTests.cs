using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Reliability;

/// <summary>
/// GET → change one field → PUT sends every other field back unchanged, including members the SDK does not model and
/// nested unknown objects; and random extra members at every level survive a round trip.
/// </summary>
public sealed class NoDataLostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, int> IntegrationResponses()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in Examples.Names().Where(n => n.StartsWith("get-integrations", StringComparison.Ordinal) && !n.Contains("status", StringComparison.Ordinal)))
        {
            var node = JsonNode.Parse(Examples.Read(name))!;
            var count = node is JsonArray array ? array.Count : 1;
            for (var i = 0; i < count; i++)
            {
                data.Add(name, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(IntegrationResponses))]
    public async Task GetModifyPut_UnknownMembersAtEveryLevel_SentBackUnchanged(string example, int index)
    {
        // A GET's redaction markers are refused on PUT (RedactionMarkerTests): the caller puts real values in their place.
        var node = JsonNode.Parse(Examples.Read(example).Replace("\"<REDACTED>\"", "\"put-back-by-the-caller\"", StringComparison.Ordinal))!;
        var integrationJson = (node is JsonArray array ? array[index]! : node).AsObject();
        AddUnknownMembers(integrationJson, new Random(index + example.Length));
        using var stub = new StubImmuta(new ImmutaClientOptions { ValidateBeforeSending = false, Retry = StubImmuta.NoRetries });
        stub.Reply("GET", "/integrations/1", 200, integrationJson.ToJsonString());
        stub.Reply("PUT", "/integrations/1", 200, Examples.Read("put-integrations-id.snowflake.response.json"));

        var fetched = await stub.Integrations.GetAsync("1", Ct);
        var (changed, path, value) = ChangeOneField(fetched.Definition);
        await stub.Integrations.UpdateAsync(WaitUntil.Started, "1", changed, Ct);

        var expected = integrationJson.DeepClone().AsObject();
        expected.Remove("id");
        expected.Remove("status");
        expected.Remove("validationResults");
        expected["config"]![path] = value;
        JsonAssert.Equivalent(expected.ToJsonString(), stub.Requests("/integrations/1").Single(r => r.Method == "PUT").Body!);
    }

    [Fact]
    public void RoundTrip_RandomExtraMembersAtEveryLevel_AllSurvive()
    {
        var requests = Examples.Names().Where(n => n.EndsWith(".request.json", StringComparison.Ordinal) && !n.StartsWith("delete-", StringComparison.Ordinal)).ToArray();
        var cases = Gen.Choose(0, requests.Length - 1).SelectMany(i => Gen.Choose(0, int.MaxValue - 1), (i, seed) => (Example: requests[i], Seed: seed)).ToArbitrary();

        var property = Prop.ForAll(cases, c =>
        {
            var json = JsonNode.Parse(Examples.Read(c.Example))!.AsObject();
            AddUnknownMembers(json, new Random(c.Seed));
            var text = json.ToJsonString();

            var written = ImmutaJson.Serialize(ImmutaJson.Deserialize<IntegrationDefinition>(text));

            return JsonAssert.FirstDifference(JsonNode.Parse(text), JsonNode.Parse(written), "$") is null;
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);
    }

    /// <summary>Adds one to three unknown members, of random JSON shapes, to every object of the document.</summary>
    internal static void AddUnknownMembers(JsonNode node, Random random)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var child in obj.Select(p => p.Value).OfType<JsonNode>().ToList())
                {
                    AddUnknownMembers(child, random);
                }

                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    obj[$"future_{random.Next(1_000_000)}"] = RandomValue(random, depth: 0);
                }

                break;
            case JsonArray array:
                foreach (var item in array.OfType<JsonNode>().ToList())
                {
                    AddUnknownMembers(item, random);
                }

                break;
        }
    }

    private static JsonNode? RandomValue(Random random, int depth) => random.Next(depth > 2 ? 5 : 7) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(random.NextDouble() * 1e6),
        3 => JsonValue.Create(random.NextInt64(long.MinValue, long.MaxValue)),
        4 => JsonValue.Create(new string((char)random.Next(32, 0x2FFF), random.Next(0, 12)) + "\"\\\n<>&"),
        5 => new JsonArray([.. Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomValue(random, depth + 1))]),
        _ => new JsonObject(Enumerable.Range(0, random.Next(0, 4)).Select(i => KeyValuePair.Create($"k{i}", RandomValue(random, depth + 1)))),
    };

    private static (IntegrationDefinition Changed, string Path, JsonNode Value) ChangeOneField(IntegrationDefinition definition) => definition switch
    {
        SnowflakeIntegration s => (s with { Config = s.Config! with { Warehouse = "CHANGED_WH" } }, "warehouse", JsonValue.Create("CHANGED_WH")),
        DatabricksIntegration d => (d with { Config = d.Config! with { HttpPath = "sql/changed" } }, "httpPath", JsonValue.Create("sql/changed")),
        _ => throw new InvalidOperationException($"No field to change for {definition.Type}."),
    };
}
