using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using Immuta.Client.Serialization;

namespace Immuta.Client;

/// <summary>
/// The markers Immuta returns in place of credentials on read: <c>&lt;REDACTED&gt;</c> (Snowflake username and password)
/// and <c>REDACTED</c> (Databricks token); and the SDK's one rule for what is a credential when JSON is printed.
/// </summary>
public static class ImmutaRedaction
{
    /// <summary>The marker Immuta returns for Snowflake credentials.</summary>
    public const string AngleBracketMarker = "<REDACTED>";

    /// <summary>The marker Immuta returns for a Databricks token.</summary>
    public const string PlainMarker = "REDACTED";

    /// <summary>Tells whether a value is one of the server's redaction markers rather than a real value.</summary>
    /// <param name="value">The value to test.</param>
    /// <returns><see langword="true"/> for <c>&lt;REDACTED&gt;</c> or <c>REDACTED</c> (any case, surrounding spaces ignored).</returns>
    public static bool IsRedactedValue(string? value)
    {
        if (value is null)
        {
            return false;
        }

        var trimmed = value.AsSpan().Trim();
        return trimmed.Equals(AngleBracketMarker, StringComparison.OrdinalIgnoreCase)
            || trimmed.Equals(PlainMarker, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The SDK's one rule for which member names hold credentials (<c>password</c>, <c>privateKey</c>, <c>token</c>,
    /// <c>clientSecret</c>, <c>awsSecretAccessKey</c>, <c>credential</c>, <c>connectArgs</c>, and names built like them),
    /// the rule every printer of the SDK, its fake server and its tool masks by. When in doubt it calls a name a credential.
    /// </summary>
    /// <param name="name">A JSON member name.</param>
    /// <returns><see langword="true"/> when the member's value is printed as <c>***</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    public static bool IsCredentialName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return CredentialNames.IsCredential(name);
    }

    /// <summary>
    /// The SDK's one rule for a credential held as a name/value pair (JDBC-style connection properties, request headers:
    /// <c>{"name":"password","value":"…"}</c>, <c>{"key":"Authorization","value":"Bearer …"}</c>): the member
    /// <paramref name="name"/> of <paramref name="pair"/> holds a credential when it is called <c>value</c> and a member of
    /// the same object called <c>name</c> or <c>key</c> holds a string that <see cref="IsCredentialName"/> calls a
    /// credential, whatever the members' order. Member names are split and compared as <see cref="IsCredentialName"/> splits
    /// them (<c>Value</c>, <c>KEY</c>); the pair's name may be written in any casing (<c>PASSWORD</c>, <c>api-key</c>). The rule
    /// is narrow: the <c>value</c> of a pair whose name is no credential (<c>{"name":"warehouse","value":"W"}</c>) is not one,
    /// and nothing but <c>value</c> is masked by it. Every printer that masks by <see cref="IsCredentialName"/> masks by this too.
    /// </summary>
    /// <param name="name">The name of a member of <paramref name="pair"/>.</param>
    /// <param name="pair">The object holding the member.</param>
    /// <returns><see langword="true"/> when the member's value is printed as <c>***</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="pair"/> is <see langword="null"/>.</exception>
    public static bool IsCredentialPairValue(string name, System.Text.Json.Nodes.JsonObject pair)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(pair);
        if (!CredentialNames.IsPairValue(name))
        {
            return false;
        }

        foreach (var (member, value) in pair)
        {
            if (value is System.Text.Json.Nodes.JsonValue text && text.GetValueKind() == JsonValueKind.String
                && CredentialNames.NamesPairCredential(member, Serialization.LenientJsonText.GetString(text)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Masks the user info of every URL in <paramref name="text"/> (<c>https://admin:pw@host/path</c> becomes
    /// <c>https://***@host/path</c>), whatever member or message holds it: the user info may hold a password. A URL is found by
    /// its <c>scheme://</c> (also as <c>%3A%2F%2F</c>); its user info is everything before the last at sign of its authority
    /// (<c>@</c>, <c>%40</c>, or the full-width forms <c>＠</c> and <c>﹫</c>). Host, port, path and query are kept for the reader.
    /// </summary>
    /// <param name="text">Any text: a member's value, a host, a message.</param>
    /// <returns>The text to print; the same instance when it holds no user info.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static string MaskUrlUserInfo(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Internal.UriUserInfo.Mask(text, SecretString.Mask);
    }

    /// <summary>
    /// Copies JSON text for printing: compact, with the value of every member <see cref="IsCredentialName"/> names, and of
    /// every pair's <c>value</c> <see cref="IsCredentialPairValue"/> calls a credential (at any depth, inside arrays, whatever its JSON type; <c>null</c> stays <c>null</c>) as <c>***</c>, and the user info of every
    /// URL in any other string, member names included, masked (<see cref="MaskUrlUserInfo"/>), unless <paramref name="showCredentials"/>. <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c> and <c>'</c> are written as they are; an
    /// unpaired surrogate escape becomes U+FFFD rather than failing the printer.
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="showCredentials"><see langword="true"/> to copy every value as it is (the tool's <c>--show-secrets</c>).</param>
    /// <returns>The JSON text to print.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="ImmutaSerializationException">The text is not JSON; the message never holds its content.</exception>
    public static string PrintJson([StringSyntax(StringSyntaxAttribute.Json)] string json, bool showCredentials = false)
    {
        ArgumentNullException.ThrowIfNull(json);
        var utf8 = Encoding.UTF8.GetBytes(json);
        try
        {
            return showCredentials ? JsonSecretMasker.PrintUnmasked(utf8) : JsonSecretMasker.Mask(utf8);
        }
        catch (JsonException exception)
        {
            throw new ImmutaSerializationException($"Could not print the JSON: it is not valid at byte {exception.BytePositionInLine + 1} of line {exception.LineNumber + 1}.", exception);
        }
    }
}
