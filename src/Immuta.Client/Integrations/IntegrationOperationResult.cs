using System.Text.Json.Serialization;
using Immuta.Client.Serialization;

namespace Immuta.Client;

/// <summary>
/// What create, update and delete answer at once (<c>id</c>, <c>status</c> — <c>creating</c>, <c>editing</c> or
/// <c>deleting</c> — and <c>validationResults</c>); also the answer of a dry run.
/// </summary>
public sealed record IntegrationOperationResult : ImmutaModel
{
    /// <summary>The integration id (<c>id</c>); may be absent from a dry run's answer.</summary>
    [JsonPropertyName("id")]
    [JsonConverter(typeof(IdJsonConverter))]
    public string? Id { get; init; }

    /// <summary>The status right after the call (<c>status</c>).</summary>
    [JsonPropertyName("status")]
    public IntegrationStatus? Status { get; init; }

    /// <summary>The checks Immuta ran (<c>validationResults</c>).</summary>
    [JsonPropertyName("validationResults")]
    public ValidationResults? ValidationResults { get; init; }
}

/// <summary>The answer of <c>GET /integrations/{id}/status</c>.</summary>
public sealed record IntegrationStatusResult : ImmutaModel
{
    /// <summary>The integration id (<c>id</c>); a JSON number on this endpoint, written back as one.</summary>
    [JsonPropertyName("id")]
    [JsonConverter(typeof(NumericIdJsonConverter))]
    public string? Id { get; init; }

    /// <summary>The current status (<c>status</c>).</summary>
    [JsonPropertyName("status")]
    public IntegrationStatus? Status { get; init; }
}

/// <summary>The answer of <c>POST /integrations/{id}/regenerate</c>: the integration's new Immuta API key.</summary>
public sealed record RegeneratedApiKey : ImmutaModel
{
    /// <summary>The new key (<c>newKey</c>); the old one no longer works. Put it into the platform's configuration.</summary>
    [JsonPropertyName("newKey")]
    public SecretString? NewKey { get; init; }
}
