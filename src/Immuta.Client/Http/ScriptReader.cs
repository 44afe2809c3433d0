using System.Text.Json;

namespace Immuta.Client.Http;

/// <summary>
/// Reads the answer of a script endpoint. Its media type is undocumented, so three shapes are accepted: plain text, a JSON
/// string, and a JSON object holding the script under a well-known name (<c>script</c>, <c>sql</c>, <c>text</c>,
/// <c>content</c>, <c>body</c>) or as its only string member.
/// </summary>
internal static class ScriptReader
{
    private static readonly string[] ScriptMemberNames = ["script", "sql", "text", "content", "body"];

    public static IntegrationScript Read(string body, string? mediaType, string method, string path)
    {
        var declaredJson = mediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) ?? false;
        var trimmed = body.AsSpan().TrimStart();
        var looksJson = trimmed.Length > 0 && (trimmed[0] == '"' || trimmed[0] == '{');
        if (!declaredJson && !looksJson)
        {
            return new IntegrationScript(body, mediaType);
        }

        try
        {
            using var document = Serialization.ReadableJsonDocument.Parse(body); // an unpaired surrogate escape is bad JSON here
            var text = FromJson(document.RootElement, method, path);
            return new IntegrationScript(text, mediaType);
        }
        catch (JsonException exception) when (!declaredJson)
        {
            _ = exception; // it only looked like JSON (or held a lone surrogate escape): a script that starts with a quote or a brace is still a script
            return new IntegrationScript(body, mediaType);
        }
        catch (JsonException exception)
        {
            throw ImmutaSerializationException.FromJsonException("a script", exception, method, path);
        }
    }

    private static string FromJson(JsonElement root, string method, string path)
    {
        switch (root.ValueKind)
        {
            case JsonValueKind.String:
                return root.GetString()!;
            case JsonValueKind.Object:
                foreach (var name in ScriptMemberNames)
                {
                    foreach (var member in root.EnumerateObject())
                    {
                        if (member.Value.ValueKind == JsonValueKind.String && member.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                        {
                            return member.Value.GetString()!;
                        }
                    }
                }

                var strings = root.EnumerateObject().Where(m => m.Value.ValueKind == JsonValueKind.String).ToList();
                if (strings.Count == 1)
                {
                    return strings[0].Value.GetString()!;
                }

                var names = string.Join(", ", root.EnumerateObject().Select(m => m.Name));
                throw new ImmutaSerializationException(
                    $"The response of {method} {path} is a JSON object with no script in it (members: {names}).", null)
                { Method = method, Path = path };
            default:
                throw new ImmutaSerializationException(
                    $"The response of {method} {path} is JSON {root.ValueKind}, not a script.", null)
                { Method = method, Path = path };
        }
    }
}
