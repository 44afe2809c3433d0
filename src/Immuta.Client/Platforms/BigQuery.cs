using System.Text.Json.Serialization;

namespace Immuta.Client;

/// <summary>A Google BigQuery integration (<c>"type": "Google BigQuery"</c>); <c>autoBootstrap</c> must be false.</summary>
public sealed record BigQueryIntegration : IntegrationDefinition
{
    /// <summary>Creates the definition; its <see cref="IntegrationDefinition.Type"/> is <c>Google BigQuery</c>.</summary>
    public BigQueryIntegration()
        : base(IntegrationType.GoogleBigQuery)
    {
    }

    /// <summary>The BigQuery settings (<c>config</c>).</summary>
    [JsonPropertyName("config")]
    public BigQueryConfig? Config { get; init; }
}

/// <summary>Google BigQuery settings (<c>config</c> of a BigQuery integration).</summary>
public sealed record BigQueryConfig : ImmutaModel
{
    /// <summary>Google Cloud role used to connect (<c>role</c>).</summary>
    [JsonPropertyName("role")]
    public string? Role { get; init; }

    /// <summary>Suffix of each dataset created to hold secure views; starts with <c>_</c> (<c>datasetSuffix</c>).</summary>
    [JsonPropertyName("datasetSuffix")]
    public string? DatasetSuffix { get; init; }

    /// <summary>Dataset for Immuta metadata (<c>dataset</c>).</summary>
    [JsonPropertyName("dataset")]
    public string? Dataset { get; init; }

    /// <summary>Dataset location, such as <c>us-east1</c> (<c>location</c>).</summary>
    [JsonPropertyName("location")]
    public string? Location { get; init; }

    /// <summary>The service-account JSON key file's content, as a string (<c>credential</c>).</summary>
    [JsonPropertyName("credential")]
    public SecretString? Credential { get; init; }
}
