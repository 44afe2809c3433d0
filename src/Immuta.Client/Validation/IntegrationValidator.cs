using System.Text.Json;
using System.Text.RegularExpressions;
using Immuta.Client.Serialization;

namespace Immuta.Client.Validation;

/// <summary>
/// Local validation: applies the rules of <see cref="LocalRules"/> (each with its severity and source) to a definition
/// or to delete credentials. A platform this SDK does not know gets only the unknown-type warning and the
/// always-refused marker rule: the SDK does not guess its fields.
/// </summary>
internal static partial class IntegrationValidator
{
    public static IReadOnlyList<IntegrationValidationFinding> Validate(IntegrationDefinition definition, IntegrationRequestKind kind)
    {
        var findings = new Collector();
        if (definition is UnknownIntegration unknown)
        {
            findings.Add(LocalRules.UnknownType, "type",
                $"'{unknown.Type}' is not a type this SDK knows ({string.Join(", ", KnownTypes.Select(t => $"'{t}'"))}); it is sent as written and Immuta decides");
        }
        else
        {
            CheckEndpoint(definition, kind, findings);
            CheckAutoBootstrap(definition, kind, findings);
            switch (definition)
            {
                case SnowflakeIntegration s: Snowflake(s.Config, findings); break;
                case DatabricksIntegration d: Databricks(d.Config, findings); break;
                case RedshiftIntegration r: Redshift(r.Config, findings); break;
                case AzureSynapseIntegration a: Synapse(a.Config, findings); break;
                case BigQueryIntegration b: BigQuery(b.Config, findings); break;
                case NativeS3Integration n: NativeS3(n.Config, findings); break;
            }

            findings.UnknownMembers(definition, string.Empty, depth: 0);
        }

        findings.NoRedactionMarkers(definition);
        return findings.Findings;
    }

    /// <summary>Delete credentials: none may be a redaction marker.</summary>
    public static IReadOnlyList<IntegrationValidationFinding> Validate(IntegrationDeleteCredentials credentials)
    {
        var findings = new Collector();
        switch (credentials)
        {
            case SnowflakeDeleteCredentials s:
                findings.NotPlainMarker("password", s.Password);
                findings.NotPlainMarker("privateKey", s.PrivateKey);
                break;
            case RedshiftDeleteCredentials r:
                findings.NotPlainMarker("password", r.Password);
                findings.NotPlainMarker("okta.password", r.Okta?.Password);
                break;
            case AzureSynapseDeleteCredentials a:
                findings.NotPlainMarker("password", a.Password);
                break;
        }

        findings.UnknownMembers(credentials, string.Empty, depth: 0);
        findings.NoRedactionMarkers(credentials);
        return findings.Findings;
    }

    /// <summary>
    /// Why a delete of <paramref name="target"/> must not carry credentials (spec §3.3, §6), or <see langword="null"/> when it
    /// may: never for a platform whose delete takes none (refused whatever <paramref name="validate"/> says), nor, while
    /// <paramref name="validate"/>, for one set up by hand (an error). A platform this SDK does not know: Immuta decides.
    /// </summary>
    public static IntegrationValidationFinding? CredentialsRefusedFor(IntegrationDefinition target, bool validate) => target switch
    {
        DatabricksIntegration or BigQueryIntegration or NativeS3Integration or TrinoIntegration
            => LocalRules.DeleteCredentialsNotTaken.Finding("(the body)", $"a {target.Type} integration's delete takes no credentials"),
        SnowflakeIntegration or RedshiftIntegration or AzureSynapseIntegration when validate && target.AutoBootstrap == false
            => LocalRules.DeleteCredentialsManualSetup.Finding("(the body)", $"this {target.Type} integration was set up by hand (autoBootstrap: false): its delete takes no credentials"),
        _ => null,
    };

    /// <summary>
    /// The rules refused whatever <see cref="ImmutaClientOptions.ValidateBeforeSending"/> says (a string member that is
    /// <c>&lt;REDACTED&gt;</c>). Every request body passes it before it is sent; the tool checks it before printing a plan
    /// even with <c>--skip-validation</c>.
    /// </summary>
    /// <exception cref="IntegrationValidationException">Some member is the marker; each path is named.</exception>
    public static void EnsureNoRedactionMarkers(IntegrationDefinition definition)
    {
        var findings = new Collector();
        findings.NoRedactionMarkers(definition);
        if (findings.Findings.Count > 0)
        {
            throw new IntegrationValidationException(findings.Findings);
        }
    }

    /// <summary>Which platforms a script endpoint is documented for (spec §3.8-3.13; a warning, see <see cref="LocalRules.ScriptEndpointPlatform"/>).</summary>
    public static bool Accepts(IntegrationRequestKind kind, IntegrationType type) => kind switch
    {
        IntegrationRequestKind.CreateScript or IntegrationRequestKind.EditScript
            => type == IntegrationType.Snowflake || type == IntegrationType.Databricks || type == IntegrationType.Redshift || type == IntegrationType.AzureSynapseAnalytics,
        IntegrationRequestKind.InitialCreateScript => type == IntegrationType.Redshift || type == IntegrationType.AzureSynapseAnalytics,
        IntegrationRequestKind.CleanupScript => type == IntegrationType.Snowflake || type == IntegrationType.Redshift || type == IntegrationType.AzureSynapseAnalytics,
        IntegrationRequestKind.PostCleanupScript => type == IntegrationType.AzureSynapseAnalytics,
        _ => true,
    };

    /// <summary>
    /// Which platforms <c>POST /integrations/{id}/scripts/delete</c> is documented for: Synapse, Redshift, Snowflake (spec
    /// §3.10, [000] L941-961) and Databricks Unity Catalog (spec §15 DC1).
    /// </summary>
    public static bool AcceptsDeleteScript(IntegrationType type)
        => type == IntegrationType.Snowflake || type == IntegrationType.Redshift || type == IntegrationType.AzureSynapseAnalytics || type == IntegrationType.Databricks;

    internal static string EndpointName(IntegrationRequestKind kind) => kind switch
    {
        IntegrationRequestKind.CreateScript => "scripts/create",
        IntegrationRequestKind.InitialCreateScript => "scripts/initial-create",
        IntegrationRequestKind.CleanupScript => "scripts/cleanup",
        IntegrationRequestKind.PostCleanupScript => "scripts/post-cleanup",
        IntegrationRequestKind.EditScript => "{id}/scripts/edit",
        IntegrationRequestKind.Update => "update",
        _ => "create",
    };

    private static readonly IntegrationType[] KnownTypes =
    [
        IntegrationType.Snowflake, IntegrationType.Databricks, IntegrationType.Redshift, IntegrationType.AzureSynapseAnalytics,
        IntegrationType.GoogleBigQuery, IntegrationType.NativeS3, IntegrationType.Trino,
    ];

    private static bool IsScript(IntegrationRequestKind kind) => kind is not (IntegrationRequestKind.Create or IntegrationRequestKind.Update);

    private static void CheckEndpoint(IntegrationDefinition definition, IntegrationRequestKind kind, Collector findings)
    {
        if (IsScript(kind) && !Accepts(kind, definition.Type))
        {
            findings.Add(LocalRules.ScriptEndpointPlatform, "type", $"the {EndpointName(kind)} endpoint is not documented for '{definition.Type}'");
        }
    }

    private static void CheckAutoBootstrap(IntegrationDefinition definition, IntegrationRequestKind kind, Collector findings)
    {
        var auto = definition.AutoBootstrap;
        if (definition is TrinoIntegration)
        {
            if (auto is not null)
            {
                findings.Add(LocalRules.TrinoAutoBootstrap, "autoBootstrap", "is not part of the documented Trino body (only the type)");
            }

            return;
        }

        if (auto is null)
        {
            findings.Add(LocalRules.AutoBootstrapRequired, "autoBootstrap", "is required (true or false)");
            return;
        }

        if (auto == true && IsScript(kind))
        {
            findings.Add(LocalRules.AutoBootstrapFalseForScripts, "autoBootstrap", $"must be false for the {EndpointName(kind)} endpoint (scripts are for manual setup)");
        }
        else if (auto == true && definition is NativeS3Integration or BigQueryIntegration)
        {
            findings.Add(LocalRules.AutoBootstrapFalseForS3AndBigQuery, "autoBootstrap", $"must be false for {definition.Type}");
        }
        else if (auto == true && definition is SnowflakeIntegration { Config.AuthenticationType: { } a } && a == AuthenticationType.OAuthClientCredentials)
        {
            findings.Add(LocalRules.AutoBootstrapFalseForSnowflakeOAuth, "autoBootstrap", "must be false for Snowflake with oAuthClientCredentials");
        }
    }

    private static void Snowflake(SnowflakeConfig? config, Collector findings)
    {
        if (!findings.RequireObject(LocalRules.ConfigRequired, "config", config))
        {
            return;
        }

        findings.Require(LocalRules.SnowflakeRequired, "config.host", config!.Host);
        findings.Require(LocalRules.SnowflakeRequired, "config.warehouse", config.Warehouse);
        findings.Require(LocalRules.SnowflakeRequired, "config.database", config.Database);
        var auth = findings.Authentication(LocalRules.AuthenticationTypeRequired, config.AuthenticationType,
            AuthenticationType.UserPassword, AuthenticationType.KeyPair, AuthenticationType.OAuthClientCredentials);
        if (auth == AuthenticationType.UserPassword)
        {
            findings.Require(LocalRules.SnowflakeCredentials, "config.username", config.Username);
            findings.RequireSecret(LocalRules.SnowflakeCredentials, "config.password", config.Password);
        }
        else if (auth == AuthenticationType.KeyPair)
        {
            findings.Require(LocalRules.SnowflakeCredentials, "config.username", config.Username);
            findings.RequireSecret(LocalRules.SnowflakeCredentials, "config.privateKey", config.PrivateKey);
        }
        else if (auth == AuthenticationType.OAuthClientCredentials
            && findings.RequireObject(LocalRules.SnowflakeOAuthRequired, "config.oAuthClientConfig", config.OAuthClientConfig))
        {
            findings.Require(LocalRules.SnowflakeOAuthRequired, "config.oAuthClientConfig.provider", config.OAuthClientConfig!.Provider);
            findings.Require(LocalRules.SnowflakeOAuthRequired, "config.oAuthClientConfig.clientId", config.OAuthClientConfig.ClientId);
            OAuthDetails("config.oAuthClientConfig", config.OAuthClientConfig, findings);
        }

        findings.NotPlainMarker("config.connectArgs", config.ConnectArgs);
    }

    private static void Databricks(DatabricksConfig? config, Collector findings)
    {
        if (!findings.RequireObject(LocalRules.ConfigRequired, "config", config))
        {
            return;
        }

        findings.Require(LocalRules.DatabricksRequired, "config.workspaceUrl", config!.WorkspaceUrl);
        findings.Require(LocalRules.DatabricksRequired, "config.httpPath", config.HttpPath);
        if (findings.Require(LocalRules.DatabricksRequired, "config.catalog", config.Catalog) && !CatalogName().IsMatch(config.Catalog!))
        {
            findings.Add(LocalRules.DatabricksCatalogName, "config.catalog", $"'{config.Catalog}' should hold only letters, digits and underscores, and not start with a digit");
        }

        var auth = findings.Authentication(LocalRules.AuthenticationTypeRequired, config.AuthenticationType, AuthenticationType.Token, AuthenticationType.OAuthM2M);
        if (auth == AuthenticationType.Token)
        {
            findings.RequireSecret(LocalRules.DatabricksRequired, "config.token", config.Token);
        }
        else if (auth == AuthenticationType.OAuthM2M
            && findings.RequireObject(LocalRules.DatabricksRequired, "config.oAuthClientConfig", config.OAuthClientConfig))
        {
            findings.Require(LocalRules.DatabricksRequired, "config.oAuthClientConfig.clientId", config.OAuthClientConfig!.ClientId);
            OAuthDetails("config.oAuthClientConfig", config.OAuthClientConfig, findings);
        }
    }

    private static void Redshift(RedshiftConfig? config, Collector findings)
    {
        if (!findings.RequireObject(LocalRules.ConfigRequired, "config", config))
        {
            return;
        }

        var rule = LocalRules.RedshiftRequired;
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

    private static void Synapse(AzureSynapseConfig? config, Collector findings)
    {
        if (!findings.RequireObject(LocalRules.ConfigRequired, "config", config))
        {
            return;
        }

        var rule = LocalRules.SynapseRequired;
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

    private static void BigQuery(BigQueryConfig? config, Collector findings)
    {
        if (!findings.RequireObject(LocalRules.ConfigRequired, "config", config))
        {
            return;
        }

        var rule = LocalRules.BigQueryRequired;
        findings.Require(rule, "config.role", config!.Role);
        findings.Require(rule, "config.dataset", config.Dataset);
        findings.Require(rule, "config.location", config.Location);
        if (findings.Require(rule, "config.datasetSuffix", config.DatasetSuffix) && !config.DatasetSuffix!.StartsWith('_'))
        {
            findings.Add(LocalRules.BigQueryDatasetSuffix, "config.datasetSuffix", $"'{config.DatasetSuffix}' should start with '_' (for example '_secureView')");
        }

        if (findings.RequireSecret(rule, "config.credential", config.Credential) && !IsServiceAccountKey(config.Credential!.Reveal()))
        {
            findings.Add(LocalRules.BigQueryKeyFile, "config.credential", "should be the service-account JSON key file's content (a JSON object with \"type\": \"service_account\")");
        }
    }

    private static void NativeS3(NativeS3Config? config, Collector findings)
    {
        if (!findings.RequireObject(LocalRules.ConfigRequired, "config", config))
        {
            return;
        }

        var rule = LocalRules.S3Required;
        findings.Require(rule, "config.name", config!.Name);
        findings.Require(rule, "config.awsAccountId", config.AwsAccountId);
        findings.Require(rule, "config.awsRegion", config.AwsRegion);
        findings.Require(rule, "config.awsLocationRole", config.AwsLocationRole);
        findings.Require(rule, "config.awsLocationPath", config.AwsLocationPath);

        // awsRoleToAssume is optional with auto (spec §15 S3-1): no rule.
        var auth = findings.Authentication(rule, config.AuthenticationType, AuthenticationType.Auto, AuthenticationType.AccessKey);
        if (auth == AuthenticationType.AccessKey)
        {
            findings.Require(LocalRules.S3AccessKeyRequired, "config.awsAccessKeyId", config.AwsAccessKeyId);
            findings.RequireSecret(LocalRules.S3AccessKeyRequired, "config.awsSecretAccessKey", config.AwsSecretAccessKey);
        }
    }

    private static void OAuthDetails(string path, OAuthClientConfig config, Collector findings)
    {
        findings.Require(LocalRules.OAuthClientDetails, $"{path}.authorityUrl", config.AuthorityUrl);
        if (config.UseCertificate != true)
        {
            findings.RequireSecret(LocalRules.OAuthClientDetails, $"{path}.clientSecret", config.ClientSecret);
        }
    }

    // The documented key file carries raw line breaks inside its private_key string (spec Q19); they are read as "\n".
    private static bool IsServiceAccountKey(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal));
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("type", out var type)
                && type.ValueKind == JsonValueKind.String
                && type.GetString() == "service_account";
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CatalogName();

    private sealed class Collector
    {
        private const int MaxDepth = 16;

        public List<IntegrationValidationFinding> Findings { get; } = [];

        public void Add(LocalRule rule, string path, string message) => Findings.Add(rule.Finding(path, message));

        public bool RequireObject(LocalRule rule, string path, object? value)
        {
            if (value is null)
            {
                Add(rule, path, "is required");
                return false;
            }

            return true;
        }

        public bool Require(LocalRule rule, string path, string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Add(rule, path, "is required");
                return false;
            }

            return true;
        }

        public bool RequireSecret(LocalRule rule, string path, SecretString? value)
        {
            if (value is null || string.IsNullOrWhiteSpace(value.Reveal()))
            {
                Add(rule, path, "is required");
                return false;
            }

            return NotPlainMarker(path, value);
        }

        /// <summary>
        /// A credential that is <c>REDACTED</c> (the marker of a Databricks token): a warning. <c>&lt;REDACTED&gt;</c> is left
        /// to <see cref="NoRedactionMarkers"/>, which refuses it at any path.
        /// </summary>
        public bool NotPlainMarker(string path, SecretString? value)
        {
            if (value is { IsRedacted: true } && !value.Reveal().AsSpan().Trim().Equals(ImmutaRedaction.AngleBracketMarker, StringComparison.OrdinalIgnoreCase))
            {
                Add(LocalRules.PlainRedactionMarker, path, "is 'REDACTED', the marker Immuta returns in place of a token; if this came from a GET, put the real value in its place");
                return false;
            }

            return true;
        }

        /// <summary>
        /// Any string member, typed or unknown, at any depth, that is <c>&lt;REDACTED&gt;</c> (the same rule every request
        /// body passes before it is sent).
        /// </summary>
        public void NoRedactionMarkers(object model)
        {
            byte[] json;
            try
            {
                // Through the runtime type, as the request body is written (ImmutaContentSerializer).
                json = JsonSerializer.SerializeToUtf8Bytes(model, ImmutaJson.Options.GetTypeInfo(model.GetType()));
            }
            catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
            {
                return; // a model that cannot be written fails when it is sent, with its own error
            }

            Findings.AddRange(Http.RequestBodyCheck.FindMarkers(json));
        }

        /// <summary>
        /// A warning for each member of <paramref name="model"/> and the models under it that this SDK does not model
        /// (kept in <see cref="ImmutaModel.AdditionalProperties"/>), except under the objects whose members the documentation
        /// did not give (they are kept, and expected).
        /// </summary>
        public void UnknownMembers(ImmutaModel model, string path, int depth)
        {
            if (depth > MaxDepth || IsOpen(model))
            {
                return;
            }

            var info = ImmutaJson.Options.GetTypeInfo(model.GetType());
            if (model.AdditionalProperties is { Count: > 0 } extra)
            {
                foreach (var name in extra.Keys)
                {
                    // A modelled member kept as it came (an explicit null, another JSON type) is not unknown.
                    if (!info.Properties.Any(p => !p.IsExtensionData && string.Equals(p.Name, name, StringComparison.Ordinal)))
                    {
                        Add(LocalRules.UnknownMember, Join(path, name), "is not a member this SDK models; it is sent as written");
                    }
                }
            }

            foreach (var property in info.Properties)
            {
                if (!property.IsExtensionData && property.Get?.Invoke(model) is ImmutaModel child)
                {
                    UnknownMembers(child, Join(path, property.Name), depth + 1);
                }
            }
        }

        // Objects whose children the documentation names only in part or not at all (spec §15 DB-1, DB-2, SF-1).
        private static bool IsOpen(ImmutaModel model) => model is DatabricksProxyOptions or LineageSettings or GroupPattern;

        private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

        /// <summary>
        /// The authentication type: a warning when it is missing (<paramref name="required"/> says how sure that is) or not
        /// one of <paramref name="known"/>; then no credential of a known type is required.
        /// </summary>
        public AuthenticationType? Authentication(LocalRule required, AuthenticationType? value, params AuthenticationType[] known)
        {
            const string Path = "config.authenticationType";
            var names = string.Join(", ", known.Select(a => $"'{a}'"));
            if (value is not { } actual || string.IsNullOrEmpty(actual.Value))
            {
                Add(required, Path, $"is required: one of {names}");
                return null;
            }

            if (!known.Any(a => string.Equals(a.Value, actual.Value, StringComparison.Ordinal)))
            {
                Add(LocalRules.UnknownAuthentication, Path, $"'{actual}' is not one this SDK knows here ({names}); it is sent as written and Immuta decides");
                return null;
            }

            return actual;
        }
    }
}
