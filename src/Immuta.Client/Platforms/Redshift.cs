using System.Text.Json.Serialization;
using Immuta.Client.Validation;

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

/// <summary>Amazon Redshift: one integration per host; delete takes the setup credentials when set up automatically.</summary>
internal sealed class RedshiftPlatform : ImmutaPlatform<RedshiftIntegration>
{
    internal const string WireType = "Redshift";

    public static readonly LocalRule Required = new(
        "Redshift `host`, `database`, `initialDatabase`; `username`, `password` (`userPassword`); `okta` and its members (`okta`)", IntegrationValidationRules.Required, IntegrationValidationSeverity.Warning,
        "spec §5.4 ([000] L231-254, L649-680: in every example; the Redshift table was not retrieved)");

    public static readonly RedshiftPlatform Instance = new();

    private RedshiftPlatform()
        : base(new PlatformFacts(
            IntegrationType.Redshift,
            typeof(RedshiftIntegration),
            IntegrationIdentityKind.Host,
            [IntegrationRequestKind.CreateScript, IntegrationRequestKind.EditScript, IntegrationRequestKind.InitialCreateScript, IntegrationRequestKind.CleanupScript],
            [Required])
        {
            DeleteCredentials = DeleteCredentialsFormat.Of<RedshiftDeleteCredentials>(),
            AcceptsDeleteScript = true,
        })
    {
    }

    private protected override string? IdentityValue(RedshiftIntegration definition) => definition.Config?.Host;

    private protected override void ValidateConfig(RedshiftIntegration definition, FindingCollector findings)
    {
        var config = definition.Config;
        if (!findings.RequireObject(LocalRules.ConfigRequired, "config", config))
        {
            return;
        }

        var rule = Required;
        findings.Require(rule, "config.host", config!.Host);
        findings.Require(rule, "config.database", config.Database);
        findings.Require(rule, "config.initialDatabase", config.InitialDatabase);
        var auth = findings.Authentication(LocalRules.AuthenticationTypeRequired, config.AuthenticationType, AuthenticationType.UserPassword, AuthenticationType.Okta);
        if (auth == AuthenticationType.UserPassword)
        {
            findings.Require(rule, "config.username", config.Username);
            findings.RequireSecret(rule, "config.password", config.Password);
        }
        else if (auth == AuthenticationType.Okta && findings.RequireObject(rule, "config.okta", config.Okta))
        {
            findings.Require(rule, "config.okta.username", config.Okta!.Username);
            findings.RequireSecret(rule, "config.okta.password", config.Okta.Password);
            findings.Require(rule, "config.okta.appId", config.Okta.AppId);
            findings.Require(rule, "config.okta.idpHost", config.Okta.IdpHost);
            findings.Require(rule, "config.okta.role", config.Okta.Role);
        }
    }

    internal override void ValidateDeleteCredentials(IntegrationDeleteCredentials credentials, FindingCollector findings)
    {
        var redshift = (RedshiftDeleteCredentials)credentials;
        findings.NotPlainMarker("password", redshift.Password);
        findings.NotPlainMarker("okta.password", redshift.Okta?.Password);
    }

    // No documented defaults; passwords as <REDACTED> (§8.9).
    private protected override RedshiftIntegration AsRead(RedshiftIntegration definition)
        => definition.Config is not { } c ? definition : definition with
        {
            Config = c with
            {
                Password = ServerRedaction.Redact(c.Password),
                Okta = c.Okta is { } o ? o with { Password = ServerRedaction.Redact(o.Password) } : null,
                AdditionalProperties = ServerRedaction.Unknown(c.AdditionalProperties),
            },
        };

    // The Redshift list was not retrievable (spec §8.4): none are invented.
    private protected override IReadOnlyList<ValidationTest> DocumentedValidationTests(RedshiftIntegration definition) => [];
}
