using Immuta.Client.Validation;

namespace Immuta.Client;

/// <summary>
/// What the SDK knows about one platform, in one place: its wire <c>type</c>, its model types, what makes two of its
/// definitions the same integration, which endpoints it is documented for, whether its delete takes credentials, its local
/// validation rules, and what Immuta returns for it (defaults, redaction, validation test names). The JSON converter, the
/// local validator, <see cref="IntegrationIdentity"/>, the <c>FakeImmutaServer</c> and the <c>immuta-integrations</c> tool
/// read these facts through <see cref="ImmutaPlatforms"/>; none of them names a platform.
/// </summary>
/// <remarks>
/// Only this SDK defines platforms (one file per platform in its <c>Platforms</c> folder). A <c>type</c> it does not know
/// reads as <see cref="UnknownIntegration"/> and has no descriptor: it is sent as written and Immuta decides.
/// </remarks>
public abstract class ImmutaPlatform
{
    private readonly IntegrationRequestKind[] _scriptEndpoints;

    private protected ImmutaPlatform(PlatformFacts facts)
    {
        Type = facts.Type;
        DisplayName = facts.DisplayName ?? facts.Type.ToString();
        DefinitionType = facts.DefinitionType;
        DeleteCredentialsType = facts.DeleteCredentials?.Type;
        DeleteCredentials = facts.DeleteCredentials;
        IdentityKind = facts.IdentityKind;
        AutoBootstrap = facts.AutoBootstrap;
        AutoBootstrapNotSent = facts.AutoBootstrapNotSent;
        _scriptEndpoints = facts.ScriptEndpoints;
        AcceptsDeleteScript = facts.AcceptsDeleteScript;
        AcceptsApiKeyRegeneration = facts.AcceptsApiKeyRegeneration;
        DeleteCredentialsRefusedMessage = facts.DeleteCredentialsRefusedMessage;
        NonEditablePaths = Array.AsReadOnly(facts.NonEditablePaths?.ToArray() ?? []);
        Rules = facts.Rules;
    }

    /// <summary>The wire <c>type</c>, such as <c>Snowflake</c> or <c>Native S3</c>; matched exactly (ordinal) on read.</summary>
    public IntegrationType Type { get; }

    /// <summary>How Immuta's messages and documentation name the platform, such as <c>Databricks Unity Catalog</c>.</summary>
    public string DisplayName { get; }

    /// <summary>The <see cref="IntegrationDefinition"/> record a definition of this platform reads as, such as <see cref="SnowflakeIntegration"/>.</summary>
    public Type DefinitionType { get; }

    /// <summary>
    /// The <see cref="IntegrationDeleteCredentials"/> record its <c>DELETE /integrations/{id}</c> takes (when the integration
    /// was set up automatically), or <see langword="null"/> when its delete never takes credentials (spec §3.3, §6).
    /// </summary>
    public Type? DeleteCredentialsType { get; }

    /// <summary>What makes two definitions of this platform the same integration (<see cref="IntegrationIdentity"/>).</summary>
    public IntegrationIdentityKind IdentityKind { get; }

    /// <summary>Whether <c>POST /integrations/{id}/scripts/delete</c> is documented for it (spec §3.10, §15 DC1).</summary>
    public bool AcceptsDeleteScript { get; }

    /// <summary>Whether <c>POST /integrations/{id}/regenerate</c> (a new Immuta API key) is documented for it (spec §3.14).</summary>
    public bool AcceptsApiKeyRegeneration { get; }

    /// <summary>
    /// The 400 message Immuta's documentation shows when a delete of this platform's integration carries credentials it does
    /// not take (spec §11), when it documents one for this platform; otherwise <see langword="null"/>.
    /// </summary>
    public string? DeleteCredentialsRefusedMessage { get; }

    /// <summary>
    /// JSON paths of settings Immuta documents as fixed once set (an update may not change them, nor leave them out),
    /// such as Azure Synapse's <c>config.metadataDelimiters</c>; empty when none are documented.
    /// </summary>
    public IReadOnlyList<string> NonEditablePaths { get; }

    /// <summary>Whether the endpoint a definition is sent to is documented for this platform (spec §3.8-3.13): always for create and update (and a kind this SDK does not list).</summary>
    /// <param name="kind">The request.</param>
    /// <returns><see langword="true"/> when Immuta's documentation lists the platform for that endpoint.</returns>
    public bool IsDocumentedFor(IntegrationRequestKind kind)
        => kind is not (IntegrationRequestKind.CreateScript or IntegrationRequestKind.EditScript or IntegrationRequestKind.InitialCreateScript
            or IntegrationRequestKind.CleanupScript or IntegrationRequestKind.PostCleanupScript)
            || Array.IndexOf(_scriptEndpoints, kind) >= 0;

    /// <summary>
    /// Reads this platform's delete credentials (<see cref="DeleteCredentialsType"/>) from JSON strictly, as
    /// <see cref="ImmutaJson.DeserializeStrict{T}"/> does: a member whose value does not fit its type is an error naming its path.
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The credentials, as the record of this platform.</returns>
    /// <exception cref="InvalidOperationException">The platform's delete takes no credentials (<see cref="DeleteCredentialsType"/> is <see langword="null"/>).</exception>
    /// <exception cref="ImmutaSerializationException">The text is not valid, or a member does not fit its type.</exception>
    public IntegrationDeleteCredentials ReadDeleteCredentials([System.Diagnostics.CodeAnalysis.StringSyntax(System.Diagnostics.CodeAnalysis.StringSyntaxAttribute.Json)] string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return DeleteCredentials is { } format ? format.ReadStrict(json) : throw new InvalidOperationException(TakesNoCredentials);
    }

    /// <summary>Returns <see cref="Type"/>'s wire text.</summary>
    /// <returns>The wire <c>type</c>.</returns>
    public override string ToString() => Type.ToString();

    internal PlatformAutoBootstrap AutoBootstrap { get; }

    internal string TakesNoCredentials => $"A {Type} integration's delete takes no credentials.";

    /// <summary>The rule warning about an <c>autoBootstrap</c> that is not part of the platform's body (Trino); <see langword="null"/> when it is.</summary>
    internal LocalRule? AutoBootstrapNotSent { get; }

    internal DeleteCredentialsFormat? DeleteCredentials { get; }

    /// <summary>The platform's own local rules (listed in the README's "Local validation" table with the shared ones).</summary>
    internal IReadOnlyList<LocalRule> Rules { get; }

    /// <summary>The raw identity field of a definition of this platform (host, workspace URL, name, dataset), before normalization.</summary>
    internal abstract string? IdentityValue(IntegrationDefinition definition);

    /// <summary>
    /// A rule that makes <c>autoBootstrap: true</c> an error for this definition beyond the platform-wide ones (Snowflake
    /// with OAuth), with its message; <see langword="null"/> when there is none.
    /// </summary>
    internal virtual (LocalRule Rule, string Message)? AutoBootstrapMustBeFalse(IntegrationDefinition definition) => null;

    /// <summary>The platform's config rules, after the shared endpoint and <c>autoBootstrap</c> checks.</summary>
    internal abstract void ValidateConfig(IntegrationDefinition definition, FindingCollector findings);

    /// <summary>The platform's rules for its delete credentials (none may be the plain redaction marker).</summary>
    internal virtual void ValidateDeleteCredentials(IntegrationDeleteCredentials credentials, FindingCollector findings)
    {
    }

    /// <summary>The definition as Immuta's GET returns it: documented defaults filled in, typed credentials redacted.</summary>
    internal abstract IntegrationDefinition AsRead(IntegrationDefinition definition);

    /// <summary>The validation tests Immuta's documentation shows for the platform (spec §8.4), as a run that passed.</summary>
    internal abstract IReadOnlyList<ValidationTest> DocumentedValidationTests(IntegrationDefinition definition);
}

/// <summary>The data of a descriptor, named at its one construction site.</summary>
internal sealed record PlatformFacts(
    IntegrationType Type,
    Type DefinitionType,
    IntegrationIdentityKind IdentityKind,
    IntegrationRequestKind[] ScriptEndpoints,
    IReadOnlyList<LocalRule> Rules)
{
    public string? DisplayName { get; init; }

    public DeleteCredentialsFormat? DeleteCredentials { get; init; }

    public PlatformAutoBootstrap AutoBootstrap { get; init; } = PlatformAutoBootstrap.Required;

    public LocalRule? AutoBootstrapNotSent { get; init; }

    public bool AcceptsDeleteScript { get; init; }

    public bool AcceptsApiKeyRegeneration { get; init; }

    public string? DeleteCredentialsRefusedMessage { get; init; }

    public IReadOnlyList<string>? NonEditablePaths { get; init; }
}

/// <summary>What the documentation says of a platform's <c>autoBootstrap</c> (spec §4).</summary>
internal enum PlatformAutoBootstrap
{
    /// <summary>Required, true or false.</summary>
    Required,

    /// <summary>Required and must be false (Native S3, Google BigQuery).</summary>
    MustBeFalse,
}

/// <summary>A platform's delete-credentials record: its type and how it is read (strictly, from JSON or a file's text).</summary>
internal sealed class DeleteCredentialsFormat
{
    private DeleteCredentialsFormat(Type type, Func<string, IntegrationDeleteCredentials> readStrict, Func<string, IntegrationFileFormat, Func<string, string?>?, string?, IntegrationDeleteCredentials> parse)
    {
        Type = type;
        ReadStrict = readStrict;
        Parse = parse;
    }

    public Type Type { get; }

    public Func<string, IntegrationDeleteCredentials> ReadStrict { get; }

    public Func<string, IntegrationFileFormat, Func<string, string?>?, string?, IntegrationDeleteCredentials> Parse { get; }

    /// <summary>The delete credentials of a platform this SDK does not know: every member kept (<see cref="UnknownDeleteCredentials"/>).</summary>
    public static DeleteCredentialsFormat Unknown { get; } = Of<UnknownDeleteCredentials>();

    public static DeleteCredentialsFormat Of<T>()
        where T : IntegrationDeleteCredentials
        => new(typeof(T), json => ImmutaJson.DeserializeStrict<T>(json), (text, format, environment, source) => IntegrationDefinitionFile.Parse<T>(text, format, environment, source));
}

/// <summary>
/// A descriptor typed by its definition record: the platform's code reads its own record, and the registry casts once.
/// </summary>
/// <typeparam name="TDefinition">The platform's definition record.</typeparam>
internal abstract class ImmutaPlatform<TDefinition> : ImmutaPlatform
    where TDefinition : IntegrationDefinition
{
    private protected ImmutaPlatform(PlatformFacts facts)
        : base(facts)
    {
    }

    internal sealed override string? IdentityValue(IntegrationDefinition definition) => IdentityValue((TDefinition)definition);

    internal sealed override (LocalRule Rule, string Message)? AutoBootstrapMustBeFalse(IntegrationDefinition definition) => AutoBootstrapMustBeFalse((TDefinition)definition);

    internal sealed override void ValidateConfig(IntegrationDefinition definition, FindingCollector findings) => ValidateConfig((TDefinition)definition, findings);

    internal sealed override IntegrationDefinition AsRead(IntegrationDefinition definition) => AsRead((TDefinition)definition);

    internal sealed override IReadOnlyList<ValidationTest> DocumentedValidationTests(IntegrationDefinition definition) => DocumentedValidationTests((TDefinition)definition);

    private protected abstract string? IdentityValue(TDefinition definition);

    private protected virtual (LocalRule Rule, string Message)? AutoBootstrapMustBeFalse(TDefinition definition) => null;

    private protected abstract void ValidateConfig(TDefinition definition, FindingCollector findings);

    private protected abstract TDefinition AsRead(TDefinition definition);

    private protected abstract IReadOnlyList<ValidationTest> DocumentedValidationTests(TDefinition definition);
}
