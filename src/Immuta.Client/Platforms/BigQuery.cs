using System.Text.Json.Serialization;
using Immuta.Client.Validation;

namespace Immuta.Client;

/// <summary>A Google BigQuery integration (<c>"type": "Google BigQuery"</c>); <c>autoBootstrap</c> must be false.</summary>
public sealed record BigQueryIntegration : IntegrationDefinition
{
    /// <summary>Creates the definition; its <see cref="IntegrationDefinition.Type"/> is <c>Google BigQuery</c>.</summary>
    public BigQueryIntegration()
        : base(IntegrationType.GoogleBigQuery)
    {
    }

    /// <summary>The BigQuery settings (<c>config</c>).</summary>
    [JsonPropertyName("config")]
    public BigQueryConfig? Config { get; init; }
}

/// <summary>Google BigQuery settings (<c>config</c> of a BigQuery integration).</summary>
public sealed record BigQueryConfig : ImmutaModel
{
    /// <summary>Google Cloud role used to connect (<c>role</c>).</summary>
    [JsonPropertyName("role")]
    public string? Role { get; init; }

    /// <summary>Suffix of each dataset created to hold secure views; starts with <c>_</c> (<c>datasetSuffix</c>).</summary>
    [JsonPropertyName("datasetSuffix")]
    public string? DatasetSuffix { get; init; }

    /// <summary>Dataset for Immuta metadata (<c>dataset</c>).</summary>
    [JsonPropertyName("dataset")]
    public string? Dataset { get; init; }

    /// <summary>Dataset location, such as <c>us-east1</c> (<c>location</c>).</summary>
    [JsonPropertyName("location")]
    public string? Location { get; init; }

    /// <summary>The service-account JSON key file's content, as a string (<c>credential</c>).</summary>
    [JsonPropertyName("credential")]
    public SecretString? Credential { get; init; }
}

/// <summary>Google BigQuery: one integration per dataset; <c>autoBootstrap</c> must be false; its delete never takes credentials.</summary>
internal sealed class BigQueryPlatform : ImmutaPlatform<BigQueryIntegration>
{
    internal const string WireType = "Google BigQuery";

    public static readonly LocalRule Required = new(
        "Google BigQuery `role`, `datasetSuffix`, `dataset`, `location`, `credential`", IntegrationValidationRules.Required, IntegrationValidationSeverity.Warning,
        "spec §5.6 (B2; [000] L226: in every example; the BigQuery table was not retrieved)");

    public static readonly LocalRule DatasetSuffix = new(
        "Google BigQuery `datasetSuffix` starts with `_`", IntegrationValidationRules.Format, IntegrationValidationSeverity.Warning,
        "spec §5.6 (B2, a 2024.2 how-to: 'must start with _')");

    public static readonly LocalRule KeyFile = new(
        "Google BigQuery `credential` is a service-account key file", IntegrationValidationRules.Format, IntegrationValidationSeverity.Warning,
        "spec §5.6 (B2; [000] L226; that it holds \"type\": \"service_account\" is an inference)");

    public static readonly BigQueryPlatform Instance = new();

    private BigQueryPlatform()
        : base(new PlatformFacts(IntegrationType.GoogleBigQuery, typeof(BigQueryIntegration), IntegrationIdentityKind.Dataset, [], [Required, DatasetSuffix, KeyFile])
        {
            AutoBootstrap = PlatformAutoBootstrap.MustBeFalse,
        })
    {
    }

    private protected override string? IdentityValue(BigQueryIntegration definition) => definition.Config?.Dataset;

    private protected override void ValidateConfig(BigQueryIntegration definition, FindingCollector findings)
    {
        var config = definition.Config;
        if (!findings.RequireObject(LocalRules.ConfigRequired, "config", config))
        {
            return;
        }

        var rule = Required;
        findings.Require(rule, "config.role", config!.Role);
        findings.Require(rule, "config.dataset", config.Dataset);
        findings.Require(rule, "config.location", config.Location);
        if (findings.Require(rule, "config.datasetSuffix", config.DatasetSuffix) && !config.DatasetSuffix!.StartsWith('_'))
        {
            findings.Add(DatasetSuffix, "config.datasetSuffix", $"'{config.DatasetSuffix}' should start with '_' (for example '_secureView')");
        }

        if (findings.RequireSecret(rule, "config.credential", config.Credential) && !IsServiceAccountKey(config.Credential!.Reveal()))
        {
            findings.Add(KeyFile, "config.credential", "should be the service-account JSON key file's content (a JSON object with \"type\": \"service_account\")");
        }
    }

    // No documented defaults; the key file as <REDACTED> (§8.9).
    private protected override BigQueryIntegration AsRead(BigQueryIntegration definition)
        => definition.Config is not { } c ? definition : definition with
        {
            Config = c with { Credential = ServerRedaction.Redact(c.Credential), AdditionalProperties = ServerRedaction.Unknown(c.AdditionalProperties) },
        };

    private protected override IReadOnlyList<ValidationTest> DocumentedValidationTests(BigQueryIntegration definition) =>
    [
        ImmutaPlatforms.Passed("Basic Validation: Verify service account not being used for data source connection credentials"),
        ImmutaPlatforms.Passed("Basic Validation: Immuta Service Account postfix"),
        ImmutaPlatforms.Passed("Basic Validation: Non-matching service account in key file"),
    ];

    // The documented key file carries raw line breaks inside its private_key string (spec Q19); they are read as "\n". A
    // string holding an unpaired surrogate escape is bad JSON here, so not a key file (a warning), never an exception.
    private static bool IsServiceAccountKey(string text)
    {
        try
        {
            using var document = Serialization.ReadableJsonDocument.Parse(text.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal));
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && document.RootElement.TryGetProperty("type", out var type)
                && type.ValueKind == System.Text.Json.JsonValueKind.String
                && type.GetString() == "service_account";
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }
}
