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
/// expanded up to a budget so a "billion laughs" document fails instead of exhausting memory.
/// </summary>
internal static partial class YamlJsonBridge
{
    /// <summary>How many JSON values a YAML document may expand to.</summary>
    internal const int MaxNodes = 100_000;

    /// <summary>How deeply a YAML document may nest.</summary>
    internal const int MaxDepth = 64;

    public static string ToJson(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var parser = new Parser(new StringReader(yaml));
        var anchors = new Dictionary<string, List<ParsingEvent>>(StringComparer.Ordinal);
        var events = new List<ParsingEvent>();
        parser.Consume<StreamStart>();
        if (parser.Accept<StreamEnd>(out _))
        {
            throw new YamlFormatException("The YAML text holds no document.");
        }

        parser.Consume<DocumentStart>();
        ReadNode(parser, events, anchors, depth: 0);
        parser.Consume<DocumentEnd>();
        if (!parser.Accept<StreamEnd>(out _))
        {
            throw new YamlFormatException("The YAML text holds more than one document; an integration definition is one.");
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            var index = 0;
            var budget = MaxNodes;
            Write(writer, events, ref index, ref budget, depth: 0);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

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

    // Copies one node's events (expanding aliases) so they can be written after the whole document was checked.
    private static void ReadNode(IParser parser, List<ParsingEvent> events, Dictionary<string, List<ParsingEvent>> anchors, int depth)
    {
        // Checked while reading, not only while writing: a deeply nested document must fail before it overflows the stack.
        if (depth > MaxDepth)
        {
            throw new YamlFormatException($"The YAML document nests deeper than {MaxDepth} levels.");
        }

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!anchors.TryGetValue(alias.Value.Value, out var anchored))
            {
                throw new YamlFormatException($"Line {alias.Start.Line}: the alias *{alias.Value} names no anchor.");
            }

            if (events.Count + anchored.Count > MaxNodes * 2)
            {
                throw new YamlFormatException($"The YAML document expands past {MaxNodes} values (aliases nested too deeply).");
            }

            events.AddRange(anchored);
            return;
        }

        var start = events.Count;
        var node = parser.Consume<NodeEvent>();
        events.Add(node);
        if (node is MappingStart)
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            while (!parser.TryConsume<MappingEnd>(out var end))
            {
                var key = parser.Current as Scalar
                    ?? throw new YamlFormatException($"Line {parser.Current?.Start.Line}: a mapping key must be a plain string.");
                if (!keys.Add(key.Value))
                {
                    throw new YamlFormatException($"Line {key.Start.Line}: the key '{key.Value}' appears twice in one mapping.");
                }

                ReadNode(parser, events, anchors, depth + 1);
                ReadNode(parser, events, anchors, depth + 1);
            }

            events.Add(new MappingEnd());
        }
        else if (node is SequenceStart)
        {
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                ReadNode(parser, events, anchors, depth + 1);
            }

            events.Add(new SequenceEnd());
        }

        if (!node.Anchor.IsEmpty)
        {
            anchors[node.Anchor.Value] = events.GetRange(start, events.Count - start);
        }
    }

    private static void Write(Utf8JsonWriter writer, List<ParsingEvent> events, ref int index, ref int budget, int depth)
    {
        if (--budget < 0)
        {
            throw new YamlFormatException($"The YAML document expands past {MaxNodes} values.");
        }

        if (depth > MaxDepth)
        {
            throw new YamlFormatException($"The YAML document nests deeper than {MaxDepth} levels.");
        }

        switch (events[index++])
        {
            case MappingStart:
                writer.WriteStartObject();
                while (events[index] is not MappingEnd)
                {
                    writer.WritePropertyName(TextOf((Scalar)events[index++]));
                    Write(writer, events, ref index, ref budget, depth + 1);
                }

                index++;
                writer.WriteEndObject();
                break;
            case SequenceStart:
                writer.WriteStartArray();
                while (events[index] is not SequenceEnd)
                {
                    Write(writer, events, ref index, ref budget, depth + 1);
                }

                index++;
                writer.WriteEndArray();
                break;
            case Scalar scalar:
                WriteScalar(writer, scalar);
                break;
            default:
                throw new YamlFormatException("Unexpected YAML content.");
        }
    }

    // YAML 1.2 core schema for plain scalars; quoted scalars are always strings.
    private static void WriteScalar(Utf8JsonWriter writer, Scalar scalar)
    {
        var value = TextOf(scalar);
        if (scalar.Style != ScalarStyle.Plain || !scalar.Tag.IsEmpty)
        {
            writer.WriteStringValue(value);
        }
        else if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            writer.WriteNullValue();
        }
        else if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            writer.WriteBooleanValue(value[0] is 't' or 'T');
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
            ? throw new YamlFormatException($"Line {scalar.Start.Line}: a string holds an unpaired surrogate (U+D800-U+DFFF without its other half).")
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

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex FloatPattern();
}

/// <summary>A YAML text could not be read as an integration definition.</summary>
internal sealed class YamlFormatException(string message) : FormatException(message);
