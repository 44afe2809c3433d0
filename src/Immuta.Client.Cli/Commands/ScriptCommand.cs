using System.CommandLine;

namespace Immuta.Client.Cli.Commands;

/// <summary><c>script …</c>: the scripts for an integration set up by hand (<c>autoBootstrap: false</c>).</summary>
internal static class ScriptCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var script = new Command("script", "Get the scripts for manual setup (autoBootstrap: false).");
        foreach (var (name, kind, help) in new[]
        {
            ("create", IntegrationRequestKind.CreateScript, "The setup script to run before creating the integration."),
            ("initial-create", IntegrationRequestKind.InitialCreateScript, "The first of two setup scripts (Redshift, Synapse)."),
            ("cleanup", IntegrationRequestKind.CleanupScript, "The clean-up script for an integration that was not created."),
            ("post-cleanup", IntegrationRequestKind.PostCleanupScript, "The second clean-up script (Synapse)."),
        })
        {
            var scriptFile = CliOptions.File();
            var scriptOut = CliOptions.ScriptOut();
            var command = new Command(name, help) { scriptFile, scriptOut };
            command.SetAction((p, ct) => CommandRunner.RunAsync(p, environment, async run =>
            {
                var definition = await Definitions.LoadAsync(run, p.GetRequiredValue(scriptFile), kind, ct).ConfigureAwait(false);
                var scripts = run.Client.Integrations.Scripts;
                var result = kind switch
                {
                    IntegrationRequestKind.CreateScript => await scripts.CreateAsync(definition, ct).ConfigureAwait(false),
                    IntegrationRequestKind.InitialCreateScript => await scripts.InitialCreateAsync(definition, ct).ConfigureAwait(false),
                    IntegrationRequestKind.CleanupScript => await scripts.CleanupAsync(definition, ct).ConfigureAwait(false),
                    _ => await scripts.PostCleanupAsync(definition, ct).ConfigureAwait(false),
                };
                return await WriteAsync(run, result, p.GetValue(scriptOut), ct).ConfigureAwait(false);
            }, needsClient: true, ct));
            script.Add(command.With([.. CliOptions.Tenant, CliOptions.SkipValidation]));
        }

        var editId = CliOptions.Id();
        var editFile = CliOptions.File();
        var editOut = CliOptions.ScriptOut();
        var edit = new Command("edit", "The script that changes an integration set up by hand; then update it with the same file.") { editId, editFile, editOut };
        edit.SetAction((p, ct) => CommandRunner.RunAsync(p, environment, async run =>
        {
            var definition = await Definitions.LoadAsync(run, p.GetRequiredValue(editFile), IntegrationRequestKind.EditScript, ct).ConfigureAwait(false);
            var result = await run.Client.Integrations.Scripts.EditAsync(p.GetRequiredValue(editId), definition, ct).ConfigureAwait(false);
            return await WriteAsync(run, result, p.GetValue(editOut), ct).ConfigureAwait(false);
        }, needsClient: true, ct));

        var deleteId = CliOptions.Id();
        var deleteOut = CliOptions.ScriptOut();
        var delete = new Command("delete", "The script that removes Immuta's objects of a created integration; then delete it.") { deleteId, deleteOut };
        delete.SetAction((p, ct) => CommandRunner.RunAsync(p, environment, async run =>
        {
            var result = await run.Client.Integrations.Scripts.DeleteAsync(p.GetRequiredValue(deleteId), ct).ConfigureAwait(false);
            return await WriteAsync(run, result, p.GetValue(deleteOut), ct).ConfigureAwait(false);
        }, needsClient: true, ct));

        script.Add(edit.With([.. CliOptions.Tenant, CliOptions.SkipValidation]));
        script.Add(delete.With(CliOptions.Tenant));
        return script;
    }

    private static async Task<int> WriteAsync(CliRun run, IntegrationScript script, string? path, CancellationToken cancellationToken)
    {
        if (path is null)
        {
            await run.Environment.Out.WriteAsync(script.Text.EndsWith('\n') ? script.Text : script.Text + "\n").ConfigureAwait(false);
        }
        else
        {
            await script.SaveAsync(path, cancellationToken).ConfigureAwait(false);
            await run.Environment.Error.WriteLineAsync($"wrote {script.Text.Length} characters to {path}").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
