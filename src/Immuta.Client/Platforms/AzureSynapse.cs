using System.Text.Json.Serialization;
using Immuta.Client.Validation;

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

/// <summary>Azure Synapse Analytics: one integration per host; delete takes the setup credentials when set up automatically.</summary>
internal sealed class AzureSynapsePlatform : ImmutaPlatform<AzureSynapseIntegration>
{
    internal const string WireType = "Azure Synapse Analytics";

    public static readonly LocalRule Required = new(
        "Azure Synapse `host`, `database`, `schema`, `username`, `password`", IntegrationValidationRules.Required, IntegrationValidationSeverity.Warning,
        "spec §5.5 (P6: an older payload reference marks them Required; the current table was not retrieved)");

    public static readonly AzureSynapsePlatform Instance = new();

    private AzureSynapsePlatform()
        : base(new PlatformFacts(
            IntegrationType.AzureSynapseAnalytics,
            typeof(AzureSynapseIntegration),
            IntegrationIdentityKind.Host,
            [IntegrationRequestKind.CreateScript, IntegrationRequestKind.EditScript, IntegrationRequestKind.InitialCreateScript, IntegrationRequestKind.CleanupScript, IntegrationRequestKind.PostCleanupScript],
            [Required])
        {
            DeleteCredentials = DeleteCredentialsFormat.Of<AzureSynapseDeleteCredentials>(),
            AcceptsDeleteScript = true,

            // Y3: metadata delimiters "cannot be changed once set".
            NonEditablePaths = ["config.metadataDelimiters"],
        })
    {
    }

    private protected override string? IdentityValue(AzureSynapseIntegration definition) => definition.Config?.Host;

    private protected override void ValidateConfig(AzureSynapseIntegration definition, FindingCollector findings)
    {
        var config = definition.Config;
        if (!findings.RequireObject(LocalRules.ConfigRequired, "config", config))
        {
            return;
        }

        var rule = Required;
        findings.Require(rule, "config.host", config!.Host);
        findings.Require(rule, "config.database", config.Database);
        findings.Require(rule, "config.schema", config.Schema);
        var auth = findings.Authentication(LocalRules.AuthenticationTypeRequired, config.AuthenticationType, AuthenticationType.UserPassword);

        // Username and password are the only documented method; another authentication type may not need them.
        if (auth == AuthenticationType.UserPassword || config.AuthenticationType is null)
        {
            findings.Require(rule, "config.username", config.Username);
            findings.RequireSecret(rule, "config.password", config.Password);
        }
    }

    internal override void ValidateDeleteCredentials(IntegrationDeleteCredentials credentials, FindingCollector findings)
        => findings.NotPlainMarker("password", ((AzureSynapseDeleteCredentials)credentials).Password);

    // No documented defaults; the password as <REDACTED> (§8.9).
    private protected override AzureSynapseIntegration AsRead(AzureSynapseIntegration definition)
        => definition.Config is not { } c ? definition : definition with
        {
            Config = c with { Password = ServerRedaction.Redact(c.Password), AdditionalProperties = ServerRedaction.Unknown(c.AdditionalProperties) },
        };

    // The Synapse list was not retrievable (spec §8.4): none are invented.
    private protected override IReadOnlyList<ValidationTest> DocumentedValidationTests(AzureSynapseIntegration definition) => [];
}
