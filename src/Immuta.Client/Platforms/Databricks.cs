using System.Text.Json.Serialization;

namespace Immuta.Client;

/// <summary>A Databricks Unity Catalog integration (<c>"type": "Databricks"</c>).</summary>
/// <remarks>
/// Authentication: <c>token</c> (<see cref="DatabricksConfig.Token"/>) or <c>oAuthM2M</c>
/// (<see cref="DatabricksConfig.OAuthClientConfig"/>). A delete never takes credentials.
/// </remarks>
public sealed record DatabricksIntegration : IntegrationDefinition
{
    /// <summary>Creates the definition; its <see cref="IntegrationDefinition.Type"/> is <c>Databricks</c>.</summary>
    public DatabricksIntegration()
        : base(IntegrationType.Databricks)
    {
    }

    /// <summary>The Databricks settings (<c>config</c>).</summary>
    [JsonPropertyName("config")]
    public DatabricksConfig? Config { get; init; }
}

/// <summary>Databricks Unity Catalog settings (<c>config</c> of a Databricks integration).</summary>
public sealed record DatabricksConfig : ImmutaModel
{
    /// <summary>Workspace host without scheme, such as <c>www.example-workspace.cloud.databricks.com</c> (<c>workspaceUrl</c>).</summary>
    [JsonPropertyName("workspaceUrl")]
    public string? WorkspaceUrl { get; init; }

    /// <summary>HTTP path of the cluster or SQL warehouse (<c>httpPath</c>).</summary>
    [JsonPropertyName("httpPath")]
    public string? HttpPath { get; init; }

    /// <summary>Port (<c>port</c>); the server fills in 443.</summary>
    [JsonPropertyName("port")]
    public int? Port { get; init; }

    /// <summary><c>token</c> or <c>oAuthM2M</c> (<c>authenticationType</c>).</summary>
    [JsonPropertyName("authenticationType")]
    public AuthenticationType? AuthenticationType { get; init; }

    /// <summary>Personal access token of the Immuta service principal, with <c>token</c> (<c>token</c>).</summary>
    [JsonPropertyName("token")]
    public SecretString? Token { get; init; }

    /// <summary>OAuth machine-to-machine client, with <c>oAuthM2M</c> (<c>oAuthClientConfig</c>).</summary>
    [JsonPropertyName("oAuthClientConfig")]
    public OAuthClientConfig? OAuthClientConfig { get; init; }

    /// <summary>
    /// Catalog Immuta creates for its own data (<c>catalog</c>): letters, digits and underscores, not starting with a digit.
    /// </summary>
    [JsonPropertyName("catalog")]
    public string? Catalog { get; init; }

    /// <summary>Query audit (<c>audit</c>).</summary>
    [JsonPropertyName("audit")]
    public AuditSettings? Audit { get; init; }

    /// <summary>The group exempted from policies (<c>groupPattern</c>).</summary>
    [JsonPropertyName("groupPattern")]
    public GroupPattern? GroupPattern { get; init; }

    /// <summary>Your proxy server configuration in Databricks Unity Catalog (<c>proxyOptions</c>; spec §15 DB-1).</summary>
    [JsonPropertyName("proxyOptions")]
    public DatabricksProxyOptions? ProxyOptions { get; init; }
}

/// <summary>
/// The proxy server configuration of a Databricks Unity Catalog integration (<c>config.proxyOptions</c>). Immuta documents
/// the object ("represents your proxy server configuration in Databricks Unity Catalog") but its members were not
/// retrieved, so this SDK names none: every member is kept in <see cref="ImmutaModel.AdditionalProperties"/> and written
/// back as it came; credentials among them are masked wherever the SDK prints.
/// </summary>
public sealed record DatabricksProxyOptions : ImmutaModel;
