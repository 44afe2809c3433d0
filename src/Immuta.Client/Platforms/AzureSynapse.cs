using System.Text.Json.Serialization;

namespace Immuta.Client;

/// <summary>An Azure Synapse Analytics integration (<c>"type": "Azure Synapse Analytics"</c>).</summary>
/// <remarks>Authentication: <c>userPassword</c> only.</remarks>
public sealed record AzureSynapseIntegration : IntegrationDefinition
{
    /// <summary>Creates the definition; its <see cref="IntegrationDefinition.Type"/> is <c>Azure Synapse Analytics</c>.</summary>
    public AzureSynapseIntegration()
        : base(IntegrationType.AzureSynapseAnalytics)
    {
    }

    /// <summary>The Synapse settings (<c>config</c>).</summary>
    [JsonPropertyName("config")]
    public AzureSynapseConfig? Config { get; init; }
}

/// <summary>Azure Synapse Analytics settings (<c>config</c> of a Synapse integration).</summary>
public sealed record AzureSynapseConfig : ImmutaModel
{
    /// <summary>Synapse account host name, such as <c>organization.azure.com</c> (<c>host</c>).</summary>
    [JsonPropertyName("host")]
    public string? Host { get; init; }

    /// <summary>Port (<c>port</c>).</summary>
    [JsonPropertyName("port")]
    public int? Port { get; init; }

    /// <summary>Existing database where Immuta stores its schemas and views (<c>database</c>).</summary>
    [JsonPropertyName("database")]
    public string? Database { get; init; }

    /// <summary>Immuta-managed schema holding the policy-enforced views (<c>schema</c>).</summary>
    [JsonPropertyName("schema")]
    public string? Schema { get; init; }

    /// <summary>Delimiters for profile data (<c>metadataDelimiters</c>); cannot change once set.</summary>
    [JsonPropertyName("metadataDelimiters")]
    public MetadataDelimiters? MetadataDelimiters { get; init; }

    /// <summary>User impersonation (<c>impersonation</c>).</summary>
    [JsonPropertyName("impersonation")]
    public ImpersonationSettings? Impersonation { get; init; }

    /// <summary>System account (<c>username</c>).</summary>
    [JsonPropertyName("username")]
    public string? Username { get; init; }

    /// <summary>Its password (<c>password</c>).</summary>
    [JsonPropertyName("password")]
    public SecretString? Password { get; init; }

    /// <summary><c>userPassword</c>, the only supported method (<c>authenticationType</c>).</summary>
    [JsonPropertyName("authenticationType")]
    public AuthenticationType? AuthenticationType { get; init; }
}

/// <summary>
/// Credentials sent with <c>DELETE /integrations/{id}</c> for a Synapse integration set up automatically: the ones used to
/// configure it.
/// </summary>
public sealed record AzureSynapseDeleteCredentials : IntegrationDeleteCredentials
{
    /// <summary>System account (<c>username</c>).</summary>
    [JsonPropertyName("username")]
    public string? Username { get; init; }

    /// <summary>Its password (<c>password</c>).</summary>
    [JsonPropertyName("password")]
    public SecretString? Password { get; init; }
}
