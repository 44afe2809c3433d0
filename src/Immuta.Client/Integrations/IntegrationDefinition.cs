using System.Text.Json.Serialization;
using Immuta.Client.Serialization;

namespace Immuta.Client;

/// <summary>
/// What an integration is: the body of create, update and the script endpoints (<c>type</c>, <c>autoBootstrap</c>,
/// <c>config</c>), one derived record per platform. A <c>type</c> the SDK does not know reads as <see cref="UnknownIntegration"/>.
/// </summary>
/// <remarks>
/// The platforms: <see cref="SnowflakeIntegration"/>, <see cref="DatabricksIntegration"/>, <see cref="RedshiftIntegration"/>,
/// <see cref="AzureSynapseIntegration"/>, <see cref="BigQueryIntegration"/>, <see cref="NativeS3Integration"/>,
/// <see cref="TrinoIntegration"/>. The <c>type</c> member may stand anywhere in the JSON object.
/// </remarks>
[JsonConverter(typeof(IntegrationDefinitionJsonConverter))]
public abstract record IntegrationDefinition : ImmutaModel
{
    private readonly IntegrationType _type;

    private protected IntegrationDefinition(IntegrationType type) => _type = type;

    /// <summary>The platform (<c>type</c>).</summary>
    /// <remarks>
    /// Fixed by the record's class. The internal <c>init</c> does not change it: the serializer calls it with each
    /// <c>type</c> it reads, so the reader learns the last one (a duplicated key's last value wins, as for every member).
    /// </remarks>
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-2)]
    [JsonInclude]
    public IntegrationType Type
    {
        get => _type;
        internal init => IntegrationDefinitionJsonConverter.TypeRead(value);
    }

    /// <summary>
    /// <see langword="true"/>: Immuta sets the platform up itself with the credentials given; <see langword="false"/>: the
    /// platform is set up by hand with the scripts first (<c>autoBootstrap</c>). Must be <see langword="false"/> for Native S3,
    /// Google BigQuery and Snowflake OAuth; not sent for Trino.
    /// </summary>
    [JsonPropertyName("autoBootstrap")]
    [JsonPropertyOrder(-1)]
    public bool? AutoBootstrap { get; init; }

    // Read-side slots: when a definition is read as part of an integration response, these members of the same JSON
    // object are read here, typed, in the same pass (instead of into extension data), and moved to the Integration.
    // They are null otherwise and never written.
    [JsonInclude]
    [JsonPropertyName("id")]
    [JsonConverter(typeof(IdJsonConverter))]
    internal string? ResponseId { get; set; }

    [JsonInclude]
    [JsonPropertyName("status")]
    internal IntegrationStatus? ResponseStatus { get; set; }

    [JsonInclude]
    [JsonPropertyName("validationResults")]
    internal ValidationResults? ResponseValidationResults { get; set; }

    /// <summary>
    /// Checks the definition offline, before any request, and reports every finding at once, each with its field path,
    /// rule, severity and source: required fields per platform and authentication type, <c>autoBootstrap</c>, which script
    /// endpoint is documented for which platform, formats (Databricks catalog, BigQuery dataset suffix and key file),
    /// members and values this SDK does not know, and redaction markers. The README's "Local validation" lists every rule.
    /// </summary>
    /// <remarks>
    /// Only <see cref="IntegrationValidationSeverity.Error"/> findings refuse a request (while
    /// <see cref="ImmutaClientOptions.ValidateBeforeSending"/> is on); warnings are only reported, since Immuta decides.
    /// A platform this SDK does not know (<see cref="UnknownIntegration"/>) gets a warning and no other rule but the
    /// <c>&lt;REDACTED&gt;</c> one.
    /// </remarks>
    /// <param name="kind">The request the definition is meant for.</param>
    /// <returns>The findings, errors and warnings; empty when there is nothing to say.</returns>
    public IReadOnlyList<IntegrationValidationFinding> Validate(IntegrationRequestKind kind = IntegrationRequestKind.Create)
        => Validation.IntegrationValidator.Validate(this, kind);

    /// <summary>Throws <see cref="IntegrationValidationException"/> listing every error <see cref="Validate"/> finds; warnings do not throw.</summary>
    /// <param name="kind">The request the definition is meant for.</param>
    /// <exception cref="IntegrationValidationException">The definition has errors.</exception>
    public void EnsureValid(IntegrationRequestKind kind = IntegrationRequestKind.Create)
    {
        var findings = Validate(kind);
        if (findings.Any(f => f.IsError))
        {
            throw new IntegrationValidationException(findings);
        }
    }
}

/// <summary>An integration whose <c>type</c> this SDK does not know; every member is kept and written back as it came.</summary>
public sealed record UnknownIntegration : IntegrationDefinition
{
    /// <summary>Creates an integration of a type this SDK does not model.</summary>
    /// <param name="type">The wire <c>type</c>.</param>
    public UnknownIntegration(IntegrationType type)
        : base(type)
    {
    }

    /// <summary>The platform configuration as raw JSON (<c>config</c>); printed and written by foreign serializers with its credentials masked.</summary>
    [JsonPropertyName("config")]
    [JsonConverter(typeof(MaskedForeignJsonConverter))]
    public System.Text.Json.JsonElement? Config { get; init; }

    /// <summary>Prints type, autoBootstrap and <see cref="Config"/> with every credential as <c>***</c>.</summary>
    /// <param name="builder">The builder of <see cref="object.ToString"/>.</param>
    /// <returns><see langword="true"/>.</returns>
    protected override bool PrintMembers(System.Text.StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (base.PrintMembers(builder))
        {
            builder.Append(", ");
        }

        builder.Append("Config = ").Append(Config is { } config ? JsonSecretMasker.Print(config) : string.Empty);
        return true;
    }
}
