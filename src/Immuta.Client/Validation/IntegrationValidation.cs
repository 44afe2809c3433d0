namespace Immuta.Client;

/// <summary>Which request a definition is checked for: the rules differ between create, update and the script endpoints.</summary>
public enum IntegrationRequestKind
{
    /// <summary><c>POST /integrations</c>.</summary>
    Create,

    /// <summary><c>PUT /integrations/{id}</c>.</summary>
    Update,

    /// <summary><c>POST /integrations/scripts/create</c>: Snowflake, Databricks, Redshift, Synapse; <c>autoBootstrap: false</c>.</summary>
    CreateScript,

    /// <summary><c>POST /integrations/scripts/initial-create</c>: Redshift, Synapse; <c>autoBootstrap: false</c>.</summary>
    InitialCreateScript,

    /// <summary><c>POST /integrations/scripts/cleanup</c>: Snowflake, Redshift, Synapse; <c>autoBootstrap: false</c>.</summary>
    CleanupScript,

    /// <summary><c>POST /integrations/scripts/post-cleanup</c>: Synapse; <c>autoBootstrap: false</c>.</summary>
    PostCleanupScript,

    /// <summary><c>POST /integrations/{id}/scripts/edit</c>: Snowflake, Databricks, Redshift, Synapse; <c>autoBootstrap: false</c>.</summary>
    EditScript,
}

/// <summary>
/// How much a finding of local validation (<see cref="IntegrationDefinition.Validate"/>) weighs. Local validation runs
/// in this process, before anything is sent; what Immuta itself refuses arrives as <see cref="ImmutaRequestRejectedException"/>.
/// </summary>
public enum IntegrationValidationSeverity
{
    /// <summary>
    /// Reported, never refused: the rule comes from an example, an older or incomplete page, or an inference, and Immuta may
    /// accept the request (it decides). Unknown platforms, authentication types and members are warnings.
    /// </summary>
    Warning,

    /// <summary>
    /// Immuta's current documentation says so plainly: refused before sending while
    /// <see cref="ImmutaClientOptions.ValidateBeforeSending"/> is on (the default).
    /// </summary>
    Error,
}

/// <summary>One finding of local validation (<see cref="IntegrationDefinition.Validate"/>): where, what, which rule, how sure.</summary>
/// <param name="Path">The field path, such as <c>config.oAuthClientConfig.clientId</c>.</param>
/// <param name="Message">What is expected there. It never quotes a credential.</param>
/// <param name="Rule">A stable code of the rule, such as <c>required</c> or <c>redacted-credential</c> (see <see cref="IntegrationValidationRules"/>).</param>
/// <param name="Severity">Whether the finding refuses the request (<see cref="IntegrationValidationSeverity.Error"/>) or is only reported.</param>
/// <param name="Source">Where the rule comes from: the section of the SDK's specification and the Immuta page or example it restates.</param>
public sealed record IntegrationValidationFinding(string Path, string Message, string Rule, IntegrationValidationSeverity Severity, string Source)
{
    /// <summary>Whether the finding refuses the request.</summary>
    public bool IsError => Severity == IntegrationValidationSeverity.Error;

    /// <summary>Prints <c>path: message</c>.</summary>
    /// <returns>The finding as one line.</returns>
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>The codes of the local validation rules (<see cref="IntegrationValidationFinding.Rule"/>).</summary>
/// <remarks>A code names a kind of rule; the severity is on each finding, since it depends on how sure its source is.</remarks>
public static class IntegrationValidationRules
{
    /// <summary>A required field (or <c>config</c>) is missing or empty.</summary>
    public const string Required = "required";

    /// <summary>A value is not one this SDK knows: an unknown <c>type</c> or <c>authenticationType</c> (always a warning).</summary>
    public const string AcceptedValues = "accepted-values";

    /// <summary><c>autoBootstrap</c> is missing, or has a value the platform or endpoint does not allow.</summary>
    public const string AutoBootstrap = "auto-bootstrap";

    /// <summary>A value does not have the documented format (catalog name, dataset suffix, key file).</summary>
    public const string Format = "format";

    /// <summary>The script endpoint is not documented for this platform.</summary>
    public const string Endpoint = "endpoint";

    /// <summary>
    /// A string member is the server's redaction marker <c>&lt;REDACTED&gt;</c>, not a real value. Always an error, and a
    /// body holding it is never sent, whatever <see cref="ImmutaClientOptions.ValidateBeforeSending"/> says.
    /// </summary>
    public const string RedactedCredential = "redacted-credential";

    /// <summary>
    /// A credential is <c>REDACTED</c>, the marker Immuta returns for a Databricks token. A warning: Immuta's own Databricks
    /// examples send it as the token.
    /// </summary>
    public const string PlainRedactionMarker = "plain-redaction-marker";

    /// <summary>A member this SDK does not model (often a misspelt name); it is kept and sent as written (a warning).</summary>
    public const string UnknownMember = "unknown-member";

    /// <summary>
    /// Delete credentials for an integration whose delete takes none (Databricks, Google BigQuery, Native S3, Trino):
    /// refused when the platform is known, whatever <see cref="ImmutaClientOptions.ValidateBeforeSending"/> says; for an
    /// integration set up by hand (<c>autoBootstrap: false</c>), an error.
    /// </summary>
    public const string DeleteCredentials = "delete-credentials";
}
