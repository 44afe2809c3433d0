using Xunit;

namespace Immuta.Client.Tests.Attack;

/// <summary>
/// A credential held as a name/value pair (JDBC-style connection properties, request headers): the member holding it is
/// called <c>value</c>, its name is in a sibling member.
/// </summary>
public sealed class NameValueCredentialAttackTests
{
    // Not fixed here: the rule is by member name in every walk (JsonSecretMasker, ImmutaPlatforms.AsRead, PlanDiff,
    // ExportedDefinition, the credentials a request carries for SecretScrubber); a pair needs the sibling's value, and
    // JsonSecretMasker reads forward only ("value" may come before "name"). One rule change across all of them.
    [Theory(Skip = "Leaks: a credential held as {name|key: <credential name>, value: <secret>} is printed in clear by every printer; needs the credential rule to look at a sibling name, in every walk (see the report of fix/attack)")]
    [InlineData("""{"name":"password","value":"S3cr3t-Pair-77"}""")]
    [InlineData("""{"key":"Authorization","value":"Bearer S3cr3t-Pair-77"}""")]
    [InlineData("""{"value":"S3cr3t-Pair-77","name":"client_secret"}""")]
    public void Mask_CredentialAsANameValuePairInAnUnknownList_NotPrinted(string pair)
    {
        var json = """{"type":"Trino","autoBootstrap":true,"config":{"connectionProperties":[""" + pair + "]}}";

        Assert.DoesNotContain("S3cr3t-Pair-77", Immuta.Client.Serialization.JsonSecretMasker.Mask(json, isYaml: false), StringComparison.Ordinal);
    }
}
