using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Immuta.Client.Http;
using Immuta.Client.Serialization;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Attack;

/// <summary>
/// A credential held as a name/value pair (JDBC-style connection properties, request headers): the member holding it is
/// called <c>value</c>, its name is in a sibling member (<see cref="ImmutaRedaction.IsCredentialPairValue"/>).
/// </summary>
public sealed class NameValueCredentialAttackTests
{
    private const string Secret = "S3cr3t-Pair-77";

    // Reflection-based options, as JsonSerializer.Serialize(model) gives: not the SDK's, so credentials are masked.
    private static readonly JsonSerializerOptions Foreign = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // One scenario each: the pair's name member and order, casing, nesting, and a value that is not a string.
    public static TheoryData<string> CredentialPairs() => new(
        """{"name":"password","value":"S3cr3t-Pair-77"}""",
        """{"key":"Authorization","value":"Bearer S3cr3t-Pair-77"}""",
        """{"value":"S3cr3t-Pair-77","name":"client_secret"}""",
        """{"value":"S3cr3t-Pair-77","note":{"a":[1,{"b":2}]},"name":"token"}""",
        """{"name":"PASSWORD","value":"S3cr3t-Pair-77"}""",
        """{"Name":"api-key","Value":"S3cr3t-Pair-77"}""",
        """{"name":"password","value":{"plain":"S3cr3t-Pair-77"}}""",
        """{"name":"pin_secret","value":2026073177}""",
        """{"name":"list","value":[{"value":"S3cr3t-Pair-77","name":"password"}]}""",
        """{"name":"outer","value":{"properties":[{"name":"other","value":"x"},{"name":"password","value":"S3cr3t-Pair-77"}]}}""");

    private static string Trino(string pair) => """{"type":"Trino","autoBootstrap":true,"config":{"connectionProperties":[""" + pair + "]}}";

    private static string[] SecretsIn(string pair) => pair.Contains("2026073177", StringComparison.Ordinal) ? ["2026073177"] : [Secret];

    [Theory]
    [MemberData(nameof(CredentialPairs))]
    public void Mask_CredentialAsANameValuePairInAnUnknownList_NotPrinted(string pair)
    {
        var printed = JsonSecretMasker.Mask(Trino(pair), isYaml: false)!;

        Assert.All(SecretsIn(pair), s => Assert.DoesNotContain(s, printed, StringComparison.Ordinal));
        Assert.Contains("\"***\"", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void Mask_PairWhoseNameIsNoCredential_PrintedAsItIs()
    {
        var json = Trino("""{"name":"warehouse","value":"W-Pair-1"},{"value":"db-Pair-2","name":"database"}""");

        Assert.Equal(json, JsonSecretMasker.Mask(json, isYaml: false));
    }

    [Fact]
    public void Mask_YamlPairValueBeforeName_NotPrinted()
    {
        var yaml = "type: Trino\nconfig:\n  connectionProperties:\n    - value: S3cr3t-Pair-77\n      name: password\n";

        Assert.DoesNotContain(Secret, JsonSecretMasker.Mask(yaml, isYaml: true), StringComparison.Ordinal);
    }

    [Fact]
    public void PrintJson_CredentialPair_ValueMaskedNameKept()
    {
        Assert.Equal("""{"p":[{"value":"***","name":"password"}]}""", ImmutaRedaction.PrintJson("""{"p":[{"value":"S3cr3t-Pair-77","name":"password"}]}"""));
    }

    [Fact]
    public void PrintJson_ShowCredentials_PairPrintedAsItIs()
    {
        const string Json = """{"p":[{"value":"S3cr3t-Pair-77","name":"password"}]}""";

        Assert.Equal(Json, ImmutaRedaction.PrintJson(Json, showCredentials: true));
    }

    [Theory]
    [InlineData("value", """{"name":"password"}""", true)]
    [InlineData("VALUE", """{"key":"Api-Key"}""", true)]
    [InlineData("value", """{"name":"warehouse"}""", false)]
    [InlineData("name", """{"name":"password"}""", false)]
    [InlineData("value", """{"name":1}""", false)]
    [InlineData("value", """{"label":"password"}""", false)]
    [InlineData("valueType", """{"name":"password"}""", false)]
    public void IsCredentialPairValue_MemberOfAnObject_TrueOnlyForTheValueOfAPairNamingACredential(string member, string siblings, bool expected)
    {
        var pair = JsonNode.Parse(siblings)!.AsObject();
        pair[member] = "v";

        Assert.Equal(expected, ImmutaRedaction.IsCredentialPairValue(member, pair));
    }

    [Theory]
    [MemberData(nameof(CredentialPairs))]
    public void ToString_UnknownPlatformsConfigHoldingACredentialPair_NotPrinted(string pair)
    {
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>("""{"type":"NewPlatform","config":{"connectionProperties":[""" + pair + "]}}");

        Assert.All(SecretsIn(pair), s => Assert.DoesNotContain(s, definition.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Serialize_ForeignOptionsPairAmongAModelsUnknownMembers_ValueMasked()
    {
        var config = ImmutaJson.Deserialize<TrinoConfig>("""{"value":"S3cr3t-Pair-77","name":"password"}""");

        var printed = JsonSerializer.Serialize(config, Foreign);

        Assert.DoesNotContain(Secret, printed, StringComparison.Ordinal);
        Assert.Contains("password", printed, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CredentialPairs))]
    public void Serialize_SdkOptions_PairKeptExactly(string pair)
    {
        // Nothing lost: masking is only for printing; what is read is written back as it came.
        var json = Trino(pair);

        var written = JsonNode.Parse(ImmutaJson.Serialize(ImmutaJson.Deserialize<IntegrationDefinition>(json)))!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json)!["config"], written["config"]), written.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(CredentialPairs))]
    public void AsRead_CredentialPairInAnUnknownList_ReadsBackRedacted(string pair)
    {
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>(Trino(pair));

        var read = ImmutaJson.Serialize(ImmutaPlatforms.AsRead(definition));

        Assert.All(SecretsIn(pair), s => Assert.DoesNotContain(s, read, StringComparison.Ordinal));
        Assert.Contains("REDACTED", read, StringComparison.Ordinal);
    }

    [Fact]
    public void AsRead_PairWhoseNameIsNoCredential_ReadsBackAsItIs()
    {
        var json = Trino("""{"name":"warehouse","value":"W-Pair-1"}""");

        Assert.Equal(json, ImmutaJson.Serialize(ImmutaPlatforms.AsRead(ImmutaJson.Deserialize<IntegrationDefinition>(json))));
    }

    [Fact]
    public void AsRead_PairAmongAModelsOwnUnknownMembers_ValueRedacted()
    {
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>("""{"type":"Trino","config":{"value":"S3cr3t-Pair-77","name":"password"}}""");

        Assert.DoesNotContain(Secret, ImmutaJson.Serialize(ImmutaPlatforms.AsRead(definition)), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CredentialPairs))]
    public void CredentialsIn_RequestBodyHoldingACredentialPair_CollectsTheValue(string pair)
    {
        var found = RequestBodyCheck.CredentialsIn(Encoding.UTF8.GetBytes(Trino(pair)));

        Assert.All(SecretsIn(pair), s => Assert.Contains(found, f => f.Contains(s, StringComparison.Ordinal)));
    }

    [Fact]
    public void CredentialsIn_PairWhoseNameIsNoCredential_NotCollected()
    {
        Assert.Empty(RequestBodyCheck.CredentialsIn(Encoding.UTF8.GetBytes(Trino("""{"name":"warehouse","value":"W-Pair-1"}"""))));
    }

    [Fact]
    public void Scrub_CredentialThatIsAJsonDocumentHoldingAPair_ThePairsValueScrubbed()
    {
        var scrubber = new SecretScrubber(["""{"properties":[{"value":"S3cr3t-Pair-77","name":"password"}]}"""]);

        Assert.Equal("login failed with ***", scrubber.Scrub("login failed with S3cr3t-Pair-77"));
    }

    [Fact]
    public async Task CreateAsync_ServerEchoesAPairsValueInAnError_MessageScrubbed()
    {
        using var client = AnsweringClient.Create(_ => ScriptedImmuta.Json(HttpStatusCode.BadRequest, """{"message":"connection refused for S3cr3t-Pair-77"}"""));
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>(Trino("""{"value":"S3cr3t-Pair-77","name":"password"}"""));

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Started, definition, Ct));

        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        Assert.Equal("connection refused for ***", error.ServerMessage);
    }

    // JSON allows a member name twice: an object of 100,000 `value` members read again for each of them is 10^11 bytes
    // read (hours); read again once, it takes milliseconds. The timeout only stops a walk that went quadratic.
    [Theory(Timeout = 60_000)]
    [InlineData("PrintJson", "password")]
    [InlineData("PrintJson", "warehouse")]
    [InlineData("CredentialsIn", "password")]
    [InlineData("CredentialsIn", "warehouse")]
    [InlineData("ScrubErrorBody", "password")]
    [InlineData("ScrubErrorBody", "warehouse")]
    public async Task ForwardWalk_ObjectOfAHundredThousandValueMembers_ReadAgainOnce(string walk, string pairName)
    {
        var json = new StringBuilder("""{"p":[{""");
        for (var i = 0; i < 100_000; i++)
        {
            json.Append("\"value\":\"").Append(Secret).Append("\",");
        }

        var text = json.Append("\"name\":\"").Append(pairName).Append("\"}]}").ToString();
        var masked = pairName == "password";

        var result = await Task.Run(
            () => walk switch
            {
                "PrintJson" => ImmutaRedaction.PrintJson(text),
                "CredentialsIn" => string.Join(",", RequestBodyCheck.CredentialsIn(Encoding.UTF8.GetBytes(text))),
                _ => ImmutaRawResponse.Scrub(text, truncated: false, new SecretScrubber([]))!,
            },
            Ct);

        Assert.Equal(masked, walk == "CredentialsIn" ? result.Contains(Secret, StringComparison.Ordinal) : !result.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public void ScrubErrorBody_CutOffBeforeThePairsName_ValueMaskedInDoubt()
    {
        var printed = ImmutaRawResponse.Scrub("""{"message":"bad","properties":[{"value":"S3cr3t-Pair-77","na""", truncated: true, new SecretScrubber([]));

        Assert.DoesNotContain(Secret, printed, StringComparison.Ordinal);
        Assert.Contains("bad", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRawResponse_ErrorBodyHoldingACredentialPairTheRequestDidNotCarry_ValueMasked()
    {
        using var client = AnsweringClient.Create(_ => ScriptedImmuta.Json(
            HttpStatusCode.BadRequest, """{"message":"bad","properties":[{"value":"S3cr3t-Pair-77","key":"X-Api-Key"},{"name":"warehouse","value":"W-Pair-1"}]}"""));

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Started, new TrinoIntegration(), Ct));

        var content = error.GetRawResponse()!.Content;
        Assert.DoesNotContain(Secret, content, StringComparison.Ordinal);
        Assert.Contains("W-Pair-1", content, StringComparison.Ordinal);
    }
}
