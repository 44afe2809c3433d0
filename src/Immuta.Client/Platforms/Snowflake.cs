using System.Text.Json.Serialization;

namespace Immuta.Client;

/// <summary>A Snowflake integration (<c>"type": "Snowflake"</c>).</summary>
/// <remarks>
/// Authentication: <c>userPassword</c> (<see cref="SnowflakeConfig.Username"/>, <see cref="SnowflakeConfig.Password"/>,
/// <see cref="SnowflakeConfig.Role"/> for automatic setup), <c>keyPair</c> (<see cref="SnowflakeConfig.Username"/>,
/// <see cref="SnowflakeConfig.PrivateKey"/>, optionally <see cref="SnowflakeConfig.ConnectArgs"/>) or
/// <c>oAuthClientCredentials</c> (<see cref="SnowflakeConfig.OAuthClientConfig"/>; <c>autoBootstrap</c> must be false).
/// </remarks>
public sealed record SnowflakeIntegration : IntegrationDefinition
{
    /// <summary>Creates the definition; its <see cref="IntegrationDefinition.Type"/> is <c>Snowflake</c>.</summary>
    public SnowflakeIntegration()
        : base(IntegrationType.Snowflake)
    {
    }

    /// <summary>The Snowflake settings (<c>config</c>).</summary>
    [JsonPropertyName("config")]
    public SnowflakeConfig? Config { get; init; }
}

/// <summary>Snowflake settings (<c>config</c> of a Snowflake integration).</summary>
public sealed record SnowflakeConfig : ImmutaModel
{
    /// <summary>Snowflake account host, such as <c>organization.us-east-1.snowflakecomputing.com</c> (<c>host</c>).</summary>
    [JsonPropertyName("host")]
    public string? Host { get; init; }

    /// <summary>Port (<c>port</c>); the server fills in 443.</summary>
    [JsonPropertyName("port")]
    public int? Port { get; init; }

    /// <summary>Default warehouse the Immuta system user runs queries with (<c>warehouse</c>).</summary>
    [JsonPropertyName("warehouse")]
    public string? Warehouse { get; init; }

    /// <summary>Database the Immuta system user manages and stores metadata in (<c>database</c>).</summary>
    [JsonPropertyName("database")]
    public string? Database { get; init; }

    /// <summary>Query audit (<c>audit</c>).</summary>
    [JsonPropertyName("audit")]
    public AuditSettings? Audit { get; init; }

    /// <summary>Project workspaces (<c>workspaces</c>).</summary>
    [JsonPropertyName("workspaces")]
    public WorkspacesSettings? Workspaces { get; init; }

    /// <summary>User impersonation (<c>impersonation</c>).</summary>
    [JsonPropertyName("impersonation")]
    public ImpersonationSettings? Impersonation { get; init; }

    /// <summary>Lineage (<c>lineage</c>); returned by the server.</summary>
    [JsonPropertyName("lineage")]
    public LineageSettings? Lineage { get; init; }

    /// <summary><c>userPassword</c>, <c>keyPair</c> or <c>oAuthClientCredentials</c> (<c>authenticationType</c>).</summary>
    [JsonPropertyName("authenticationType")]
    public AuthenticationType? AuthenticationType { get; init; }

    /// <summary>Snowflake user: with <c>userPassword</c> and <c>keyPair</c> (<c>username</c>). The server returns it redacted.</summary>
    [JsonPropertyName("username")]
    public string? Username { get; init; }

    /// <summary>Password of <see cref="Username"/>, with <c>userPassword</c> (<c>password</c>).</summary>
    [JsonPropertyName("password")]
    public SecretString? Password { get; init; }

    /// <summary>Snowflake role holding the privileges for automatic setup, such as <c>ACCOUNTADMIN</c> (<c>role</c>).</summary>
    [JsonPropertyName("role")]
    public string? Role { get; init; }

    /// <summary>PEM private key of the system account, with <c>keyPair</c> (<c>privateKey</c>).</summary>
    [JsonPropertyName("privateKey")]
    public SecretString? PrivateKey { get; init; }

    /// <summary>
    /// Extra connection arguments, such as <c>PRIV_KEY_FILE_PWD=...</c> for an encrypted private key (<c>connectArgs</c>).
    /// Held as a secret because it usually carries a password.
    /// </summary>
    [JsonPropertyName("connectArgs")]
    public SecretString? ConnectArgs { get; init; }

    /// <summary>External OAuth client, with <c>oAuthClientCredentials</c> (<c>oAuthClientConfig</c>).</summary>
    [JsonPropertyName("oAuthClientConfig")]
    public OAuthClientConfig? OAuthClientConfig { get; init; }
}

/// <summary>
/// Credentials sent with <c>DELETE /integrations/{id}</c> for a Snowflake integration set up automatically
/// (<c>autoBootstrap: true</c>): the ones used to configure it.
/// </summary>
public sealed record SnowflakeDeleteCredentials : IntegrationDeleteCredentials
{
    /// <summary>Snowflake user (<c>username</c>).</summary>
    [JsonPropertyName("username")]
    public string? Username { get; init; }

    /// <summary>Password, with <c>userPassword</c> (<c>password</c>).</summary>
    [JsonPropertyName("password")]
    public SecretString? Password { get; init; }

    /// <summary>Snowflake role (<c>role</c>).</summary>
    [JsonPropertyName("role")]
    public string? Role { get; init; }

    /// <summary>PEM private key, with <c>keyPair</c> (<c>privateKey</c>).</summary>
    [JsonPropertyName("privateKey")]
    public SecretString? PrivateKey { get; init; }
}
