namespace Immuta.Client;

/// <summary>
/// What makes two integrations "the same" to Immuta: one integration of a platform per host (Snowflake, Redshift,
/// Synapse), workspace (Databricks), name (Native S3) or dataset (BigQuery), and one Trino integration (spec §11, 409).
/// Used by the fake to answer 409 and by <c>apply</c> to find the integration a file describes.
/// </summary>
internal static class IntegrationIdentity
{
    public static string? KeyOf(IntegrationDefinition definition) => definition switch
    {
        SnowflakeIntegration s => s.Config?.Host,
        DatabricksIntegration d => d.Config?.WorkspaceUrl,
        RedshiftIntegration r => r.Config?.Host,
        AzureSynapseIntegration a => a.Config?.Host,
        BigQueryIntegration b => b.Config?.Dataset,
        NativeS3Integration n => n.Config?.Name,
        TrinoIntegration => "trino",
        _ => null,
    };

    public static bool SameIntegration(IntegrationDefinition a, IntegrationDefinition b)
        => a.Type == b.Type && KeyOf(a) is { } key && string.Equals(key, KeyOf(b), StringComparison.OrdinalIgnoreCase);
}
