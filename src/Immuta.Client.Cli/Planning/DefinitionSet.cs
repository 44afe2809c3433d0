namespace Immuta.Client.Cli.Planning;

/// <summary>One definition file and the integration it describes.</summary>
/// <param name="File">The path as given (or found in a directory); <c>-</c> for standard input.</param>
/// <param name="Definition">The integration it describes.</param>
internal sealed record DesiredIntegration(string File, IntegrationDefinition Definition)
{
    /// <summary>How the file is named in messages: <c>stdin</c> for standard input.</summary>
    public string Name => File == "-" ? "stdin" : File;
}

/// <summary>
/// The definitions <c>plan</c> and <c>apply</c> work on: each <c>-f</c> path, a file (JSON or YAML, one integration) or a
/// directory (its <c>*.json</c>, <c>*.yaml</c> and <c>*.yml</c> files, not its subdirectories, in name order). Every file
/// is read before anything is sent: each one that cannot be read is reported, and two files that describe the same
/// integration (platform and identity, <see cref="IntegrationIdentity"/>) are refused, naming both.
/// </summary>
internal static class DefinitionSet
{
    private static readonly string[] Extensions = [".json", ".yaml", ".yml"];

    public static async Task<IReadOnlyList<DesiredIntegration>> ReadAsync(CliEnvironment environment, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (path != "-" && Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path)
                    .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (found.Count == 0)
                {
                    throw new UsageException($"{path}: the directory holds no *.json, *.yaml or *.yml file.");
                }

                files.AddRange(found);
            }
            else
            {
                files.Add(path);
            }
        }

        // A file named twice (a directory and a file in it) is read once.
        files = files.DistinctBy(f => f == "-" ? f : Path.GetFullPath(f), StringComparer.Ordinal).ToList();
        if (files.Contains("-") && files.Count > 1)
        {
            throw new UsageException("-f - (standard input) cannot be combined with other files.");
        }

        var read = new List<DesiredIntegration>();
        var problems = 0;
        foreach (var file in files)
        {
            try
            {
                read.Add(new DesiredIntegration(file, await Definitions.ReadAsync<IntegrationDefinition>(environment, file, cancellationToken).ConfigureAwait(false)));
            }
            catch (Exception error) when (files.Count > 1 && error is UsageException or ImmutaSerializationException or IOException or UnauthorizedAccessException)
            {
                // Each file that cannot be read is named; nothing is sent.
                problems++;
                var message = error.Message.Contains(file, StringComparison.Ordinal) ? error.Message : $"{file}: {error.Message}";
                await environment.Error.WriteLineAsync(Findings.OneLine($"error: {message}")).ConfigureAwait(false);
            }
        }

        if (problems > 0)
        {
            throw new UsageException($"{problems} of {files.Count} files could not be read; nothing was sent.");
        }

        foreach (var same in read.Where(d => IntegrationIdentity.KeyOf(d.Definition) is not null)
                     .GroupBy(d => (d.Definition.Type, Key: IntegrationIdentity.KeyOf(d.Definition)))
                     .Where(g => g.Count() > 1))
        {
            var names = same.Select(d => d.Name).ToList();
            throw new UsageException($"{string.Join(" and ", names)} describe the same {same.Key.Type} integration ({same.Key.Key}): one integration per file, each once; nothing was sent.");
        }

        return read;
    }
}
