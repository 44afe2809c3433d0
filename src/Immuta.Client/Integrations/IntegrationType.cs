using System.ComponentModel;
using System.Text.Json.Serialization;
using Immuta.Client.Serialization;

namespace Immuta.Client;

/// <summary>The platform of an integration: the <c>type</c> field. Values the SDK does not know are kept.</summary>
/// <remarks>Compares case-insensitively; <see cref="ToString"/> returns the wire text.</remarks>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<IntegrationType>))]
public readonly struct IntegrationType : IEquatable<IntegrationType>, IExtensibleEnum<IntegrationType>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire text; use it for values this SDK does not know yet.</summary>
    /// <param name="value">The wire text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public IntegrationType(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary><c>Snowflake</c>: Snowflake.</summary>
    public static IntegrationType Snowflake { get; } = new(SnowflakePlatform.WireType);

    /// <summary><c>Databricks</c>: Databricks Unity Catalog.</summary>
    public static IntegrationType Databricks { get; } = new(DatabricksPlatform.WireType);

    /// <summary><c>Redshift</c>: Amazon Redshift.</summary>
    public static IntegrationType Redshift { get; } = new(RedshiftPlatform.WireType);

    /// <summary><c>Azure Synapse Analytics</c>: Azure Synapse Analytics.</summary>
    public static IntegrationType AzureSynapseAnalytics { get; } = new(AzureSynapsePlatform.WireType);

    /// <summary><c>Google BigQuery</c>: Google BigQuery.</summary>
    public static IntegrationType GoogleBigQuery { get; } = new(BigQueryPlatform.WireType);

    /// <summary><c>Native S3</c>: Amazon S3 (native).</summary>
    public static IntegrationType NativeS3 { get; } = new(NativeS3Platform.WireType);

    /// <summary><c>Trino</c>: Starburst (Trino).</summary>
    public static IntegrationType Trino { get; } = new(TrinoPlatform.WireType);

    /// <summary>The wire text (<see langword="null"/> only for <c>default</c>).</summary>
    public string? Value => _value;

    static IntegrationType IExtensibleEnum<IntegrationType>.Create(string value) => new(value);

    static IntegrationType[] IExtensibleEnum<IntegrationType>.Known => [.. ImmutaPlatforms.All.Select(p => p.Type)];

    /// <summary>Converts wire text to a value.</summary>
    /// <param name="value">The wire text.</param>
    public static implicit operator IntegrationType(string value) => new(value);

    /// <summary>Compares two values case-insensitively.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(IntegrationType left, IntegrationType right) => left.Equals(right);

    /// <summary>Compares two values case-insensitively.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(IntegrationType left, IntegrationType right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(IntegrationType other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is IntegrationType other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>Returns the wire text.</summary>
    /// <returns>The wire text, or an empty string for <c>default</c>.</returns>
    public override string ToString() => _value ?? string.Empty;
}
