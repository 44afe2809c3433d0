using System.Text.Json.Serialization;

namespace Immuta.Client;

/// <summary>
/// A Starburst (Trino) integration (<c>"type": "Trino"</c>). The create body is only the type; <c>autoBootstrap</c> and
/// <c>config</c> are not sent. The server's configuration (including the integration's Immuta API key) is kept in
/// <see cref="TrinoConfig"/>'s <see cref="ImmutaModel.AdditionalProperties"/>.
/// </summary>
public sealed record TrinoIntegration : IntegrationDefinition
{
    /// <summary>Creates the definition; its <see cref="IntegrationDefinition.Type"/> is <c>Trino</c>.</summary>
    public TrinoIntegration()
        : base(IntegrationType.Trino)
    {
    }

    /// <summary>The Trino settings as the server returns them (<c>config</c>); not sent on create.</summary>
    [JsonPropertyName("config")]
    public TrinoConfig? Config { get; init; }
}

/// <summary>
/// Trino settings (<c>config</c>). No member is documented; whatever the server returns is kept in
/// <see cref="ImmutaModel.AdditionalProperties"/> and never printed.
/// </summary>
public sealed record TrinoConfig : ImmutaModel;
