using System.Text.Json;
using System.Text.Json.Nodes;

namespace Immuta.Client.Serialization;

/// <summary>
/// Masks every credential in a JSON or YAML body by member name (the fake's journal, the tool's output); a body it cannot
/// read is not kept at all.
/// </summary>
internal static class JsonSecretMasker
{
    private static readonly HashSet<string> SecretNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "token", "privateKey", "clientSecret", "awsSecretAccessKey", "credential", "connectArgs", "newKey", "apikey",
    };

    /// <summary>The member names whose values are credentials.</summary>
    public static bool IsSecretName(string name) => SecretNames.Contains(name);

    public static string? Mask(string? body, bool isYaml)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            var node = JsonNode.Parse(isYaml ? ImmutaYaml.ToJson(body) : body);
            MaskNode(node);
            return node?.ToJsonString() ?? "null";
        }
        catch (Exception exception) when (exception is JsonException or ImmutaSerializationException)
        {
            return $"<unreadable body, {body.Length} characters, not kept>";
        }
    }

    public static void MaskNode(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (SecretNames.Contains(name) && obj[name] is JsonValue)
                    {
                        obj[name] = SecretString.Mask;
                    }
                    else
                    {
                        MaskNode(obj[name]);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    MaskNode(item);
                }

                break;
        }
    }
}
