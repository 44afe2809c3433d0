using System.Text.Json.Nodes;

namespace Immuta.Client.Testing;

/// <summary>A request as the engine sees it, independent of the HTTP server hosting it.</summary>
internal sealed record FakeHttpRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    string? Authorization,
    string? ContentType,
    string? Body)
{
    public bool Flag(string name) => Query.TryGetValue(name, out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}

/// <summary>What the engine answers.</summary>
internal sealed record FakeHttpResponse(int StatusCode, string? Body, string ContentType = "application/json")
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public TimeSpan Delay { get; init; }

    public static FakeHttpResponse Json(int status, JsonNode body) => new(status, body.ToJsonString());

    public static FakeHttpResponse Error(int status, string error, string message)
        => Json(status, new JsonObject { ["statusCode"] = status, ["error"] = error, ["message"] = message });
}
