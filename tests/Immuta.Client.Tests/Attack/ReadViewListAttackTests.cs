using System.Text.Json;
using Xunit;

namespace Immuta.Client.Tests.Attack;

/// <summary>
/// The read view (<see cref="ImmutaPlatforms.AsRead"/>, and the walk behind it) redacts an unknown credential-named member
/// wherever it sits: inside a model that is an item of a modelled list, inside a JSON array kept in <c>AdditionalProperties</c>,
/// inside arrays of arrays of objects; the other members and their order untouched, and nothing to redact means the
/// original instance.
/// </summary>
public sealed class ReadViewListAttackTests
{
    private const string Secret = "lst-Secret-7731-never";

    // Names the credential rule recognises: plain, camel, snake, upper, a JSON escape spelling "password", a foreign word.
    public static TheoryData<string> CredentialNames() => new()
    {
        "password", "privateKey", "client_secret", "PASSWORD", "pa\\u0073sword", "motDePasse", "пароль",
    };

    private static IntegrationDefinition Snowflake(string extra)
        => ImmutaJson.Deserialize<IntegrationDefinition>(
            "{\"type\":\"Snowflake\",\"autoBootstrap\":true,\"config\":{\"host\":\"h.example.com\",\"warehouse\":\"w\",\"database\":\"d\"," + extra + "}}");

    private static string Written(IntegrationDefinition read) => ImmutaJson.Serialize(read);

    [Theory]
    [MemberData(nameof(CredentialNames))]
    public void Redact_CredentialInAModelThatIsAnItemOfAModelledList_ItemMemberRedactedTheRestKept(string name)
    {
        var results = ImmutaJson.Deserialize<ValidationResults>(
            "{\"validationTests\":[{\"name\":\"a\",\"status\":\"passed\"},{\"name\":\"b\",\"" + name + "\":\"" + Secret + "\",\"note\":\"kept\"}]}");

        var read = UnknownMemberRedaction.Apply(results);

        var written = ImmutaJson.Serialize(read);
        Assert.DoesNotContain(Secret, written, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(written);
        var item = document.RootElement.GetProperty("validationTests")[1];
        Assert.Equal(["name", JsonDocument.Parse("\"" + name + "\"").RootElement.GetString()!, "note"], [.. item.EnumerateObject().Select(m => m.Name)]);
        Assert.Equal("<REDACTED>", item.EnumerateObject().ElementAt(1).Value.GetString());
        Assert.Equal("kept", item.GetProperty("note").GetString());
        Assert.Contains(Secret, ImmutaJson.Serialize(results), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CredentialNames))]
    public void AsRead_CredentialInAnObjectOfAnArrayInAdditionalProperties_Redacted(string name)
    {
        var stored = Snowflake("\"extras\":[{\"host\":\"x\",\"" + name + "\":\"" + Secret + "\",\"port\":1},\"plain\"]");

        var written = Written(ImmutaPlatforms.AsRead(stored));

        Assert.DoesNotContain(Secret, written, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(written);
        var extras = document.RootElement.GetProperty("config").GetProperty("extras");
        var members = extras[0].EnumerateObject().ToList();
        Assert.Equal(["host", JsonDocument.Parse("\"" + name + "\"").RootElement.GetString()!, "port"], [.. members.Select(m => m.Name)]);
        Assert.Equal("<REDACTED>", members[1].Value.GetString());
        Assert.Equal("plain", extras[1].GetString());
        Assert.Contains(Secret, Written(stored), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CredentialNames))]
    public void AsRead_CredentialInNestedArraysOfObjects_Redacted(string name)
    {
        var stored = Snowflake("\"matrix\":[[{\"a\":1}],[[{\"b\":[{\"" + name + "\":\"" + Secret + "\",\"c\":2}]}]]]");

        var written = Written(ImmutaPlatforms.AsRead(stored));

        Assert.DoesNotContain(Secret, written, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(written);
        var leaf = document.RootElement.GetProperty("config").GetProperty("matrix")[1][0][0].GetProperty("b")[0];
        Assert.Equal("<REDACTED>", leaf.EnumerateObject().First().Value.GetString());
        Assert.Equal(2, leaf.GetProperty("c").GetInt32());
    }

    [Theory]
    [MemberData(nameof(CredentialNames))]
    public void AsRead_CredentialInAnArrayOfTheDefinitionsOwnUnknownMember_Redacted(string name)
    {
        var stored = ImmutaJson.Deserialize<IntegrationDefinition>(
            "{\"type\":\"Snowflake\",\"autoBootstrap\":true,\"hooks\":[[{\"" + name + "\":\"" + Secret + "\"}]],\"config\":{\"host\":\"h\",\"warehouse\":\"w\",\"database\":\"d\"}}");

        var written = Written(ImmutaPlatforms.AsRead(stored));

        Assert.DoesNotContain(Secret, written, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(written);
        Assert.Equal("<REDACTED>", document.RootElement.GetProperty("hooks")[0][0].EnumerateObject().Single().Value.GetString());
    }

    [Fact]
    public void Redact_ModelledListWithNothingToRedact_TheOriginalInstance()
    {
        var results = ImmutaJson.Deserialize<ValidationResults>("{\"validationTests\":[{\"name\":\"a\",\"status\":\"passed\",\"note\":\"kept\"}]}");

        Assert.Same(results, UnknownMemberRedaction.Apply(results));
    }

    [Fact]
    public void Redact_ArraysOfObjectsWithNothingToRedact_TheOriginalInstance()
    {
        var stored = Snowflake("\"matrix\":[[{\"a\":1}],[{\"tokenUrl\":\"https://t.example.com\"}]]");

        Assert.Same(stored, UnknownMemberRedaction.Apply(stored));
    }
}
