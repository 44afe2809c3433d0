using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Immuta.Client.Serialization;

/// <summary>
/// The one source-generated JSON context of the SDK: used by the transport, the converters, the YAML bridge and the tests.
/// Members absent on read stay absent on write (nulls are not written). The SDK reads and writes through <see cref="Wire"/>,
/// which adds <see cref="ModelContract"/> to these contracts.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    MaxDepth = 64,
    Converters = [typeof(RawJsonElementConverter), typeof(StrictStringJsonConverter)])]
[JsonSerializable(typeof(IntegrationDefinition))]
[JsonSerializable(typeof(UnknownIntegration))]
[JsonSerializable(typeof(IntegrationDeleteCredentials))]
[JsonSerializable(typeof(UnknownDeleteCredentials))]

// Each platform's records (Platforms/). They stay here, not in the platform's file: System.Text.Json's source generator
// runs once per declaration that carries [JsonSerializable], so a second partial declaration fails the build
// (SYSLIB/CS8785 "hintName ... must be unique").
[JsonSerializable(typeof(SnowflakeIntegration))]
[JsonSerializable(typeof(SnowflakeDeleteCredentials))]
[JsonSerializable(typeof(DatabricksIntegration))]
[JsonSerializable(typeof(RedshiftIntegration))]
[JsonSerializable(typeof(RedshiftDeleteCredentials))]
[JsonSerializable(typeof(AzureSynapseIntegration))]
[JsonSerializable(typeof(AzureSynapseDeleteCredentials))]
[JsonSerializable(typeof(BigQueryIntegration))]
[JsonSerializable(typeof(NativeS3Integration))]
[JsonSerializable(typeof(TrinoIntegration))]

[JsonSerializable(typeof(Integration))]
[JsonSerializable(typeof(IReadOnlyList<Integration>))]
[JsonSerializable(typeof(IntegrationOperationResult))]
[JsonSerializable(typeof(IntegrationStatusResult))]
[JsonSerializable(typeof(RegeneratedApiKey))]
[JsonSerializable(typeof(ValidationResults))]
[JsonSerializable(typeof(IntegrationStatus))]
[JsonSerializable(typeof(ImmutaErrorBody))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
internal sealed partial class ImmutaJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The options every read and write of the SDK goes through (<see cref="ImmutaJson.Options"/>): this context's
    /// contracts with <see cref="ModelContract"/> applied. Read-only.
    /// </summary>
    public static JsonSerializerOptions Wire => WireOptions.Value;

    // A holder of its own: the generated Default must exist first, and static fields of a partial class's files
    // initialize in no set order.
    private static class WireOptions
    {
        public static readonly JsonSerializerOptions Value = CreateWire();
    }

    private static JsonSerializerOptions CreateWire()
    {
        var options = new JsonSerializerOptions(Default.Options)
        {
            TypeInfoResolver = Default.WithAddedModifier(ModelContract.Apply),
#if NET9_0_OR_GREATER
            RespectNullableAnnotations = true, // with ModelContract: an explicit null of a modelled member is kept, not dropped
#endif
        };
        options.MakeReadOnly();
        return options;
    }
}
