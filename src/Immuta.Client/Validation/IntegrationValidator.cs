
namespace Immuta.Client.Validation;

/// <summary>
/// Local validation: applies the rules of <see cref="LocalRules"/> (each with its severity and source) to a definition
/// or to delete credentials. A platform this SDK does not know gets only the unknown-type warning and the
/// always-refused marker rule: the SDK does not guess its fields.
/// </summary>
internal static class IntegrationValidator
{
    public static IReadOnlyList<IntegrationValidationFinding> Validate(IntegrationDefinition definition, IntegrationRequestKind kind)
    {
        var findings = new FindingCollector();
        if (ImmutaPlatforms.Of(definition) is not { } platform)
        {
            findings.Add(LocalRules.UnknownType, "type",
                $"'{definition.Type}' is not a type this SDK knows ({string.Join(", ", ImmutaPlatforms.All.Select(p => $"'{p.Type}'"))}); it is sent as written and Immuta decides");
        }
        else
        {
            CheckEndpoint(platform, definition, kind, findings);
            CheckAutoBootstrap(platform, definition, kind, findings);
            platform.ValidateConfig(definition, findings);
            findings.UnknownMembers(definition, string.Empty, depth: 0);
        }

        findings.NoRedactionMarkers(definition);
        return findings.Findings;
    }

    /// <summary>Delete credentials: none may be a redaction marker.</summary>
    public static IReadOnlyList<IntegrationValidationFinding> Validate(IntegrationDeleteCredentials credentials)
    {
        var findings = new FindingCollector();
        var type = credentials.GetType();
        ImmutaPlatforms.All.FirstOrDefault(p => p.DeleteCredentialsType == type)?.ValidateDeleteCredentials(credentials, findings);
        findings.UnknownMembers(credentials, string.Empty, depth: 0);
        findings.NoRedactionMarkers(credentials);
        return findings.Findings;
    }

    /// <summary>
    /// Why a delete of <paramref name="target"/> must not carry credentials (spec §3.3, §6), or <see langword="null"/> when it
    /// may: never for a platform whose delete takes none (refused whatever <paramref name="validate"/> says), nor, while
    /// <paramref name="validate"/>, for one set up by hand (an error). A platform this SDK does not know: Immuta decides.
    /// </summary>
    public static IntegrationValidationFinding? CredentialsRefusedFor(IntegrationDefinition target, bool validate)
        => ImmutaPlatforms.Of(target) switch
        {
            null => null,
            { DeleteCredentialsType: null }
                => LocalRules.DeleteCredentialsNotTaken.Finding("(the body)", $"a {target.Type} integration's delete takes no credentials"),
            _ when validate && target.AutoBootstrap == false
                => LocalRules.DeleteCredentialsManualSetup.Finding("(the body)", $"this {target.Type} integration was set up by hand (autoBootstrap: false): its delete takes no credentials"),
            _ => null,
        };

    /// <summary>
    /// The rules refused whatever <see cref="ImmutaClientOptions.ValidateBeforeSending"/> says (a string member that is
    /// <c>&lt;REDACTED&gt;</c>). Every request body passes it before it is sent; the tool checks it before printing a plan
    /// even with <c>--skip-validation</c>.
    /// </summary>
    /// <exception cref="IntegrationValidationException">Some member is the marker; each path is named.</exception>
    public static void EnsureNoRedactionMarkers(IntegrationDefinition definition)
    {
        var findings = new FindingCollector();
        findings.NoRedactionMarkers(definition);
        if (findings.Findings.Count > 0)
        {
            throw new IntegrationValidationException(findings.Findings);
        }
    }

    internal static string EndpointName(IntegrationRequestKind kind) => kind switch
    {
        IntegrationRequestKind.CreateScript => "scripts/create",
        IntegrationRequestKind.InitialCreateScript => "scripts/initial-create",
        IntegrationRequestKind.CleanupScript => "scripts/cleanup",
        IntegrationRequestKind.PostCleanupScript => "scripts/post-cleanup",
        IntegrationRequestKind.EditScript => "{id}/scripts/edit",
        IntegrationRequestKind.Update => "update",
        _ => "create",
    };

    private static bool IsScript(IntegrationRequestKind kind) => kind is not (IntegrationRequestKind.Create or IntegrationRequestKind.Update);

    private static void CheckEndpoint(ImmutaPlatform platform, IntegrationDefinition definition, IntegrationRequestKind kind, FindingCollector findings)
    {
        if (!platform.IsDocumentedFor(kind))
        {
            findings.Add(LocalRules.ScriptEndpointPlatform, "type", $"the {EndpointName(kind)} endpoint is not documented for '{definition.Type}'");
        }
    }

    private static void CheckAutoBootstrap(ImmutaPlatform platform, IntegrationDefinition definition, IntegrationRequestKind kind, FindingCollector findings)
    {
        var auto = definition.AutoBootstrap;
        if (platform.AutoBootstrapNotSent is { } notSent)
        {
            if (auto is not null)
            {
                findings.Add(notSent, "autoBootstrap", $"is not part of the documented {platform.DisplayName} body (only the type)");
            }

            return;
        }

        if (auto is null)
        {
            findings.Add(LocalRules.AutoBootstrapRequired, "autoBootstrap", "is required (true or false)");
            return;
        }

        if (auto == true && IsScript(kind))
        {
            findings.Add(LocalRules.AutoBootstrapFalseForScripts, "autoBootstrap", $"must be false for the {EndpointName(kind)} endpoint (scripts are for manual setup)");
        }
        else if (auto == true && platform.AutoBootstrap == PlatformAutoBootstrap.MustBeFalse)
        {
            findings.Add(LocalRules.AutoBootstrapFalseForS3AndBigQuery, "autoBootstrap", $"must be false for {definition.Type}");
        }
        else if (auto == true && platform.AutoBootstrapMustBeFalse(definition) is { } rule)
        {
            findings.Add(rule.Rule, "autoBootstrap", rule.Message);
        }
    }
}
