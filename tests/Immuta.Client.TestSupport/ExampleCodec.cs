using Immuta.Client.Serialization;

namespace Immuta.Client.Tests.Serialization;

/// <summary>Which typed model each example file belongs to, by its name (see the examples README).</summary>
internal sealed record ExampleCodec(Func<string, object> Read, Func<object, string> Write)
{
    public static ExampleCodec For(string name)
    {
        if (name.StartsWith("error.", StringComparison.Ordinal))
        {
            return Of<ImmutaErrorBody>();
        }

        var request = name.EndsWith(".request.json", StringComparison.Ordinal);
        var endpoint = name[..name.IndexOf('.', StringComparison.Ordinal)];
        return (endpoint, request) switch
        {
            ("get-integrations", false) => Of<IReadOnlyList<Integration>>(),
            ("get-integrations-id", false) => Of<Integration>(),
            ("get-integrations-id-status", false) => Of<IntegrationStatusResult>(),
            ("post-integrations-id-regenerate", false) => Of<RegeneratedApiKey>(),
            ("post-integrations" or "put-integrations-id" or "delete-integrations-id", false) => Of<IntegrationOperationResult>(),
            ("post-integrations" or "put-integrations-id", true) => Of<IntegrationDefinition>(),
            ("post-integrations-scripts-create" or "post-integrations-scripts-initial-create" or "post-integrations-scripts-cleanup"
                or "post-integrations-scripts-post-cleanup" or "post-integrations-id-scripts-edit", true) => Of<IntegrationDefinition>(),
            ("delete-integrations-id", true) when name.Contains(".snowflake.", StringComparison.Ordinal) => Of<SnowflakeDeleteCredentials>(),
            _ => throw new InvalidOperationException($"No typed model is known for the example '{name}': add it to {nameof(ExampleCodec)}."),
        };
    }

    public static Type? PlatformOf(string name)
    {
        var parts = name.Split('.');
        return parts.Length < 3 ? null : parts[1] switch
        {
            "snowflake" => typeof(SnowflakeIntegration),
            "databricks" => typeof(DatabricksIntegration),
            "redshift" => typeof(RedshiftIntegration),
            "synapse" => typeof(AzureSynapseIntegration),
            "bigquery" => typeof(BigQueryIntegration),
            "s3" => typeof(NativeS3Integration),
            "trino" => typeof(TrinoIntegration),
            _ => null,
        };
    }

    private static ExampleCodec Of<T>() => new(json => ImmutaJson.Deserialize<T>(json)!, model => ImmutaJson.Serialize((T)model));
}
