using System.CommandLine;
using Immuta.Client.Cli.Export;

namespace Immuta.Client.Cli.Commands;

/// <summary>
/// <c>export [ID…] --dir DIR</c>: writes the tenant's integrations (all, or those named) as one YAML file each, named by
/// platform and identity, credentials as <c>${…}</c> placeholders whose names it prints (<see cref="ExportedDefinition"/>).
/// </summary>
internal static class ExportCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var ids = new Argument<string[]>("id") { Description = "The integrations to export (default: all).", Arity = ArgumentArity.ZeroOrMore };
        ids.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (Ids.Problem(token.Value) is { } problem)
                {
                    result.AddError(problem);
                }
            }
        });
        var dir = new Option<string>("--dir") { Description = "The directory to write the files to (created if missing).", Required = true };
        var export = new Command("export", "Write the tenant's integrations as YAML files, one each, credentials as ${ENV} placeholders (printed), Immuta's defaults left out.") { ids, dir };
        export.SetAction((p, ct) => CommandRunner.RunAsync(p, environment, run => ExportAsync(run, p.GetValue(ids) ?? [], p.GetRequiredValue(dir), ct), needsClient: true, ct));
        export.With([.. CliOptions.Tenant]);
        return export;
    }

    private static async Task<int> ExportAsync(CliRun run, string[] ids, string dir, CancellationToken cancellationToken)
    {
        var all = await run.Client.Integrations.ListAsync(cancellationToken).ConfigureAwait(false);
        var chosen = ids.Length == 0 ? all.ToList() : ids.Distinct(StringComparer.Ordinal).Select(id => all.FirstOrDefault(i => i.Id == id) ?? throw new CommandFailedException($"there is no integration {id}; nothing was written.")).ToList();
        if (File.Exists(dir))
        {
            throw new UsageException($"{dir} is a file: --dir takes a directory.");
        }

        // Every file is made before the first is written: an integration that cannot be exported leaves no folder half done.
        var exports = chosen.Select(integration => (Integration: integration, Exported: ExportedDefinition.Of(integration))).ToList();
        Directory.CreateDirectory(dir);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (integration, exported) in exports)
        {

            // Two integrations of one identity (one disabled, say): the second is told apart by its id.
            var name = names.Add(exported.FileName) ? exported.FileName : $"{Path.GetFileNameWithoutExtension(exported.FileName)}-{integration.Id}.yaml";
            names.Add(name);
            var path = Path.Combine(dir, name);
            await File.WriteAllTextAsync(path, exported.Yaml, cancellationToken).ConfigureAwait(false);
            await run.Environment.Out.WriteLineAsync(Findings.OneLine($"{path}: {integration.Type} integration {integration.Id}")).ConfigureAwait(false);
            foreach (var (variable, field) in exported.Variables)
            {
                await run.Environment.Out.WriteLineAsync(Findings.OneLine($"  set {variable} ({field})")).ConfigureAwait(false);
            }
        }

        await run.Environment.Error.WriteLineAsync($"exported {chosen.Count} integration{(chosen.Count == 1 ? string.Empty : "s")} to {dir}").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
