using System.Text.Json;
using System.Text.Json.Nodes;

namespace Immuta.Client.Testing;

/// <summary>Masks every credential in a request body for the journal; a body it cannot read is not kept at all.</summary>
internal static class FakeSecretMasker
{
    private static readonly HashSet<string> SecretNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "token", "privateKey", "clientSecret", "awsSecretAccessKey", "credential", "connectArgs", "newKey", "apikey",
    };

    public static string? Mask(string? body, string? contentType)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            var json = FakeImmutaEngine.IsYaml(new FakeHttpRequest("POST", "/", new Dictionary<string, string>(), null, contentType, body))
                ? ImmutaYaml.ToJson(body)
                : body;
            var node = JsonNode.Parse(json);
            MaskNode(node);
            return node?.ToJsonString() ?? "null";
        }
        catch (Exception exception) when (exception is JsonException or ImmutaSerializationException)
        {
            return $"<unreadable body, {body.Length} characters, not kept>";
        }
    }

    private static void MaskNode(JsonNode? node)
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
