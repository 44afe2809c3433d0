using System.Globalization;
using System.Text;

namespace Immuta.Client.Testing;

/// <summary>What the fake answers per platform: validation tests, defaults and redaction on read, setup scripts.</summary>
internal static class FakeCatalog
{
    /// <summary>The validation tests the docs show for each platform (spec §8.4); Redshift and Synapse lists were not retrievable.</summary>
    public static ValidationResults ValidationFor(IntegrationDefinition definition)
    {
        static ValidationTest Passed(string name, bool withResult = false) => new()
        {
            Name = name,
            Status = ValidationStatus.Passed,
            Result = withResult ? System.Text.Json.JsonDocument.Parse("[]").RootElement.Clone() : null,
        };

        IReadOnlyList<ValidationTest> tests = definition switch
        {
            SnowflakeIntegration s =>
            [
                Passed("Initial Validation: Basic Connection Test"),
                Passed("Initial Validation: Default Warehouse Access Test", withResult: true),
                Passed("Initial Validation: Validate access to Privileged Role", withResult: true),
                Passed("Validate Automatic: Database Does Not Exist"),
                new ValidationTest
                {
                    Name = "Validate Automatic: Impersonation Role Does Not Exist",
                    Status = s.Config?.Impersonation?.Enabled == true ? ValidationStatus.Passed : ValidationStatus.Skipped,
                },
                Passed("Validate Automatic Bootstrap User Grants"),
            ],
            DatabricksIntegration =>
            [
                Passed("Metastore validation"),
                new ValidationTest
                {
                    Name = "Basic Connection Test",
                    Status = ValidationStatus.Passed,
                    Result = System.Text.Json.JsonDocument.Parse("""[{"1":1}]""").RootElement.Clone(),
                },
            ],
            BigQueryIntegration =>
            [
                Passed("Basic Validation: Verify service account not being used for data source connection credentials"),
                Passed("Basic Validation: Immuta Service Account postfix"),
                Passed("Basic Validation: Non-matching service account in key file"),
            ],
            NativeS3Integration =>
            [
                Passed("There is no existing integration matching this configuration"),
                Passed("The provided integration name is unique across Immuta S3 integrations"),
            ],
            TrinoIntegration => [],
            _ => [Passed("Basic Connection Test")],
        };
        return new ValidationResults { Status = ValidationStatus.Passed, ValidationTests = tests };
    }

    /// <summary>The definition as GET returns it: documented defaults filled in, credentials redacted (spec §8.1, §8.9).</summary>
    public static IntegrationDefinition AsRead(IntegrationDefinition definition)
    {
        const string Angle = ImmutaRedaction.AngleBracketMarker;
        var off = new AuditSettings { Enabled = false };
        return definition switch
        {
            SnowflakeIntegration { Config: { } c } s => s with
            {
                Config = c with
                {
                    Port = c.Port ?? 443,
                    Audit = c.Audit ?? off,
                    Workspaces = c.Workspaces ?? new WorkspacesSettings { Enabled = false },
                    Impersonation = c.Impersonation ?? new ImpersonationSettings { Enabled = false },
                    Lineage = c.Lineage ?? new LineageSettings { Enabled = false },
                    Username = c.AuthenticationType == AuthenticationType.UserPassword && c.Username is not null ? Angle : c.Username,
                    Password = Redact(c.Password, Angle),
                    PrivateKey = Redact(c.PrivateKey, Angle),
                    ConnectArgs = Redact(c.ConnectArgs, Angle),
                },
            },
            DatabricksIntegration { Config: { } c } d => d with
            {
                Config = c with
                {
                    Port = c.Port ?? 443,
                    Audit = c.Audit ?? off,
                    Token = Redact(c.Token, ImmutaRedaction.PlainMarker),
                    OAuthClientConfig = c.OAuthClientConfig is { } o ? o with { ClientSecret = Redact(o.ClientSecret, ImmutaRedaction.PlainMarker) } : null,
                },
            },
            RedshiftIntegration { Config: { } c } r => r with
            {
                Config = c with
                {
                    Password = Redact(c.Password, Angle),
                    Okta = c.Okta is { } o ? o with { Password = Redact(o.Password, Angle) } : null,
                },
            },
            AzureSynapseIntegration { Config: { } c } a => a with { Config = c with { Password = Redact(c.Password, Angle) } },
            BigQueryIntegration { Config: { } c } b => b with { Config = c with { Credential = Redact(c.Credential, Angle) } },
            NativeS3Integration { Config: { } c } n => n with { Config = c with { Port = c.Port ?? 443, AwsSecretAccessKey = Redact(c.AwsSecretAccessKey, Angle) } },
            _ => definition,
        };
    }

    private static SecretString? Redact(SecretString? value, string marker) => value is null ? null : new SecretString(marker);

    /// <summary>The documented conflict message: "Snowflake integration already exists on host X (id = N)".</summary>
    public static string ConflictMessage(IntegrationDefinition definition, string key, string id) => definition switch
    {
        DatabricksIntegration => $"Databricks Unity Catalog integration already exists on {key} (id = {id})",
        NativeS3Integration => $"Native S3 integration named {key} already exists (id = {id})",
        TrinoIntegration => $"Trino integration already exists (id = {id})",
        _ => $"{definition.Type} integration already exists on host {key} (id = {id})",
    };

    /// <summary>A plausible SQL script for the platform and endpoint, naming the objects from the config (never a credential).</summary>
    public static string Script(string endpoint, IntegrationDefinition definition, string? id)
    {
        var sql = new StringBuilder();
        sql.Append("-- Immuta ").Append(endpoint).Append(" script for ").Append(definition.Type.ToString());
        sql.Append(id is null ? string.Empty : $" integration {id}").Append(" (generated by FakeImmutaServer)\n");
        var (database, role) = definition switch
        {
            SnowflakeIntegration s => (s.Config?.Database ?? "IMMUTA", "IMMUTA_SYSTEM_ROLE"),
            DatabricksIntegration d => (d.Config?.Catalog ?? "immuta", "immuta_service_principal"),
            RedshiftIntegration r => (r.Config?.Database ?? "immuta", "immuta_system"),
            AzureSynapseIntegration a => (a.Config?.Database ?? "immuta", "immuta_system"),
            _ => ("immuta", "immuta_system"),
        };
        var dropping = endpoint.Contains("cleanup", StringComparison.Ordinal) || endpoint == "delete";
        if (definition is DatabricksIntegration)
        {
            sql.Append(dropping
                ? string.Create(CultureInfo.InvariantCulture, $"DROP CATALOG IF EXISTS {database} CASCADE;\n")
                : string.Create(CultureInfo.InvariantCulture, $"CREATE CATALOG IF NOT EXISTS {database};\nGRANT USE CATALOG, MANAGE ON CATALOG {database} TO `{role}`;\n"));
        }
        else if (dropping)
        {
            sql.Append(CultureInfo.InvariantCulture, $"DROP DATABASE IF EXISTS {database};\nDROP ROLE IF EXISTS {role};\n");
        }
        else
        {
            sql.Append(CultureInfo.InvariantCulture, $"CREATE ROLE IF NOT EXISTS {role};\nCREATE DATABASE IF NOT EXISTS {database};\nGRANT ALL PRIVILEGES ON DATABASE {database} TO ROLE {role};\n");
        }

        return sql.ToString();
    }
}
