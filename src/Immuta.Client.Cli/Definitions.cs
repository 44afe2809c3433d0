namespace Immuta.Client.Cli;

/// <summary>Reads definition and credential files for a command and checks them locally before anything is sent.</summary>
internal static class Definitions
{
    public static async Task<IntegrationDefinition> LoadAsync(CliRun run, string path, IntegrationRequestKind kind, CancellationToken cancellationToken)
    {
        var definition = await IntegrationDefinitionFile.LoadAsync(path, run.Environment.Variables, cancellationToken).ConfigureAwait(false);
        await CheckAsync(run, definition, kind).ConfigureAwait(false);
        return definition;
    }

    /// <summary>
    /// Local validation for a command: each warning is printed to stderr with its path and source, and the command goes on;
    /// errors stop it (exit 2, each printed the same way). <c>--skip-validation</c> skips the local rules, never the ones
    /// refused whatever the options say (<c>&lt;REDACTED&gt;</c>; the SDK refuses such a body anyway).
    /// </summary>
    /// <returns>How many warnings were printed.</returns>
    public static async Task<int> CheckAsync(CliRun run, IntegrationDefinition definition, IntegrationRequestKind kind)
    {
        if (!run.Validate)
        {
            Validation.IntegrationValidator.EnsureNoRedactionMarkers(definition);
            return 0;
        }

        var findings = definition.Validate(kind);
        var warnings = 0;
        foreach (var warning in findings.Where(f => !f.IsError))
        {
            await run.Environment.Error.WriteLineAsync(Findings.Describe(warning)).ConfigureAwait(false);
            warnings++;
        }

        return warnings < findings.Count ? throw new IntegrationValidationException(findings) : warnings;
    }

    // Delete credentials are platform-specific: the integration's type decides which model the file is read into. A
    // platform whose delete takes none is refused even with --skip-validation; one set up by hand, unless it is passed.
    public static async Task<IntegrationDeleteCredentials> LoadCredentialsAsync(CliRun run, string id, string path, CancellationToken cancellationToken)
    {
        var integration = await run.Client.Integrations.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (Validation.IntegrationValidator.CredentialsRefusedFor(integration.Definition, run.Validate) is { } refusal)
        {
            throw new IntegrationValidationException([refusal with { Path = $"integration {id}" }]);
        }

        var variables = run.Environment.Variables;
        return integration.Definition switch
        {
            SnowflakeIntegration => await IntegrationDefinitionFile.LoadAsync<SnowflakeDeleteCredentials>(path, variables, cancellationToken).ConfigureAwait(false),
            RedshiftIntegration => await IntegrationDefinitionFile.LoadAsync<RedshiftDeleteCredentials>(path, variables, cancellationToken).ConfigureAwait(false),
            AzureSynapseIntegration => await IntegrationDefinitionFile.LoadAsync<AzureSynapseDeleteCredentials>(path, variables, cancellationToken).ConfigureAwait(false),
            _ => throw new UsageException($"integration {id} is {integration.Type}: this tool reads delete credentials only for Snowflake, Redshift and Azure Synapse Analytics."),
        };
    }
}
