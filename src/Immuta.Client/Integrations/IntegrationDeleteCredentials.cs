using System.Text.Json.Serialization;

namespace Immuta.Client;

/// <summary>
/// The body of <c>DELETE /integrations/{id}</c>: the credentials used to configure an integration set up automatically
/// (<c>autoBootstrap: true</c>) on Snowflake, Redshift or Azure Synapse Analytics. Never sent for other platforms or for
/// integrations set up by hand.
/// </summary>
/// <remarks>Use <see cref="SnowflakeDeleteCredentials"/>, <see cref="RedshiftDeleteCredentials"/> or <see cref="AzureSynapseDeleteCredentials"/>.</remarks>
public abstract record IntegrationDeleteCredentials : ImmutaModel
{
    private protected IntegrationDeleteCredentials()
    {
    }

    /// <summary>How the credentials authenticate, such as <c>userPassword</c> (<c>authenticationType</c>).</summary>
    [JsonPropertyName("authenticationType")]
    [JsonPropertyOrder(-1)]
    public AuthenticationType? AuthenticationType { get; init; }

    /// <summary>
    /// Checks the credentials offline: a credential that is <c>&lt;REDACTED&gt;</c> is an error (never sent), one that is
    /// <c>REDACTED</c> or a member this SDK does not model is a warning.
    /// </summary>
    /// <returns>The findings, each naming its field path.</returns>
    public IReadOnlyList<IntegrationValidationFinding> Validate() => Validation.IntegrationValidator.Validate(this);

    /// <summary>Throws <see cref="IntegrationValidationException"/> listing every error <see cref="Validate"/> finds; warnings do not throw.</summary>
    /// <exception cref="IntegrationValidationException">The credentials have errors.</exception>
    public void EnsureValid()
    {
        var findings = Validate();
        if (findings.Any(f => f.IsError))
        {
            throw new IntegrationValidationException(findings);
        }
    }
}
