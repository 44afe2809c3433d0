namespace Immuta.Client;

/// <summary>
/// What makes two integrations "the same" to Immuta: one integration of a platform per host (Snowflake, Redshift,
/// Synapse), workspace (Databricks), name (Native S3) or dataset (BigQuery), and one Trino integration (spec §11, 409).
/// The one normalization of that identity, read from each platform's <see cref="ImmutaPlatform.IdentityKind"/>: used by
/// <see cref="IntegrationsClient.CreateOrAdoptAsync"/> to check what it adopts, by the fake to answer 409 on create and
/// update, and by the tool's <c>apply</c> lookup and <c>list</c> HOST column.
/// </summary>
/// <remarks>
/// Hosts and workspace URLs compare as DNS names: <c>ACME.snowflakecomputing.com</c>, <c>acme.snowflakecomputing.com.</c>,
/// <c>https://acme.snowflakecomputing.com/</c> and <c>acme.snowflakecomputing.com:443</c> are one host (scheme, user
/// info, path, query, port 443 or the scheme's default port, and a trailing dot dropped; lower case; international
/// names as punycode). Any other port stays part of the host. Native S3 names and BigQuery datasets compare
/// exactly: BigQuery dataset names are case-sensitive, and nothing documents that Immuta folds the case of either.
/// </remarks>
public static class IntegrationIdentity
{
    /// <summary>The normalized identity of a definition, or <see langword="null"/> when it has none (unknown platform, field missing).</summary>
    /// <param name="definition">The definition.</param>
    /// <returns>
    /// The host or workspace as a lower-case DNS name (with a port other than 443), the S3 name or BigQuery dataset as
    /// written, the platform's lower-case type for a platform with one integration per tenant; or <see langword="null"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="definition"/> is <see langword="null"/>.</exception>
    public static string? KeyOf(IntegrationDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return ImmutaPlatforms.Of(definition) is not { } platform
            ? null
            : platform.IdentityKind switch
            {
                IntegrationIdentityKind.Host or IntegrationIdentityKind.WorkspaceUrl => Host(platform.IdentityValue(definition)),
                IntegrationIdentityKind.Name or IntegrationIdentityKind.Dataset => Exact(platform.IdentityValue(definition)),
                IntegrationIdentityKind.OnePerTenant => platform.Type.Value!.ToLowerInvariant(),
                _ => null,
            };
    }

    /// <summary>Whether two definitions describe the same integration: the same platform and the same normalized identity.</summary>
    /// <param name="a">One definition.</param>
    /// <param name="b">The other.</param>
    /// <returns><see langword="true"/> when both have an identity and it is the same; never for a platform this SDK does not know.</returns>
    /// <exception cref="ArgumentNullException">A definition is <see langword="null"/>.</exception>
    public static bool SameIntegration(IntegrationDefinition a, IntegrationDefinition b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Type == b.Type && KeyOf(a) is { } key && string.Equals(key, KeyOf(b), StringComparison.Ordinal);
    }

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
