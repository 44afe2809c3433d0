namespace Immuta.Client.Cli;

/// <summary>Reads definition and credential files for a command and checks them locally before anything is sent.</summary>
internal static class Definitions
{
    public static async Task<IntegrationDefinition> LoadAsync(CliRun run, string path, IntegrationRequestKind kind, CancellationToken cancellationToken)
    {
        var definition = await ReadAsync<IntegrationDefinition>(run.Environment, path, cancellationToken).ConfigureAwait(false);
        await CheckAsync(run, definition, kind).ConfigureAwait(false);
        return definition;
    }

    /// <summary>
    /// Local validation for a command: each warning is printed to stderr with its path and source, and the command goes on;
    /// errors stop it (exit 2, each printed the same way). <c>--skip-validation</c> skips the local rules, never the ones
    /// refused whatever the options say (<c>&lt;REDACTED&gt;</c>; the SDK refuses such a body anyway).
    /// </summary>
    /// <returns>How many warnings were printed.</returns>
    /// <summary>
    /// Reads a model from <c>-f PATH</c>: a JSON or YAML file, or standard input for <c>-</c>. A directory is named as one;
    /// every error names the file (<c>stdin</c> for standard input).
    /// </summary>
    public static async Task<T> ReadAsync<T>(CliEnvironment environment, string path, CancellationToken cancellationToken)
    {
        if (path == "-")
        {
            var text = await environment.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return IntegrationDefinitionFile.Parse<T>(text, IntegrationFileFormat.Auto, environment.Variables);
            }
            catch (ImmutaSerializationException exception)
            {
                throw new UsageException($"stdin: {exception.Message}");
            }
        }

        if (Directory.Exists(path))
        {
            throw new UsageException($"{path} is a directory: -f takes a JSON or YAML file (or - for standard input).");
        }

        return await IntegrationDefinitionFile.LoadAsync<T>(path, environment.Variables, cancellationToken).ConfigureAwait(false);
    }

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

        return integration.Definition switch
        {
            SnowflakeIntegration => await ReadAsync<SnowflakeDeleteCredentials>(run.Environment, path, cancellationToken).ConfigureAwait(false),
            RedshiftIntegration => await ReadAsync<RedshiftDeleteCredentials>(run.Environment, path, cancellationToken).ConfigureAwait(false),
            AzureSynapseIntegration => await ReadAsync<AzureSynapseDeleteCredentials>(run.Environment, path, cancellationToken).ConfigureAwait(false),
            _ => throw new UsageException($"integration {id} is {integration.Type}: this tool reads delete credentials only for Snowflake, Redshift and Azure Synapse Analytics."),
        };
    }
}
