using System.Text.Json.Serialization;
using Immuta.Client.Validation;

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

/// <summary>Snowflake: one integration per host; delete takes the setup credentials when set up automatically.</summary>
internal sealed class SnowflakePlatform : ImmutaPlatform<SnowflakeIntegration>
{
    internal const string WireType = "Snowflake";

    public static readonly LocalRule AutoBootstrapFalseForOAuth = new(
        "`autoBootstrap: false` for Snowflake with `oAuthClientCredentials`", IntegrationValidationRules.AutoBootstrap, IntegrationValidationSeverity.Error,
        "spec §5.1 ([002] L324: 'To use this authentication method, autoBootstrap must be false')");

    public static readonly LocalRule Required = new(
        "Snowflake `host`, `warehouse`, `database`", IntegrationValidationRules.Required, IntegrationValidationSeverity.Error,
        "spec §5.2 (SF2: Snowflake field table, 'Yes')");

    public static readonly LocalRule OAuthRequired = new(
        "Snowflake `oAuthClientConfig` and its `provider`, `clientId` (with `oAuthClientCredentials`)", IntegrationValidationRules.Required, IntegrationValidationSeverity.Error,
        "spec §5.2 (SF2: provider and clientId required)");

    public static readonly LocalRule Credentials = new(
        "Snowflake `username`, `password` (`userPassword`); `username`, `privateKey` (`keyPair`)", IntegrationValidationRules.Required, IntegrationValidationSeverity.Warning,
        "spec §5.2 ([002] L83, L123-124: field bullets; the Snowflake table was not retrieved)");

    public static readonly SnowflakePlatform Instance = new();

    private SnowflakePlatform()
        : base(new PlatformFacts(
            IntegrationType.Snowflake,
            typeof(SnowflakeIntegration),
            IntegrationIdentityKind.Host,
            [IntegrationRequestKind.CreateScript, IntegrationRequestKind.EditScript, IntegrationRequestKind.CleanupScript],
            [AutoBootstrapFalseForOAuth, Required, OAuthRequired, Credentials])
        {
            DeleteCredentials = DeleteCredentialsFormat.Of<SnowflakeDeleteCredentials>(),
            AcceptsDeleteScript = true,
        })
    {
    }

    private protected override string? IdentityValue(SnowflakeIntegration definition) => definition.Config?.Host;

    private protected override (LocalRule Rule, string Message)? AutoBootstrapMustBeFalse(SnowflakeIntegration definition)
        => definition.Config?.AuthenticationType is { } a && a == AuthenticationType.OAuthClientCredentials
            ? (AutoBootstrapFalseForOAuth, "must be false for Snowflake with oAuthClientCredentials")
            : null;

    private protected override void ValidateConfig(SnowflakeIntegration definition, FindingCollector findings)
    {
        var config = definition.Config;
        if (!findings.RequireObject(LocalRules.ConfigRequired, "config", config))
        {
            return;
        }

        findings.Require(Required, "config.host", config!.Host);
        findings.Require(Required, "config.warehouse", config.Warehouse);
        findings.Require(Required, "config.database", config.Database);
        var auth = findings.Authentication(LocalRules.AuthenticationTypeRequired, config.AuthenticationType,
            AuthenticationType.UserPassword, AuthenticationType.KeyPair, AuthenticationType.OAuthClientCredentials);
        if (auth == AuthenticationType.UserPassword)
        {
            findings.Require(Credentials, "config.username", config.Username);
            findings.RequireSecret(Credentials, "config.password", config.Password);
        }
        else if (auth == AuthenticationType.KeyPair)
        {
            findings.Require(Credentials, "config.username", config.Username);
            findings.RequireSecret(Credentials, "config.privateKey", config.PrivateKey);
        }
        else if (auth == AuthenticationType.OAuthClientCredentials
            && findings.RequireObject(OAuthRequired, "config.oAuthClientConfig", config.OAuthClientConfig))
        {
            findings.Require(OAuthRequired, "config.oAuthClientConfig.provider", config.OAuthClientConfig!.Provider);
            findings.Require(OAuthRequired, "config.oAuthClientConfig.clientId", config.OAuthClientConfig.ClientId);
            findings.OAuthDetails("config.oAuthClientConfig", config.OAuthClientConfig);
        }

        findings.NotPlainMarker("config.connectArgs", config.ConnectArgs);
    }

    internal override void ValidateDeleteCredentials(IntegrationDeleteCredentials credentials, FindingCollector findings)
    {
        var snowflake = (SnowflakeDeleteCredentials)credentials;
        findings.NotPlainMarker("password", snowflake.Password);
        findings.NotPlainMarker("privateKey", snowflake.PrivateKey);
    }

    // Defaults: port 443, audit, workspaces, impersonation and lineage off (spec §8.1); a userPassword username and every
    // credential as <REDACTED> (§8.9).
    private protected override SnowflakeIntegration AsRead(SnowflakeIntegration definition)
        => definition.Config is not { } c ? definition : definition with
        {
            Config = c with
            {
                Port = c.Port ?? 443,
                Audit = c.Audit ?? new AuditSettings { Enabled = false },
                Workspaces = c.Workspaces ?? new WorkspacesSettings { Enabled = false },
                Impersonation = c.Impersonation ?? new ImpersonationSettings { Enabled = false },
                Lineage = c.Lineage ?? new LineageSettings { Enabled = false },
                Username = c.AuthenticationType == AuthenticationType.UserPassword && c.Username is not null ? ImmutaRedaction.AngleBracketMarker : c.Username,
                Password = ServerRedaction.Redact(c.Password),
                PrivateKey = ServerRedaction.Redact(c.PrivateKey),
                ConnectArgs = ServerRedaction.Redact(c.ConnectArgs),
                AdditionalProperties = ServerRedaction.Unknown(c.AdditionalProperties),
            },
        };

    private protected override IReadOnlyList<ValidationTest> DocumentedValidationTests(SnowflakeIntegration definition) =>
    [
        ImmutaPlatforms.Passed("Initial Validation: Basic Connection Test"),
        ImmutaPlatforms.Passed("Initial Validation: Default Warehouse Access Test", result: "[]"),
        ImmutaPlatforms.Passed("Initial Validation: Validate access to Privileged Role", result: "[]"),
        ImmutaPlatforms.Passed("Validate Automatic: Database Does Not Exist"),
        new ValidationTest
        {
            Name = "Validate Automatic: Impersonation Role Does Not Exist",
            Status = definition.Config?.Impersonation?.Enabled == true ? ValidationStatus.Passed : ValidationStatus.Skipped,
        },
        ImmutaPlatforms.Passed("Validate Automatic Bootstrap User Grants"),
    ];
}
