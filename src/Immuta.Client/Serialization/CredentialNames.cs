namespace Immuta.Client.Serialization;

/// <summary>
/// The one rule for "this JSON member holds a credential", by its name. Every printer uses it: the tool's outputs and
/// plan, the fake's journal, <c>ToString()</c> of raw JSON, models written with foreign serializer options, and the
/// collection of credentials a request carries (so an error message that echoes them is scrubbed).
/// </summary>
/// <remarks>
/// <para>
/// A name is split into words at <c>_</c>, <c>-</c>, <c>.</c>, spaces, lower-to-upper case changes (<c>accessToken</c>),
/// acronym ends (<c>APIKey</c>) and letter/digit changes; words compare case-insensitively. The name is a credential
/// when one of its words is a credential word and no word after the last credential word says the member is only about
/// a credential (an id, a URL, a type, a name, an expiry, …):
/// </para>
/// <list type="bullet">
/// <item>Credential words: any word containing <c>password</c>, <c>passwd</c>, <c>passphrase</c>, <c>passcode</c>,
/// <c>secret</c>, <c>token</c>, <c>credential</c>, <c>authorization</c>, <c>cookie</c> or <c>bearer</c>, or the word for
/// password or secret in German, Spanish, Portuguese, French, Russian, Chinese, Japanese or Korean; the words
/// <c>pwd</c>, <c>pw</c>, <c>pword</c>, <c>pass</c> (so <c>PASS_WORD</c>), <c>passe</c>, <c>sas</c>, <c>sig</c>, <c>jwt</c>,
/// <c>otp</c>, <c>pfx</c>, <c>pkcs</c> (a PKCS#12 or PKCS#8 key), any word containing <c>keystore</c>; <c>auth</c> as the last word (<c>basicAuth</c>, but not <c>oAuthClientConfig</c>) or before
/// <c>header</c>; <c>key</c>/<c>keys</c> unless
/// the word before names a non-secret kind of key (<c>publicKey</c>, <c>primaryKey</c>, <c>partitionKey</c>,
/// <c>hashKey…</c>, <c>kmsKey…</c>); a single lower-case word ending in <c>key</c> after a credential qualifier
/// (<c>apikey</c>, <c>privatekey</c>, <c>newkey</c>, <c>accesskey</c>); <c>connect args</c> and
/// <c>connection string</c> (and their one-word forms).</item>
/// <item>Words that say a member is only about a credential: <c>id</c>, <c>url</c>, <c>uri</c>, <c>endpoint</c>,
/// <c>host</c>, <c>type</c>, <c>kind</c>, <c>name</c>, <c>arn</c>, <c>path</c>, <c>expiry</c>, <c>expires</c>,
/// <c>ttl</c>, <c>lifetime</c>, <c>length</c>, <c>policy</c>, <c>enabled</c>, <c>required</c>, <c>format</c>,
/// <c>version</c>, <c>delimiter</c>, <c>provider</c>, … (see the list below); a <c>url</c> after <c>sas</c> is still a
/// credential (the signature is in it).</item>
/// </list>
/// <para>
/// So <c>password</c>, <c>clientSecret</c>, <c>client_secret</c>, <c>accessToken</c>, <c>sasToken</c>,
/// <c>secretAccessKey</c>, <c>private_key</c>, <c>apikey</c>, <c>x-api-key</c>, <c>connectArgs</c> are credentials;
/// <c>awsAccessKeyId</c>, <c>private_key_id</c>, <c>hashKeyDelimiter</c>, <c>authenticationType</c>, <c>tokenUrl</c>,
/// <c>secretName</c>, <c>publicKey</c> are not. When in doubt the rule masks: a value shown as <c>***</c> by mistake costs
/// little, a credential shown costs a lot.
/// </para>
/// </remarks>
internal static class CredentialNames
{
    private const int MaxStackName = 128;

    // Words that make a member a credential wherever they stand inside a word.
    private static readonly string[] Stems =
    [
        "password", "passwd", "passphrase", "passcode", "secret", "token", "credential", "authorization", "cookie", "bearer", "connectargs",
        "connectionstring", "keystore",

        // "password" and "secret" in other languages (German, Spanish, Portuguese, French, Russian, Chinese, Japanese, Korean)
        "passwort", "kennwort", "geheim", "contrasena", "contraseña", "senha", "motdepasse", "пароль", "密码", "密碼", "パスワード", "비밀번호",
    ];

    // Whole words that name a credential: short forms of "password", an Azure shared access signature, one-time and web tokens.
    // A PKCS#12 bundle (pfx, pkcs12) and a key store hold a private key.
    private static readonly string[] Words = ["pwd", "pw", "pword", "pass", "passe", "sas", "sig", "jwt", "otp", "pfx", "pkcs"];

    // Words that stay credentials before "url"/"uri": a shared access signature URL carries the signature itself.
    private static readonly string[] UrlCredentials = ["sas", "sig"];

    // A one-word lower-case name ending in "key" is a credential after one of these (apikey, privatekey, newkey, ...).
    private static readonly string[] KeyQualifiers =
    [
        "api", "private", "new", "access", "secret", "secretaccess", "signing", "master", "ssh", "shared", "account", "storage",
        "encryption", "decryption", "client", "service", "auth", "subscription", "sas", "session", "host", "function", "license",
        "hmac", "app",
    ];

    // "key" after one of these words is not a credential (a database or routing key, a public key, a key reference).
    private static readonly string[] NonSecretKeyKinds =
    [
        "public", "primary", "foreign", "partition", "sort", "hash", "cache", "row", "shard", "sharding", "distribution", "dist",
        "cluster", "clustering", "lookup", "unique", "composite", "surrogate", "natural", "join", "group", "map", "order",
        "idempotency", "dedup", "dedupe", "routing", "index", "kms", "object", "sequence",
    ];

    // A word after the last credential word that makes the member about a credential, not the credential itself.
    private static readonly string[] Descriptors =
    [
        "id", "ids", "identifier", "url", "urls", "uri", "uris", "endpoint", "endpoints", "host", "type", "types", "kind", "name",
        "names", "arn", "path", "paths", "location", "ref", "reference", "expiry", "expiration", "expires", "expired", "ttl",
        "lifetime", "length", "policy", "policies", "enabled", "required", "rotation", "hint", "format", "version", "delimiter",
        "delimiters", "separator", "prefix", "suffix", "count", "provider", "mode", "method", "source", "field",
    ];

    /// <summary>Tells whether a member of this name holds a credential.</summary>
    /// <param name="name">The JSON member name (or a CLR property name).</param>
    /// <returns><see langword="true"/> for a credential.</returns>
    public static bool IsCredential(ReadOnlySpan<char> name)
    {
        var credential = false;
        ReadOnlySpan<char> previous = default;
        ReadOnlySpan<char> lastCredential = default;
        var at = 0;
        while (NextWord(name, ref at) is { IsEmpty: false } word)
        {
            if (IsCredentialWord(word, previous))
            {
                credential = true;
                lastCredential = word;
            }
            else if (credential && IsAny(word, Descriptors)
                && !(IsAny(lastCredential, UrlCredentials) && (word.Equals("url", StringComparison.OrdinalIgnoreCase) || word.Equals("uri", StringComparison.OrdinalIgnoreCase))))
            {
                credential = false;
            }

            previous = word;
        }

        // "auth" alone names a credential only at the end (basicAuth, x-auth) or before "header": oAuthClientConfig,
        // authType and authMethod are about one.
        return credential || EndsWithAuth(name);
    }

    /// <summary>Tells whether the JSON member name a reader stands on holds a credential.</summary>
    /// <param name="reader">A reader standing on a property name.</param>
    /// <returns><see langword="true"/> for a credential.</returns>
    public static bool IsCredential(ref System.Text.Json.Utf8JsonReader reader)
    {
        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (reader.ValueIsEscaped || length > MaxStackName)
        {
            return IsCredential(Serialization.LenientJsonText.GetString(ref reader)); // an unpaired surrogate escape must not throw
        }

        Span<char> buffer = stackalloc char[MaxStackName];
        return IsCredential(buffer[..reader.CopyString(buffer)]);
    }

    /// <summary>
    /// The pair rule (<see cref="ImmutaRedaction.IsCredentialPairValue"/>): whether a member of this name, holding this
    /// string, names the credential of its object's <c>value</c> member. The member is called <c>name</c> or <c>key</c>
    /// (one word, split and compared as <see cref="IsCredential(ReadOnlySpan{char})"/> splits names: <c>Name</c>,
    /// <c>KEY</c>, <c>_key</c>) and its string is a credential name by <see cref="IsCredential(ReadOnlySpan{char})"/>.
    /// </summary>
    /// <param name="member">The member's name.</param>
    /// <param name="value">The member's value when it is a JSON string; anything else names nothing.</param>
    /// <returns><see langword="true"/> when the object's <c>value</c> member holds a credential.</returns>
    public static bool NamesPairCredential(ReadOnlySpan<char> member, string? value)
        => value is not null && (IsOneWord(member, "name") || IsOneWord(member, "key")) && IsCredential(value);

    /// <summary>Whether a member is the <c>value</c> of a name/value pair (one word, any case, as names are split).</summary>
    /// <param name="member">The member's name.</param>
    /// <returns><see langword="true"/> for <c>value</c>, <c>Value</c>, <c>VALUE</c>, <c>_value</c>.</returns>
    public static bool IsPairValue(ReadOnlySpan<char> member) => IsOneWord(member, "value");

    /// <summary>Whether the member name a reader stands on is the <c>value</c> of a name/value pair.</summary>
    /// <param name="reader">A reader standing on a property name.</param>
    /// <returns><see langword="true"/> for <c>value</c> (<see cref="IsPairValue(ReadOnlySpan{char})"/>).</returns>
    public static bool IsPairValue(ref System.Text.Json.Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return IsPairValue(Serialization.LenientJsonText.GetString(ref reader));
        }

        // Every member name of every printed document comes here: no allocation.
        if (reader.ValueSpan.Length > MaxPairMemberName)
        {
            return false;
        }

        Span<char> buffer = stackalloc char[MaxPairMemberName];
        return IsPairValue(buffer[..reader.CopyString(buffer)]);
    }

    /// <summary>Whether an object (a <see cref="System.Text.Json.JsonValueKind.Object"/>) is a name/value pair naming a credential: its <c>value</c> member holds one.</summary>
    /// <param name="element">Any JSON value.</param>
    /// <returns><see langword="true"/> when a member of the object names a credential (<see cref="NamesPairCredential"/>).</returns>
    public static bool IsCredentialPair(System.Text.Json.JsonElement element)
    {
        if (element.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            return false;
        }

        foreach (var member in element.EnumerateObject())
        {
            if (member.Value.ValueKind == System.Text.Json.JsonValueKind.String
                && NamesPairCredential(Serialization.LenientJsonText.ExactName(member), Serialization.LenientJsonText.GetString(member.Value)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the members of one object (a model's unknown members) make it a name/value pair naming a credential.</summary>
    /// <param name="members">The members.</param>
    /// <returns><see langword="true"/> when a member names a credential (<see cref="NamesPairCredential"/>).</returns>
    public static bool IsCredentialPair(IEnumerable<KeyValuePair<string, System.Text.Json.JsonElement>> members)
    {
        foreach (var (name, value) in members)
        {
            if (value.ValueKind == System.Text.Json.JsonValueKind.String && NamesPairCredential(name, Serialization.LenientJsonText.GetString(value)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the object that <paramref name="json"/> starts with (at its <c>{</c>) is a name/value pair naming a credential,
    /// for walks that read forward only: the <c>value</c> may come before its <c>name</c>, so the walk reads the object's own
    /// members again from its start when it meets a <c>value</c> member (only then; nested values are skipped).
    /// </summary>
    /// <param name="json">The JSON text from the object's <c>{</c> on (what follows the object is never read).</param>
    /// <param name="isFinalBlock"><see langword="false"/> when the text may be cut off (an error body read up to a limit).</param>
    /// <returns><see langword="true"/> when a member names a credential, or when the text ends before the object does (in doubt, masked).</returns>
    public static bool IsCredentialPair(ReadOnlySpan<byte> json, bool isFinalBlock = true)
    {
        var reader = new System.Text.Json.Utf8JsonReader(json, isFinalBlock, new System.Text.Json.JsonReaderState(new System.Text.Json.JsonReaderOptions { MaxDepth = 256 }));
        if (!reader.Read() || reader.TokenType != System.Text.Json.JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case System.Text.Json.JsonTokenType.EndObject:
                    return false;
                case System.Text.Json.JsonTokenType.PropertyName:
                    var member = MayBeShortName(ref reader) ? Serialization.LenientJsonText.GetString(ref reader) : null;
                    if (!reader.Read())
                    {
                        return true;
                    }

                    if (member is not null && reader.TokenType == System.Text.Json.JsonTokenType.String
                        && NamesPairCredential(member, Serialization.LenientJsonText.GetString(ref reader)))
                    {
                        return true;
                    }

                    if (reader.TokenType is System.Text.Json.JsonTokenType.StartObject or System.Text.Json.JsonTokenType.StartArray && !reader.TrySkip())
                    {
                        return true;
                    }

                    break;
            }
        }

        return true; // cut off inside the object
    }

    // "name", "key" and "value" with separators around them are short: longer names are not decoded at all.
    private const int MaxPairMemberName = 16;

    private static bool MayBeShortName(ref System.Text.Json.Utf8JsonReader reader)
        => reader.ValueIsEscaped || (reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length) <= MaxPairMemberName;

    private static bool IsOneWord(ReadOnlySpan<char> name, string word)
    {
        var at = 0;
        return NextWord(name, ref at).Equals(word, StringComparison.OrdinalIgnoreCase) && NextWord(name, ref at).IsEmpty;
    }

    private static bool IsCredentialWord(ReadOnlySpan<char> word, ReadOnlySpan<char> previous)
    {
        foreach (var stem in Stems)
        {
            if (word.Contains(stem, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        if (IsAny(word, Words))
        {
            return true;
        }

        if (word.Equals("key", StringComparison.OrdinalIgnoreCase) || word.Equals("keys", StringComparison.OrdinalIgnoreCase))
        {
            return !IsAny(previous, NonSecretKeyKinds);
        }

        if ((word.Equals("args", StringComparison.OrdinalIgnoreCase) || word.Equals("arguments", StringComparison.OrdinalIgnoreCase))
            && (previous.Equals("connect", StringComparison.OrdinalIgnoreCase) || previous.Equals("connection", StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        if ((word.Equals("string", StringComparison.OrdinalIgnoreCase) || word.Equals("str", StringComparison.OrdinalIgnoreCase))
            && (previous.Equals("connection", StringComparison.OrdinalIgnoreCase) || previous.Equals("conn", StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        var qualifier = word.EndsWith("keys", StringComparison.OrdinalIgnoreCase) ? word[..^4]
            : word.EndsWith("key", StringComparison.OrdinalIgnoreCase) ? word[..^3]
            : default;
        return !qualifier.IsEmpty && IsAny(qualifier, KeyQualifiers);
    }

    private static bool EndsWithAuth(ReadOnlySpan<char> name)
    {
        ReadOnlySpan<char> last = default, beforeLast = default;
        var at = 0;
        while (NextWord(name, ref at) is { IsEmpty: false } word)
        {
            beforeLast = last;
            last = word;
        }

        return last.Equals("auth", StringComparison.OrdinalIgnoreCase)
            || (beforeLast.Equals("auth", StringComparison.OrdinalIgnoreCase) && last.Equals("header", StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsAny(ReadOnlySpan<char> word, string[] words)
    {
        if (word.IsEmpty)
        {
            return false;
        }

        foreach (var candidate in words)
        {
            if (word.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The next word of a name from <paramref name="at"/>; empty at the end.</summary>
    private static ReadOnlySpan<char> NextWord(ReadOnlySpan<char> name, scoped ref int at)
    {
        while (at < name.Length && !char.IsLetterOrDigit(name[at]))
        {
            at++;
        }

        var start = at;
        if (start == name.Length)
        {
            return default;
        }

        at++;
        while (at < name.Length && char.IsLetterOrDigit(name[at]) && !IsBoundary(name, at))
        {
            at++;
        }

        return name[start..at];
    }

    // A word starts at i when: lower or digit → upper (accessToken); upper → upper followed by lower (APIKey: API|Key);
    // letter ↔ digit (password2, oauth2Token).
    private static bool IsBoundary(ReadOnlySpan<char> name, int i)
    {
        char before = name[i - 1], current = name[i];
        if (char.IsDigit(before) != char.IsDigit(current))
        {
            return true;
        }

        if (char.IsUpper(current) && (char.IsLower(before) || char.IsDigit(before)))
        {
            return true;
        }

        return char.IsUpper(current) && char.IsUpper(before) && i + 1 < name.Length && char.IsLower(name[i + 1]);
    }
}
