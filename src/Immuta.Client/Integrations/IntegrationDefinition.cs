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
    /// Checks the definition offline, before any request: required fields per platform and authentication type,
    /// <c>autoBootstrap</c> rules, Databricks catalog naming, BigQuery dataset suffix and key file, which script endpoint
    /// takes which platform, and credentials that are the server's redaction markers. Reports every problem at once.
    /// </summary>
    /// <param name="kind">The request the definition is meant for.</param>
    /// <returns>The problems found, each naming its field path; empty when the definition is valid.</returns>
    public IReadOnlyList<IntegrationValidationError> Validate(IntegrationRequestKind kind = IntegrationRequestKind.Create)
        => Validation.IntegrationValidator.Validate(this, kind);

    /// <summary>Throws <see cref="IntegrationValidationException"/> listing every problem <see cref="Validate"/> finds.</summary>
    /// <param name="kind">The request the definition is meant for.</param>
    /// <exception cref="IntegrationValidationException">The definition is not valid.</exception>
    public void EnsureValid(IntegrationRequestKind kind = IntegrationRequestKind.Create)
    {
        var errors = Validate(kind);
        if (errors.Count > 0)
        {
            throw new IntegrationValidationException(errors);
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
