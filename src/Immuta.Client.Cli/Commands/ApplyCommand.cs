using System.CommandLine;
using Immuta.Client.Cli.Planning;

namespace Immuta.Client.Cli.Commands;

/// <summary>
/// <c>apply -f FILE|DIR…</c>: makes each tenant hold what the files describe: prints the plan (<see cref="TenantPlan"/>),
/// then creates, updates and (with <c>--prune</c>) deletes, in that order (<see cref="TenantRun"/>). Sends nothing when
/// there is nothing to change.
/// </summary>
internal static class ApplyCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var files = CliOptions.Files();
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan and change nothing." };
        var timeout = CliOptions.Timeout();
        var prune = CliOptions.Prune();
        var resend = new Option<bool>("--resend-credentials") { Description = "Send the file's credentials even when nothing else changes (rotation): Immuta returns them redacted, so the plan cannot tell whether they changed." };
        var apply = new Command("apply", "Create the integrations the files describe, or update the existing ones of that platform and host; prints the plan first, sends nothing when there is nothing to change, and with --prune deletes the integrations no file describes. An integration Immuta is still creating or editing (an interrupted run) is waited for, never created twice.")
        {
            files, dryRun, timeout, prune, resend,
        };
        apply.SetAction((p, ct) => CommandRunner.RunAsync(p, environment, async run =>
        {
            var dry = p.GetValue(dryRun);
            var code = await PlanRun.RunAsync(
                p,
                run,
                new PlanRun.Request(p.GetRequiredValue(files), Apply: !dry, p.GetValue(prune), p.GetValue(resend), p.GetValue(timeout), DetailedExitCode: false, PlanIsTheResult: false),
                ct).ConfigureAwait(false);
            if (dry && code == ExitCodes.Success)
            {
                await environment.Error.WriteLineAsync("dry run: nothing was sent.").ConfigureAwait(false);
            }

            return code;
        }, needsClient: false, ct));
        apply.With([.. CliOptions.Tenant, CliOptions.Output, CliOptions.ShowSecrets, CliOptions.SkipValidation]);
        return apply;
    }
}
