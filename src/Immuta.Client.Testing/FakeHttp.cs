using System.Text.Json.Nodes;

namespace Immuta.Client.Testing;

/// <summary>A request as the engine sees it, independent of the HTTP server hosting it.</summary>
internal sealed record FakeHttpRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    string? Authorization,
    string? ContentType,
    FakeRequestBody Content)
{
    /// <summary>The request's <c>Content-Encoding</c>, if any.</summary>
    public string? ContentEncoding { get; init; }

    /// <summary>The body as text, or <see langword="null"/> when there is none or it is not UTF-8.</summary>
    public string? Body => Content.Text;

    public bool Flag(string name) => Query.TryGetValue(name, out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}

/// <summary>What the engine answers.</summary>
internal sealed record FakeHttpResponse(int StatusCode, string? Body, string ContentType = "application/json")
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// What a <see cref="FakeFaultKind.Latency"/> fault holds the answer back until, on the fake's clock: its timer is
    /// started as the request is journaled (under the engine's lock), so a test that sees the journal entry and then moves
    /// a shared clock past the delay always gets the answer. It ends cancelled, its timer disposed, when the client stops
    /// waiting or the fake stops first: the answer is then never sent. <see langword="null"/>: at once.
    /// </summary>
    public Task? HeldBack { get; init; }

    /// <summary>The <c>Content-Type</c> header: the media type in UTF-8.</summary>
    public string ContentTypeHeader => ContentType + "; charset=utf-8";

    /// <summary>A JSON body, written as Immuta writes it (<see cref="FakeJson"/>).</summary>
    public static FakeHttpResponse Json(int status, JsonNode body) => new(status, FakeJson.Write(body));

    public static FakeHttpResponse Error(int status, string error, string message)
        => Json(status, new JsonObject { ["statusCode"] = status, ["error"] = error, ["message"] = message });

    /// <summary>A refused body: <c>"Invalid request body: {problem}."</c>, ending in exactly one period.</summary>
    public static FakeHttpResponse InvalidBody(int status, string error, string problem)
        => Error(status, error, $"Invalid request body: {problem.TrimEnd().TrimEnd('.')}.");
}
