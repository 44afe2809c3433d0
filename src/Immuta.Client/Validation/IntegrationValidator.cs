using System.Text.Json;
using Immuta.Client.Serialization;
using System.Text.RegularExpressions;

namespace Immuta.Client.Validation;

/// <summary>
/// The local rules, from the spec (<c>shared/spec/API.md</c>): required fields per platform and authentication type
/// (§5.2-5.8), <c>autoBootstrap</c> (§4, §5.1), Databricks catalog naming (§5.3), BigQuery dataset suffix and key file
/// (§5.6), which script endpoint takes which platform (§3.8-3.13), and redacted credentials (§8.9, §14).
/// </summary>
internal static partial class IntegrationValidator
{
    public static IReadOnlyList<IntegrationValidationError> Validate(IntegrationDefinition definition, IntegrationRequestKind kind)
    {
        var errors = new Collector();
        CheckEndpoint(definition, kind, errors);
        CheckAutoBootstrap(definition, kind, errors);
        switch (definition)
        {
            case SnowflakeIntegration s: Snowflake(s.Config, errors); break;
            case DatabricksIntegration d: Databricks(d.Config, errors); break;
            case RedshiftIntegration r: Redshift(r.Config, errors); break;
            case AzureSynapseIntegration a: Synapse(a.Config, errors); break;
            case BigQueryIntegration b: BigQuery(b.Config, errors); break;
            case NativeS3Integration n: NativeS3(n.Config, errors); break;
            case TrinoIntegration:
                break;
            case UnknownIntegration u:
                errors.Add("type", $"'{u.Type}' is not a type this SDK knows; expected one of {string.Join(", ", KnownTypes.Select(t => $"'{t}'"))}", IntegrationValidationRules.AcceptedValues);
                break;
        }

        errors.NoRedactionMarkers(definition);
        return errors.Errors;
    }

    /// <summary>Delete credentials: a credential must not be the server's redaction marker.</summary>
    public static IReadOnlyList<IntegrationValidationError> Validate(IntegrationDeleteCredentials credentials)
    {
        var errors = new Collector();
        switch (credentials)
        {
            case SnowflakeDeleteCredentials s:
                errors.NotRedacted("password", s.Password);
                errors.NotRedacted("privateKey", s.PrivateKey);
                break;
            case RedshiftDeleteCredentials r:
                errors.NotRedacted("password", r.Password);
                errors.NotRedacted("okta.password", r.Okta?.Password);
                break;
            case AzureSynapseDeleteCredentials a:
                errors.NotRedacted("password", a.Password);
                break;
        }

        errors.NoRedactionMarkers(credentials);
        return errors.Errors;
    }

    /// <summary>
    /// The redaction-marker rule alone: a string member that is <c>&lt;REDACTED&gt;</c> is refused. Every request body passes
    /// it before it is sent, whatever <see cref="ImmutaClientOptions.ValidateBeforeSending"/> says; the tool checks it
    /// before printing a plan even with <c>--skip-validation</c>.
    /// </summary>
    /// <exception cref="IntegrationValidationException">Some member is the marker; each path is named.</exception>
    public static void EnsureNoRedactionMarkers(IntegrationDefinition definition)
    {
        var errors = new Collector();
        errors.NoRedactionMarkers(definition);
        if (errors.Errors.Count > 0)
        {
            throw new IntegrationValidationException(errors.Errors);
        }
    }

    /// <summary>Which platforms a script endpoint accepts (§3.8-3.13).</summary>
    public static bool Accepts(IntegrationRequestKind kind, IntegrationType type) => kind switch
    {
        IntegrationRequestKind.CreateScript or IntegrationRequestKind.EditScript
            => type == IntegrationType.Snowflake || type == IntegrationType.Databricks || type == IntegrationType.Redshift || type == IntegrationType.AzureSynapseAnalytics,
        IntegrationRequestKind.InitialCreateScript => type == IntegrationType.Redshift || type == IntegrationType.AzureSynapseAnalytics,
        IntegrationRequestKind.CleanupScript => type == IntegrationType.Snowflake || type == IntegrationType.Redshift || type == IntegrationType.AzureSynapseAnalytics,
        IntegrationRequestKind.PostCleanupScript => type == IntegrationType.AzureSynapseAnalytics,
        _ => true,
    };

    /// <summary>Which platforms <c>POST /integrations/{id}/scripts/delete</c> accepts (§3.10).</summary>
    public static bool AcceptsDeleteScript(IntegrationType type)
        => type == IntegrationType.Snowflake || type == IntegrationType.Redshift || type == IntegrationType.AzureSynapseAnalytics;

    private static readonly IntegrationType[] KnownTypes =
    [
        IntegrationType.Snowflake, IntegrationType.Databricks, IntegrationType.Redshift, IntegrationType.AzureSynapseAnalytics,
        IntegrationType.GoogleBigQuery, IntegrationType.NativeS3, IntegrationType.Trino,
    ];

    private static bool IsScript(IntegrationRequestKind kind) => kind is not (IntegrationRequestKind.Create or IntegrationRequestKind.Update);

    private static void CheckEndpoint(IntegrationDefinition definition, IntegrationRequestKind kind, Collector errors)
    {
        if (IsScript(kind) && !Accepts(kind, definition.Type))
        {
            errors.Add("type", $"the {EndpointName(kind)} endpoint does not accept '{definition.Type}'", IntegrationValidationRules.Endpoint);
        }
    }

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

    private static void CheckAutoBootstrap(IntegrationDefinition definition, IntegrationRequestKind kind, Collector errors)
    {
        var auto = definition.AutoBootstrap;
        if (definition is TrinoIntegration)
        {
            if (auto is not null)
            {
                errors.Add("autoBootstrap", "must not be sent for Trino (the body is only the type)", IntegrationValidationRules.AutoBootstrap);
            }

            return;
        }

        if (auto is null)
        {
            errors.Add("autoBootstrap", "is required (true or false)", IntegrationValidationRules.AutoBootstrap);
            return;
        }

        if (auto == true && IsScript(kind))
        {
            errors.Add("autoBootstrap", $"must be false for the {EndpointName(kind)} endpoint (scripts are for manual setup)", IntegrationValidationRules.AutoBootstrap);
        }
        else if (auto == true && definition is NativeS3Integration or BigQueryIntegration)
        {
            errors.Add("autoBootstrap", $"must be false for {definition.Type}", IntegrationValidationRules.AutoBootstrap);
        }
        else if (auto == true && definition is SnowflakeIntegration { Config.AuthenticationType: { } a } && a == AuthenticationType.OAuthClientCredentials)
        {
            errors.Add("autoBootstrap", "must be false for Snowflake with oAuthClientCredentials", IntegrationValidationRules.AutoBootstrap);
        }
    }

    private static void Snowflake(SnowflakeConfig? config, Collector errors)
    {
        if (!errors.RequireObject("config", config))
        {
            return;
        }

        errors.Require("config.host", config!.Host);
        errors.Require("config.warehouse", config.Warehouse);
        errors.Require("config.database", config.Database);
        var auth = errors.RequireAuthentication("config.authenticationType", config.AuthenticationType,
            AuthenticationType.UserPassword, AuthenticationType.KeyPair, AuthenticationType.OAuthClientCredentials);
        if (auth == AuthenticationType.UserPassword)
        {
            errors.Require("config.username", config.Username);
            errors.RequireSecret("config.password", config.Password);
        }
        else if (auth == AuthenticationType.KeyPair)
        {
            errors.Require("config.username", config.Username);
            errors.RequireSecret("config.privateKey", config.PrivateKey);
        }
        else if (auth == AuthenticationType.OAuthClientCredentials)
        {
            OAuth("config.oAuthClientConfig", config.OAuthClientConfig, requireProvider: true, errors);
        }

        errors.NotRedacted("config.connectArgs", config.ConnectArgs);
    }

    private static void Databricks(DatabricksConfig? config, Collector errors)
    {
        if (!errors.RequireObject("config", config))
        {
            return;
        }

        errors.Require("config.workspaceUrl", config!.WorkspaceUrl);
        errors.Require("config.httpPath", config.HttpPath);
        if (errors.Require("config.catalog", config.Catalog) && !CatalogName().IsMatch(config.Catalog!))
        {
            errors.Add("config.catalog", $"'{config.Catalog}' must hold only letters, digits and underscores, and must not start with a digit", IntegrationValidationRules.Format);
        }

        var auth = errors.RequireAuthentication("config.authenticationType", config.AuthenticationType, AuthenticationType.Token, AuthenticationType.OAuthM2M);
        if (auth == AuthenticationType.Token)
        {
            errors.RequireSecret("config.token", config.Token);
        }
        else if (auth == AuthenticationType.OAuthM2M)
        {
            OAuth("config.oAuthClientConfig", config.OAuthClientConfig, requireProvider: false, errors);
        }
    }

    private static void Redshift(RedshiftConfig? config, Collector errors)
    {
        if (!errors.RequireObject("config", config))
        {
            return;
        }

        errors.Require("config.host", config!.Host);
        errors.Require("config.database", config.Database);
        errors.Require("config.initialDatabase", config.InitialDatabase);
        var auth = errors.RequireAuthentication("config.authenticationType", config.AuthenticationType, AuthenticationType.UserPassword, AuthenticationType.Okta);
        if (auth == AuthenticationType.UserPassword)
        {
            errors.Require("config.username", config.Username);
            errors.RequireSecret("config.password", config.Password);
        }
        else if (auth == AuthenticationType.Okta && errors.RequireObject("config.okta", config.Okta))
        {
            errors.Require("config.okta.username", config.Okta!.Username);
            errors.RequireSecret("config.okta.password", config.Okta.Password);
            errors.Require("config.okta.appId", config.Okta.AppId);
            errors.Require("config.okta.idpHost", config.Okta.IdpHost);
            errors.Require("config.okta.role", config.Okta.Role);
        }
    }

    private static void Synapse(AzureSynapseConfig? config, Collector errors)
    {
        if (!errors.RequireObject("config", config))
        {
            return;
        }

        errors.Require("config.host", config!.Host);
        errors.Require("config.database", config.Database);
        errors.Require("config.schema", config.Schema);
        errors.Require("config.username", config.Username);
        errors.RequireSecret("config.password", config.Password);
        errors.RequireAuthentication("config.authenticationType", config.AuthenticationType, AuthenticationType.UserPassword);
    }

    private static void BigQuery(BigQueryConfig? config, Collector errors)
    {
        if (!errors.RequireObject("config", config))
        {
            return;
        }

        errors.Require("config.role", config!.Role);
        errors.Require("config.dataset", config.Dataset);
        errors.Require("config.location", config.Location);
        if (errors.Require("config.datasetSuffix", config.DatasetSuffix) && !config.DatasetSuffix!.StartsWith('_'))
        {
            errors.Add("config.datasetSuffix", $"'{config.DatasetSuffix}' must start with '_' (for example '_secureView')", IntegrationValidationRules.Format);
        }

        if (errors.RequireSecret("config.credential", config.Credential) && !IsServiceAccountKey(config.Credential!.Reveal()))
        {
            errors.Add("config.credential", "must be the service-account JSON key file's content (a JSON object with \"type\": \"service_account\")", IntegrationValidationRules.Format);
        }
    }

    private static void NativeS3(NativeS3Config? config, Collector errors)
    {
        if (!errors.RequireObject("config", config))
        {
            return;
        }

        errors.Require("config.name", config!.Name);
        errors.Require("config.awsAccountId", config.AwsAccountId);
        errors.Require("config.awsRegion", config.AwsRegion);
        errors.Require("config.awsLocationRole", config.AwsLocationRole);
        errors.Require("config.awsLocationPath", config.AwsLocationPath);
        var auth = errors.RequireAuthentication("config.authenticationType", config.AuthenticationType, AuthenticationType.Auto, AuthenticationType.AccessKey);
        if (auth == AuthenticationType.Auto)
        {
            errors.Require("config.awsRoleToAssume", config.AwsRoleToAssume);
        }
        else if (auth == AuthenticationType.AccessKey)
        {
            errors.Require("config.awsAccessKeyId", config.AwsAccessKeyId);
            errors.RequireSecret("config.awsSecretAccessKey", config.AwsSecretAccessKey);
        }
    }

    private static void OAuth(string path, OAuthClientConfig? config, bool requireProvider, Collector errors)
    {
        if (!errors.RequireObject(path, config))
        {
            return;
        }

        if (requireProvider)
        {
            errors.Require($"{path}.provider", config!.Provider);
        }

        errors.Require($"{path}.clientId", config!.ClientId);
        errors.Require($"{path}.authorityUrl", config.AuthorityUrl);
        if (config.UseCertificate != true)
        {
            errors.RequireSecret($"{path}.clientSecret", config.ClientSecret);
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
        public List<IntegrationValidationError> Errors { get; } = [];

        public void Add(string path, string message, string rule) => Errors.Add(new IntegrationValidationError(path, message, rule));

        public bool RequireObject(string path, object? value)
        {
            if (value is null)
            {
                Add(path, "is required", IntegrationValidationRules.Required);
                return false;
            }

            return true;
        }

        public bool Require(string path, string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Add(path, "is required", IntegrationValidationRules.Required);
                return false;
            }

            return true;
        }

        public bool RequireSecret(string path, SecretString? value)
        {
            if (value is null || string.IsNullOrWhiteSpace(value.Reveal()))
            {
                Add(path, "is required", IntegrationValidationRules.Required);
                return false;
            }

            return NotRedacted(path, value);
        }

        public bool NotRedacted(string path, SecretString? value)
        {
            if (value is { IsRedacted: true })
            {
                Add(path, "is the server's redaction marker, not a credential; put the real value in its place", IntegrationValidationRules.RedactedCredential);
                return false;
            }

            return true;
        }

        /// <summary>
        /// Any string member, typed or unknown, at any depth, that is <c>&lt;REDACTED&gt;</c> (the same rule every request
        /// body passes before it is sent); a path already reported as a redacted credential is not repeated.
        /// </summary>
        public void NoRedactionMarkers(object model)
        {
            byte[] json;
            try
            {
                // Through the runtime type, as the request body is written (ImmutaPipeline.Body).
                json = JsonSerializer.SerializeToUtf8Bytes(model, ImmutaJson.Options.GetTypeInfo(model.GetType()));
            }
            catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
            {
                return; // a model that cannot be written fails when it is sent, with its own error
            }

            foreach (var error in Http.RequestBodyCheck.FindMarkers(json))
            {
                if (!Errors.Any(e => e.Path == error.Path && e.Rule == IntegrationValidationRules.RedactedCredential))
                {
                    Errors.Add(error);
                }
            }
        }

        public AuthenticationType? RequireAuthentication(string path, AuthenticationType? value, params AuthenticationType[] accepted)
        {
            var names = string.Join(", ", accepted.Select(a => $"'{a}'"));
            if (value is not { } actual || string.IsNullOrEmpty(actual.Value))
            {
                Add(path, $"is required: one of {names}", IntegrationValidationRules.Required);
                return null;
            }

            if (!accepted.Any(a => string.Equals(a.Value, actual.Value, StringComparison.Ordinal)))
            {
                Add(path, $"'{actual}' is not accepted here; expected one of {names}", IntegrationValidationRules.AcceptedValues);
                return null;
            }

            return actual;
        }
    }
}
