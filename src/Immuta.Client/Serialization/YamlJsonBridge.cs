using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Immuta.Client.Serialization;

/// <summary>
/// Converts between YAML and JSON text with YamlDotNet's parser and emitter (no reflection, trim-safe), so YAML uses the
/// JSON field names and yields the same models. One document; duplicate keys are rejected; anchors and aliases are
/// expanded up to a budget so a "billion laughs" document fails instead of exhausting memory. Merge keys
/// (<c>&lt;&lt;: *defaults</c>, <c>&lt;&lt;: [*a, *b]</c>) merge as YAML 1.1 defines them; the core tags
/// (<c>!!str</c>, <c>!!int</c>, <c>!!float</c>, <c>!!bool</c>, <c>!!null</c>, <c>!!map</c>, <c>!!seq</c>) give their
/// types; any other tag (<c>!Ref</c>, <c>!!binary</c>) is refused with its line.
/// </summary>
internal static partial class YamlJsonBridge
{
    /// <summary>How many JSON values a YAML document may expand to.</summary>
    internal const int MaxNodes = 100_000;

    /// <summary>How deeply a YAML document may nest.</summary>
    internal const int MaxDepth = 64;

    private const string CoreTagPrefix = "tag:yaml.org,2002:";

    public static string ToJson(string yaml) => ToJson(yaml, map: null);

    /// <summary>Converts YAML text to JSON text; <paramref name="map"/>, when given, receives where each value stands in the YAML.</summary>
    public static string ToJson(string yaml, SourceMap? map)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        if (parser.Accept<StreamEnd>(out _))
        {
            throw new YamlFormatException("The YAML text holds no document.", default);
        }

        parser.Consume<DocumentStart>();
        var reader = new TreeReader();
        var root = reader.Read(parser, depth: 0, secret: false);
        parser.Consume<DocumentEnd>();
        if (!parser.Accept<StreamEnd>(out _))
        {
            throw new YamlFormatException("The YAML text holds more than one document; an integration definition is one.", parser.Current?.Start ?? default);
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            var budget = MaxNodes;
            Write(writer, root, "$", null, map, ref budget, depth: 0, secret: false);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    // The document as a tree. An alias is the anchored node itself (shared, never copied), so reading is linear in the
    // text; writing expands aliases, within MaxNodes.
    private abstract class YamlNode(Mark start)
    {
        public Mark Start { get; } = start;
    }

    private sealed class ScalarNode(Scalar scalar) : YamlNode(scalar.Start)
    {
        public Scalar Scalar { get; } = scalar;
    }

    private sealed class SequenceNode(Mark start, List<YamlNode> items) : YamlNode(start)
    {
        public List<YamlNode> Items { get; } = items;
    }

    private sealed class MappingNode(Mark start, List<(ScalarNode Key, YamlNode Value)> entries) : YamlNode(start)
    {
        public List<(ScalarNode Key, YamlNode Value)> Entries { get; } = entries;
    }

    private sealed class TreeReader
    {
        private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
        private int _merged; // members copied by merge keys: a chain of merges must not grow without bound

        // `secret`: whether the node is (or is inside) the value of a credential-like member: its alias and tag names are not quoted.
        public YamlNode Read(IParser parser, int depth, bool secret)
        {
            // Checked while reading, not only while writing: a deeply nested document must fail before it overflows the stack.
            if (depth > MaxDepth)
            {
                throw new YamlFormatException($"The YAML document nests deeper than {MaxDepth} levels.", parser.Current?.Start ?? default);
            }

            if (parser.TryConsume<AnchorAlias>(out var alias))
            {
                return _anchors.TryGetValue(alias.Value.Value, out var anchored)
                    ? anchored
                    : throw new YamlFormatException($"the alias *{(secret ? SecretString.Mask : alias.Value.Value)} names no anchor.", alias.Start);
            }

            var node = parser.Consume<NodeEvent>();
            YamlNode result = node switch
            {
                MappingStart mapping => ReadMapping(parser, mapping, depth, secret),
                SequenceStart sequence => ReadSequence(parser, sequence, depth, secret),
                Scalar scalar => new ScalarNode(scalar),
                _ => throw new YamlFormatException("Unexpected YAML content.", node.Start),
            };
            if (!node.Anchor.IsEmpty)
            {
                _anchors[node.Anchor.Value] = result;
            }

            return result;
        }

        private SequenceNode ReadSequence(IParser parser, SequenceStart start, int depth, bool secret)
        {
            CheckCollectionTag(start.Tag, "seq", start.Start, secret);
            var items = new List<YamlNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(Read(parser, depth + 1, secret));
            }

            return new SequenceNode(start.Start, items);
        }

        private MappingNode ReadMapping(IParser parser, MappingStart start, int depth, bool secret)
        {
            CheckCollectionTag(start.Tag, "map", start.Start, secret);
            var entries = new List<(ScalarNode Key, YamlNode Value)>();
            var keys = new HashSet<string>(StringComparer.Ordinal);
            var merges = new List<(int At, YamlNode Value, Mark Start)>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = parser.Current as Scalar
                    ?? throw new YamlFormatException("a mapping key must be a plain string.", parser.Current?.Start ?? default);
                parser.MoveNext();
                if (IsMergeKey(key))
                {
                    if (merges.Count > 0)
                    {
                        throw new YamlFormatException("the merge key '<<' appears twice in one mapping; merge several with a list: <<: [*a, *b].", key.Start);
                    }

                    merges.Add((entries.Count, Read(parser, depth + 1, secret), key.Start));
                    continue;
                }

                if (TagOf(key.Tag) is { } keyTag && keyTag is not (CoreTagPrefix + "str") and not "!")
                {
                    throw UnknownTag(key.Tag, key.Start, "a mapping key", secret);
                }

                var name = TextOf(key);
                if (!keys.Add(name))
                {
                    throw new YamlFormatException($"the key '{ImmutaRedaction.MaskUrlUserInfo(name)}' appears twice in one mapping.", key.Start);
                }

                entries.Add((new ScalarNode(key), Read(parser, depth + 1, secret || CredentialNames.IsCredential(name))));
            }

            foreach (var (at, value, mark) in merges)
            {
                // YAML 1.1 merge: the mapping's own keys win wherever they stand; of several merged mappings the first wins.
                var merged = new List<(ScalarNode Key, YamlNode Value)>();
                foreach (var source in value is SequenceNode list ? list.Items : [value])
                {
                    if (source is not MappingNode mapping)
                    {
                        throw new YamlFormatException("a merge key (<<) takes a mapping, an alias of one (<<: *defaults) or a list of them (<<: [*a, *b]).", source.Start.Line == 0 ? mark : source.Start);
                    }

                    foreach (var entry in mapping.Entries)
                    {
                        if (keys.Add(TextOf(entry.Key.Scalar)))
                        {
                            merged.Add(entry);
                        }
                    }
                }

                _merged += merged.Count;
                if (_merged > MaxNodes)
                {
                    throw new YamlFormatException($"The YAML document expands past {MaxNodes} values (merge keys).", mark);
                }

                entries.InsertRange(at, merged);
            }

            return new MappingNode(start.Start, entries);
        }

        // '<<' merges only as a plain scalar (or tagged !!merge); a quoted '<<' is a key like any other.
        private static bool IsMergeKey(Scalar key)
            => key.Value == "<<" && ((key.Style == ScalarStyle.Plain && TagOf(key.Tag) is null) || TagOf(key.Tag) == CoreTagPrefix + "merge");

        private static void CheckCollectionTag(TagName tag, string kind, Mark start, bool secret)
        {
            if (TagOf(tag) is { } text && text != "!" && text != CoreTagPrefix + kind)
            {
                throw UnknownTag(tag, start, kind == "map" ? "a mapping" : "a list", secret);
            }
        }
    }

    // `secret`: whether the node is (or is inside) the value of a credential-like member: its tag is not quoted.
    private static void Write(Utf8JsonWriter writer, YamlNode node, string path, Mark? key, SourceMap? map, ref int budget, int depth, bool secret)
    {
        if (--budget < 0)
        {
            throw new YamlFormatException($"The YAML document expands past {MaxNodes} values (aliases nested too deeply).", node.Start);
        }

        if (depth > MaxDepth)
        {
            throw new YamlFormatException($"The YAML document nests deeper than {MaxDepth} levels.", node.Start);
        }

        map?.Add(path, key is { } k ? PositionOf(k) : null, PositionOf(node.Start));
        switch (node)
        {
            case MappingNode mapping:
                writer.WriteStartObject();
                foreach (var (name, value) in mapping.Entries)
                {
                    var text = TextOf(name.Scalar);
                    writer.WritePropertyName(text);
                    Write(writer, value, SourceMap.Member(path, text), name.Start, map, ref budget, depth + 1, secret || CredentialNames.IsCredential(text));
                }

                writer.WriteEndObject();
                break;
            case SequenceNode sequence:
                writer.WriteStartArray();
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    Write(writer, sequence.Items[i], SourceMap.Item(path, i), null, map, ref budget, depth + 1, secret);
                }

                writer.WriteEndArray();
                break;
            default:
                WriteScalar(writer, ((ScalarNode)node).Scalar, secret);
                break;
        }
    }

    private static SourcePosition PositionOf(Mark mark) => new((int)mark.Line, (int)mark.Column);

    // YAML 1.2 core schema for untagged plain scalars; quoted scalars are strings; a core tag decides the type.
    private static void WriteScalar(Utf8JsonWriter writer, Scalar scalar, bool secret)
    {
        var value = TextOf(scalar);
        if (TagOf(scalar.Tag) is { } tag)
        {
            WriteTagged(writer, scalar, tag, value, secret);
        }
        else if (scalar.Style != ScalarStyle.Plain)
        {
            writer.WriteStringValue(value);
        }
        else if (IsNull(value))
        {
            writer.WriteNullValue();
        }
        else if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            writer.WriteBooleanValue(value[0] is 't' or 'T');
        }
        else if (JsonNumberPattern().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var finite) && double.IsFinite(finite))
        {
            // A number JSON can spell is written as spelled, as its JSON twin reads it: through a long or a double,
            // 12345678901234567890 and 0.12345678901234567890 would be rounded and 1.0 become 1 (export, then apply).
            writer.WriteRawValue(value);
        }
        else if (IntegerPattern().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            writer.WriteNumberValue(integer);
        }
        else if (FloatPattern().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    private static bool IsNull(string value) => value is "" or "~" or "null" or "Null" or "NULL";

    // The core tags, whatever the scalar's quoting (a tag states the type): the value must be one of that type.
    private static void WriteTagged(Utf8JsonWriter writer, Scalar scalar, string tag, string value, bool secret)
    {
        var text = value.Trim();
        switch (tag)
        {
            case "!" or CoreTagPrefix + "str":
                writer.WriteStringValue(value);
                break;
            case CoreTagPrefix + "null" when IsNull(text):
                writer.WriteNullValue();
                break;
            case CoreTagPrefix + "bool" when Boolean(text) is { } flag:
                writer.WriteBooleanValue(flag);
                break;
            case CoreTagPrefix + "int" when Integer(text) is { } integer:
                writer.WriteNumberValue(integer);
                break;
            case CoreTagPrefix + "float" when Integer(text) is { } whole:
                writer.WriteNumberValue(whole);
                break;
            case CoreTagPrefix + "float" when FloatPattern().IsMatch(text.Replace("_", string.Empty, StringComparison.Ordinal))
                && double.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case CoreTagPrefix + "null" or CoreTagPrefix + "bool" or CoreTagPrefix + "int" or CoreTagPrefix + "float":
                // The value is not echoed: it may be a credential.
                throw new YamlFormatException($"the value tagged {ShortTag(scalar.Tag)} is not {Expected(tag)}; remove the tag or fix the value.", scalar.Start);
            default:
                throw UnknownTag(scalar.Tag, scalar.Start, "a value", secret);
        }
    }

    private static string Expected(string tag) => tag[CoreTagPrefix.Length..] switch
    {
        "null" => "null (~, null or nothing)",
        "bool" => "a boolean (true or false)",
        "int" => "an integer (such as 5439, 0x1F or 0o17)",
        _ => "a finite number (such as 1.5)",
    };

    private static bool? Boolean(string text) => text.ToLowerInvariant() switch
    {
        "true" or "yes" or "on" or "y" => true,
        "false" or "no" or "off" or "n" => false,
        _ => null,
    };

    // YAML 1.2 core integers (decimal, 0o octal, 0x hex) and YAML 1.1's 0b binary and '_' separators.
    private static long? Integer(string text)
    {
        var digits = text.Replace("_", string.Empty, StringComparison.Ordinal);
        var negative = digits.StartsWith('-');
        var unsigned = digits.TrimStart('-', '+');
        if (digits.Length - unsigned.Length > 1 || unsigned.Length == 0)
        {
            return null;
        }

        try
        {
            long? magnitude = unsigned.Length > 2 && unsigned[0] == '0' && unsigned[1] is 'x' or 'X' ? Convert.ToInt64(unsigned[2..], 16)
                : unsigned.Length > 2 && unsigned[0] == '0' && unsigned[1] is 'o' or 'O' ? Convert.ToInt64(unsigned[2..], 8)
                : unsigned.Length > 2 && unsigned[0] == '0' && unsigned[1] is 'b' or 'B' ? Convert.ToInt64(unsigned[2..], 2)
                : unsigned.All(char.IsAsciiDigit) && long.TryParse(unsigned, NumberStyles.None, CultureInfo.InvariantCulture, out var decimalValue) ? decimalValue
                : null;
            return negative ? -magnitude : magnitude;
        }
        catch (Exception exception) when (exception is FormatException or OverflowException or ArgumentException)
        {
            return null;
        }
    }

    // A tag as written: null for none (or '?', "resolve as usual"); '!' for the non-specific tag that makes a scalar a string.
    private static string? TagOf(TagName tag)
        => tag.IsEmpty ? null : !tag.IsNonSpecific ? tag.Value : tag.ToString() == "!" ? "!" : null;

    // A credential's value written after a '!' (password: !hunter2) reads as a tag: on a credential-like member only a tag
    // of YAML's own types (!!binary, !!timestamp, …) is quoted, never one its author made up.
    private static YamlFormatException UnknownTag(TagName tag, Mark start, string what, bool secret)
        => new($"{what} is tagged {(secret && !YamlTypeTags.Contains(TagOf(tag) ?? string.Empty) ? SecretString.Mask : ShortTag(tag))}, a tag this reader does not know: only the core tags (!!str, !!int, !!float, !!bool, !!null, !!map, !!seq) and merge keys (<<) are read; write the value itself.", start);

    // The tags of YAML 1.1's types this reader does not read: words of the YAML specification, never a secret.
    private static readonly HashSet<string> YamlTypeTags = new(
        new[] { "binary", "timestamp", "set", "omap", "pairs", "value", "yaml" }.Select(t => CoreTagPrefix + t), StringComparer.Ordinal);

    // 'tag:yaml.org,2002:binary' as it was written: '!!binary'.
    private static string ShortTag(TagName tag)
        => TagOf(tag) is not { } text ? tag.ToString() : text.StartsWith(CoreTagPrefix, StringComparison.Ordinal) ? "!!" + text[CoreTagPrefix.Length..] : text;

    /// <summary>Converts JSON text to YAML that every YAML reader (1.1 or 1.2) reads back as the same values.</summary>
    /// <exception cref="ImmutaSerializationException">A string is not valid Unicode (an unpaired surrogate escape), which YAML cannot hold; the message names its path.</exception>
    public static string FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var text = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(text);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Emit(emitter, document.RootElement, "$");
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Emit(IEmitter emitter, JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));
                foreach (var member in element.EnumerateObject())
                {
                    var name = NameOf(member, path);
                    EmitString(emitter, name);
                    Emit(emitter, member.Value, $"{path}.{name}");
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonValueKind.Array:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Block));
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Emit(emitter, item, $"{path}[{index++}]");
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValueKind.String:
                EmitString(emitter, TextOf(element, path));
                break;
            case JsonValueKind.Number:
                emitter.Emit(new Scalar(null, null, element.GetRawText(), ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
            case JsonValueKind.True or JsonValueKind.False:
                emitter.Emit(new Scalar(null, null, element.ValueKind == JsonValueKind.True ? "true" : "false", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
            default:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
        }
    }

    // A string (a value or a key) is written plain only when it is obviously a string to every YAML reader; any other is
    // double-quoted, which keeps every character (tabs, line breaks, leading and trailing spaces) and its type.
    private static void EmitString(IEmitter emitter, string text)
    {
        var plain = IsPlainSafe(text);
        emitter.Emit(new Scalar(null, null, text, plain ? ScalarStyle.Plain : ScalarStyle.DoubleQuoted, isPlainImplicit: plain, isQuotedImplicit: true));
    }

    /// <summary>
    /// Whether a string reads back as the same string when written as a plain YAML scalar, by any YAML 1.1 or 1.2 reader:
    /// it starts with an ASCII letter, holds only ASCII letters, digits, <c>_ - . /</c> and single inner spaces, ends with
    /// a letter or digit, and is none of the words YAML 1.1 reads as a boolean or null (<c>yes</c>, <c>on</c>, <c>n</c>, …,
    /// in any case). Numbers, timestamps, sexagesimals, <c>.inf</c>, <c>&lt;&lt;</c>, <c>=</c> and every indicator start
    /// with something else, so they are quoted.
    /// </summary>
    internal static bool IsPlainSafe(string text)
    {
        if (text.Length == 0 || !char.IsAsciiLetter(text[0]) || !char.IsAsciiLetterOrDigit(text[^1]))
        {
            return false;
        }

        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' || (c == ' ' && text[i - 1] != ' ')))
            {
                return false;
            }
        }

        return !YamlWords.Contains(text);
    }

    // Plain words that some YAML reader takes for a boolean or null (YAML 1.1 booleans and nulls, YAML 1.2 core), any case.
    private static readonly HashSet<string> YamlWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "y", "n", "yes", "no", "on", "off", "true", "false", "null",
    };

    // A double-quoted YAML escape can make an unpaired surrogate, which JSON would write as U+FFFD: a different value.
    private static string TextOf(Scalar scalar)
        => StrictStringJsonConverter.HasUnpairedSurrogate(scalar.Value)
            ? throw new YamlFormatException("a string holds an unpaired surrogate (U+D800-U+DFFF without its other half).", scalar.Start)
            : scalar.Value;

    // JSON can escape an unpaired surrogate (valid JSON, not valid Unicode); YAML cannot hold one.
    private static string TextOf(JsonElement element, string path)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException exception)
        {
            throw NotUnicode(path, exception);
        }
    }

    private static string NameOf(JsonProperty member, string path)
    {
        try
        {
            return member.Name;
        }
        catch (InvalidOperationException exception)
        {
            throw NotUnicode(path, exception);
        }
    }

    private static ImmutaSerializationException NotUnicode(string path, Exception cause)
        => new($"Could not write YAML at {path}: a string holds an unpaired surrogate (\\uD800-\\uDFFF), which YAML cannot hold; write JSON instead.", cause) { JsonPath = path };

    [GeneratedRegex(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex IntegerPattern();

    // The numbers JSON spells (RFC 8259): no '+', no leading zeros, digits on both sides of a '.'; all of them YAML 1.2 core numbers.
    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex JsonNumberPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex FloatPattern();
}

/// <summary>A YAML text could not be read as an integration definition; <see cref="Start"/> is where (line 0 when nowhere in particular).</summary>
internal sealed class YamlFormatException(string message, Mark start) : FormatException(message)
{
    public Mark Start { get; } = start;
}
