using System.Text.Json.Serialization;

namespace Immuta.Client.Serialization;

/// <summary>The documented error body: <c>{ "statusCode": 409, "error": "Conflict", "message": "..." }</c>.</summary>
internal sealed record ImmutaErrorBody : ImmutaModel
{
    [JsonPropertyName("statusCode")]
    public int? StatusCode { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }
}
