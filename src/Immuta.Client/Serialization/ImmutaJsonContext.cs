using System.Text.Json;
using System.Text.Json.Serialization;

namespace Immuta.Client.Serialization;

/// <summary>
/// The one source-generated JSON context of the SDK: used by the transport, the converters, the YAML bridge and the tests.
/// Members absent on read stay absent on write (nulls are not written).
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    MaxDepth = 64)]
[JsonSerializable(typeof(IntegrationDefinition))]
[JsonSerializable(typeof(SnowflakeIntegration))]
[JsonSerializable(typeof(DatabricksIntegration))]
[JsonSerializable(typeof(RedshiftIntegration))]
[JsonSerializable(typeof(AzureSynapseIntegration))]
[JsonSerializable(typeof(BigQueryIntegration))]
[JsonSerializable(typeof(NativeS3Integration))]
[JsonSerializable(typeof(TrinoIntegration))]
[JsonSerializable(typeof(UnknownIntegration))]
[JsonSerializable(typeof(IntegrationDeleteCredentials))]
[JsonSerializable(typeof(SnowflakeDeleteCredentials))]
[JsonSerializable(typeof(RedshiftDeleteCredentials))]
[JsonSerializable(typeof(AzureSynapseDeleteCredentials))]
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
}
