using Immuta.Client.Internal;

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
    /// Reads a model from <c>-f PATH</c>: a JSON or YAML file, or standard input for <c>-</c>. A directory is named as one;
    /// every error names the file (<c>stdin</c> for standard input), the line and column of the text as written and the
    /// field. A definition's text is remembered, so its warnings (<see cref="CheckAsync"/>) point into the file too.
    /// </summary>
    public static async Task<T> ReadAsync<T>(CliEnvironment environment, string path, CancellationToken cancellationToken)
    {
        var (text, source) = await ReadTextAsync(environment, path, cancellationToken).ConfigureAwait(false);
        var format = path == "-" ? IntegrationFileFormat.Auto : IntegrationDefinitionFile.FormatOf(path);
        var model = IntegrationDefinitionFile.Parse<T>(text, format, environment.Variables, source);
        if (model is IntegrationDefinition definition)
        {
            Sources.AddOrUpdate(definition, new SourceText(source, text, format));
        }

        return model;
    }

    private static async Task<(string Text, string Source)> ReadTextAsync(CliEnvironment environment, string path, CancellationToken cancellationToken)
    {
        if (path == "-")
        {
            var input = await BoundedText.ReadAsync(environment.In, BoundedText.MaxDefinitionChars, cancellationToken).ConfigureAwait(false)
                ?? throw new UsageException($"stdin: standard input holds more than {BoundedText.MaxDefinitionText}, which no definition does: it was not read.");
            return string.IsNullOrWhiteSpace(input)
                ? throw new UsageException("stdin: standard input is empty: -f - reads a JSON or YAML definition from it (pipe or redirect one).")
                : (input, "stdin");
        }

        if (Directory.Exists(path))
        {
            throw new UsageException($"{path} is a directory: -f takes a JSON or YAML file (or - for standard input).");
        }

        try
        {
            return (await BoundedText.ReadFileAsync(path, BoundedText.MaxDefinitionChars, cancellationToken).ConfigureAwait(false)
                ?? throw new UsageException($"{path}: the file is larger than {BoundedText.MaxDefinitionText}, which no definition is: it was not read (is it the file you meant?)."), path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // The runtime's messages ("Could not find file '…'.") quote the path in its full form and speak of .NET: one line in the file's terms.
            throw new UsageException(error switch
            {
                FileNotFoundException or DirectoryNotFoundException => $"{path}: no such file.",
                UnauthorizedAccessException => $"{path}: the file cannot be read (permission denied).",
                _ => $"{path}: the file cannot be read ({error.Message.TrimEnd('.')}).",
            });
        }
    }

    // Where each definition read by this run came from, for locating its findings; dropped with the definition.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IntegrationDefinition, SourceText> Sources = new();

    private sealed record SourceText(string Name, string Text, IntegrationFileFormat Format);

    /// <summary>A finding of a definition read from a file, its path prefixed with <c>file:line:column</c> of the member it is about.</summary>
    private static IntegrationValidationFinding Located(IntegrationDefinition definition, IntegrationValidationFinding finding)
    {
        if (!Sources.TryGetValue(definition, out var source))
        {
            return finding;
        }

        var where = IntegrationDefinitionFile.TryLocate(source.Text, source.Format, finding.Path, out var line, out var column)
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{source.Name}:{line}:{column}")
            : source.Name;
        return finding with { Path = $"{where}: {finding.Path}" };
    }

    /// <summary>
    /// Local validation for a command: each warning is printed to stderr with its path and source, and the command goes on;
    /// errors stop it (exit 2, each printed the same way). <c>--skip-validation</c> skips the local rules, never the ones
    /// refused whatever the options say (<c>&lt;REDACTED&gt;</c>; the SDK refuses such a body anyway).
    /// </summary>
    /// <param name="label">What each warning starts with: the file's name when a command reads several.</param>
    /// <returns>How many warnings were printed.</returns>
    public static async Task<int> CheckAsync(CliRun run, IntegrationDefinition definition, IntegrationRequestKind kind, string label = "")
    {
        if (!run.Validate)
        {
            // The rule refused whatever the options say (a <REDACTED> member), checked before a plan is printed.
            var markers = definition.Validate(kind).Where(f => f.Rule == IntegrationValidationRules.RedactedCredential).Select(f => Located(definition, f)).ToList();
            return markers.Count > 0 ? throw new IntegrationValidationException(markers) : 0;
        }

        var findings = definition.Validate(kind).Select(f => Located(definition, f)).ToList();
        var warnings = 0;
        foreach (var warning in findings.Where(f => !f.IsError))
        {
            await run.Environment.Error.WriteLineAsync(Findings.Describe(warning with { Path = label + warning.Path })).ConfigureAwait(false);
            warnings++;
        }

        return warnings < findings.Count ? throw new IntegrationValidationException(findings) : warnings;
    }

    // Delete credentials are platform-specific: the integration's type decides which model the file is read into. A
    // platform whose delete takes none is refused even with --skip-validation; one set up by hand, unless it is passed; one
    // this tool does not know is read with every member kept (UnknownDeleteCredentials), and Immuta decides.
    public static async Task<IntegrationDeleteCredentials> LoadCredentialsAsync(CliRun run, string id, string path, CancellationToken cancellationToken)
    {
        var integration = await run.Client.Integrations.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (IntegrationDeleteCredentials.RefusalFor(integration.Definition, run.Validate) is { } refusal)
        {
            throw new IntegrationValidationException([refusal with { Path = $"integration {id}" }]);
        }

        var (text, source) = await ReadTextAsync(run.Environment, path, cancellationToken).ConfigureAwait(false);
        var format = path == "-" ? IntegrationFileFormat.Auto : IntegrationDefinitionFile.FormatOf(path);
        return IntegrationDefinitionFile.ParseDeleteCredentials(text, integration.Type, format, run.Environment.Variables, source);
    }
}
