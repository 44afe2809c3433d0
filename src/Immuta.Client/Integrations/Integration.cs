using System.Text;
using System.Text.Json.Serialization;
using Immuta.Client.Serialization;

namespace Immuta.Client;

/// <summary>
/// An integration as the server returns it (<c>GET /integrations</c>, <c>GET /integrations/{id}</c>): its id, status and
/// validation results, and its <see cref="Definition"/> (type, autoBootstrap, config) with defaults filled in and secrets
/// redacted by the server.
/// </summary>
/// <remarks>
/// To change an integration, take <see cref="Definition"/>, change what you need with a <c>with</c> expression, put real
/// credentials in place of redacted ones, and pass it to <see cref="IntegrationsClient.UpdateAsync"/>; every member the SDK
/// does not know is kept and sent back.
/// </remarks>
[JsonConverter(typeof(IntegrationJsonConverter))]
public sealed record Integration
{
    /// <summary>The integration id (<c>id</c>); a string on the wire, or a number from some endpoints.</summary>
    public required string Id { get; init; }

    /// <summary>The current status (<c>status</c>).</summary>
    public IntegrationStatus? Status { get; init; }

    /// <summary>The checks Immuta ran (<c>validationResults</c>).</summary>
    public ValidationResults? ValidationResults { get; init; }

    /// <summary>Type, autoBootstrap and config, and every other member of the response.</summary>
    public required IntegrationDefinition Definition { get; init; }

    /// <summary>The platform: <see cref="IntegrationDefinition.Type"/> of <see cref="Definition"/>.</summary>
    public IntegrationType Type => Definition.Type;

    /// <summary>Prints id, status, type and the definition; secrets print as <c>***</c>.</summary>
    /// <param name="builder">The builder of <see cref="object.ToString"/>.</param>
    /// <returns><see langword="true"/>.</returns>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Id = ").Append(Id)
            .Append(", Status = ").Append(Status?.ToString())
            .Append(", Type = ").Append(Type.ToString())
            .Append(", ValidationStatus = ").Append(ValidationResults?.Status?.ToString())
            .Append(", Definition = ").Append(Definition);
        return true;
    }
}
