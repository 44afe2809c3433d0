using System.Text.Json.Serialization;

namespace Immuta.Client;

/// <summary>An Amazon Redshift integration (<c>"type": "Redshift"</c>).</summary>
/// <remarks>Authentication: <c>userPassword</c> (<see cref="RedshiftConfig.Username"/>, <see cref="RedshiftConfig.Password"/>) or <c>okta</c> (<see cref="RedshiftConfig.Okta"/>).</remarks>
public sealed record RedshiftIntegration : IntegrationDefinition
{
    /// <summary>Creates the definition; its <see cref="IntegrationDefinition.Type"/> is <c>Redshift</c>.</summary>
    public RedshiftIntegration()
        : base(IntegrationType.Redshift)
    {
    }

    /// <summary>The Redshift settings (<c>config</c>).</summary>
    [JsonPropertyName("config")]
    public RedshiftConfig? Config { get; init; }
}

/// <summary>Redshift settings (<c>config</c> of a Redshift integration).</summary>
public sealed record RedshiftConfig : ImmutaModel
{
    /// <summary>Redshift host (<c>host</c>).</summary>
    [JsonPropertyName("host")]
    public string? Host { get; init; }

    /// <summary>Port (<c>port</c>).</summary>
    [JsonPropertyName("port")]
    public int? Port { get; init; }

    /// <summary>Immuta-managed database, created by Immuta (<c>database</c>).</summary>
    [JsonPropertyName("database")]
    public string? Database { get; init; }

    /// <summary>Existing database Immuta connects to in order to create <see cref="Database"/> (<c>initialDatabase</c>).</summary>
    [JsonPropertyName("initialDatabase")]
    public string? InitialDatabase { get; init; }

    /// <summary>User impersonation (<c>impersonation</c>).</summary>
    [JsonPropertyName("impersonation")]
    public ImpersonationSettings? Impersonation { get; init; }

    /// <summary><c>userPassword</c> or <c>okta</c> (<c>authenticationType</c>).</summary>
    [JsonPropertyName("authenticationType")]
    public AuthenticationType? AuthenticationType { get; init; }

    /// <summary>System account, with <c>userPassword</c> (<c>username</c>).</summary>
    [JsonPropertyName("username")]
    public string? Username { get; init; }

    /// <summary>Its password, with <c>userPassword</c> (<c>password</c>).</summary>
    [JsonPropertyName("password")]
    public SecretString? Password { get; init; }

    /// <summary>Okta credentials, with <c>okta</c> (<c>okta</c>).</summary>
    [JsonPropertyName("okta")]
    public OktaCredentials? Okta { get; init; }
}

/// <summary>
/// Credentials sent with <c>DELETE /integrations/{id}</c> for a Redshift integration set up automatically: the ones used
/// to configure it (the documented table was not retrievable; fields follow the configuration's credentials).
/// </summary>
public sealed record RedshiftDeleteCredentials : IntegrationDeleteCredentials
{
    /// <summary>System account, with <c>userPassword</c> (<c>username</c>).</summary>
    [JsonPropertyName("username")]
    public string? Username { get; init; }

    /// <summary>Its password, with <c>userPassword</c> (<c>password</c>).</summary>
    [JsonPropertyName("password")]
    public SecretString? Password { get; init; }

    /// <summary>Okta credentials, with <c>okta</c> (<c>okta</c>).</summary>
    [JsonPropertyName("okta")]
    public OktaCredentials? Okta { get; init; }
}
