using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Immuta.Client.Serialization;

namespace Immuta.Client.Cli;

/// <summary>The <c>immuta-integrations</c> command tree.</summary>
internal static partial class CliApp
{
    private static readonly Option<string?> UrlOption = new("--url") { Description = "The Immuta tenant URL (default: $IMMUTA_URL).", Recursive = true };
    private static readonly Option<string?> ApiKeyOption = new("--api-key") { Description = "The Immuta API key (default: $IMMUTA_API_KEY). Never printed.", Recursive = true };
    private static readonly Option<string?> OutputOption = new("--output") { Description = "json, yaml or table (default: table on a terminal, json otherwise).", Recursive = true };
    private static readonly Option<bool> ShowSecretsOption = new("--show-secrets") { Description = "Print credentials instead of ***.", Recursive = true };
    private static readonly Option<bool> SkipValidationOption = new("--skip-validation") { Description = "Send definitions without checking them locally first (for fields or values newer than this tool); a <REDACTED> value is still refused.", Recursive = true };
    private static readonly Option<bool> AllowInsecureHttpOption = new("--allow-insecure-http") { Description = "Accept an http:// URL to another machine (the API key then crosses the network unencrypted).", Recursive = true };

    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken)
    {
        OutputOption.AcceptOnlyFromAmong("json", "yaml", "table");
        var root = Build(environment);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await environment.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            }

            await environment.Error.WriteLineAsync("Run 'immuta-integrations --help' for usage.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = environment.Out, Error = environment.Error }, cancellationToken).ConfigureAwait(false);
    }

    private static RootCommand Build(CliEnvironment environment)
    {
        var root = new RootCommand("Immuta integrations as code: validate JSON or YAML definitions offline, apply them, and wait for them to settle.")
        {
            UrlOption, ApiKeyOption, OutputOption, ShowSecretsOption, SkipValidationOption, AllowInsecureHttpOption,
        };

        var file = () => new Option<string>("--file", "-f") { Description = "An integration definition: JSON or YAML.", Required = true };
        var id = () => new Argument<string>("id") { Description = "The integration id." };
        var dryRun = () => new Option<bool>("--dry-run") { Description = "Validate on the server and change nothing." };
        var noWait = () => new Option<bool>("--no-wait") { Description = "Return once Immuta accepted the request." };
        var timeout = () => new Option<string?>("--timeout") { Description = "How long to wait, such as 90s, 10m or 1h (default 20m)." };
        var outFile = () => new Option<string?>("--out", "-o") { Description = "Write the script to this file instead of standard output." };

        var list = new Command("list", "List every integration.");
        list.SetAction((p, ct) => Run(p, environment, async run =>
        {
            var all = await run.Client.Integrations.ListAsync(ct).ConfigureAwait(false);
            await run.Output.WriteAsync(all, rows => [["ID", "TYPE", "STATUS", "HOST"], .. rows.Select(i => new[] { i.Id, i.Type.ToString(), i.Status?.ToString() ?? string.Empty, IntegrationIdentity.KeyOf(i.Definition) ?? string.Empty })]).ConfigureAwait(false);
            return ExitCodes.Success;
        }, needsClient: true, ct));

        var getId = id();
        var get = new Command("get", "Show one integration (credentials come back redacted).") { getId };
        get.SetAction((p, ct) => Run(p, environment, async run =>
        {
            await run.Output.WriteAsync(await run.Client.Integrations.GetAsync(p.GetRequiredValue(getId), ct).ConfigureAwait(false)).ConfigureAwait(false);
            return ExitCodes.Success;
        }, needsClient: true, ct));

        var statusId = id();
        var status = new Command("status", "Show an integration's status.") { statusId };
        status.SetAction((p, ct) => Run(p, environment, async run =>
        {
            await run.Output.WriteAsync(await run.Client.Integrations.GetStatusAsync(p.GetRequiredValue(statusId), ct).ConfigureAwait(false)).ConfigureAwait(false);
            return ExitCodes.Success;
        }, needsClient: true, ct));

        var createFile = file();
        var createDryRun = dryRun();
        var createNoWait = noWait();
        var createTimeout = timeout();
        var create = new Command("create", "Create an integration from a file and wait for it to be enabled.") { createFile, createDryRun, createNoWait, createTimeout };
        create.SetAction((p, ct) => Run(p, environment, async run =>
        {
            var definition = await LoadAsync(run, p.GetRequiredValue(createFile), IntegrationRequestKind.Create, ct).ConfigureAwait(false);
            if (p.GetValue(createDryRun))
            {
                await run.Output.WriteAsync(await run.Client.Integrations.ValidateAsync(definition, ct).ConfigureAwait(false)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var operation = await run.Client.Integrations.CreateAsync(WaitUntil.Started, definition, ct).ConfigureAwait(false);
            return await FinishAsync(run, operation, p.GetValue(createNoWait), p.GetValue(createTimeout), ct).ConfigureAwait(false);
        }, needsClient: true, ct));

        var updateId = id();
        var updateFile = file();
        var updateDryRun = dryRun();
        var updateNoWait = noWait();
        var updateTimeout = timeout();
        var update = new Command("update", "Replace an integration's definition from a file and wait for it to be enabled again.") { updateId, updateFile, updateDryRun, updateNoWait, updateTimeout };
        update.SetAction((p, ct) => Run(p, environment, async run =>
        {
            var definition = await LoadAsync(run, p.GetRequiredValue(updateFile), IntegrationRequestKind.Update, ct).ConfigureAwait(false);
            var target = p.GetRequiredValue(updateId);
            if (p.GetValue(updateDryRun))
            {
                await run.Output.WriteAsync(await run.Client.Integrations.ValidateUpdateAsync(target, definition, ct).ConfigureAwait(false)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var operation = await run.Client.Integrations.UpdateAsync(WaitUntil.Started, target, definition, ct).ConfigureAwait(false);
            return await FinishAsync(run, operation, p.GetValue(updateNoWait), p.GetValue(updateTimeout), ct).ConfigureAwait(false);
        }, needsClient: true, ct));

        var deleteId = id();
        var deleteFile = new Option<string?>("--file", "-f") { Description = "The credentials used to configure the integration (Snowflake, Redshift, Synapse set up automatically)." };
        var forceDisable = new Option<bool>("--force-disable") { Description = "Remove it in Immuta only; its objects on the platform stay." };
        var deleteDryRun = dryRun();
        var deleteNoWait = noWait();
        var deleteTimeout = timeout();
        var delete = new Command("delete", "Delete an integration and wait until it is gone.") { deleteId, deleteFile, forceDisable, deleteDryRun, deleteNoWait, deleteTimeout };
        delete.SetAction((p, ct) => Run(p, environment, async run =>
        {
            var target = p.GetRequiredValue(deleteId);
            var options = new DeleteIntegrationOptions
            {
                ForceDisable = p.GetValue(forceDisable) ? true : null,
                Credentials = p.GetValue(deleteFile) is { } credentialsFile ? await LoadCredentialsAsync(run, target, credentialsFile, ct).ConfigureAwait(false) : null,
            };
            if (p.GetValue(deleteDryRun))
            {
                await run.Output.WriteAsync(await run.Client.Integrations.ValidateDeleteAsync(target, options, ct).ConfigureAwait(false)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var operation = await run.Client.Integrations.DeleteAsync(WaitUntil.Started, target, options, ct).ConfigureAwait(false);
            return await FinishAsync(run, operation, p.GetValue(deleteNoWait), p.GetValue(deleteTimeout), ct).ConfigureAwait(false);
        }, needsClient: true, ct));

        var regenerateId = id();
        var regenerate = new Command("regenerate-key", "Regenerate the integration's Immuta API key (Trino); the old one stops working.") { regenerateId };
        regenerate.SetAction((p, ct) => Run(p, environment, async run =>
        {
            await run.Output.WriteAsync(await run.Client.Integrations.RegenerateKeyAsync(p.GetRequiredValue(regenerateId), ct).ConfigureAwait(false)).ConfigureAwait(false);
            return ExitCodes.Success;
        }, needsClient: true, ct));

        var validateFile = file();
        var validate = new Command("validate", "Check a definition offline: warnings and errors are listed on stderr, errors exit 2.") { validateFile };
        validate.SetAction((p, ct) => Run(p, environment, async run =>
        {
            var path = p.GetRequiredValue(validateFile);
            var definition = await IntegrationDefinitionFile.LoadAsync(path, environment.Variables, ct).ConfigureAwait(false);
            var warnings = await CheckAsync(run with { Validate = true }, definition, IntegrationRequestKind.Create).ConfigureAwait(false);
            var note = warnings == 0 ? string.Empty : $" ({warnings} warning{(warnings == 1 ? string.Empty : "s")})";
            await run.Output.WriteLineAsync($"{path}: a valid {definition.Type} integration definition{note}").ConfigureAwait(false);
            return ExitCodes.Success;
        }, needsClient: false, ct));

        var applyFile = file();
        var applyDryRun = new Option<bool>("--dry-run") { Description = "Print the plan and change nothing." };
        var applyTimeout = timeout();
        var apply = new Command("apply", "Create the integration a file describes, or update the existing one of that platform and host; prints the plan first.") { applyFile, applyDryRun, applyTimeout };
        apply.SetAction((p, ct) => Run(p, environment, run => ApplyAsync(run, p.GetRequiredValue(applyFile), p.GetValue(applyDryRun), p.GetValue(applyTimeout), ct), needsClient: true, ct));

        root.Add(list);
        root.Add(get);
        root.Add(status);
        root.Add(create);
        root.Add(update);
        root.Add(delete);
        root.Add(regenerate);
        root.Add(validate);
        root.Add(apply);
        root.Add(BuildScript(environment, file, outFile, id));
        root.Add(Schema.SchemaCommand.Create(environment));
        return root;
    }

    private static Command BuildScript(CliEnvironment environment, Func<Option<string>> file, Func<Option<string?>> outFile, Func<Argument<string>> id)
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
            var scriptFile = file();
            var scriptOut = outFile();
            var command = new Command(name, help) { scriptFile, scriptOut };
            command.SetAction((p, ct) => Run(p, environment, async run =>
            {
                var definition = await LoadAsync(run, p.GetRequiredValue(scriptFile), kind, ct).ConfigureAwait(false);
                var scripts = run.Client.Integrations.Scripts;
                var result = kind switch
                {
                    IntegrationRequestKind.CreateScript => await scripts.CreateAsync(definition, ct).ConfigureAwait(false),
                    IntegrationRequestKind.InitialCreateScript => await scripts.InitialCreateAsync(definition, ct).ConfigureAwait(false),
                    IntegrationRequestKind.CleanupScript => await scripts.CleanupAsync(definition, ct).ConfigureAwait(false),
                    _ => await scripts.PostCleanupAsync(definition, ct).ConfigureAwait(false),
                };
                return await WriteScriptAsync(run, result, p.GetValue(scriptOut), ct).ConfigureAwait(false);
            }, needsClient: true, ct));
            script.Add(command);
        }

        var editId = id();
        var editFile = file();
        var editOut = outFile();
        var edit = new Command("edit", "The script that changes an integration set up by hand; then update it with the same file.") { editId, editFile, editOut };
        edit.SetAction((p, ct) => Run(p, environment, async run =>
        {
            var definition = await LoadAsync(run, p.GetRequiredValue(editFile), IntegrationRequestKind.EditScript, ct).ConfigureAwait(false);
            var result = await run.Client.Integrations.Scripts.EditAsync(p.GetRequiredValue(editId), definition, ct).ConfigureAwait(false);
            return await WriteScriptAsync(run, result, p.GetValue(editOut), ct).ConfigureAwait(false);
        }, needsClient: true, ct));

        var deleteId = id();
        var deleteOut = outFile();
        var delete = new Command("delete", "The script that removes Immuta's objects of a created integration; then delete it.") { deleteId, deleteOut };
        delete.SetAction((p, ct) => Run(p, environment, async run =>
        {
            var result = await run.Client.Integrations.Scripts.DeleteAsync(p.GetRequiredValue(deleteId), ct).ConfigureAwait(false);
            return await WriteScriptAsync(run, result, p.GetValue(deleteOut), ct).ConfigureAwait(false);
        }, needsClient: true, ct));

        script.Add(edit);
        script.Add(delete);
        return script;
    }

    /// <summary>Creates the client and output for a command, runs it, and turns every failure into a message and an exit code.</summary>
    private static async Task<int> Run(ParseResult parse, CliEnvironment environment, Func<CliRun, Task<int>> command, bool needsClient, CancellationToken cancellationToken)
    {
        var format = parse.GetValue(OutputOption) switch
        {
            "json" => OutputFormat.Json,
            "yaml" => OutputFormat.Yaml,
            "table" => OutputFormat.Table,
            _ => environment.IsTerminal ? OutputFormat.Table : OutputFormat.Json,
        };
        var output = new CliOutput(environment, format, parse.GetValue(ShowSecretsOption));
        ImmutaClient? client = null;
        try
        {
            client = needsClient ? CreateClient(parse, environment) : null;
            return await command(new CliRun(client!, output, environment, Validate: !parse.GetValue(SkipValidationOption))).ConfigureAwait(false);
        }
        catch (UsageException error)
        {
            return await FailAsync(environment, error.Message, ExitCodes.UsageError).ConfigureAwait(false);
        }
        catch (IntegrationValidationException error)
        {
            foreach (var finding in error.Errors)
            {
                await environment.Error.WriteLineAsync(Describe(finding)).ConfigureAwait(false);
            }

            var count = error.Errors.Count;
            return await FailAsync(environment, $"local validation found {count} error{(count == 1 ? string.Empty : "s")}; nothing was sent", ExitCodes.UsageError).ConfigureAwait(false);
        }
        catch (ImmutaSerializationException error) when (error.Method is null)
        {
            return await FailAsync(environment, error.Message, ExitCodes.UsageError).ConfigureAwait(false);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return await FailAsync(environment, error.Message, ExitCodes.UsageError).ConfigureAwait(false);
        }
        catch (Exception error) when (error is ImmutaOperationFailedException or ImmutaOperationTimeoutException)
        {
            return await FailAsync(environment, error.Message, ExitCodes.OperationFailed).ConfigureAwait(false);
        }
        catch (ImmutaApiException error)
        {
            return await FailAsync(environment, $"{error.Message} [status {(int)error.StatusCode}]", ExitCodes.ApiError).ConfigureAwait(false);
        }
        catch (ImmutaException error)
        {
            return await FailAsync(environment, error.Message, ExitCodes.ApiError).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await FailAsync(environment, "interrupted", ExitCodes.Cancelled).ConfigureAwait(false);
        }
        finally
        {
            client?.Dispose();
        }
    }

    private static async Task<int> FailAsync(CliEnvironment environment, string message, int code)
    {
        await environment.Error.WriteLineAsync($"error: {message}").ConfigureAwait(false);
        return code;
    }

    private static ImmutaClient CreateClient(ParseResult parse, CliEnvironment environment)
    {
        var url = parse.GetValue(UrlOption) ?? environment.Variables("IMMUTA_URL");
        var key = parse.GetValue(ApiKeyOption) ?? environment.Variables("IMMUTA_API_KEY");
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new UsageException("no Immuta URL: pass --url or set IMMUTA_URL.");
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            throw new UsageException("no API key: pass --api-key or set IMMUTA_API_KEY.");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var endpoint))
        {
            throw new UsageException("--url must be an absolute http or https URL, such as https://tenant.immuta.com.");
        }

        var template = environment.ClientOptions ?? new ImmutaClientOptions();
        var options = new ImmutaClientOptions
        {
            TimeProvider = template.TimeProvider,
            Polling = template.Polling,
            NetworkTimeout = template.NetworkTimeout,
            ApplicationId = "immuta-integrations",
            ValidateBeforeSending = !parse.GetValue(SkipValidationOption),
            AllowInsecureHttp = parse.GetValue(AllowInsecureHttpOption),
        };
        if (ImmutaClient.EndpointProblem(endpoint, options.AllowInsecureHttp, "pass --allow-insecure-http") is { } problem)
        {
            throw new UsageException($"--url {problem}");
        }

        if (ImmutaClient.IsInsecure(endpoint))
        {
            environment.Error.WriteLine("warning: --url is plain http:// to another machine: the API key and credentials cross the network unencrypted.");
        }

        try
        {
            return new ImmutaClient(endpoint, new ImmutaApiKeyCredential(key), options);
        }
        catch (ArgumentException error)
        {
            throw new UsageException(error.Message);
        }
    }

    private static async Task<IntegrationDefinition> LoadAsync(CliRun run, string path, IntegrationRequestKind kind, CancellationToken cancellationToken)
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
    private static async Task<int> CheckAsync(CliRun run, IntegrationDefinition definition, IntegrationRequestKind kind)
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
            await run.Environment.Error.WriteLineAsync(Describe(warning)).ConfigureAwait(false);
            warnings++;
        }

        return warnings < findings.Count ? throw new IntegrationValidationException(findings) : warnings;
    }

    /// <summary>
    /// A finding as the tool prints it, on one line: <c>warning: config.token: … [source: …]</c>. A member name from the
    /// file may hold control characters (a line break would forge a line of output): they print as <c>\uXXXX</c>.
    /// </summary>
    internal static string Describe(IntegrationValidationFinding finding)
        => OneLine($"{(finding.IsError ? "error" : "warning")}: {finding.Path}: {finding.Message} [source: {finding.Source}]");

    private static string OneLine(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var line = new System.Text.StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            line.Append(char.IsControl(c) ? string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}") : c.ToString());
        }

        return line.ToString();
    }

    // Delete credentials are platform-specific: the integration's type decides which model the file is read into. A
    // platform whose delete takes none is refused even with --skip-validation; one set up by hand, unless it is passed.
    private static async Task<IntegrationDeleteCredentials> LoadCredentialsAsync(CliRun run, string id, string path, CancellationToken cancellationToken)
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

    private static async Task<int> FinishAsync(CliRun run, IntegrationOperation operation, bool noWait, string? timeout, CancellationToken cancellationToken)
    {
        if (noWait)
        {
            await run.Output.WriteAsync(operation.StartResult ?? new IntegrationOperationResult { Id = operation.Id, Status = operation.Status }).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var polling = (run.Environment.ClientOptions?.Polling ?? new PollingOptions()) with { Timeout = ParseDuration(timeout) ?? TimeSpan.FromMinutes(20) };
        var progress = new WaitProgress(run.Environment);
        try
        {
            var settled = await operation.WaitForCompletionAsync(polling, progress, cancellationToken).ConfigureAwait(false);
            progress.Done();
            if (settled is not null)
            {
                await run.Output.WriteAsync(settled).ConfigureAwait(false);
            }
            else
            {
                await run.Output.WriteAsync(new IntegrationStatusResult { Id = operation.Id, Status = operation.Status }).ConfigureAwait(false);
            }

            return operation.HasWarnings ? ExitCodes.OperationFailed : ExitCodes.Success;
        }
        catch
        {
            progress.Done();
            throw;
        }
    }

    private static async Task<int> WriteScriptAsync(CliRun run, IntegrationScript script, string? path, CancellationToken cancellationToken)
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

    /// <summary>
    /// Finds the integration of the file's platform on the file's host (or workspace, name, dataset; compared as
    /// <see cref="IntegrationIdentity"/> normalizes them), prints what would change (credentials masked), and updates it;
    /// creates one when none exists. One that failed to create (<c>createError</c>) is in the list and is updated, as
    /// Immuta asks; should Immuta answer the create that one there previously failed to create (the list did not show
    /// it), <see cref="IntegrationsClient.CreateOrAdoptAsync"/> sends the file to it with PUT and says so. A
    /// <c>disabled</c> integration there is neither updated nor re-enabled: the create goes through
    /// <see cref="IntegrationsClient.CreateOrAdoptAsync"/>, whose error says why and what to do if Immuta refuses it
    /// (<see cref="IntegrationAdoption"/>).
    /// </summary>
    private static async Task<int> ApplyAsync(CliRun run, string path, bool dryRun, string? timeout, CancellationToken cancellationToken)
    {
        var desired = await IntegrationDefinitionFile.LoadAsync(path, run.Environment.Variables, cancellationToken).ConfigureAwait(false);
        var all = await run.Client.Integrations.ListAsync(cancellationToken).ConfigureAwait(false);
        var same = all.Where(i => IntegrationIdentity.SameIntegration(i.Definition, desired)).ToList();
        var existing = same.FirstOrDefault(i => IntegrationAdoption.IsInUse(i.Status));
        var error = run.Environment.Error;
        if (existing is null)
        {
            // Create and update follow the same rules: checked (and warnings printed) once.
            await CheckAsync(run, desired, IntegrationRequestKind.Create).ConfigureAwait(false);

            await error.WriteLineAsync($"plan: create a {desired.Type} integration ({IntegrationIdentity.KeyOf(desired)})").ConfigureAwait(false);
            foreach (var notInUse in same)
            {
                await error.WriteLineAsync($"  note: {IntegrationAdoption.NotInUse(notInUse)}").ConfigureAwait(false);
            }

            foreach (var line in Plan(null, desired))
            {
                await error.WriteLineAsync(line).ConfigureAwait(false);
            }

            if (dryRun)
            {
                return ExitCodes.Success;
            }

            var created = await run.Client.Integrations.CreateOrAdoptAsync(WaitUntil.Started, desired, cancellationToken).ConfigureAwait(false);
            if (created.WasRepaired)
            {
                await error.WriteLineAsync($"  note: Immuta says {desired.Type} integration {created.Id} previously failed to create: the file was sent to it with PUT, as Immuta asks.").ConfigureAwait(false);
            }

            if (!created.WasAdopted)
            {
                return await FinishAsync(run, created, noWait: false, timeout, cancellationToken).ConfigureAwait(false);
            }

            // Created by someone else since the list was read: it is updated like one found in the list.
            existing = await run.Client.Integrations.GetAsync(created.Id, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await CheckAsync(run, desired, IntegrationRequestKind.Update).ConfigureAwait(false);
        }

        var changes = Plan(existing.Definition, desired).ToList();
        await error.WriteLineAsync($"plan: update {desired.Type} integration {existing.Id} ({changes.Count} change{(changes.Count == 1 ? string.Empty : "s")})").ConfigureAwait(false);
        foreach (var line in changes)
        {
            await error.WriteLineAsync(line).ConfigureAwait(false);
        }

        if (dryRun)
        {
            return ExitCodes.Success;
        }

        var updated = await run.Client.Integrations.UpdateAsync(WaitUntil.Started, existing.Id, desired, cancellationToken).ConfigureAwait(false);
        return await FinishAsync(run, updated, noWait: false, timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The fields the file sets that differ from the server's: <c>+ path: value</c> (new) and <c>~ path: old → new</c>,
    /// inside arrays too (<c>config.connections[0].host</c>). Credentials (by <see cref="CredentialNames"/>, whole
    /// objects and arrays under a credential's name included) show as <c>***</c>; the server returns them redacted, so a
    /// credential always counts as sent again. Fields the file leaves out are not listed: the server keeps its defaults.
    /// </summary>
    internal static IEnumerable<string> Plan(IntegrationDefinition? current, IntegrationDefinition desired)
    {
        var before = current is null ? [] : Flatten(current);
        foreach (var (field, (value, secret)) in Flatten(desired))
        {
            if (!before.TryGetValue(field, out var old))
            {
                yield return $"  + {field}: {value}";
            }
            else if (secret)
            {
                yield return $"  ~ {field}: {SecretString.Mask} (credentials are sent again)";
            }
            else if (old.Value != value)
            {
                yield return $"  ~ {field}: {old.Value} → {value}";
            }
        }
    }

    // Each leaf of the definition's JSON, masked first (every printer masks with the one rule), by its path.
    private static Dictionary<string, (string Value, bool Secret)> Flatten(IntegrationDefinition definition)
    {
        var masked = JsonSecretMasker.Mask(System.Text.Encoding.UTF8.GetBytes(ImmutaJson.Serialize(definition)));
        var result = new Dictionary<string, (string Value, bool Secret)>(StringComparer.Ordinal);
        void Walk(JsonNode? node, string path, bool secret)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (name, child) in obj)
                    {
                        Walk(child, path.Length == 0 ? name : $"{path}.{name}", secret || CredentialNames.IsCredential(name));
                    }

                    break;
                case JsonArray { Count: > 0 } array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        Walk(array[i], string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), secret);
                    }

                    break;
                default:
                    var text = node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node?.ToJsonString() ?? "null";
                    result[path] = (text, secret && node is not null);
                    break;
            }
        }

        Walk(JsonNode.Parse(masked), string.Empty, secret: false);
        return result;
    }

    /// <summary>Reads 90s, 10m, 1h, 1500ms or a TimeSpan such as 00:05:00.</summary>
    internal static TimeSpan? ParseDuration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var match = DurationPattern().Match(text.Trim());
        if (match.Success)
        {
            var amount = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
            var duration = match.Groups["unit"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                _ => TimeSpan.FromHours(amount),
            };
            if (duration > TimeSpan.Zero && duration < TimeSpan.FromDays(1))
            {
                return duration;
            }
        }
        else if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero && span < TimeSpan.FromDays(1))
        {
            return span;
        }

        throw new UsageException($"--timeout '{text}' is not a duration such as 90s, 10m or 1h (more than 0, less than a day).");
    }

    [GeneratedRegex(@"^(?<n>[0-9]+(\.[0-9]+)?)(?<unit>ms|s|m|h)$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DurationPattern();

    internal sealed record CliRun(ImmutaClient Client, CliOutput Output, CliEnvironment Environment, bool Validate);
}
