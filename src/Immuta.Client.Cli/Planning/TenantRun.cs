using System.Text.Json.Nodes;

namespace Immuta.Client.Cli.Planning;

/// <summary>How <c>plan</c> or <c>apply</c> runs against a tenant.</summary>
/// <param name="Apply">Whether to change anything (<c>apply</c> without <c>--dry-run</c>).</param>
/// <param name="Prune">Whether integrations no file describes are deleted.</param>
/// <param name="ResendCredentials">Whether credentials are sent even when nothing else changes (rotation).</param>
/// <param name="Timeout">How long each wait lasts.</param>
/// <param name="PlanOut">Where the plan is written: standard output for <c>plan</c> (it is the result), standard error for <c>apply</c> (see <see cref="PlanRun.Request"/>).</param>
/// <param name="Labelled">Whether plan lines and errors name their file (several files, or a directory).</param>
internal sealed record TenantRunOptions(bool Apply, bool Prune, bool ResendCredentials, TimeSpan? Timeout, TextWriter PlanOut, bool Labelled);

/// <summary>What happened to one integration, for the exit code and the results printed after a run over several.</summary>
/// <param name="Settled">
/// The integration as the run leaves it: settled after a create or update, or as found when it already matched its file
/// (what <c>apply</c> over one file prints either way).
/// </param>
internal sealed record ItemResult(PlanItem Item, string Outcome, int Code, Integration? Settled, string? Error = null);

/// <summary>
/// <c>plan</c> and <c>apply</c> against one tenant. <c>apply</c> first waits for integrations Immuta is still working on
/// (an interrupted earlier run: found by identity, never created twice), then prints the plan, then applies it in a
/// safe order: creates and updates first, each started and then waited for; prunes last, and only when every create and
/// update succeeded, so a tenant never loses an integration whose replacement failed. Every result is reported even
/// when one fails; the exit code is the worst (<see cref="ExitCodes.Worst"/>).
/// </summary>
internal static class TenantRun
{
    public static async Task<(int Code, List<ItemResult> Results)> RunAsync(CliRun run, IReadOnlyList<DesiredIntegration> desired, TenantRunOptions options, CancellationToken cancellationToken)
    {
        var error = run.Environment.Error;
        var tenant = await run.Client.Integrations.ListAsync(cancellationToken).ConfigureAwait(false);
        var plan = TenantPlan.Build(tenant, desired, options.Prune, options.ResendCredentials);
        if (options.Apply && plan.Any(i => i.Action == PlanAction.Settling))
        {
            await SettleAsync(run, plan, options, cancellationToken).ConfigureAwait(false);
            tenant = await run.Client.Integrations.ListAsync(cancellationToken).ConfigureAwait(false);
            plan = TenantPlan.Build(tenant, desired, options.Prune, options.ResendCredentials);
        }

        // Local validation of every file before anything is printed or sent: warnings are printed, errors stop the tenant (exit 2).
        var findings = new List<IntegrationValidationFinding>();
        foreach (var item in plan.Where(i => i.Desired is not null))
        {
            try
            {
                await Definitions.CheckAsync(run, item.Desired!.Definition, item.Action is PlanAction.Create or PlanAction.Blocked ? IntegrationRequestKind.Create : IntegrationRequestKind.Update, Label(item, options)).ConfigureAwait(false);
            }
            catch (IntegrationValidationException invalid)
            {
                findings.AddRange(invalid.Errors.Select(f => options.Labelled ? f with { Path = $"{item.Desired!.Name}: {f.Path}" } : f));
            }
        }

        if (findings.Count > 0)
        {
            throw new IntegrationValidationException(findings);
        }

        foreach (var item in plan)
        {
            foreach (var line in TenantPlan.Lines(item, Label(item, options), options.Prune, options.ResendCredentials))
            {
                await options.PlanOut.WriteLineAsync(Findings.OneLine(line)).ConfigureAwait(false);
            }
        }

        if (plan.Count != 1)
        {
            await options.PlanOut.WriteLineAsync(TenantPlan.Summary(plan)).ConfigureAwait(false);
        }

        if (!options.Apply)
        {
            // The plan as results ("planned"): what apply --dry-run prints on standard output in the -o format.
            var planned = plan.Select(i => new ItemResult(i, "planned", i.Action == PlanAction.Blocked ? ExitCodes.ApiError : ExitCodes.Success, null)).ToList();
            return (plan.Any(i => i.Action == PlanAction.Blocked) ? ExitCodes.ApiError : plan.Any(i => i.IsPending) ? ExitCodes.ChangesPending : ExitCodes.Success, planned);
        }

        return await ApplyAsync(run, plan, options, cancellationToken).ConfigureAwait(false);
    }

    private static string Label(PlanItem item, TenantRunOptions options) => options.Labelled && item.Desired is { } file ? $"{file.Name}: " : string.Empty;

    // An integration Immuta is still working on (an earlier run was interrupted while it waited, or its create got no
    // answer): waited for by its id, never sent a second create.
    private static async Task SettleAsync(CliRun run, List<PlanItem> plan, TenantRunOptions options, CancellationToken cancellationToken)
    {
        foreach (var item in plan.Where(i => i.Action == PlanAction.Settling))
        {
            var existing = item.Existing!;
            await run.Environment.Error.WriteLineAsync(Findings.OneLine(
                $"wait: {Label(item, options)}{item.Type} integration {existing.Id} ({item.Identity}) is {existing.Status} (an earlier run may have started it): waiting for it before comparing it with the file")).ConfigureAwait(false);
            try
            {
                if (existing.Status == IntegrationStatus.Deleting)
                {
                    await OperationWait.WaitAsync(run, run.Client.Integrations.ResumeDeleteOperation(existing.Id), options.Timeout, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var kind = existing.Status == IntegrationStatus.Creating ? IntegrationOperationKind.Create : IntegrationOperationKind.Update;
                    await OperationWait.WaitAsync(run, run.Client.Integrations.ResumeOperation(existing.Id, kind), options.Timeout, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception failed) when (failed is ImmutaOperationFailedException or ImmutaOperationTimeoutException)
            {
                // Settled in error: the plan sends the file again, as Immuta asks; still settling: the plan says so and the item fails.
                await run.Environment.Error.WriteLineAsync(Findings.OneLine($"  note: {failed.Message}")).ConfigureAwait(false);
            }
        }
    }

    private static async Task<(int Code, List<ItemResult> Results)> ApplyAsync(CliRun run, List<PlanItem> plan, TenantRunOptions options, CancellationToken cancellationToken)
    {
        var results = new List<ItemResult>();
        async Task FailAsync(PlanItem item, Exception exception)
        {
            var code = await CommandRunner.ReportAsync(run.Environment, exception, Label(item, options), cancellationToken).ConfigureAwait(false);
            results.Add(new ItemResult(item, "failed", code, null, exception.Message));
        }

        // Creates and updates: each started in file order, then each waited for (Immuta works on them at the same time).
        var started = new List<(PlanItem Item, IntegrationOperation Operation, string Outcome)>();
        foreach (var item in plan)
        {
            try
            {
                switch (item.Action)
                {
                    case PlanAction.NoChange:
                        results.Add(new ItemResult(item, "unchanged", ExitCodes.Success, item.Existing));
                        break;
                    case PlanAction.NotInFiles:
                        results.Add(new ItemResult(item, "left", ExitCodes.Success, null));
                        break;
                    case PlanAction.Blocked:
                        throw new CommandFailedException($"{item.Type} integration {item.Existing!.Id} is disabled on {item.Identity}: Immuta refuses a second integration there; nothing was sent.");
                    case PlanAction.Settling:
                        throw new CommandFailedException($"{item.Type} integration {item.Existing!.Id} is still {item.Existing.Status}: nothing was sent; run apply again once it settled.");
                    case PlanAction.Create:
                        var (operation, outcome, unchanged) = await StartCreateAsync(run, item, options, cancellationToken).ConfigureAwait(false);
                        if (operation is null)
                        {
                            results.Add(new ItemResult(item, outcome, ExitCodes.Success, unchanged));
                        }
                        else
                        {
                            started.Add((item, operation, outcome));
                        }

                        break;
                    case PlanAction.Update:
                        var update = await run.Client.Integrations.UpdateAsync(ImmutaWaitUntil.Started, item.Existing!.Id, item.Desired!.Definition, cancellationToken).ConfigureAwait(false);
                        started.Add((item, update, "updated"));
                        break;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                await FailAsync(item, exception).ConfigureAwait(false);
            }
        }

        foreach (var (item, operation, outcome) in started)
        {
            try
            {
                var settled = await OperationWait.WaitAsync(run, operation, options.Timeout, cancellationToken).ConfigureAwait(false);
                results.Add(new ItemResult(item, outcome, ExitCodes.Success, settled));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                await FailAsync(item, exception).ConfigureAwait(false);
            }
        }

        // Prunes last, and only when every create and update succeeded: an integration is never deleted while the file
        // meant to replace it (or any other change) failed.
        var failed = results.Count(r => r.Code != ExitCodes.Success);
        foreach (var item in plan.Where(i => i.Action == PlanAction.Prune))
        {
            if (failed > 0)
            {
                await run.Environment.Error.WriteLineAsync($"prune skipped: {item.Type} integration {item.Existing!.Id} ({item.Identity}) is not deleted because {failed} change{(failed == 1 ? string.Empty : "s")} failed.").ConfigureAwait(false);
                results.Add(new ItemResult(item, "skipped", ExitCodes.Success, null));
                continue;
            }

            try
            {
                var delete = await run.Client.Integrations.DeleteAsync(ImmutaWaitUntil.Started, item.Existing!.Id, null, cancellationToken).ConfigureAwait(false);
                await OperationWait.WaitAsync(run, delete, options.Timeout, cancellationToken).ConfigureAwait(false);
                results.Add(new ItemResult(item, "deleted", ExitCodes.Success, null));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                await FailAsync(item, exception).ConfigureAwait(false);
            }
        }

        return (results.Aggregate(ExitCodes.Success, (code, r) => ExitCodes.Worst(code, r.Code)), results);
    }

    /// <summary>
    /// Sends the create. Immuta may answer that one of that identity exists after all (created since the list was read):
    /// it is adopted and compared like one found in the list (<see cref="IntegrationsClient.CreateOrAdoptAsync"/>), or
    /// repaired with PUT when it previously failed to create. A create that got no answer (a network timeout) may still
    /// have gone through: the tenant is read again, and one of that identity now there is adopted and waited for, never
    /// created a second time. Returns no operation when nothing needed sending, with the integration adopted as it is.
    /// </summary>
    private static async Task<(IntegrationOperation? Operation, string Outcome, Integration? Unchanged)> StartCreateAsync(CliRun run, PlanItem item, TenantRunOptions options, CancellationToken cancellationToken)
    {
        var desired = item.Desired!.Definition;
        var error = run.Environment.Error;
        IntegrationOperation created;
        try
        {
            created = await run.Client.Integrations.CreateOrAdoptAsync(ImmutaWaitUntil.Started, desired, cancellationToken).ConfigureAwait(false);
        }
        catch (ImmutaTransportException lost) when (!cancellationToken.IsCancellationRequested)
        {
            var tenant = await run.Client.Integrations.ListAsync(cancellationToken).ConfigureAwait(false);
            if (tenant.FirstOrDefault(i => IntegrationIdentity.SameIntegration(i.Definition, desired) && IntegrationAdoption.IsInUse(i.Status)) is not { } arrived)
            {
                throw;
            }

            await error.WriteLineAsync(Findings.OneLine(
                $"  note: {Label(item, options)}the create got no answer ({lost.Message}), but Immuta now holds {item.Type} integration {arrived.Id} there ({arrived.Status}): it is adopted and waited for; no second create is sent.")).ConfigureAwait(false);
            return (run.Client.Integrations.ResumeOperation(arrived.Id, IntegrationOperationKind.Create), "created", null);
        }

        if (created.WasRepaired)
        {
            await error.WriteLineAsync($"  note: {Label(item, options)}Immuta says {desired.Type} integration {created.Id} previously failed to create: the file was sent to it with PUT, as Immuta asks.").ConfigureAwait(false);
        }

        if (!created.WasAdopted)
        {
            return (created, "created", null);
        }

        // Created by someone else since the list was read: it is planned and updated like one found in the list.
        var existing = await run.Client.Integrations.GetAsync(created.Id, cancellationToken).ConfigureAwait(false);
        // Immuta named it, so it is compared whether or not this tool can tell its identity (a platform it does not know).
        var adopted = TenantPlan.Against(existing, item.Desired, options.ResendCredentials);
        foreach (var line in TenantPlan.Lines(adopted, Label(item, options), prune: false, options.ResendCredentials))
        {
            await options.PlanOut.WriteLineAsync(Findings.OneLine(line)).ConfigureAwait(false);
        }

        return adopted.Action switch
        {
            PlanAction.NoChange => (null, "unchanged", existing),
            PlanAction.Settling => (run.Client.Integrations.ResumeOperation(existing.Id, existing.Status == IntegrationStatus.Creating ? IntegrationOperationKind.Create : IntegrationOperationKind.Update), "adopted", null),
            _ => (await run.Client.Integrations.UpdateAsync(ImmutaWaitUntil.Started, existing.Id, desired, cancellationToken).ConfigureAwait(false), "updated", null),
        };
    }

    /// <summary>The results of a run over several integrations or tenants, as printed on standard output.</summary>
    public static JsonArray ToJson(IEnumerable<(string? Profile, ItemResult Result)> results)
    {
        var array = new JsonArray();
        foreach (var (profile, result) in results)
        {
            var item = result.Item;
            var json = new JsonObject();
            if (profile is not null)
            {
                json["profile"] = profile;
            }

            json["file"] = item.Desired?.Name;
            json["action"] = ActionName(item.Action);
            json["result"] = result.Outcome;
            json["id"] = result.Settled?.Id ?? item.Existing?.Id;
            json["type"] = item.Type;
            json["identity"] = item.Identity;
            json["status"] = (result.Settled?.Status ?? item.Existing?.Status)?.ToString();
            if (item.Changes.Count > 0)
            {
                // The plan's +, ~ and - lines (credentials already masked by PlanDiff), each as one string.
                json["changes"] = new JsonArray([.. item.Changes.Select(c => (JsonNode)Findings.OneLine(c.Trim()))]);
            }

            json["exitCode"] = result.Code;
            if (result.Error is not null)
            {
                json["error"] = Findings.OneLine(result.Error);
            }

            array.Add((JsonNode)json);
        }

        return array;
    }

    public static string ActionName(PlanAction action) => action switch
    {
        PlanAction.NoChange => "none",
        PlanAction.NotInFiles => "notInFiles",
        PlanAction.Prune => "delete",
        _ => action.ToString().ToLowerInvariant(),
    };
}
