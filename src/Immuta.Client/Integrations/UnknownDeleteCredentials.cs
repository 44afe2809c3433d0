namespace Immuta.Client;

/// <summary>
/// The delete credentials of an integration whose platform this SDK does not know (an <see cref="UnknownIntegration"/>, such
/// as Amazon Redshift Spectrum, spec §15 RS-1): <see cref="IntegrationDeleteCredentials.AuthenticationType"/> and every other
/// member, kept in <see cref="ImmutaModel.AdditionalProperties"/>, are written back as they came, and Immuta decides.
/// </summary>
/// <remarks>
/// Read from a file with <see cref="IntegrationDefinitionFile.LoadDeleteCredentialsAsync"/> given the integration's type. Its
/// members are printed by name only (<see cref="object.ToString"/>), and foreign serializers write the credentials among
/// them as <c>***</c>.
/// </remarks>
public sealed record UnknownDeleteCredentials : IntegrationDeleteCredentials
{
    /// <summary>
    /// Creates empty credentials: set <see cref="IntegrationDeleteCredentials.AuthenticationType"/>, and put the other members
    /// in <see cref="ImmutaModel.AdditionalProperties"/>.
    /// </summary>
    public UnknownDeleteCredentials()
    {
    }
}
