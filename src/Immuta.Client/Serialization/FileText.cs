using System.Text;
using System.Text.Json;
using YamlDotNet.Core;

namespace Immuta.Client.Serialization;

/// <summary>
/// A JSON or YAML text being read as a model, and how its problems are told: one line each,
/// <c>source:line:column: field: what was expected; how to fix it</c>, the line and column of the text as written (never
/// of the JSON a YAML text became, never a byte offset), no .NET type names, never a value that may be a credential.
/// </summary>
internal sealed class FileText(string text, bool isYaml, string? source)
{
    private SourceMap? _map;
    private string? _json;

    public bool IsYaml => isYaml;

    /// <summary>The text as JSON (a YAML text converted, its positions recorded); a YAML problem is thrown located.</summary>
    public string Json => _json ??= isYaml ? FromYaml() : text;

    /// <summary>Where each value stands in the text.</summary>
    public SourceMap Map
    {
        get
        {
            if (_map is null)
            {
                if (isYaml)
                {
                    _ = Json;
                }
                else
                {
                    _map = SourceMap.OfJson(text);
                }
            }

            return _map!;
        }
    }

    private string FromYaml()
    {
        var map = new SourceMap();
        try
        {
            var json = YamlJsonBridge.ToJson(text, map);
            _map = map;
            return json;
        }
        catch (YamlFormatException exception)
        {
            throw Problem(null, exception.Start.Line > 0 ? new SourcePosition((int)exception.Start.Line, (int)exception.Start.Column) : null, exception.Message, exception);
        }
        catch (YamlException exception)
        {
            throw Problem(null, new SourcePosition((int)exception.Start.Line, (int)exception.Start.Column), YamlMessage(exception), exception);
        }
        catch (ArgumentException exception)
        {
            throw Problem(null, null, "the text is not valid Unicode", exception);
        }
        catch (InvalidOperationException exception)
        {
            // YamlDotNet's scanner throws this on some malformed plain scalars (found by the fuzz tests) instead of a YamlException.
            throw Problem(null, null, "the YAML is malformed; check its indentation and quotes", exception);
        }
    }

    // YamlDotNet repeats the position in its message: "(Line: 2, Col: 1, Idx: 20) - (…): While scanning …".
    private static string YamlMessage(YamlException exception)
    {
        var message = exception.Message;
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line", StringComparison.Ordinal) && cut > 0 ? message[(cut + 3)..] : message;
    }

    /// <summary>A JSON syntax error, at its line and character column.</summary>
    public ImmutaSerializationException SyntaxError(JsonException exception)
    {
        SourcePosition? at = null;
        if (exception.LineNumber is { } line && !isYaml)
        {
            var lines = text.Split('\n');
            var bytes = line < lines.Length ? Encoding.UTF8.GetBytes(lines[line]) : [];
            var prefix = (int)Math.Min(exception.BytePositionInLine ?? 0, bytes.Length);
            at = new SourcePosition((int)line + 1, Encoding.UTF8.GetCharCount(bytes, 0, prefix) + 1);
        }

        return Problem(null, at, JsonMessage(exception.Message), exception);
    }

    // System.Text.Json's message without what the reader says of itself ("Change the reader options.", "LineNumber: …").
    private static string JsonMessage(string message)
    {
        foreach (var tail in new[] { " Path: ", " LineNumber: ", " Change the reader options." })
        {
            var cut = message.IndexOf(tail, StringComparison.Ordinal);
            message = cut < 0 ? message : message[..cut];
        }

        return "not valid JSON: " + message.TrimEnd();
    }

    /// <summary>The position of a byte offset in the JSON (the text itself for a JSON text).</summary>
    public SourcePosition? PositionOfByte(string json, long offset)
    {
        if (isYaml)
        {
            return null;
        }

        var bytes = Encoding.UTF8.GetBytes(json);
        var prefix = Encoding.UTF8.GetString(bytes, 0, (int)Math.Min(offset, bytes.Length));
        var lineStart = prefix.LastIndexOf('\n') + 1;
        return new SourcePosition(prefix.Count(c => c == '\n') + 1, prefix.Length - lineStart + 1);
    }

    /// <summary>One problem: at <paramref name="at"/>, else where <paramref name="path"/> stands in the text.</summary>
    public ImmutaSerializationException Problem(string? path, SourcePosition? at, string problem, Exception? cause, bool preferKey = false)
    {
        at ??= path is null ? null : Map.Find(path, preferKey);
        return new ImmutaSerializationException(Line(path, at, problem), cause)
        {
            JsonPath = path,
            FilePath = source,
            Line = at?.Line,
            Column = at?.Column,
        };
    }

    /// <summary>Several problems, one line each; the exception's position is the first one's.</summary>
    public ImmutaSerializationException Problems(IEnumerable<(string Path, string Text, bool PreferKey)> problems)
    {
        var located = problems.Select(p => (p.Path, p.Text, At: Map.Find(p.Path, p.PreferKey))).ToList();
        var first = located[0];
        return new ImmutaSerializationException(string.Join("\n", located.Select(p => Line(p.Path, p.At, p.Text))), null)
        {
            JsonPath = first.Path,
            FilePath = source,
            Line = first.At?.Line,
            Column = first.At?.Column,
        };
    }

    private string Line(string? path, SourcePosition? at, string problem)
    {
        var where = (source, at) switch
        {
            (null, null) => string.Empty,
            (null, { } p) => $"{p}: ",
            (_, null) => $"{source}: ",
            (_, { } p) => $"{source}:{p}: ",
        };
        var field = path is null or "$" ? string.Empty : (path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$')) + ": ";
        return OneLine($"{where}{field}{problem}");
    }

    // A member name or a file name may hold a line break, which would forge a line of the message: escaped as \uXXXX.
    private static string OneLine(string line)
    {
        if (!line.Any(char.IsControl))
        {
            return line;
        }

        var builder = new StringBuilder(line.Length + 16);
        foreach (var c in line)
        {
            _ = char.IsControl(c) ? builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:X4}") : builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>A value of the wrong type, what was expected, and how to fix it (a credential's value is never shown).</summary>
    public string Mistyped(ReadIssue issue)
    {
        var name = PathSegment.Parse(issue.Path) is { Length: > 0 } segments ? segments[^1].Name : null;
        var secret = name is not null && ImmutaRedaction.IsCredentialName(name);
        var token = secret ? "…" : TokenAt(Map.Find(issue.Path, preferKey: false));
        var what = $"expected {issue.Expected}, got {issue.Found}";
        string? fix = issue.Expected switch
        {
            "a string" or "a string (credential)" when issue.Found is "a number" or "a boolean" && token is not null
                => "quote it: " + Member(name, $"\"{token}\""),
            "a string" or "a string (credential)" => "write it as text",
            "a number" or "a whole number" when issue.Found == "a string" => "write the number without quotes",
            "a boolean (true or false)" when issue.Found == "a string" => "write true or false without quotes",
            "an object" => isYaml ? "write its fields indented under it" : "write its fields in { }",
            "a list" => isYaml ? "write its items under it, one per line starting with '- '" : "write its items in [ ]",
            _ => null,
        };
        return fix is null ? what : $"{what}; {fix}";
    }

    /// <summary>
    /// A value the model cannot hold at all (a definition that is a list, a <c>type</c> that is a number): the reader's
    /// reason when it speaks of the file, else the kind of value found; never a .NET type name, never the value.
    /// </summary>
    public static string Unreadable(ImmutaSerializationException exception, string? kindFound)
    {
        var reason = exception.InnerException is JsonException inner ? JsonMessage(inner.Message)["not valid JSON: ".Length..] : string.Empty;
        if (reason.Length > 0 && !reason.Contains("could not be converted", StringComparison.Ordinal) && !reason.Contains("Immuta.", StringComparison.Ordinal) && !reason.Contains("System.", StringComparison.Ordinal))
        {
            return reason;
        }

        return exception.JsonPath is null or "$"
            ? $"expected an object of fields (type, config, …), got {kindFound ?? "another kind of value"}"
            : $"got {kindFound ?? "a value"}, which does not fit here; see the documentation of this field";
    }

    private string Member(string? name, string value) => name is null ? value : isYaml ? $"{name}: {value}" : $"\"{name}\": {value}";

    // The plain token written at a position (a number or a word such as 123456789 or 0123), to show how to quote it.
    private string? TokenAt(SourcePosition? at)
    {
        if (at is not { } position)
        {
            return null;
        }

        var lines = text.Split('\n');
        if (position.Line > lines.Length || position.Column > lines[position.Line - 1].Length + 1)
        {
            return null;
        }

        var line = lines[position.Line - 1].AsSpan(position.Column - 1);
        var length = 0;
        while (length < line.Length && (char.IsAsciiLetterOrDigit(line[length]) || line[length] is '_' or '.' or '+' or '-'))
        {
            length++;
        }

        return length is > 0 and <= 64 ? line[..length].ToString() : null;
    }
}
