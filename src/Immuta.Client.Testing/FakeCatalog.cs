using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Immuta.Client.Testing;

/// <summary>What the fake answers per platform: validation tests, defaults and redaction on read, setup scripts.</summary>
internal static class FakeCatalog
{
    private static readonly JsonElement AngleMarker = JsonSerializer.SerializeToElement(ImmutaRedaction.AngleBracketMarker, ImmutaJson.TypeInfo<string>());

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

                // §15 S3-2, from the current S3 how-to (its list is cut off after these).
                Passed("The provided access grants location role is a valid ARN format"),
                Passed("The provided AWS credentials allow fetching the caller's identity via the AWS STS API"),
                Passed("An AWS Access Grants instance is configured in the provided AWS account and region"),
            ],
            TrinoIntegration => [],

            // A platform the SDK does not know: no test names are documented for it, and none are invented.
            _ => [],
        };
        return new ValidationResults { Status = ValidationStatus.Passed, ValidationTests = tests };
    }

    /// <summary>
    /// The definition as GET returns it: documented defaults filled in, credentials redacted (spec §8.1, §8.9). Members the
    /// SDK does not model (an unknown platform's whole <c>config</c>, unknown members at any depth: of the definition, of its
    /// <c>config</c>, of <c>oAuthClientConfig</c>, <c>proxyOptions</c>, …) are redacted by the SDK's credential-name rule
    /// (<see cref="Serialization.CredentialNames"/>), with <c>&lt;REDACTED&gt;</c> (<see cref="FakeRedaction"/>).
    /// </summary>
    public static IntegrationDefinition AsRead(IntegrationDefinition definition) => FakeRedaction.UnknownMembers(KnownAsRead(definition));

    private static IntegrationDefinition KnownAsRead(IntegrationDefinition definition)
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
                    AdditionalProperties = RedactUnknown(c.AdditionalProperties),
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
                    AdditionalProperties = RedactUnknown(c.AdditionalProperties),
                },
            },
            RedshiftIntegration { Config: { } c } r => r with
            {
                Config = c with
                {
                    Password = Redact(c.Password, Angle),
                    Okta = c.Okta is { } o ? o with { Password = Redact(o.Password, Angle) } : null,
                    AdditionalProperties = RedactUnknown(c.AdditionalProperties),
                },
            },
            AzureSynapseIntegration { Config: { } c } a => a with { Config = c with { Password = Redact(c.Password, Angle), AdditionalProperties = RedactUnknown(c.AdditionalProperties) } },
            BigQueryIntegration { Config: { } c } b => b with { Config = c with { Credential = Redact(c.Credential, Angle), AdditionalProperties = RedactUnknown(c.AdditionalProperties) } },
            NativeS3Integration { Config: { } c } n => n with
            {
                Config = c with { Port = c.Port ?? 443, AwsSecretAccessKey = Redact(c.AwsSecretAccessKey, Angle), AdditionalProperties = RedactUnknown(c.AdditionalProperties) },
            },
            UnknownIntegration { Config: { } c } u => u with { Config = RedactUnknown(c) },
            _ => definition,
        };
    }

    private static SecretString? Redact(SecretString? value, string marker) => value is null ? null : new SecretString(marker);

    // A copy (a with-copy shares the dictionary with its original, which must keep the stored values).
    private static IDictionary<string, JsonElement>? RedactUnknown(IDictionary<string, JsonElement>? members)
    {
        if (members is not { Count: > 0 })
        {
            return members;
        }

        var copy = new Dictionary<string, JsonElement>(members.Count, StringComparer.Ordinal);
        foreach (var (name, value) in members)
        {
            copy[name] = Serialization.CredentialNames.IsCredential(name) && value.ValueKind != JsonValueKind.Null ? AngleMarker : RedactUnknown(value);
        }

        return copy;
    }

    // Every member named like a credential, at any depth, inside arrays too: the one masking walk, with Immuta's marker.
    private static JsonElement RedactUnknown(JsonElement value)
    {
        if (value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
        {
            return value;
        }

        // Untouched unless there is something to redact: the walk would write an unpaired surrogate escape as U+FFFD.
        var raw = Encoding.UTF8.GetBytes(value.GetRawText());
        if (!Serialization.JsonSecretMasker.HoldsCredentials(raw))
        {
            return value;
        }

        var masked = Serialization.JsonSecretMasker.Mask(raw, ImmutaRedaction.AngleBracketMarker);
        using var document = JsonDocument.Parse(masked);
        return document.RootElement.Clone();
    }

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
