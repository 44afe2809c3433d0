using System.Text.Json.Serialization;
using Immuta.Client.Validation;

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

/// <summary>Databricks Unity Catalog: one integration per workspace; its delete never takes credentials.</summary>
internal sealed partial class DatabricksPlatform : ImmutaPlatform<DatabricksIntegration>
{
    internal const string WireType = "Databricks";

    public static readonly LocalRule Required = new(
        "Databricks `workspaceUrl`, `httpPath`, `catalog`; `token` (`token`); `oAuthClientConfig`, `clientId` (`oAuthM2M`)", IntegrationValidationRules.Required, IntegrationValidationSeverity.Warning,
        "spec §5.3 ([004] L76-97: in every example; the Databricks table was not retrieved)");

    public static readonly LocalRule CatalogName = new(
        "Databricks `catalog`: letters, digits, underscores, not starting with a digit", IntegrationValidationRules.Format, IntegrationValidationSeverity.Warning,
        "spec §5.3 ([004] L87, a 2024.2 how-to: 'may only contain letters, numbers, and underscores and cannot start with a number')");

    public static readonly DatabricksPlatform Instance = new();

    private DatabricksPlatform()
        : base(new PlatformFacts(
            IntegrationType.Databricks,
            typeof(DatabricksIntegration),
            IntegrationIdentityKind.WorkspaceUrl,
            [IntegrationRequestKind.CreateScript, IntegrationRequestKind.EditScript],
            [Required, CatalogName])
        {
            DisplayName = "Databricks Unity Catalog",

            // spec §15 DC1: the current docs use scripts/delete for Databricks Unity Catalog.
            AcceptsDeleteScript = true,

            // spec §11 DELETE 400 (doc, C2).
            DeleteCredentialsRefusedMessage = "Credentials are not required to disable a Databricks integration. If you need to update your integration credentials, use PUT to update the integration before disabling.",
        })
    {
    }

    private protected override string? IdentityValue(DatabricksIntegration definition) => definition.Config?.WorkspaceUrl;

    private protected override void ValidateConfig(DatabricksIntegration definition, FindingCollector findings)
    {
        var config = definition.Config;
        if (!findings.RequireObject(LocalRules.ConfigRequired, "config", config))
        {
            return;
        }

        findings.Require(Required, "config.workspaceUrl", config!.WorkspaceUrl);
        findings.Require(Required, "config.httpPath", config.HttpPath);
        if (findings.Require(Required, "config.catalog", config.Catalog) && !CatalogPattern().IsMatch(config.Catalog!))
        {
            findings.Add(CatalogName, "config.catalog", $"'{config.Catalog}' should hold only letters, digits and underscores, and not start with a digit");
        }

        var auth = findings.Authentication(LocalRules.AuthenticationTypeRequired, config.AuthenticationType, AuthenticationType.Token, AuthenticationType.OAuthM2M);
        if (auth == AuthenticationType.Token)
        {
            findings.RequireSecret(Required, "config.token", config.Token);
        }
        else if (auth == AuthenticationType.OAuthM2M
            && findings.RequireObject(Required, "config.oAuthClientConfig", config.OAuthClientConfig))
        {
            findings.Require(Required, "config.oAuthClientConfig.clientId", config.OAuthClientConfig!.ClientId);
            findings.OAuthDetails("config.oAuthClientConfig", config.OAuthClientConfig);
        }
    }

    // Defaults: port 443, audit off (spec §8.1); the token and client secret as REDACTED, Immuta's Databricks marker (§8.9).
    private protected override DatabricksIntegration AsRead(DatabricksIntegration definition)
        => definition.Config is not { } c ? definition : definition with
        {
            Config = c with
            {
                Port = c.Port ?? 443,
                Audit = c.Audit ?? new AuditSettings { Enabled = false },
                Token = ServerRedaction.Redact(c.Token, ImmutaRedaction.PlainMarker),
                OAuthClientConfig = c.OAuthClientConfig is { } o ? o with { ClientSecret = ServerRedaction.Redact(o.ClientSecret, ImmutaRedaction.PlainMarker) } : null,
                AdditionalProperties = ServerRedaction.Unknown(c.AdditionalProperties),
            },
        };

    private protected override IReadOnlyList<ValidationTest> DocumentedValidationTests(DatabricksIntegration definition) =>
    [
        ImmutaPlatforms.Passed("Metastore validation"),
        ImmutaPlatforms.Passed("Basic Connection Test", result: """[{"1":1}]"""),
    ];

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", System.Text.RegularExpressions.RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial System.Text.RegularExpressions.Regex CatalogPattern();
}
