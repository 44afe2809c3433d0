using System.Text.Json.Serialization;

namespace Immuta.Client;

/// <summary>Query audit settings (<c>config.audit</c>).</summary>
public sealed record AuditSettings : ImmutaModel
{
    /// <summary>Whether Immuta audits queries on the platform (<c>enabled</c>). The server's default is <see langword="false"/>.</summary>
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; init; }
}

/// <summary>
/// Lineage settings (<c>config.lineage</c>); returned by the server. Only <c>enabled</c> is documented in JSON; the UI shows
/// more settings (spec §15 SF-1), whose members are kept as they come.
/// </summary>
public sealed record LineageSettings : ImmutaModel
{
    /// <summary>Whether lineage is enabled (<c>enabled</c>).</summary>
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; init; }
}

/// <summary>Immuta project workspaces (<c>config.workspaces</c>, Snowflake).</summary>
public sealed record WorkspacesSettings : ImmutaModel
{
    /// <summary>Whether project workspaces are enabled (<c>enabled</c>).</summary>
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; init; }

    /// <summary>Warehouses that workspace users get usage on (<c>warehouses</c>).</summary>
    [JsonPropertyName("warehouses")]
    public IReadOnlyList<string>? Warehouses { get; init; }
}

/// <summary>User impersonation (<c>config.impersonation</c>: Snowflake, Redshift, Azure Synapse Analytics).</summary>
public sealed record ImpersonationSettings : ImmutaModel
{
    /// <summary>Whether user impersonation is enabled (<c>enabled</c>).</summary>
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; init; }

    /// <summary>The platform role used to impersonate users (<c>role</c>); it must exist before it is enabled.</summary>
    [JsonPropertyName("role")]
    public string? Role { get; init; }
}

/// <summary>
/// The group exempted from Immuta policies (<c>config.groupPattern</c>, Databricks). Immuta's documentation speaks of
/// child parameters (plural) but names only <c>deny</c>; any other member is kept as it comes (spec §15 DB-2).
/// </summary>
public sealed record GroupPattern : ImmutaModel
{
    /// <summary>Name of the exempted group (<c>deny</c>). Changing it requires re-pushing all policies.</summary>
    [JsonPropertyName("deny")]
    public string? Deny { get; init; }
}

/// <summary>OAuth client settings (<c>config.oAuthClientConfig</c>: Snowflake <c>oAuthClientCredentials</c>, Databricks <c>oAuthM2M</c>).</summary>
public sealed record OAuthClientConfig : ImmutaModel
{
    /// <summary>Identity provider, such as <c>Okta</c> (<c>provider</c>, Snowflake).</summary>
    [JsonPropertyName("provider")]
    public string? Provider { get; init; }

    /// <summary>Client identifier (<c>clientId</c>).</summary>
    [JsonPropertyName("clientId")]
    public string? ClientId { get; init; }

    /// <summary>Whether a certificate is used instead of a client secret (<c>useCertificate</c>).</summary>
    [JsonPropertyName("useCertificate")]
    public bool? UseCertificate { get; init; }

    /// <summary>Client secret (<c>clientSecret</c>); used when <see cref="UseCertificate"/> is not <see langword="true"/>.</summary>
    [JsonPropertyName("clientSecret")]
    public SecretString? ClientSecret { get; init; }

    /// <summary>Authority URL (<c>authorityUrl</c>).</summary>
    [JsonPropertyName("authorityUrl")]
    public string? AuthorityUrl { get; init; }

    /// <summary>OAuth scope, such as <c>all-apis</c> (<c>scope</c>, Databricks).</summary>
    [JsonPropertyName("scope")]
    public string? Scope { get; init; }
}

/// <summary>Okta credentials (<c>config.okta</c>, Redshift with <c>authenticationType: okta</c>).</summary>
public sealed record OktaCredentials : ImmutaModel
{
    /// <summary>Okta username (<c>username</c>).</summary>
    [JsonPropertyName("username")]
    public string? Username { get; init; }

    /// <summary>Okta password (<c>password</c>).</summary>
    [JsonPropertyName("password")]
    public SecretString? Password { get; init; }

    /// <summary>Okta application id (<c>appId</c>).</summary>
    [JsonPropertyName("appId")]
    public string? AppId { get; init; }

    /// <summary>Okta identity-provider host (<c>idpHost</c>).</summary>
    [JsonPropertyName("idpHost")]
    public string? IdpHost { get; init; }

    /// <summary>Role (<c>role</c>).</summary>
    [JsonPropertyName("role")]
    public string? Role { get; init; }
}

/// <summary>Delimiters Immuta uses to store profile data (<c>config.metadataDelimiters</c>, Azure Synapse Analytics); they cannot change once set.</summary>
public sealed record MetadataDelimiters : ImmutaModel
{
    /// <summary>Hash delimiter (<c>hashDelimiter</c>), for example <c>|</c>.</summary>
    [JsonPropertyName("hashDelimiter")]
    public string? HashDelimiter { get; init; }

    /// <summary>Hash-key delimiter (<c>hashKeyDelimiter</c>), for example <c>-</c>.</summary>
    [JsonPropertyName("hashKeyDelimiter")]
    public string? HashKeyDelimiter { get; init; }

    /// <summary>Array delimiter (<c>arrayDelimiter</c>), for example <c>,</c>.</summary>
    [JsonPropertyName("arrayDelimiter")]
    public string? ArrayDelimiter { get; init; }
}
