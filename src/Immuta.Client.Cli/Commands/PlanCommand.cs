using System.CommandLine;
using Immuta.Client.Cli.Planning;

namespace Immuta.Client.Cli.Commands;

/// <summary><c>plan -f FILE|DIR…</c>: prints what <c>apply</c> would do on each tenant, and changes nothing.</summary>
internal static class PlanCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var files = CliOptions.Files();
        var prune = CliOptions.Prune();
        var resend = new Option<bool>("--resend-credentials") { Description = "Plan as apply --resend-credentials would: credentials listed as sent again." };
        var detailed = new Option<bool>("--detailed-exitcode") { Description = "Exit 0 when there is nothing to change and 4 when there are changes (without it, a plan that can be applied exits 0 either way)." };
        var plan = new Command("plan", "Print what apply would do with these files on the tenant: create, update (every +, ~ and -), no change, and the integrations no file describes. Changes nothing.")
        {
            files, prune, resend, detailed,
        };
        plan.SetAction((p, ct) => CommandRunner.RunAsync(p, environment, run => PlanRun.RunAsync(
            p,
            run,
            new PlanRun.Request(p.GetRequiredValue(files), Apply: false, p.GetValue(prune), p.GetValue(resend), Timeout: null, p.GetValue(detailed), PlanIsTheResult: true),
            ct), needsClient: false, ct));
        plan.With([.. CliOptions.Tenant, CliOptions.SkipValidation]);
        return plan;
    }
}
