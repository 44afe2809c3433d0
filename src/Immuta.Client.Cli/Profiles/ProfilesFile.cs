using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Immuta.Client.Internal;

namespace Immuta.Client.Cli.Profiles;

/// <summary>
/// Reads the profiles file: <c>--profiles-file</c>, else <c>$IMMUTA_PROFILES</c>, else
/// <c>~/.config/immuta-integrations/profiles.yaml</c>. Its shape:
/// <code>
/// profiles:
///   dev:
///     url: https://dev.immuta.example.com
///     apiKeyEnv: IMMUTA_DEV_API_KEY
///   prod:
///     url: https://prod.immuta.example.com
///     apiKeyCommand: [vault, kv, get, -field=key, secret/immuta/prod]
/// </code>
/// A key written in clear (any member named like a credential other than <c>apiKeyEnv</c>/<c>apiKeyCommand</c>) is refused,
/// naming the file and line, and the value is never printed.
/// </summary>
internal static partial class ProfilesFile
{
    /// <summary>The environment variable that names the profiles file.</summary>
    public const string Variable = "IMMUTA_PROFILES";

    private static readonly string[] KnownMembers = ["url", "apiKeyEnv", "apiKeyCommand"];

    /// <summary>Where the profiles file is: the option, the environment variable, or the default under the home directory.</summary>
    public static string PathFor(string? option, CliEnvironment environment)
    {
        if (option is not null)
        {
            return option;
        }

        var fromEnvironment = environment.Variables(Variable);
        return !string.IsNullOrEmpty(fromEnvironment)
            ? fromEnvironment
            : Path.Combine(environment.Variables("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config", "immuta-integrations", "profiles.yaml");
    }

    /// <summary>The profiles of the file, by name, in the order the names were asked for.</summary>
    public static async Task<IReadOnlyList<Profile>> SelectAsync(string path, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await BoundedText.ReadFileAsync(path, BoundedText.MaxDefinitionChars, cancellationToken).ConfigureAwait(false)
                ?? throw new UsageException($"{path}: the profiles file is larger than {BoundedText.MaxDefinitionText}: it was not read (is it the file you meant?).");
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UsageException($"no profiles file at {path}: create it, or pass --profiles-file or set {Variable} (see 'immuta-integrations apply --help').");
        }
        catch (UnauthorizedAccessException)
        {
            throw new UsageException($"{path}: the profiles file cannot be read (permission denied).");
        }

        var all = Parse(path, text);
        var selected = new List<Profile>();
        foreach (var name in names)
        {
            if (!all.TryGetValue(name, out var profile))
            {
                var known = all.Count == 0 ? "it defines none" : $"it defines {string.Join(", ", all.Keys)}";
                throw new UsageException($"{path}: no profile '{name}': {known}.");
            }

            if (!selected.Contains(profile))
            {
                selected.Add(profile);
            }
        }

        return selected;
    }

    /// <summary>Every profile of the file's text, by name; a key in clear or a malformed profile is a usage error naming the file and line.</summary>
    public static Dictionary<string, Profile> Parse(string path, string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(ImmutaYaml.ToJson(text));
        }
        catch (Exception error) when (error is ImmutaSerializationException or JsonException)
        {
            RefuseKeysInClear(path, lines, []);
            throw new UsageException($"{path}: not a YAML profiles file: {error.Message}");
        }

        // A key in clear is refused before anything else is read, wherever it sits; its value is never shown.
        RefuseKeysInClear(path, lines, root?["profiles"] is JsonObject named ? named.Select(p => p.Key).ToHashSet(StringComparer.Ordinal) : []);
        if (root?["profiles"] is not JsonObject profiles)
        {
            throw new UsageException($"{path}: a profiles file holds 'profiles:', a map from each profile's name to its url and apiKeyEnv or apiKeyCommand.");
        }

        var result = new Dictionary<string, Profile>(StringComparer.Ordinal);
        foreach (var (name, node) in profiles)
        {
            var where = $"{path}:{LineOf(lines, name)}";
            if (node is not JsonObject profile)
            {
                throw new UsageException($"{where}: profile '{name}' must be a map with url and apiKeyEnv or apiKeyCommand.");
            }

            var url = Text(profile["url"]);
            var keyEnv = Text(profile["apiKeyEnv"]);
            var command = profile["apiKeyCommand"] switch
            {
                null => null,
                JsonArray argv when argv.Count > 0 && argv.All(a => Text(a) is { Length: > 0 }) => argv.Select(a => Text(a)!).ToList(),
                _ => throw new UsageException($"{where}: profile '{name}': apiKeyCommand must be a list: the command and its arguments, such as [vault, kv, get, -field=key, secret/immuta]; it runs without a shell."),
            };
            if (url is null)
            {
                throw new UsageException($"{where}: profile '{name}' has no url.");
            }

            if ((keyEnv is null) == (command is null))
            {
                throw new UsageException($"{where}: profile '{name}' needs exactly one of apiKeyEnv (an environment variable's name) or apiKeyCommand (a command that prints the key).");
            }

            result[name] = new Profile(name, url, keyEnv, command, where);
        }

        return result;
    }

    private static void RefuseKeysInClear(string path, string[] lines, HashSet<string> profileNames)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var member = MemberName().Match(lines[i]);
            var name = member.Groups["name"].Value;
            if (member.Success && !KnownMembers.Contains(name, StringComparer.Ordinal) && !profileNames.Contains(name) && IsKeyName(name))
            {
                throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                    $"{path}:{i + 1}: '{name}' holds a key in clear, which a profiles file must not: use apiKeyEnv: VARIABLE or apiKeyCommand: [command, args…] instead (the value is not shown)."));
            }
        }
    }

    // "apiKey", "key", "token", "password", "secret" and every other name the SDK masks as a credential.
    private static bool IsKeyName(string name)
        => ImmutaRedaction.IsCredentialName(name) || name.Contains("key", StringComparison.OrdinalIgnoreCase);

    private static string? Text(JsonNode? node)
        => node is JsonValue value && value.GetValueKind() is JsonValueKind.String or JsonValueKind.Number ? value.ToString() : null;

    private static int LineOf(string[] lines, string name)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var member = MemberName().Match(lines[i]);
            if (member.Success && member.Groups["name"].Value == name)
            {
                return i + 1;
            }
        }

        return 1;
    }

    // A YAML (or JSON) member at the start of a line: `  name:`, `- name:`, `"name":`.
    [GeneratedRegex("""^\s*(?:-\s+)?["']?(?<name>[A-Za-z0-9_.-]+)["']?\s*:""")]
    private static partial Regex MemberName();
}
