using System.Text;
using System.Text.Json;
using Xunit;

namespace Immuta.Client.Tests.Serialization;

/// <summary>
/// A member name holding an unpaired surrogate escape (<c>"\ud800x"</c>: valid JSON, not valid Unicode) is an unknown member
/// like any other: kept under its exact name and written back as the same JSON, never as U+FFFD (a different member). YAML
/// cannot hold such a name (YAML text is Unicode), so a YAML printer or reader refuses it, naming it, rather than change it.
/// </summary>
public sealed class UnpairedSurrogateNameTests
{
    private const string Integration = """
        {"id":"1","status":"enabled","type":"Snowflake","autoBootstrap":true,
         "config":{"host":"h","warehouse":"w","database":"d","port":443,"\udbffy":[1,"\udc00"]},
         "\ud800x":{"a":"\ud800"},"\udbffx":2,"extra":{"\udc00z":3}}
        """;

    [Fact]
    public void Deserialize_UnpairedSurrogateInMemberNames_KeptUnderTheirExactNames()
    {
        var integration = ImmutaJson.Deserialize<Integration>(Integration);

        var extra = integration.Definition.AdditionalProperties!;
        Assert.Contains("\ud800x", extra.Keys);
        Assert.Contains("\udbffx", extra.Keys); // not folded into one "\ufffdx" with the first
        Assert.DoesNotContain(extra.Keys, name => name.Contains('\uFFFD', StringComparison.Ordinal));
        Assert.Contains("\udbffy", Assert.IsType<SnowflakeIntegration>(integration.Definition).Config!.AdditionalProperties!.Keys);
        Assert.Equal(2, extra["\udbffx"].GetInt32());
    }

    [Fact]
    public void Serialize_UnpairedSurrogateInMemberNames_WrittenBackAsTheSameJson()
    {
        var json = ImmutaJson.Serialize(ImmutaJson.Deserialize<Integration>(Integration));

        Assert.DoesNotContain("\\uFFFD", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\uFFFD", json, StringComparison.Ordinal);
        Assert.Contains("\"\\ud800x\":{\"a\":\"\\ud800\"}", json, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"\\udbffx\":2", json, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"\\udbffy\":[1,\"\\udc00\"]", json, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"extra\":{\"\\udc00z\":3}", json, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Members(Integration).Order(StringComparer.Ordinal), Members(json).Order(StringComparer.Ordinal)); // the SDK writes its members in its own order
    }

    [Fact]
    public void Serialize_UnpairedSurrogateNameBesideOrdinaryMembers_DocumentStaysValidJson()
    {
        var status = ImmutaJson.Deserialize<IntegrationStatusResult>("""{"id":7,"\ud800":1,"status":"creating","b":true}""");

        var json = ImmutaJson.Serialize(status, indented: true);

        using var document = JsonDocument.Parse(json); // valid JSON (its lone-surrogate name is read by no GetProperty)
        Assert.Equal(["\\ud800", "b", "id", "status"], Members(json).Order(StringComparer.Ordinal));
        Assert.Contains("\"creating\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_UnpairedSurrogateNameToAWriterThatValidates_RefusedNamingTheMember()
    {
        var status = ImmutaJson.Deserialize<IntegrationStatusResult>("""{"id":7,"status":"creating","note\ud800":1}""");
        using var buffer = new MemoryStream();
        using var writer = new Utf8JsonWriter(buffer);

        var error = Assert.Throws<JsonException>(() => JsonSerializer.Serialize(writer, status, ImmutaJson.Options));

        Assert.Contains("note\uFFFD", error.Message, StringComparison.Ordinal);
        Assert.Contains("unpaired surrogate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void YamlSerialize_UnpairedSurrogateInAMemberName_RefusedNotChanged()
    {
        var integration = ImmutaJson.Deserialize<Integration>(Integration);

        var error = Assert.ThrowsAny<Exception>(() => ImmutaYaml.Serialize(integration));

        Assert.IsType<ImmutaSerializationException>(error, exactMatch: false);
        Assert.Contains("surrogate", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void YamlDeserialize_UnpairedSurrogateEscapeInAKey_RefusedNotChanged()
    {
        var error = Assert.ThrowsAny<Exception>(() => ImmutaYaml.Deserialize<IntegrationStatusResult>("id: 7\nstatus: creating\n\"\\ud800x\": 1\n"));

        Assert.IsType<ImmutaSerializationException>(error, exactMatch: false);
        Assert.Contains("surrogate", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    // Every member name of a document, escapes read as written (lower case), in order: what a reader of it sees.
    private static List<string> Members(string json)
    {
        var names = new List<string>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                names.Add(Encoding.UTF8.GetString(reader.ValueSpan).ToLowerInvariant());
            }
        }

        return names;
    }
}
