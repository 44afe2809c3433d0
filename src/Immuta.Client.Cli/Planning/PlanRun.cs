using System.CommandLine;
using Immuta.Client.Cli.Profiles;

namespace Immuta.Client.Cli.Planning;

/// <summary>
/// <c>plan</c> and <c>apply</c> over files, directories and tenants: reads every file once, then runs
/// <see cref="TenantRun"/> against each tenant (the <c>--url</c>/<c>$IMMUTA_URL</c> one, or each <c>--profile</c>). A
/// tenant that fails does not stop the others; each tenant's output starts with its profile's name, and the exit code
/// is the worst of them all.
/// </summary>
internal static class PlanRun
{
    /// <summary>What the command line asked for.</summary>
    /// <param name="PlanIsTheResult">
    /// <c>plan</c>: the plan's lines are the result, on standard output. Otherwise (<c>apply</c>, which takes <c>-o</c>)
    /// they are progress, on standard error, and the result goes to standard output in the <c>-o</c> format: the settled
    /// integration or the list of results, and for <c>--dry-run</c> the plan as that list (each <c>planned</c>).
    /// </param>
    internal sealed record Request(IReadOnlyList<string> Paths, bool Apply, bool Prune, bool ResendCredentials, TimeSpan? Timeout, bool DetailedExitCode, bool PlanIsTheResult);

    public static async Task<int> RunAsync(ParseResult parse, CliRun run, Request request, CancellationToken cancellationToken)
    {
        var environment = run.Environment;
        var desired = await DefinitionSet.ReadAsync(environment, request.Paths, cancellationToken).ConfigureAwait(false);
        var named = await ClientFactory.ProfilesAsync(parse, environment, cancellationToken).ConfigureAwait(false);
        List<Profile?> profiles = named.Count == 0 ? [null] : named.Cast<Profile?>().ToList();

        // One file (not a directory) on one tenant prints what it always printed: the settled integration. Anything more
        // prints one list of results, each naming its file (and profile).
        var single = desired.Count == 1 && profiles.Count == 1 && request.Paths.Count == 1 && (request.Paths[0] == "-" || !Directory.Exists(request.Paths[0]));
        var planOut = request.PlanIsTheResult ? environment.Out : environment.Error;
        var options = new TenantRunOptions(request.Apply, request.Prune, request.ResendCredentials, request.Timeout, planOut, Labelled: !single);
        var code = ExitCodes.Success;
        var results = new List<(string? Profile, ItemResult Result)>();
        foreach (var profile in profiles)
        {
            if (profile is not null && profiles.Count > 1)
            {
                await planOut.WriteLineAsync($"== profile {profile.Name} ({ImmutaRedaction.MaskUrlUserInfo(profile.Url)})").ConfigureAwait(false);
            }

            var label = profile is null ? string.Empty : $"profile '{profile.Name}': ";
            try
            {
                using var client = profile is null
                    ? await ClientFactory.CreateAsync(parse, environment, cancellationToken).ConfigureAwait(false)
                    : await ClientFactory.CreateAsync(parse, environment, profile, cancellationToken).ConfigureAwait(false);
                var (tenantCode, tenantResults) = await TenantRun.RunAsync(run with { Client = client }, desired, options, cancellationToken).ConfigureAwait(false);
                code = ExitCodes.Worst(code, tenantCode);
                results.AddRange(tenantResults.Select(r => (profile?.Name, r)));
                if (profiles.Count > 1 && tenantCode != ExitCodes.Success && tenantCode != ExitCodes.ChangesPending)
                {
                    await environment.Error.WriteLineAsync($"error: {label}failed (exit {tenantCode}); the other profiles go on.").ConfigureAwait(false);
                }
            }
            catch (Exception error) when (error is not OperationCanceledException || cancellationToken.IsCancellationRequested)
            {
                code = ExitCodes.Worst(code, await CommandRunner.ReportAsync(environment, error, label, cancellationToken).ConfigureAwait(false));
                if (cancellationToken.IsCancellationRequested)
                {
                    return code;
                }
            }
        }

        if (!request.Apply)
        {
            if (!request.PlanIsTheResult && results.Count > 0)
            {
                await run.Output.WriteJsonAsync(TenantRun.ToJson(results), () => Table(results)).ConfigureAwait(false);
            }

            // A plan that could be applied exits 0 whether or not it holds changes, unless --detailed-exitcode asks to tell them apart.
            return code == ExitCodes.ChangesPending && !request.DetailedExitCode ? ExitCodes.Success : code;
        }

        if (single)
        {
            // The file's own result: the tenant's other integrations ("not in the files") have results too.
            if (results.SingleOrDefault(r => r.Result.Item.Desired is not null).Result?.Settled is { } settled)
            {
                await run.Output.WriteAsync(settled).ConfigureAwait(false);
            }
        }
        else if (results.Count > 0)
        {
            await run.Output.WriteJsonAsync(TenantRun.ToJson(results), () => Table(results)).ConfigureAwait(false);
        }

        return code;
    }

    private static IEnumerable<string[]> Table(List<(string? Profile, ItemResult Result)> results)
    {
        var profiles = results.Any(r => r.Profile is not null);
        string[] Row(params string[] cells) => profiles ? cells : cells[1..];
        yield return Row("PROFILE", "FILE", "ACTION", "RESULT", "ID", "TYPE", "IDENTITY", "STATUS");
        foreach (var (profile, result) in results)
        {
            var item = result.Item;
            yield return Row(
                profile ?? string.Empty,
                item.Desired?.Name ?? "-",
                TenantRun.ActionName(item.Action),
                result.Outcome,
                result.Settled?.Id ?? item.Existing?.Id ?? "-",
                item.Type,
                item.Identity,
                (result.Settled?.Status ?? item.Existing?.Status)?.ToString() ?? "-");
        }
    }
}
