using System.Text.Json;

namespace Immuta.Client;

/// <summary>
/// The platforms this SDK knows (<see cref="ImmutaPlatform"/>), in one registry: what the JSON converter, local validation,
/// <see cref="IntegrationIdentity"/>, the <c>FakeImmutaServer</c> and the <c>immuta-integrations</c> tool read instead of
/// naming platforms. A <c>type</c> not here is an <see cref="UnknownIntegration"/>, handled the same way everywhere: kept,
/// sent as written, and left to Immuta.
/// </summary>
public static class ImmutaPlatforms
{
    // The one list of platforms. A new platform is its own file in this folder (models and descriptor) and this line.
    private static readonly ImmutaPlatform[] Known =
    [
        SnowflakePlatform.Instance, DatabricksPlatform.Instance, RedshiftPlatform.Instance, AzureSynapsePlatform.Instance,
        BigQueryPlatform.Instance, NativeS3Platform.Instance, TrinoPlatform.Instance,
    ];

    /// <summary>Every platform this SDK knows, in the order of the documentation.</summary>
    public static IReadOnlyList<ImmutaPlatform> All { get; } = Array.AsReadOnly(Known);

    /// <summary>The platform whose wire <c>type</c> is exactly <paramref name="type"/> (ordinal), or <see langword="null"/>.</summary>
    /// <param name="type">The wire <c>type</c>.</param>
    /// <returns>The descriptor, or <see langword="null"/> for a type this SDK does not know (read as <see cref="UnknownIntegration"/>).</returns>
    /// <remarks>
    /// Exact, as the converter reads: a differently cased <c>type</c> stays an <see cref="UnknownIntegration"/>, so it is
    /// written back as it came instead of being normalised into a value the server did not send.
    /// </remarks>
    public static ImmutaPlatform? Find(string? type)
    {
        foreach (var platform in Known)
        {
            if (string.Equals(platform.Type.Value, type, StringComparison.Ordinal))
            {
                return platform;
            }
        }

        return null;
    }

    /// <summary>The platform of a definition (by its record), or <see langword="null"/> for an <see cref="UnknownIntegration"/>.</summary>
    /// <param name="definition">The definition.</param>
    /// <returns>The descriptor, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="definition"/> is <see langword="null"/>.</exception>
    public static ImmutaPlatform? Of(IntegrationDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var type = definition.GetType();
        foreach (var platform in Known)
        {
            if (platform.DefinitionType == type)
            {
                return platform;
            }
        }

        return null;
    }

    /// <summary>
    /// The definition as Immuta's GET returns it after it was sent <paramref name="definition"/> (spec §8.1, §8.9): documented
    /// defaults filled in, modelled credentials replaced by Immuta's markers, and every member the SDK does not model that is
    /// named like a credential replaced by <c>&lt;REDACTED&gt;</c>, at any depth: beside the typed members of any model in the
    /// definition (an item of a modelled list included), and anywhere inside an unknown member or an unknown platform's
    /// whole <c>config</c>, inside arrays and arrays of arrays too.
    /// The <c>FakeImmutaServer</c> answers with it.
    /// </summary>
    /// <param name="definition">The definition as sent.</param>
    /// <returns>A new definition; <paramref name="definition"/> is not changed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="definition"/> is <see langword="null"/>.</exception>
    public static IntegrationDefinition AsRead(IntegrationDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var read = Of(definition) is { } platform
            ? platform.AsRead(definition)
            : definition is UnknownIntegration { Config: { } config } unknown ? unknown with { Config = ServerRedaction.Unknown(config) } : definition;
        return UnknownMemberRedaction.Apply(read with { AdditionalProperties = ServerRedaction.Unknown(read.AdditionalProperties) });
    }

    /// <summary>
    /// The validation tests Immuta's documentation shows for the definition's platform (spec §8.4, §15 S3-2), as a run that
    /// passed; empty for a platform whose tests are not documented and for one this SDK does not know (none are invented).
    /// </summary>
    /// <param name="definition">The definition.</param>
    /// <returns>The tests.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="definition"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<ValidationTest> DocumentedValidationTests(IntegrationDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return Of(definition)?.DocumentedValidationTests(definition) ?? [];
    }

    /// <summary>A passed validation test, with an empty result list when the documentation shows one.</summary>
    internal static ValidationTest Passed(string name, string? result = null) => new()
    {
        Name = name,
        Status = ValidationStatus.Passed,
        Result = result is null ? null : ParseElement(result),
    };

    private static JsonElement ParseElement(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
