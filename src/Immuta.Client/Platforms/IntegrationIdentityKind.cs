namespace Immuta.Client;

/// <summary>What makes two definitions of one platform the same integration to Immuta (one integration per …; spec §11, 409).</summary>
public enum IntegrationIdentityKind
{
    /// <summary>Nothing known: the platform's definitions have no identity the SDK can compare.</summary>
    None,

    /// <summary>One integration per host (Snowflake, Redshift, Azure Synapse Analytics), compared as a DNS name.</summary>
    Host,

    /// <summary>One integration per workspace URL (Databricks), compared as a DNS name.</summary>
    WorkspaceUrl,

    /// <summary>One integration per name (Native S3), compared exactly.</summary>
    Name,

    /// <summary>One integration per dataset (Google BigQuery), compared exactly: dataset names are case-sensitive.</summary>
    Dataset,

    /// <summary>One integration of the platform per tenant (Trino).</summary>
    OnePerTenant,
}
