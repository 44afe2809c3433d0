using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Immuta.Client.Cli.Export;

/// <summary>
/// An integration as <c>export</c> writes it: its definition as a file would hold it, with Immuta's defaults for what a file
/// may omit left out (those <see cref="ImmutaPlatforms.AsRead"/> fills in, the SDK's one record of them), and every credential
/// (a member named like one, a name/value pair's value naming one, or a value the server returned redacted) replaced by a <c>${IMMUTA_&lt;TYPE&gt;_&lt;IDENTITY&gt;_&lt;FIELD&gt;}</c>
/// placeholder; never a secret, and no other <c>${</c> that would be read as a placeholder (written <c>$${</c>). A value holding
/// a URL with user info (<c>host: https://admin:pw@…</c>, which may hold a password) is a placeholder too, whole, as a
/// credential is (the variable's name holds the identity, masked, so the reader still sees which host it is).
/// </summary>
internal sealed record ExportedDefinition(string FileName, string Yaml, IReadOnlyList<(string Variable, string Field)> Variables)
{
    /// <summary>The file of one integration.</summary>
    /// <exception cref="CommandFailedException">The integration holds a value YAML cannot hold (a string Immuta returned with an unpaired surrogate escape, kept as it came); the message names the integration and the member.</exception>
    public static ExportedDefinition Of(Integration integration)
    {
        var definition = integration.Definition;
        try
        {
            // Checked before the JSON is walked here: the walk reads every string, and an unpaired surrogate cannot be read.
            _ = ImmutaYaml.Serialize(definition);
        }
        catch (ImmutaSerializationException error)
        {
            throw new CommandFailedException($"integration {integration.Id} cannot be exported as a YAML file: {error.Message.TrimEnd('.')}; nothing was written.");
        }

        var identity = ImmutaRedaction.MaskUrlUserInfo(IntegrationIdentity.KeyOf(definition) ?? integration.Id);
        var node = JsonNode.Parse(ImmutaJson.Serialize(definition))!.AsObject();
        foreach (var serverOnly in new[] { "id", "status", "validationResults" })
        {
            node.Remove(serverOnly);
        }

        LeaveOutDefaults(node);
        var variables = new List<(string Variable, string Field)>();
        var prefix = $"IMMUTA_{EnvName(definition.Type.ToString())}_{EnvName(identity)}";
        Placeholders(node, string.Empty, secret: false, prefix, variables);
        var name = StableFileName($"{definition.Type}-{identity}");
        return new ExportedDefinition(name, ImmutaYaml.FromJson(node.ToJsonString()), variables);
    }

    // Removes each member (leaves first, then emptied objects) whose value Immuta fills in anyway: the definition the server
    // holds after the file is sent (AsRead) is then the same, credentials aside.
    private static void LeaveOutDefaults(JsonObject root)
    {
        var target = Comparable(root);
        foreach (var (parent, name) in Members(root).Reverse().ToList())
        {
            // A credential, and a value the server redacts (Snowflake's username), stay: they become placeholders.
            var value = parent[name];
            if ((name == "type" && parent == root) || IsCredential(name, parent)
                || (value is JsonValue leaf && leaf.GetValueKind() == JsonValueKind.String && ImmutaRedaction.IsRedactedValue(leaf.GetValue<string>())))
            {
                continue;
            }

            // Put back where it was, so the file keeps the model's (the documentation's) member order.
            var index = parent.IndexOf(name);
            parent.Remove(name);
            if (Comparable(root) != target)
            {
                parent.Insert(index, name, value);
            }
        }
    }

    private static IEnumerable<(JsonObject Parent, string Name)> Members(JsonObject obj)
    {
        foreach (var (name, child) in obj.ToList())
        {
            yield return (obj, name);
            if (child is JsonObject inner)
            {
                foreach (var member in Members(inner))
                {
                    yield return member;
                }
            }
        }
    }

    // What the server holds after a write of this JSON, credentials and redacted values aside, as one comparable text.
    private static string? Comparable(JsonObject root)
    {
        try
        {
            var definition = ImmutaJson.Deserialize<IntegrationDefinition>(root.ToJsonString());
            var leaves = new SortedDictionary<string, string>(StringComparer.Ordinal);
            Flatten(JsonNode.Parse(ImmutaJson.Serialize(ImmutaPlatforms.AsRead(definition))), string.Empty, secret: false, leaves);
            return string.Join("\n", leaves.Select(l => $"{l.Key}={l.Value}"));
        }
        catch (ImmutaSerializationException)
        {
            return null;
        }
    }

    private static void Flatten(JsonNode? node, string path, bool secret, SortedDictionary<string, string> leaves)
    {
        switch (node)
        {
            case null:
                break;
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    Flatten(child, path.Length == 0 ? name : $"{path}.{name}", secret || IsCredential(name, obj), leaves);
                }

                break;
            case JsonArray array:
                leaves[path + "[]"] = array.Count.ToString(CultureInfo.InvariantCulture);
                for (var i = 0; i < array.Count; i++)
                {
                    Flatten(array[i], string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), secret, leaves);
                }

                break;
            default:
                var text = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
                if (!secret && !ImmutaRedaction.IsRedactedValue(text))
                {
                    leaves[path] = text;
                }

                break;
        }
    }

    // A credential by its name, or the value of a name/value pair naming one ({name: password, value: …}).
    private static bool IsCredential(string name, JsonObject parent)
        => ImmutaRedaction.IsCredentialName(name) || ImmutaRedaction.IsCredentialPairValue(name, parent);

    // Credentials become placeholders (printed with the field they stand for); any other '${' is kept as written ('$${').
    private static void Placeholders(JsonNode? node, string path, bool secret, string prefix, List<(string Variable, string Field)> variables)
    {
        switch (node)
        {
            case JsonObject obj:
                // Classified before any member is replaced: a pair's "key" becomes a placeholder too, and whether its "value" is a
                // credential must not depend on the variable's name that took its place.
                foreach (var (name, child, credential) in obj.Select(m => (m.Key, m.Value, IsCredential(m.Key, obj))).ToList())
                {
                    var field = path.Length == 0 ? name : $"{path}.{name}";
                    var isSecret = secret || credential;
                    if (child is JsonValue value && value.GetValueKind() == JsonValueKind.String)
                    {
                        obj[name] = Leaf(value.GetValue<string>(), field, isSecret, prefix, variables);
                    }
                    else if (isSecret && child is JsonValue other && !IsBoolean(other))
                    {
                        // A credential that is a number: its value is not written either. A boolean is written as it is: it
                        // holds no secret, and a placeholder would come back from apply as the string "true".
                        obj[name] = Leaf(other.ToJsonString(), field, isSecret, prefix, variables);
                    }
                    else
                    {
                        Placeholders(child, field, isSecret, prefix, variables);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var field = string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]");
                    if (array[i] is JsonValue value && ((secret && !IsBoolean(value)) || value.GetValueKind() == JsonValueKind.String))
                    {
                        array[i] = Leaf(value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString(), field, secret, prefix, variables);
                    }
                    else
                    {
                        Placeholders(array[i], field, secret, prefix, variables);
                    }
                }

                break;
        }
    }

    private static bool IsBoolean(JsonValue value) => value.GetValueKind() is JsonValueKind.True or JsonValueKind.False;

    private static string Leaf(string text, string field, bool secret, string prefix, List<(string Variable, string Field)> variables)
    {
        var userInfo = !ReferenceEquals(ImmutaRedaction.MaskUrlUserInfo(text), text);
        if (!secret && !userInfo && !ImmutaRedaction.IsRedactedValue(text))
        {
            return text.Replace("${", "$${", StringComparison.Ordinal);
        }

        var name = $"{prefix}_{EnvName(field.StartsWith("config.", StringComparison.Ordinal) ? field["config.".Length..] : field)}".TrimEnd('_');
        var variable = name;
        for (var n = 2; variables.Any(v => v.Variable == variable); n++)
        {
            // Names that differ only by case or punctuation (token, Token; api-token, api_token; two non-Latin names) would
            // share one variable, and the apply would send one credential for both.
            variable = string.Create(CultureInfo.InvariantCulture, $"{name}_{n}");
        }

        variables.Add((variable, field));
        return $"${{{variable}}}";
    }

    /// <summary><c>organization.us-east-1.snowflake.com</c> as an environment variable name's part: <c>ORGANIZATION_US_EAST_1_SNOWFLAKE_COM</c>.</summary>
    private static string EnvName(string text)
    {
        var name = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                name.Append(char.ToUpperInvariant(c));
            }
            else if (name.Length > 0 && name[^1] != '_')
            {
                name.Append('_');
            }
        }

        return name.ToString().TrimEnd('_');
    }

    // "Native S3-my bucket" as a stable file name: "native-s3-my-bucket.yaml" (letters, digits, '.', '-').
    private static string StableFileName(string text)
    {
        var name = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c) || (c == '.' && name.Length > 0 && name[^1] != '.'))
            {
                name.Append(c);
            }
            else if (name.Length > 0 && name[^1] != '-')
            {
                name.Append('-');
            }
        }

        return name.ToString().Trim('-', '.') + ".yaml";
    }
}
