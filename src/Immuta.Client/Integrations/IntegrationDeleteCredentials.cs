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

    /// <summary>Checks the credentials offline: none may be the server's redaction marker.</summary>
    /// <returns>The problems found, each naming its field path.</returns>
    public IReadOnlyList<IntegrationValidationError> Validate() => Validation.IntegrationValidator.Validate(this);

    /// <summary>Throws <see cref="IntegrationValidationException"/> listing every problem <see cref="Validate"/> finds.</summary>
    /// <exception cref="IntegrationValidationException">The credentials are not valid.</exception>
    public void EnsureValid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new IntegrationValidationException(errors);
        }
    }
}
