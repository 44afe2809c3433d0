using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Immuta.Client.Serialization;

/// <summary>
/// Writes JSON with every credential replaced by <c>***</c>: the value of each member whose name
/// <see cref="CredentialNames"/> calls a credential, and the <c>value</c> of each name/value pair naming one
/// (<see cref="ImmutaRedaction.IsCredentialPairValue"/>), at any depth, inside arrays too, whatever the value is (a string,
/// a number, an object, an array; <c>null</c> stays <c>null</c>, and Immuta's own redaction markers stay themselves), and the
/// user info of every URL in any other string (<c>https://***@host/…</c>, <see cref="Internal.UriUserInfo"/>). The one masking
/// walk behind every printer: the fake's journal, the tool's outputs and plan, <c>ToString()</c> of raw JSON, and models
/// written with foreign options.
/// </summary>
internal static class JsonSecretMasker
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    /// <summary>The member names whose values are credentials (<see cref="CredentialNames.IsCredential(ReadOnlySpan{char})"/>).</summary>
    public static bool IsSecretName(string name) => CredentialNames.IsCredential(name);

    /// <summary>
    /// Tells whether a serializer is the SDK's own: only then does a <see cref="SecretString"/> write its value (a request
    /// body, <see cref="ImmutaJson"/>, a definition file). Any other options (a logger's, a web framework's,
    /// <c>JsonSerializer.Serialize(model)</c>) get <c>***</c>.
    /// </summary>
    public static bool RevealsSecrets(JsonSerializerOptions options)
        => ReferenceEquals(options, ImmutaJsonContext.Wire) || ReferenceEquals(options, ImmutaJsonContext.Default.Options);

    /// <summary>Whether any member named like a credential, or a pair's <c>value</c> naming one, has a value (not <c>null</c>, not <c>""</c>).</summary>
    public static bool HoldsCredentials(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        Span<int> objects = stackalloc int[MaxDepth + 1];
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                objects[reader.CurrentDepth] = (int)reader.TokenStartIndex;
            }
            else if (reader.TokenType == JsonTokenType.PropertyName && IsCredential(ref reader, json, objects)
                && reader.Read() && reader.TokenType is not JsonTokenType.Null && !(reader.TokenType == JsonTokenType.String && reader.ValueSpan.IsEmpty))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Masks a JSON or YAML body (the fake's journal); a body it cannot read is not kept at all.</summary>
    public static string? Mask(string? body, bool isYaml)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return Mask(Encoding.UTF8.GetBytes(isYaml ? ImmutaYaml.ToJson(body) : body));
        }
        catch (Exception exception) when (exception is JsonException or ImmutaSerializationException or ArgumentException or InvalidOperationException)
        {
            return $"<unreadable body, {body.Length} characters, not kept>";
        }
    }

    /// <summary>Masks JSON text given as UTF-8; throws <see cref="JsonException"/> when it is not JSON.</summary>
    public static string Mask(ReadOnlySpan<byte> json) => Print(json, mask: true, SecretString.Mask, maskUrls: true);

    /// <summary>
    /// Like <see cref="Mask(ReadOnlySpan{byte})"/>, with <paramref name="marker"/> instead of <c>***</c>: the fake answers a
    /// GET with the credentials of members the SDK does not model replaced by Immuta's own marker (<c>&lt;REDACTED&gt;</c>).
    /// URLs are left as they are: this answers as Immuta does, it is not a printer.
    /// </summary>
    public static string Mask(ReadOnlySpan<byte> json, string marker) => Print(json, mask: true, marker, maskUrls: false);

    /// <summary>
    /// Copies JSON text for display with nothing masked (the tool's <c>--show-secrets</c>): like <see cref="Mask(ReadOnlySpan{byte})"/>,
    /// an unpaired surrogate escape becomes U+FFFD instead of failing the printer.
    /// </summary>
    public static string PrintUnmasked(ReadOnlySpan<byte> json) => Print(json, mask: false, SecretString.Mask, maskUrls: false);

    private static string Print(ReadOnlySpan<byte> json, bool mask, string marker, bool maskUrls)
    {
        var buffer = new ArrayBufferWriter<byte>(json.Length + 16);
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            WriteMasked(json, writer, mask, marker, maskUrls);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Prints a raw JSON value masked (for <c>ToString()</c>).</summary>
    public static string Print(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            WriteMasked(element, writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes a raw JSON value masked.</summary>
    public static void WriteMasked(JsonElement element, Utf8JsonWriter writer)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var raw = new Utf8JsonWriter(buffer))
        {
            element.WriteTo(raw);
        }

        WriteMasked(buffer.WrittenSpan, writer);
    }

    /// <summary>Writes a model as the SDK writes it (every member), masked: for models written with foreign options.</summary>
    public static void WriteMasked<T>(T value, JsonTypeInfo<T> sdkType, Utf8JsonWriter writer)
        => WriteMasked(JsonSerializer.SerializeToUtf8Bytes(value, sdkType), writer);

    /// <summary>Copies one JSON value from <paramref name="json"/> to <paramref name="writer"/>, credentials masked.</summary>
    public static void WriteMasked(ReadOnlySpan<byte> json, Utf8JsonWriter writer) => WriteMasked(json, writer, mask: true, SecretString.Mask, maskUrls: true);

    // Only a short string can be a marker: a credential is never decoded to find out.
    private static bool IsServerMarker(ref Utf8JsonReader reader)
        => reader.ValueSpan.Length <= 64 && ImmutaRedaction.IsRedactedValue(LenientJsonText.GetString(ref reader));

    // A string that could hold a URL (a colon, a percent escape, or JSON escapes that could spell either).
    private static bool MightHoldUrl(ref Utf8JsonReader reader)
        => reader.ValueIsEscaped || reader.ValueSpan.IndexOfAny((byte)':', (byte)'%') >= 0;

    /// <summary>
    /// Whether the member a forward reader of <paramref name="json"/> stands on holds a credential: by its name, or as the
    /// <c>value</c> of a name/value pair naming one (<see cref="CredentialNames.NamesPairCredential"/>). <paramref name="objects"/>
    /// holds, by depth, where each open object starts (the walk sets it at each <c>{</c>): the pair's name may come after its
    /// value, so the object's own members are read again from its start, only when a <c>value</c> member is met, rather than
    /// every object being buffered (measured on a busy 2-core machine, Release, <see cref="ImmutaRedaction.PrintJson"/>: 2,000
    /// objects with no <c>value</c> member, 100 KB, about 4 ms a print before and after; 2,000 credential pairs, 80 KB, value
    /// before name, about 2 ms against about 1.5 ms before). The one rule for every forward-only walk. An object is read
    /// again at most once: its answer replaces its start in <paramref name="objects"/> (<see cref="KnownPair"/>,
    /// <see cref="KnownNotPair"/>), so an object holding many <c>value</c> members (JSON allows a name twice) is not read
    /// once for each of them, which made a hostile body of 20,000 such members cost 20,000 reads of itself.
    /// </summary>
    internal static bool IsCredential(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> json, scoped Span<int> objects, bool isFinalBlock = true)
    {
        if (CredentialNames.IsCredential(ref reader))
        {
            return true;
        }

        if (reader.CurrentDepth == 0 || !CredentialNames.IsPairValue(ref reader))
        {
            return false;
        }

        ref var start = ref objects[reader.CurrentDepth - 1];
        if (start < 0)
        {
            return start == KnownPair;
        }

        var pair = CredentialNames.IsCredentialPair(json[start..], isFinalBlock);
        start = pair ? KnownPair : KnownNotPair;
        return pair;
    }

    /// <summary>In a walk's table of open objects: this object was read again and is a pair naming a credential.</summary>
    private const int KnownPair = -1;

    /// <summary>In a walk's table of open objects: this object was read again and is not a pair naming a credential.</summary>
    private const int KnownNotPair = -2;

    /// <summary>The nesting a forward walk reads (the size of its table of open objects, less one).</summary>
    internal const int MaxDepth = 256;

    private static void WriteMasked(ReadOnlySpan<byte> json, Utf8JsonWriter writer, bool mask, string marker, bool maskUrls)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        Span<int> objects = stackalloc int[MaxDepth + 1];
        var maskNext = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    if (maskUrls && MightHoldUrl(ref reader))
                    {
                        // A name is printed as a value is: a URL in it keeps no user info.
                        writer.WritePropertyName(Internal.UriUserInfo.Mask(LenientJsonText.GetString(ref reader), SecretString.Mask));
                    }
                    else if (reader.ValueIsEscaped)
                    {
                        writer.WritePropertyName(LenientJsonText.GetString(ref reader));
                    }
                    else
                    {
                        writer.WritePropertyName(reader.ValueSpan);
                    }

                    maskNext = mask && IsCredential(ref reader, json, objects);
                    continue;
                case JsonTokenType.StartObject or JsonTokenType.StartArray when maskNext:
                    reader.Skip();
                    writer.WriteStringValue(marker);
                    break;
                case JsonTokenType.Null:
                    writer.WriteNullValue();
                    break;
                case JsonTokenType.String when maskNext && IsServerMarker(ref reader):
                    // Immuta's own marker is no secret, and printing it as *** would let a printed definition go back
                    // with *** as the credential; as itself, the request check refuses it by name (RequestBodyCheck).
                    writer.WriteStringValue(LenientJsonText.GetString(ref reader));
                    break;
                case not (JsonTokenType.EndObject or JsonTokenType.EndArray) when maskNext:
                    writer.WriteStringValue(marker);
                    break;
                case JsonTokenType.StartObject:
                    objects[reader.CurrentDepth] = (int)reader.TokenStartIndex;
                    writer.WriteStartObject();
                    break;
                case JsonTokenType.EndObject:
                    writer.WriteEndObject();
                    break;
                case JsonTokenType.StartArray:
                    writer.WriteStartArray();
                    break;
                case JsonTokenType.EndArray:
                    writer.WriteEndArray();
                    break;
                case JsonTokenType.String when maskUrls && MightHoldUrl(ref reader):
                    writer.WriteStringValue(Internal.UriUserInfo.Mask(LenientJsonText.GetString(ref reader), SecretString.Mask));
                    break;
                case JsonTokenType.String when reader.ValueIsEscaped:
                    writer.WriteStringValue(LenientJsonText.GetString(ref reader));
                    break;
                case JsonTokenType.String:
                    writer.WriteStringValue(reader.ValueSpan);
                    break;
                case JsonTokenType.Number:
                    writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                    break;
                case JsonTokenType.True or JsonTokenType.False:
                    writer.WriteBooleanValue(reader.TokenType == JsonTokenType.True);
                    break;
            }

            maskNext = false;
        }
    }
}
