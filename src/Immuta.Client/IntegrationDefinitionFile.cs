using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Immuta.Client.Serialization;

namespace Immuta.Client;

/// <summary>The format of an integration definition file.</summary>
public enum IntegrationFileFormat
{
    /// <summary>Decided by the file's extension (<c>.json</c>, <c>.yaml</c>, <c>.yml</c>), else by its content.</summary>
    Auto,

    /// <summary>JSON.</summary>
    Json,

    /// <summary>YAML, with the JSON field names.</summary>
    Yaml,
}

/// <summary>
/// Integration definitions kept as files ("integrations as code"): JSON or YAML, one document, <c>${ENV_VAR}</c>
/// placeholders in string values expanded from the environment (<c>${ENV_VAR:-default}</c> when it is unset or empty;
/// <c>$${X}</c> keeps a literal <c>${X}</c>), duplicate keys rejected. Any other <c>${…}</c> (<c>${}</c>, <c>${1X}</c>,
/// <c>${MY-PASS}</c>), and a placeholder in a member name, is refused naming the field, never sent as written.
/// YAML and JSON give identical models.
/// </summary>
public static partial class IntegrationDefinitionFile
{
    /// <summary>Reads a definition from a file.</summary>
    /// <param name="path">A <c>.json</c>, <c>.yaml</c> or <c>.yml</c> file (other names: detected by content).</param>
    /// <param name="environment">Looks up placeholders; <see langword="null"/> for the process environment.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="ImmutaSerializationException">The file is not a valid definition (or is larger than 16 MB, which no definition is), or names a variable that is not set; the message names the file and the field.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="DirectoryNotFoundException">A directory of <paramref name="path"/> does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException"><paramref name="path"/> is a directory, or the file may not be read.</exception>
    /// <exception cref="IOException">The file could not be read (as <see cref="File.ReadAllTextAsync(string, CancellationToken)"/> reports it; the SDK does not wrap I/O failures, which are not about the file's content).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task<IntegrationDefinition> LoadAsync(string path, Func<string, string?>? environment = null, CancellationToken cancellationToken = default)
        => LoadAsync<IntegrationDefinition>(path, environment, cancellationToken);

    /// <summary>Reads any model of the SDK (for example delete credentials) from a JSON or YAML file.</summary>
    /// <typeparam name="T">The model type.</typeparam>
    /// <param name="path">The file.</param>
    /// <param name="environment">Looks up placeholders; <see langword="null"/> for the process environment.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ImmutaSerializationException">The file is not valid (or is larger than 16 MB); the message names the file and the field.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="DirectoryNotFoundException">A directory of <paramref name="path"/> does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException"><paramref name="path"/> is a directory, or the file may not be read.</exception>
    /// <exception cref="IOException">The file could not be read (as <see cref="File.ReadAllTextAsync(string, CancellationToken)"/> reports it; the SDK does not wrap I/O failures, which are not about the file's content).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<T> LoadAsync<T>(string path, Func<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var text = await ReadFileAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse<T>(text, FormatOf(path), environment, path);
    }

    /// <summary>The text of a definition file, refused (naming the file) past <see cref="Internal.BoundedText.MaxDefinitionChars"/>.</summary>
    private static async Task<string> ReadFileAsync(string path, CancellationToken cancellationToken)
        => await Internal.BoundedText.ReadFileAsync(path, Internal.BoundedText.MaxDefinitionChars, cancellationToken).ConfigureAwait(false)
            ?? throw new ImmutaSerializationException(
                $"{path}: the file is larger than {Internal.BoundedText.MaxDefinitionText}, which no definition is: it was not read (is it the file you meant?).", null)
            {
                FilePath = path,
            };

    /// <summary>
    /// Reads the credentials of a delete (<see cref="DeleteIntegrationOptions"/>) from a JSON or YAML file, as the record of
    /// the integration's platform (<see cref="ImmutaPlatform.DeleteCredentialsType"/>), such as <see cref="SnowflakeDeleteCredentials"/>;
    /// for a platform this SDK does not know, as <see cref="UnknownDeleteCredentials"/>, every member kept.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="type">The platform of the integration to delete (<see cref="Integration.Type"/>).</param>
    /// <param name="environment">Looks up placeholders; <see langword="null"/> for the process environment.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The credentials.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space, or the platform's delete takes no credentials.</exception>
    /// <exception cref="ImmutaSerializationException">The file is not valid (or is larger than 16 MB); the message names the file and the field.</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="DirectoryNotFoundException">A directory of <paramref name="path"/> does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException"><paramref name="path"/> is a directory, or the file may not be read.</exception>
    /// <exception cref="IOException">The file could not be read (as <see cref="File.ReadAllTextAsync(string, CancellationToken)"/> reports it; the SDK does not wrap I/O failures, which are not about the file's content).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<IntegrationDeleteCredentials> LoadDeleteCredentialsAsync(string path, IntegrationType type, Func<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var reader = DeleteCredentialsReader(type);
        var text = await ReadFileAsync(path, cancellationToken).ConfigureAwait(false);
        return reader.Parse(text, FormatOf(path), environment, path);
    }

    /// <summary>
    /// Reads the credentials of a delete from JSON or YAML text (such as standard input), as the record of the integration's
    /// platform (<see cref="ImmutaPlatform.DeleteCredentialsType"/>); for a platform this SDK does not know, as
    /// <see cref="UnknownDeleteCredentials"/>, every member kept.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="type">The platform of the integration to delete (<see cref="Integration.Type"/>).</param>
    /// <param name="format">Its format; <see cref="IntegrationFileFormat.Auto"/> looks at the content.</param>
    /// <param name="environment">Looks up placeholders; <see langword="null"/> for the process environment.</param>
    /// <param name="source">What the text is named in errors (a file name, <c>stdin</c>); <see langword="null"/> for nothing.</param>
    /// <returns>The credentials.</returns>
    /// <exception cref="ArgumentException">The platform's delete takes no credentials.</exception>
    /// <exception cref="ImmutaSerializationException">The text is not valid; the message names the source, line, column and field.</exception>
    public static IntegrationDeleteCredentials ParseDeleteCredentials(string text, IntegrationType type, IntegrationFileFormat format = IntegrationFileFormat.Auto, Func<string, string?>? environment = null, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return DeleteCredentialsReader(type).Parse(text, format, environment, source);
    }

    // A platform this SDK does not know: every member kept, and Immuta decides (as IntegrationDeleteCredentials.RefusalFor does).
    private static DeleteCredentialsFormat DeleteCredentialsReader(IntegrationType type)
        => ImmutaPlatforms.Find(type.Value) is { } platform
            ? platform.DeleteCredentials ?? throw new ArgumentException(platform.TakesNoCredentials, nameof(type))
            : DeleteCredentialsFormat.Unknown;

    /// <summary>Reads a definition from JSON or YAML text.</summary>
    /// <param name="text">The text.</param>
    /// <param name="format">Its format; <see cref="IntegrationFileFormat.Auto"/> looks at the content.</param>
    /// <param name="environment">Looks up placeholders; <see langword="null"/> for the process environment.</param>
    /// <param name="source">What the text is named in errors (a file name, <c>stdin</c>); <see langword="null"/> for nothing.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="ImmutaSerializationException">The text is not a valid definition, or names a variable that is not set; each problem is a line of the message naming the source, the line and column in the text, the field, what was expected and how to fix it.</exception>
    public static IntegrationDefinition Parse(string text, IntegrationFileFormat format = IntegrationFileFormat.Auto, Func<string, string?>? environment = null, string? source = null)
        => Parse<IntegrationDefinition>(text, format, environment, source);

    /// <summary>Reads any model of the SDK from JSON or YAML text.</summary>
    /// <typeparam name="T">The model type.</typeparam>
    /// <param name="text">The text.</param>
    /// <param name="format">Its format; <see cref="IntegrationFileFormat.Auto"/> looks at the content.</param>
    /// <param name="environment">Looks up placeholders; <see langword="null"/> for the process environment.</param>
    /// <param name="source">What the text is named in errors (a file name, <c>stdin</c>); <see langword="null"/> for nothing.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ImmutaSerializationException">
    /// The text is not valid, or names a variable that is not set. Each problem is a line of the message:
    /// <c>prod.yaml:4:17: config.awsAccountId: expected a string, got a number; quote it: awsAccountId: "123456789"</c>
    /// (the line and column of the text as written, YAML or JSON); <see cref="ImmutaSerializationException.Line"/>,
    /// <see cref="ImmutaSerializationException.Column"/> and <see cref="ImmutaSerializationException.JsonPath"/> locate the first.
    /// </exception>
    public static T Parse<T>(string text, IntegrationFileFormat format = IntegrationFileFormat.Auto, Func<string, string?>? environment = null, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var file = new FileText(text, IsYaml(text, format), source);
        var json = file.Json;
        RejectDuplicateKeys(file, json);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException exception)
        {
            throw file.SyntaxError(exception);
        }
        catch (ArgumentException exception)
        {
            throw file.Problem(null, null, "the text is not valid Unicode", exception);
        }

        var problems = new List<(string Path, string Text)>();
        var whole = new Dictionary<string, string>(StringComparer.Ordinal);
        string expanded;
        try
        {
            Expand(node, "$", environment ?? Environment.GetEnvironmentVariable, problems, whole);
            expanded = node?.ToJsonString() ?? "null";
        }
        catch (InvalidOperationException exception)
        {
            // JSON can escape an unpaired surrogate ("\ud800"): valid JSON, not valid Unicode.
            throw file.Problem(null, null, "a string holds an unpaired surrogate (\\uD800-\\uDFFF without its other half)", exception);
        }

        if (problems.Count > 0)
        {
            throw file.Problems(problems.Select(p => (p.Path, p.Text, PreferKey: false)));
        }

        // A file is written by a person, who wants to know about a field of the wrong type: unlike a response, it is an
        // error naming every such path (an explicit null or a null list item is not).
        var (model, issues) = Deserialize<T>(file, node, expanded);
        if (whole.Count > 0 && issues?.Where(issue => issue.Kind == Serialization.ReadIssueKind.Mistyped && issue.Found == "a string" && whole.ContainsKey(issue.Path)).ToList() is { Count: > 0 } placed
            && TypeWholePlaceholders(node, placed, whole, problems))
        {
            if (problems.Count > 0)
            {
                throw file.Problems(problems.Select(p => (p.Path, p.Text, PreferKey: false)));
            }

            (model, issues) = Deserialize<T>(file, node, node?.ToJsonString() ?? "null");

            // A number the model's type cannot hold (a port of 3000000000): the variable is named, as for text that is no number.
            if (issues?.Where(issue => issue.Kind == Serialization.ReadIssueKind.Mistyped && whole.ContainsKey(issue.Path)).ToList() is { Count: > 0 } outOfRange)
            {
                throw file.Problems(outOfRange.Select(issue => (issue.Path, $"expected {issue.Expected}, and the environment variable {whole[issue.Path]} of ${{{whole[issue.Path]}}} does not hold one it can take", PreferKey: false)));
            }
        }

        if (issues?.Where(issue => issue.Kind is Serialization.ReadIssueKind.Mistyped or Serialization.ReadIssueKind.Dropped).ToList() is { Count: > 0 } mistyped)
        {
            throw file.Problems(mistyped.Select(issue => (issue.Path, file.Mistyped(issue), PreferKey: false)));
        }

        return model;
    }

    private static (T Model, List<Serialization.ReadIssue>? Issues) Deserialize<T>(FileText file, JsonNode? node, string expanded)
    {
        try
        {
            var model = ImmutaJson.Deserialize<T>(expanded, out var issues);
            return (model, issues);
        }
        catch (ImmutaSerializationException exception)
        {
            throw file.Problem(exception.JsonPath, null, FileText.Unreadable(exception, KindAt(node, exception.JsonPath)), exception);
        }
    }

    /// <summary>
    /// A whole-value placeholder (<c>port: ${REDSHIFT_PORT}</c>) where the model expects a number or a boolean (what the
    /// reader found mistyped, by the model's own type): its text becomes that JSON type, or a problem naming the variable
    /// (never its value). Whether any value was converted or refused.
    /// </summary>
    private static bool TypeWholePlaceholders(JsonNode? root, List<Serialization.ReadIssue> mistyped, Dictionary<string, string> whole, List<(string Path, string Text)> problems)
    {
        var changed = false;
        foreach (var issue in mistyped)
        {
            if (PathSegment.Parse(issue.Path) is not { Length: > 0 } segments || Locate(root, segments.AsSpan(0, segments.Length - 1)) is not { } parent
                || (segments[^1].Name is { } name ? (parent as JsonObject)?[name] : (parent as JsonArray)?[segments[^1].Index]) is not JsonValue value
                || value.GetValueKind() != JsonValueKind.String)
            {
                continue;
            }

            JsonNode? typed = issue.Expected switch
            {
                "a whole number" => long.TryParse(value.GetValue<string>().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole64) ? JsonValue.Create(whole64) : null,
                "a number" => decimal.TryParse(value.GetValue<string>().Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number) : null,
                "a boolean (true or false)" => value.GetValue<string>().Trim() switch
                {
                    var t when t.Equals("true", StringComparison.OrdinalIgnoreCase) => JsonValue.Create(true),
                    var t when t.Equals("false", StringComparison.OrdinalIgnoreCase) => JsonValue.Create(false),
                    _ => null,
                },
                _ => null,
            };
            if (typed is null)
            {
                if (issue.Expected is "a whole number" or "a number" or "a boolean (true or false)")
                {
                    problems.Add((issue.Path, $"expected {issue.Expected}, and the environment variable {whole[issue.Path]} of ${{{whole[issue.Path]}}} does not hold one; set it to {(issue.Expected.StartsWith("a boolean", StringComparison.Ordinal) ? "true or false" : issue.Expected)}"));
                    changed = true;
                }

                continue;
            }

            if (segments[^1].Name is { } member)
            {
                parent[member] = typed;
            }
            else
            {
                parent[segments[^1].Index] = typed;
            }

            changed = true;
        }

        return changed;
    }

    private static JsonNode? Locate(JsonNode? root, ReadOnlySpan<PathSegment> segments)
    {
        var node = root;
        foreach (var segment in segments)
        {
            node = segment.Name is { } name ? (node as JsonObject)?[name] : node is JsonArray array && segment.Index < array.Count ? array[segment.Index] : null;
        }

        return node;
    }

    // The kind of JSON value at a path ("a list", "a number"), never the value; null when the path is not in the text.
    private static string? KindAt(JsonNode? root, string? path)
    {
        if (PathSegment.Parse(path ?? "$") is not { } segments)
        {
            return null;
        }

        var node = root;
        foreach (var segment in segments)
        {
            node = segment.Name is { } name ? (node as JsonObject)?[name] : node is JsonArray array && segment.Index < array.Count ? array[segment.Index] : null;
        }

        return node is null ? null : TolerantReader.KindOf(node.GetValueKind());
    }

    /// <summary>
    /// Where a field stands in a JSON or YAML text, as written: the line and column of its member name (of the nearest
    /// enclosing member the text holds, for one it lacks), such as for a warning of <see cref="IntegrationDefinition.Validate(IntegrationRequestKind)"/>.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="format">Its format; <see cref="IntegrationFileFormat.Auto"/> looks at the content.</param>
    /// <param name="path">The field: <c>config.audit</c> or <c>$.config.audit</c>, <c>config.connections[0].host</c>.</param>
    /// <param name="line">The line, counted from 1.</param>
    /// <param name="column">The column, in characters, counted from 1.</param>
    /// <returns>Whether the text could be read far enough to find it.</returns>
    public static bool TryLocate(string text, IntegrationFileFormat format, string path, out int line, out int column)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(path);
        (line, column) = (0, 0);
        try
        {
            if (new FileText(text, IsYaml(text, format), null).Map.Find(path, preferKey: true) is { } position)
            {
                (line, column) = (position.Line, position.Column);
                return true;
            }
        }
        catch (ImmutaSerializationException)
        {
            // Unreadable text: no position.
        }

        return false;
    }

    /// <summary>Writes a model as JSON (indented) or YAML.</summary>
    /// <typeparam name="T">The model type.</typeparam>
    /// <param name="value">The model.</param>
    /// <param name="format">JSON or YAML (<see cref="IntegrationFileFormat.Auto"/> means JSON).</param>
    /// <returns>The text.</returns>
    /// <exception cref="ImmutaSerializationException">The model cannot be written (a string holding an unpaired surrogate; YAML cannot hold one even as an escape); the message names the path.</exception>
    public static string Format<T>(T value, IntegrationFileFormat format = IntegrationFileFormat.Json)
        => format == IntegrationFileFormat.Yaml ? ImmutaYaml.Serialize(value) : ImmutaJson.Serialize(value, indented: true) + "\n";

    /// <summary>
    /// Writes a model to a file, as YAML for <c>.yaml</c>/<c>.yml</c> and JSON otherwise. A file that holds credentials is
    /// readable by its owner only (0600) on Unix. The text is written beside the file, which it then replaces in one step:
    /// a write that fails or is cancelled leaves an existing file as it was, and whoever had it open keeps reading the old
    /// text. A symbolic link stays a link (the file it points to is replaced).
    /// </summary>
    /// <typeparam name="T">The model type.</typeparam>
    /// <param name="value">The model.</param>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels writing; an existing file is then left as it was.</param>
    /// <returns>A task that completes when the file is written.</returns>
    /// <exception cref="ImmutaSerializationException">The model cannot be written (see <see cref="Format{T}"/>).</exception>
    /// <exception cref="IOException"><paramref name="path"/> is a folder, or the file cannot be written.</exception>
    public static Task SaveAsync<T>(T value, string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var format = FormatOf(path) == IntegrationFileFormat.Yaml ? IntegrationFileFormat.Yaml : IntegrationFileFormat.Json;
        var text = Format(value, format);
        var holdsSecrets = Serialization.JsonSecretMasker.HoldsCredentials(JsonSerializer.SerializeToUtf8Bytes(value, ImmutaJson.TypeInfo<T>()));
        return SecretFile.WriteAllTextAsync(path, text, holdsSecrets, cancellationToken);
    }

    /// <summary>The format a file name implies (<see cref="IntegrationFileFormat.Auto"/> when it implies none).</summary>
    /// <param name="path">The file name.</param>
    /// <returns>The format.</returns>
    public static IntegrationFileFormat FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => IntegrationFileFormat.Json,
        ".yaml" or ".yml" => IntegrationFileFormat.Yaml,
        _ => IntegrationFileFormat.Auto,
    };

    private static bool IsYaml(string text, IntegrationFileFormat format) => format switch
    {
        IntegrationFileFormat.Yaml => true,
        IntegrationFileFormat.Json => false,
        _ => text.AsSpan().TrimStart() is var t && !(t.Length > 0 && t[0] is '{' or '['),
    };

    private static void Expand(JsonNode? node, string path, Func<string, string?> environment, List<(string Path, string Text)> missing, Dictionary<string, string> whole)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    var child = Serialization.SourceMap.Member(path, name);
                    if (Placeholder().Matches(name).Any(m => !m.Groups["escaped"].Success))
                    {
                        missing.Add((child, "a member name holds a placeholder, which is never expanded; write the name as it is"));
                    }

                    if (obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
                    {
                        obj[name] = ExpandText(value.GetValue<string>(), child, environment, missing, whole);
                    }
                    else
                    {
                        Expand(obj[name], child, environment, missing, whole);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
                    {
                        array[i] = ExpandText(value.GetValue<string>(), Serialization.SourceMap.Item(path, i), environment, missing, whole);
                    }
                    else
                    {
                        Expand(array[i], Serialization.SourceMap.Item(path, i), environment, missing, whole);
                    }
                }

                break;
        }
    }

    // A value that is one placeholder and nothing else is remembered in `whole` (path → variable): it may stand for a
    // number or a boolean, which the model's type decides once the file is read.
    private static string ExpandText(string text, string path, Func<string, string?> environment, List<(string Path, string Text)> missing, Dictionary<string, string> whole)
    {
        if (Placeholder().Match(text) is { Success: true, Index: 0 } only && only.Length == text.Length && only.Groups["name"].Success)
        {
            whole[path] = only.Groups["name"].Value;
        }

        return Placeholder().Replace(text, match =>
        {
            if (match.Groups["escaped"].Success)
            {
                return match.Value[1..];
            }

            if (!match.Groups["name"].Success)
            {
                // Sent as written, '${MY-PASS}' or '${VAR:=x}' would become a real credential: refused instead.
                // The text is not echoed: it may be part of a credential.
                missing.Add((path, "holds a '${' that is not a placeholder this reader knows; write ${NAME} (letters, digits and _, not starting with a digit) or ${NAME:-default}, or $${ to keep it as written"));
                return match.Value;
            }

            var name = match.Groups["name"].Value;
            if (environment(name) is { } value && (value.Length > 0 || !match.Groups["default"].Success))
            {
                return value;
            }

            if (match.Groups["default"].Success)
            {
                return match.Groups["default"].Value;
            }

            missing.Add((path, $"the environment variable {name} is not set; set it, or write ${{{name}:-default}}"));
            return match.Value;
        });
    }

    private static void RejectDuplicateKeys(FileText file, string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 });
        var scopes = new Stack<(HashSet<string>? Names, string Path, int Index)>();
        var path = "$";
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        scopes.Push((reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null, path, 0));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path = scopes.Pop().Path;
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        var at = Serialization.SourceMap.Member(scopes.Peek().Path, name);
                        if (!scopes.Peek().Names!.Add(name))
                        {
                            throw file.Problem(at, file.PositionOfByte(json, reader.TokenStartIndex), $"the key '{name}' appears twice in one object; keep one", null);
                        }

                        path = at;
                        continue;
                }

                if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray) && scopes.Count > 0 && scopes.Peek().Names is null)
                {
                    var (names, parent, index) = scopes.Pop();
                    scopes.Push((names, parent, index + 1));
                }
            }
        }
        catch (JsonException exception)
        {
            throw file.SyntaxError(exception);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            // A lone surrogate in the text, or escaped in a key ("\ud800"): valid JSON, not valid Unicode.
            throw file.Problem(null, null, "the text is not valid Unicode (an unpaired surrogate)", exception);
        }
    }

    // $${…} is kept as ${…}; ${NAME} and ${NAME:-default} are expanded; any other ${ (up to its '}', or to the end) is refused.
    [GeneratedRegex(@"(?<escaped>\$\$\{[^}]*\}?)|\$\{(?:(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?<default>[^}]*))?\}|[^}]*\}?)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Placeholder();
}
