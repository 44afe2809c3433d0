using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

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
    /// <exception cref="ImmutaSerializationException">The file is not a valid definition, or names a variable that is not set; the message names the file and the field.</exception>
    public static Task<IntegrationDefinition> LoadAsync(string path, Func<string, string?>? environment = null, CancellationToken cancellationToken = default)
        => LoadAsync<IntegrationDefinition>(path, environment, cancellationToken);

    /// <summary>Reads any model of the SDK (for example delete credentials) from a JSON or YAML file.</summary>
    /// <typeparam name="T">The model type.</typeparam>
    /// <param name="path">The file.</param>
    /// <param name="environment">Looks up placeholders; <see langword="null"/> for the process environment.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ImmutaSerializationException">The file is not valid; the message names the file and the field.</exception>
    public static async Task<T> LoadAsync<T>(string path, Func<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        try
        {
            return Parse<T>(text, FormatOf(path), environment);
        }
        catch (ImmutaSerializationException exception)
        {
            throw new ImmutaSerializationException($"{path}: {exception.Message}", exception) { JsonPath = exception.JsonPath };
        }
    }

    /// <summary>
    /// Reads the credentials of a delete (<see cref="DeleteIntegrationOptions"/>) from a JSON or YAML file, as the record of
    /// the integration's platform (<see cref="ImmutaPlatform.DeleteCredentialsType"/>), such as <see cref="SnowflakeDeleteCredentials"/>.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="type">The platform of the integration to delete (<see cref="Integration.Type"/>).</param>
    /// <param name="environment">Looks up placeholders; <see langword="null"/> for the process environment.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The credentials.</returns>
    /// <exception cref="ArgumentException">This SDK does not know the platform, or its delete takes no credentials.</exception>
    /// <exception cref="ImmutaSerializationException">The file is not valid; the message names the file and the field.</exception>
    public static async Task<IntegrationDeleteCredentials> LoadDeleteCredentialsAsync(string path, IntegrationType type, Func<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var reader = DeleteCredentialsReader(type);
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        try
        {
            return reader.Parse(text, FormatOf(path), environment);
        }
        catch (ImmutaSerializationException exception)
        {
            throw new ImmutaSerializationException($"{path}: {exception.Message}", exception) { JsonPath = exception.JsonPath };
        }
    }

    /// <summary>
    /// Reads the credentials of a delete from JSON or YAML text (such as standard input), as the record of the integration's
    /// platform (<see cref="ImmutaPlatform.DeleteCredentialsType"/>).
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="type">The platform of the integration to delete (<see cref="Integration.Type"/>).</param>
    /// <param name="format">Its format; <see cref="IntegrationFileFormat.Auto"/> looks at the content.</param>
    /// <param name="environment">Looks up placeholders; <see langword="null"/> for the process environment.</param>
    /// <returns>The credentials.</returns>
    /// <exception cref="ArgumentException">This SDK does not know the platform, or its delete takes no credentials.</exception>
    /// <exception cref="ImmutaSerializationException">The text is not valid; the message names the field.</exception>
    public static IntegrationDeleteCredentials ParseDeleteCredentials(string text, IntegrationType type, IntegrationFileFormat format = IntegrationFileFormat.Auto, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return DeleteCredentialsReader(type).Parse(text, format, environment);
    }

    private static DeleteCredentialsFormat DeleteCredentialsReader(IntegrationType type)
        => ImmutaPlatforms.Find(type.Value) is { } platform
            ? platform.DeleteCredentials ?? throw new ArgumentException(platform.TakesNoCredentials, nameof(type))
            : throw new ArgumentException($"'{type}' is not a platform this SDK knows: its delete credentials cannot be read as a model.", nameof(type));

    /// <summary>Reads a definition from JSON or YAML text.</summary>
    /// <param name="text">The text.</param>
    /// <param name="format">Its format; <see cref="IntegrationFileFormat.Auto"/> looks at the content.</param>
    /// <param name="environment">Looks up placeholders; <see langword="null"/> for the process environment.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="ImmutaSerializationException">The text is not a valid definition, or names a variable that is not set.</exception>
    public static IntegrationDefinition Parse(string text, IntegrationFileFormat format = IntegrationFileFormat.Auto, Func<string, string?>? environment = null)
        => Parse<IntegrationDefinition>(text, format, environment);

    /// <summary>Reads any model of the SDK from JSON or YAML text.</summary>
    /// <typeparam name="T">The model type.</typeparam>
    /// <param name="text">The text.</param>
    /// <param name="format">Its format; <see cref="IntegrationFileFormat.Auto"/> looks at the content.</param>
    /// <param name="environment">Looks up placeholders; <see langword="null"/> for the process environment.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ImmutaSerializationException">The text is not valid, or names a variable that is not set.</exception>
    public static T Parse<T>(string text, IntegrationFileFormat format = IntegrationFileFormat.Auto, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var json = IsYaml(text, format) ? ImmutaYaml.ToJson(text) : text;
        RejectDuplicateKeys(json);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException exception)
        {
            throw ImmutaSerializationException.FromJsonException(typeof(T).Name, exception);
        }
        catch (ArgumentException exception)
        {
            throw new ImmutaSerializationException($"Could not read {typeof(T).Name}: the text is not valid Unicode ({exception.Message})", exception);
        }

        var missing = new List<string>();
        string expanded;
        try
        {
            Expand(node, "$", environment ?? Environment.GetEnvironmentVariable, missing);
            expanded = node?.ToJsonString() ?? "null";
        }
        catch (InvalidOperationException exception)
        {
            // JSON can escape an unpaired surrogate ("\ud800"): valid JSON, not valid Unicode.
            throw new ImmutaSerializationException($"Could not read {typeof(T).Name}: a string holds an unpaired surrogate ({exception.Message})", exception);
        }

        if (missing.Count > 0)
        {
            throw new ImmutaSerializationException(string.Join("; ", missing), null);
        }

        // A file is written by a person, who wants to know about a field of the wrong type: unlike a response, it is an
        // error naming every such path (an explicit null or a null list item is not).
        var model = ImmutaJson.DeserializeStrict<T>(expanded);
        return model;
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

    private static void Expand(JsonNode? node, string path, Func<string, string?> environment, List<string> missing)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    var child = $"{path}.{name}";
                    if (Placeholder().Matches(name).Any(m => !m.Groups["escaped"].Success))
                    {
                        missing.Add($"{child[2..]}: a member name holds a placeholder, which is never expanded; write the name as it is");
                    }

                    if (obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
                    {
                        obj[name] = ExpandText(value.GetValue<string>(), child, environment, missing);
                    }
                    else
                    {
                        Expand(obj[name], child, environment, missing);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
                    {
                        array[i] = ExpandText(value.GetValue<string>(), $"{path}[{i}]", environment, missing);
                    }
                    else
                    {
                        Expand(array[i], $"{path}[{i}]", environment, missing);
                    }
                }

                break;
        }
    }

    private static string ExpandText(string text, string path, Func<string, string?> environment, List<string> missing)
        => Placeholder().Replace(text, match =>
        {
            if (match.Groups["escaped"].Success)
            {
                return match.Value[1..];
            }

            if (!match.Groups["name"].Success)
            {
                // Sent as written, '${MY-PASS}' or '${VAR:=x}' would become a real credential: refused instead.
                // The text is not echoed: it may be part of a credential.
                missing.Add($"{path[2..]}: holds a '${{' that is not a placeholder this reader knows; write ${{NAME}} (letters, digits and _, not starting with a digit) or ${{NAME:-default}}, or $${{ to keep it as written");
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

            missing.Add($"{path[2..]}: the environment variable {name} is not set");
            return match.Value;
        });

    private static void RejectDuplicateKeys(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 });
        var scopes = new Stack<HashSet<string>?>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        scopes.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.StartArray:
                        scopes.Push(null);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        scopes.Pop();
                        break;
                    case JsonTokenType.PropertyName when !scopes.Peek()!.Add(reader.GetString()!):
                        throw new ImmutaSerializationException($"The key '{reader.GetString()}' appears twice in one object (line {LineOf(json, (int)reader.TokenStartIndex)}).", null);
                }
            }
        }
        catch (JsonException exception)
        {
            throw ImmutaSerializationException.FromJsonException("the definition", exception);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            // A lone surrogate in the text, or escaped in a key ("\ud800"): valid JSON, not valid Unicode.
            throw new ImmutaSerializationException($"Could not read the definition: the text is not valid Unicode ({exception.Message})", exception);
        }
    }

    private static int LineOf(string json, int byteIndex)
    {
        var prefix = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(json), 0, byteIndex);
        return prefix.Count(c => c == '\n') + 1;
    }

    // $${…} is kept as ${…}; ${NAME} and ${NAME:-default} are expanded; any other ${ (up to its '}', or to the end) is refused.
    [GeneratedRegex(@"(?<escaped>\$\$\{[^}]*\}?)|\$\{(?:(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?<default>[^}]*))?\}|[^}]*\}?)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Placeholder();
}
