using System.Text.Json.Serialization;
using Immuta.Client.Validation;

namespace Immuta.Client;

/// <summary>
/// A Starburst (Trino) integration (<c>"type": "Trino"</c>). The create body is only the type; <c>autoBootstrap</c> and
/// <c>config</c> are not sent. The server's configuration (including the integration's Immuta API key) is kept in
/// <see cref="TrinoConfig"/>'s <see cref="ImmutaModel.AdditionalProperties"/>.
/// </summary>
public sealed record TrinoIntegration : IntegrationDefinition
{
    /// <summary>Creates the definition; its <see cref="IntegrationDefinition.Type"/> is <c>Trino</c>.</summary>
    public TrinoIntegration()
        : base(IntegrationType.Trino)
    {
    }

    /// <summary>The Trino settings as the server returns them (<c>config</c>); not sent on create.</summary>
    [JsonPropertyName("config")]
    public TrinoConfig? Config { get; init; }
}

/// <summary>
/// Trino settings (<c>config</c>). No member is documented; whatever the server returns is kept in
/// <see cref="ImmutaModel.AdditionalProperties"/> and never printed.
/// </summary>
public sealed record TrinoConfig : ImmutaModel;

/// <summary>Starburst (Trino): one integration per tenant; the body is only the type; its API key can be regenerated.</summary>
internal sealed class TrinoPlatform : ImmutaPlatform<TrinoIntegration>
{
    internal const string WireType = "Trino";

    public static readonly LocalRule NoAutoBootstrap = new(
        "No `autoBootstrap` for Trino", IntegrationValidationRules.AutoBootstrap, IntegrationValidationSeverity.Warning,
        "spec §5.8 ([000] L284-303: the body is only the type; 'not required' is not 'refused')");

    public static readonly TrinoPlatform Instance = new();

    private TrinoPlatform()
        : base(new PlatformFacts(IntegrationType.Trino, typeof(TrinoIntegration), IntegrationIdentityKind.OnePerTenant, [], [NoAutoBootstrap])
        {
            AutoBootstrapNotSent = NoAutoBootstrap,
            AcceptsApiKeyRegeneration = true,
        })
    {
    }

    private protected override string? IdentityValue(TrinoIntegration definition) => null;

    // No config is sent, so none is required.
    private protected override void ValidateConfig(TrinoIntegration definition, FindingCollector findings)
    {
    }

    private protected override TrinoIntegration AsRead(TrinoIntegration definition) => definition;

    private protected override IReadOnlyList<ValidationTest> DocumentedValidationTests(TrinoIntegration definition) => [];
}
