using System.Text.Json.Serialization;

namespace Immuta.Client;

/// <summary>
/// The body of <c>DELETE /integrations/{id}</c>: the credentials used to configure an integration set up automatically
/// (<c>autoBootstrap: true</c>) on Snowflake, Redshift or Azure Synapse Analytics. Never sent for the other known platforms
/// or for integrations set up by hand; for a platform this SDK does not know, Immuta decides.
/// </summary>
/// <remarks>
/// Use <see cref="SnowflakeDeleteCredentials"/>, <see cref="RedshiftDeleteCredentials"/> or <see cref="AzureSynapseDeleteCredentials"/>;
/// <see cref="UnknownDeleteCredentials"/> for a platform this SDK does not know (an <see cref="UnknownIntegration"/>).
/// </remarks>
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
    /// <c>REDACTED</c> or a member this SDK does not model is a warning. <see cref="UnknownDeleteCredentials"/> get only the
    /// <c>&lt;REDACTED&gt;</c> rule: the SDK does not guess their members.
    /// </summary>
    /// <returns>The findings, each naming its field path.</returns>
    public IReadOnlyList<IntegrationValidationFinding> Validate() => Validation.IntegrationValidator.Validate(this);

    /// <summary>
    /// Why a delete of <paramref name="target"/> must not carry credentials (spec §3.3, §6), or <see langword="null"/> when it
    /// may: always for a platform whose delete takes none (<see cref="ImmutaPlatform.DeleteCredentialsType"/>, refused even
    /// with local validation off), and, with <paramref name="localValidation"/>, for an integration set up by hand
    /// (<c>autoBootstrap: false</c>). A platform this SDK does not know: <see langword="null"/>, Immuta decides.
    /// </summary>
    /// <param name="target">The definition of the integration to delete (<see cref="Integration.Definition"/>).</param>
    /// <param name="localValidation">Whether local validation is on (<see cref="ImmutaClientOptions.ValidateBeforeSending"/>).</param>
    /// <returns>The error finding, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is <see langword="null"/>.</exception>
    public static IntegrationValidationFinding? RefusalFor(IntegrationDefinition target, bool localValidation = true)
    {
        ArgumentNullException.ThrowIfNull(target);
        return Validation.IntegrationValidator.CredentialsRefusedFor(target, localValidation);
    }

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
