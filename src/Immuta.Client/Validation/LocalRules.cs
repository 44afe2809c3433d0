namespace Immuta.Client.Validation;

/// <summary>
/// One rule of local validation: a short name (the README's "Local validation" table lists each by it), its code, its
/// severity and its source, and whether it is refused whatever <see cref="ImmutaClientOptions.ValidateBeforeSending"/> says.
/// </summary>
/// <param name="Name">What the rule checks, as the README's table names it.</param>
/// <param name="Code">The stable code (<see cref="IntegrationValidationRules"/>).</param>
/// <param name="Severity">Error where Immuta's current documentation says so plainly; warning otherwise.</param>
/// <param name="Source">The spec section (<c>shared/spec/API.md</c>) and the Immuta page, seed line or §15 row it restates.</param>
/// <param name="AlwaysRefused">Wrong whatever Immuta version answers: refused even with validation off (and <c>--skip-validation</c>).</param>
internal sealed record LocalRule(string Name, string Code, IntegrationValidationSeverity Severity, string Source, bool AlwaysRefused = false)
{
    public IntegrationValidationFinding Finding(string path, string message) => new(path, message, Code, Severity, Source);
}

/// <summary>
/// Every local rule, in one place, each with its source. The severity follows one principle (issue 13, "never refuse
/// what Immuta accepts"): <b>error</b> only where Immuta's current documentation states the rule plainly (a "Required"
/// cell, a "must" sentence); <b>warning</b> where it comes from examples, from a table that was not retrieved, from an
/// older or version-specific page, or from an inference — and for whatever the SDK does not know (platforms,
/// authentication types, members). Rules dropped because newer documentation contradicts them are listed at the end.
/// The rules of one platform live in its file (<c>Platforms/</c>); these are the ones every platform shares.
/// </summary>
internal static class LocalRules
{
    private const IntegrationValidationSeverity Error = IntegrationValidationSeverity.Error;
    private const IntegrationValidationSeverity Warning = IntegrationValidationSeverity.Warning;

    // ---- Always refused: wrong whatever Immuta version answers.

    public static readonly LocalRule RedactedMarker = new(
        "A string member is `<REDACTED>`", IntegrationValidationRules.RedactedCredential, Error,
        "spec §8.9, §14, §15 GEN-1 (Immuta returns `<REDACTED>` in place of credentials on read)", AlwaysRefused: true);

    public static readonly LocalRule DeleteCredentialsNotTaken = new(
        "Delete credentials for Databricks, Google BigQuery, Native S3 or Trino", IntegrationValidationRules.DeleteCredentials, Error,
        "spec §3.3, §6 ([000] L404-412: these platforms' delete takes no payload)", AlwaysRefused: true);

    // ---- Errors: Immuta's current documentation says so plainly.

    public static readonly LocalRule ConfigRequired = new(
        "`config` present (every platform but Trino)", IntegrationValidationRules.Required, Error,
        "spec §4 ([000] L303; P1: 'Required for all integrations except Starburst (Trino)')");

    public static readonly LocalRule AutoBootstrapRequired = new(
        "`autoBootstrap` present (every platform but Trino)", IntegrationValidationRules.AutoBootstrap, Error,
        "spec §4 ([000] L303; P1: 'Required for all integrations except Starburst (Trino)')");

    public static readonly LocalRule AutoBootstrapFalseForScripts = new(
        "`autoBootstrap: false` on the script endpoints", IntegrationValidationRules.AutoBootstrap, Error,
        "spec §3.8-3.13 ([000] L880, L934, L1003, L1051, L1098: '`false` only')");

    public static readonly LocalRule AutoBootstrapFalseForS3AndBigQuery = new(
        "`autoBootstrap: false` for Native S3 and Google BigQuery", IntegrationValidationRules.AutoBootstrap, Error,
        "spec §4 ([000] L303; P1: 'must be set to false in the Amazon S3 and Google BigQuery configurations')");

    public static readonly LocalRule DeleteCredentialsManualSetup = new(
        "Delete credentials for an integration set up by hand (`autoBootstrap: false`)", IntegrationValidationRules.DeleteCredentials, Error,
        "spec §3.3, §6, §11 ([000] L406; P7; C1: 400 'Credentials are not required for disable unless the integration was configured automatically')");

    // ---- Warnings: reported, never refused.

    public static readonly LocalRule PlainRedactionMarker = new(
        "A credential is `REDACTED`", IntegrationValidationRules.PlainRedactionMarker, Warning,
        "spec §8.9, Q5 (Immuta returns a Databricks token as `REDACTED`; its own Databricks examples send it, [004] L76)");

    public static readonly LocalRule UnknownType = new(
        "`type` this SDK does not know (`UnknownIntegration`)", IntegrationValidationRules.AcceptedValues, Warning,
        "spec §4; §15 RS-1 (Immuta adds platforms, such as Amazon Redshift Spectrum)");

    public static readonly LocalRule UnknownAuthentication = new(
        "`authenticationType` this SDK does not know for the platform", IntegrationValidationRules.AcceptedValues, Warning,
        "spec §5.1 (values from examples and field bullets; most platform tables were not retrieved, §13)");

    public static readonly LocalRule UnknownMember = new(
        "A member this SDK does not model", IntegrationValidationRules.UnknownMember, Warning,
        "spec §14 (unknown members are kept and sent as written)");

    public static readonly LocalRule AuthenticationTypeRequired = new(
        "`authenticationType` present (Snowflake, Databricks, Redshift, Azure Synapse)", IntegrationValidationRules.Required, Warning,
        "spec §5.2-5.5 (in every example; those tables were not retrieved, §13)");

    public static readonly LocalRule OAuthClientDetails = new(
        "`oAuthClientConfig.authorityUrl`, and `clientSecret` unless `useCertificate` (Snowflake, Databricks)", IntegrationValidationRules.Required, Warning,
        "spec §5.2, §5.3 (examples [002] L352-356, [004] L91; those tables were not retrieved)");

    public static readonly LocalRule ScriptEndpointPlatform = new(
        "The script endpoint is documented for the platform", IntegrationValidationRules.Endpoint, Warning,
        "spec §3.8-3.13 ([000] accepted values); §15 DC1 shows these lists trail the current docs");

    /// <summary>The rules every platform shares, in the order of the README's table.</summary>
    private static readonly LocalRule[] Shared =
    [
        RedactedMarker, DeleteCredentialsNotTaken,
        ConfigRequired, AutoBootstrapRequired, AutoBootstrapFalseForScripts, AutoBootstrapFalseForS3AndBigQuery, DeleteCredentialsManualSetup,
        PlainRedactionMarker, UnknownType, UnknownAuthentication, UnknownMember, AuthenticationTypeRequired, OAuthClientDetails,
        ScriptEndpointPlatform,
    ];

    /// <summary>Every rule: the shared ones, then each platform's own (<see cref="ImmutaPlatform"/>), as the README's table lists them.</summary>
    public static IReadOnlyList<LocalRule> All { get; } = [.. Shared, .. ImmutaPlatforms.All.SelectMany(p => p.Rules).Distinct()];

    // Dropped (newer documentation contradicts them):
    // - Native S3 awsRoleToAssume required with authenticationType auto: "Optional" in the current payload reference, and
    //   the current S3 how-to's auto example omits it (spec §15 S3-1).
    // - POST /integrations/{id}/scripts/delete refused for Databricks (by the fake): the current docs use it for
    //   Databricks Unity Catalog (spec §15 DC1); see ImmutaPlatform.AcceptsDeleteScript.
}
