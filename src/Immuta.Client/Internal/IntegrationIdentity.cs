namespace Immuta.Client;

/// <summary>
/// What makes two integrations "the same" to Immuta: one integration of a platform per host (Snowflake, Redshift,
/// Synapse), workspace (Databricks), name (Native S3) or dataset (BigQuery), and one Trino integration (spec §11, 409).
/// The one normalization of that identity: used by <see cref="IntegrationsClient.CreateOrAdoptAsync"/> to check what it
/// adopts, by the fake to answer 409 on create and update, and by the tool's <c>apply</c> lookup and <c>list</c> HOST column.
/// </summary>
/// <remarks>
/// Hosts and workspace URLs compare as DNS names: <c>ACME.snowflakecomputing.com</c>, <c>acme.snowflakecomputing.com.</c>,
/// <c>https://acme.snowflakecomputing.com/</c> and <c>acme.snowflakecomputing.com:443</c> are one host (scheme, user
/// info, path, query, port 443 or the scheme's default port, and a trailing dot dropped; lower case; international
/// names as punycode). Any other port stays part of the host. Native S3 names and BigQuery datasets compare
/// exactly: BigQuery dataset names are case-sensitive, and nothing documents that Immuta folds the case of either.
/// </remarks>
internal static class IntegrationIdentity
{
    private const string Trino = "trino";

    /// <summary>The normalized identity of a definition, or <see langword="null"/> when it has none (unknown platform, field missing).</summary>
    public static string? KeyOf(IntegrationDefinition definition) => definition switch
    {
        SnowflakeIntegration s => Host(s.Config?.Host),
        DatabricksIntegration d => Host(d.Config?.WorkspaceUrl),
        RedshiftIntegration r => Host(r.Config?.Host),
        AzureSynapseIntegration a => Host(a.Config?.Host),
        BigQueryIntegration b => Exact(b.Config?.Dataset),
        NativeS3Integration n => Exact(n.Config?.Name),
        TrinoIntegration => Trino,
        _ => null,
    };

    /// <summary>Whether two definitions describe the same integration: the same platform and the same normalized identity.</summary>
    public static bool SameIntegration(IntegrationDefinition a, IntegrationDefinition b)
        => a.Type == b.Type && KeyOf(a) is { } key && string.Equals(key, KeyOf(b), StringComparison.Ordinal);

    /// <summary>A host or URL as the DNS name (and port other than 443) it names; text that is not one is trimmed and lower-cased.</summary>
    internal static string? Host(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text;
        string host;
        var port = string.Empty;
        if (Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.IdnHost.Length > 0)
        {
            host = uri.IdnHost;
            if (!uri.IsDefaultPort && uri.Port != 443)
            {
                port = ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        else
        {
            host = text;
        }

        host = host.TrimEnd('.').ToLowerInvariant();
        return host.Length == 0 ? null : host + port;
    }

    private static string? Exact(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
