using System.Text;
using System.Text.Json;

namespace Immuta.Client.Serialization;

/// <summary>A line and column in a source text, both counted from 1 (columns in characters, never bytes).</summary>
internal readonly record struct SourcePosition(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}

/// <summary>
/// Where each value of a JSON or YAML text stands in that text, by JSON path (<c>$.config.port</c>, <c>$.a[2]</c>, as
/// <see cref="PathSegment.Format"/> writes it): the member name's position and the value's. Errors and warnings about a
/// file point at the file, not at the JSON a YAML file became.
/// </summary>
internal sealed class SourceMap
{
    private readonly Dictionary<string, (SourcePosition? Key, SourcePosition Value)> _entries = new(StringComparer.Ordinal);

    public void Add(string path, SourcePosition? key, SourcePosition value) => _entries.TryAdd(path, (key, value));

    /// <summary>
    /// The position of <paramref name="path"/>'s value (<paramref name="preferKey"/>: its member name), or of its nearest
    /// ancestor that the text holds (a required member that is missing points at the object that lacks it).
    /// </summary>
    public SourcePosition? Find(string? path, bool preferKey)
    {
        if (path is null || PathSegment.Parse(path.StartsWith('$') ? path : "$." + path) is not { } segments)
        {
            return null;
        }

        for (var length = segments.Length; length >= 0; length--)
        {
            if (_entries.TryGetValue(PathSegment.Format(segments.Take(length)), out var entry))
            {
                return preferKey || length < segments.Length ? entry.Key ?? entry.Value : entry.Value;
            }
        }

        return null;
    }

    /// <summary>The path of a member under <paramref name="path"/>, as <see cref="PathSegment.Format"/> writes it.</summary>
    public static string Member(string path, string name)
        => name.AsSpan().IndexOfAny(".[]' ") >= 0 ? $"{path}['{name}']" : $"{path}.{name}";

    /// <summary>The path of an item under <paramref name="path"/>.</summary>
    public static string Item(string path, int index) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{path}[{index}]");

    /// <summary>The positions of every member and item of a JSON text; what cannot be read is left out.</summary>
    public static SourceMap OfJson(string json)
    {
        var map = new SourceMap();
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        var lines = new LineCounter(bytes);
        var scopes = new Stack<(string Path, bool IsObject, int Index)>();
        string? member = null;
        SourcePosition? key = null;
        try
        {
            while (reader.Read())
            {
                var at = lines.At((int)reader.TokenStartIndex);
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    member = SafeName(ref reader);
                    key = at;
                    continue;
                }

                if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    scopes.Pop();
                    continue;
                }

                string path;
                if (scopes.Count == 0)
                {
                    path = "$";
                }
                else
                {
                    var (parent, isObject, index) = scopes.Pop();
                    path = isObject ? Member(parent, member ?? string.Empty) : Item(parent, index);
                    scopes.Push((parent, isObject, index + 1));
                }

                map.Add(path, scopes.Count > 0 && scopes.Peek().IsObject ? key : null, at);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    scopes.Push((path, reader.TokenType == JsonTokenType.StartObject, 0));
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON past this point: the positions read so far stand.
        }

        return map;
    }

    private static string SafeName(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            return string.Empty; // an unpaired surrogate escape: refused elsewhere, with its own message
        }
    }

    /// <summary>Turns byte offsets (read in increasing order) into lines and character columns.</summary>
    private sealed class LineCounter(byte[] bytes)
    {
        private int _offset;
        private int _line = 1;
        private int _column = 1;

        public SourcePosition At(int offset)
        {
            for (; _offset < offset && _offset < bytes.Length; _offset++)
            {
                var b = bytes[_offset];
                if (b == (byte)'\n')
                {
                    _line++;
                    _column = 1;
                }
                else if ((b & 0xC0) != 0x80)
                {
                    _column++; // a character's first byte: columns count characters, as an editor shows them
                }
            }

            return new SourcePosition(_line, _column);
        }
    }
}
