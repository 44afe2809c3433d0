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

/// <summary>One problem found by <see cref="IntegrationDefinition.Validate"/>.</summary>
/// <param name="Path">The field path, such as <c>config.oAuthClientConfig.clientId</c>.</param>
/// <param name="Message">What is expected there.</param>
/// <param name="Rule">A stable code of the rule, such as <c>required</c> or <c>redacted-credential</c> (see <see cref="IntegrationValidationRules"/>).</param>
public sealed record IntegrationValidationError(string Path, string Message, string Rule)
{
    /// <summary>Prints <c>path: message</c>.</summary>
    /// <returns>The error as one line.</returns>
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>The codes of the local validation rules.</summary>
public static class IntegrationValidationRules
{
    /// <summary>A required field is missing or empty.</summary>
    public const string Required = "required";

    /// <summary>A value is not one of the accepted values.</summary>
    public const string AcceptedValues = "accepted-values";

    /// <summary><c>autoBootstrap</c> is missing, or has a value the platform or endpoint does not allow.</summary>
    public const string AutoBootstrap = "auto-bootstrap";

    /// <summary>A value does not have the documented format (catalog name, dataset suffix, key file).</summary>
    public const string Format = "format";

    /// <summary>The endpoint does not accept this platform.</summary>
    public const string Endpoint = "endpoint";

    /// <summary>
    /// A credential is the server's redaction marker (<c>&lt;REDACTED&gt;</c>, <c>REDACTED</c>), or any string member is
    /// <c>&lt;REDACTED&gt;</c>: not a real value. A body holding <c>&lt;REDACTED&gt;</c> is never sent, whatever
    /// <see cref="ImmutaClientOptions.ValidateBeforeSending"/> says.
    /// </summary>
    public const string RedactedCredential = "redacted-credential";
}

/// <summary>Thrown before any request when a definition fails local validation; lists every problem at once.</summary>
public class IntegrationValidationException : ImmutaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errors">The problems found.</param>
    public IntegrationValidationException(IReadOnlyList<IntegrationValidationError> errors)
        : base(MessageOf(errors)) => Errors = errors;

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<IntegrationValidationError> Errors { get; }

    private static string MessageOf(IReadOnlyList<IntegrationValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return $"The integration definition is not valid ({errors.Count} problem{(errors.Count == 1 ? string.Empty : "s")}):"
            + string.Concat(errors.Select(e => $"{Environment.NewLine}- {e}"));
    }
}
