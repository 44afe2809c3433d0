namespace Immuta.Client.Operations;

/// <summary>How a status ends (or does not end) a wait.</summary>
internal enum SettleOutcome
{
    Pending,
    Succeeded,
    SucceededWithWarnings,
    Failed,
}

/// <summary>
/// What each status means for each kind of wait: the one place the SDK decides when a create, an update, a delete or a
/// watch has settled (spec §9 statuses, §10 life cycle), what a 404 from the status call means, and how a failure is
/// told. Operations and the poller ask here; no other file decides.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Status</term><description>Create, update · Delete · Watch</description></listheader>
/// <item><term><c>creating</c>, <c>editing</c>, <c>deleting</c>, <c>migrating</c>, unknown</term>
/// <description>pending · pending · pending</description></item>
/// <item><term><c>enabled</c></term><description>succeeded · pending until <c>deleting</c> was seen, then failed (rolled back) · settled</description></item>
/// <item><term><c>recurringValidationError</c></term><description>succeeded with warnings · as <c>enabled</c> · settled</description></item>
/// <item><term><c>createError</c>, <c>editError</c>, <c>migrateError</c></term><description>failed · as <c>enabled</c> · settled</description></item>
/// <item><term><c>deleteError</c></term><description>failed · failed (rolled back) · settled</description></item>
/// <item><term><c>deleted</c>, <c>disabled</c></term><description>failed (gone) · succeeded · settled</description></item>
/// <item><term>404 from the status call</term><description><see cref="ImmutaNotFoundException"/> · succeeded (gone) · settled (gone)</description></item>
/// </list>
/// A delete that fails is rolled back "to the previous state" (§9): Immuta reports <c>deleteError</c>, or shows that
/// previous state again. Before the wait has seen <c>deleting</c> (a resumed delete), the previous state may simply be
/// the state before the delete began, so it is not yet a failure.
/// </remarks>
internal static class SettleRules
{
    /// <summary>How <paramref name="status"/> ends a wait of <paramref name="kind"/> (<see langword="null"/> for a watch).</summary>
    /// <param name="kind">The operation, or <see langword="null"/> for a watch.</param>
    /// <param name="status">The status seen.</param>
    /// <param name="sawInProgress">Whether the wait has seen the operation's own transitional status (<see cref="InProgressStatus"/>).</param>
    public static SettleOutcome Classify(IntegrationOperationKind? kind, IntegrationStatus status, bool sawInProgress)
    {
        if (IsTransitional(status) || !IsKnown(status))
        {
            return SettleOutcome.Pending;
        }

        if (kind is not { } operation)
        {
            return SettleOutcome.Succeeded; // a watch ends on any settled status
        }

        if (operation == IntegrationOperationKind.Delete)
        {
            if (status == IntegrationStatus.Deleted || status == IntegrationStatus.Disabled)
            {
                return SettleOutcome.Succeeded;
            }

            return status == IntegrationStatus.DeleteError || sawInProgress ? SettleOutcome.Failed : SettleOutcome.Pending;
        }

        if (status == IntegrationStatus.Enabled)
        {
            return SettleOutcome.Succeeded;
        }

        return status == IntegrationStatus.RecurringValidationError ? SettleOutcome.SucceededWithWarnings : SettleOutcome.Failed;
    }

    /// <summary>How what a poll saw ends a wait of <paramref name="kind"/>: an integration gone (404) ends it successfully.</summary>
    /// <param name="kind">The operation, or <see langword="null"/> for a watch.</param>
    /// <param name="observation">What the poll saw.</param>
    /// <param name="sawInProgress">Whether the wait has seen the operation's own transitional status.</param>
    public static SettleOutcome Classify(IntegrationOperationKind? kind, PollObservation observation, bool sawInProgress)
        => observation.Gone ? SettleOutcome.Succeeded : Classify(kind, observation.Status, sawInProgress);

    /// <summary>
    /// Whether a 404 from the status call means the integration is gone, which ends a delete or a watch; a create or an
    /// update that meets one fails with <see cref="ImmutaNotFoundException"/>.
    /// </summary>
    public static bool NotFoundMeansGone(IntegrationOperationKind? kind) => kind is null or IntegrationOperationKind.Delete;

    /// <summary>Whether a successful outcome carries warnings (<c>recurringValidationError</c>: in use, periodic validation failed).</summary>
    public static bool HasWarnings(SettleOutcome outcome) => outcome == SettleOutcome.SucceededWithWarnings;

    /// <summary>How a failed operation ended, for its message: rolled back to <paramref name="status"/>, or failed with it.</summary>
    public static string DescribeFailure(IntegrationOperationKind kind, IntegrationStatus status)
        => kind == IntegrationOperationKind.Delete && status != IntegrationStatus.DeleteError
            ? $"was rolled back: the integration is {status} again"
            : $"failed with status {status}";

    /// <summary>The status an operation shows while Immuta carries it out: <c>creating</c>, <c>editing</c> or <c>deleting</c>.</summary>
    public static IntegrationStatus? InProgressStatus(IntegrationOperationKind? kind) => kind switch
    {
        IntegrationOperationKind.Create => IntegrationStatus.Creating,
        IntegrationOperationKind.Update => IntegrationStatus.Editing,
        IntegrationOperationKind.Delete => IntegrationStatus.Deleting,
        _ => (IntegrationStatus?)null,
    };

    /// <summary>Whether Immuta is still working on the integration.</summary>
    public static bool IsTransitional(IntegrationStatus status)
        => status == IntegrationStatus.Creating || status == IntegrationStatus.Editing
        || status == IntegrationStatus.Deleting || status == IntegrationStatus.Migrating;

    /// <summary>Whether the SDK knows the status (the 12 of spec §9); an unknown one is treated as still in progress.</summary>
    public static bool IsKnown(IntegrationStatus status)
        => status == IntegrationStatus.Creating || status == IntegrationStatus.Enabled || status == IntegrationStatus.CreateError
        || status == IntegrationStatus.Editing || status == IntegrationStatus.EditError || status == IntegrationStatus.Deleting
        || status == IntegrationStatus.Deleted || status == IntegrationStatus.DeleteError || status == IntegrationStatus.Disabled
        || status == IntegrationStatus.Migrating || status == IntegrationStatus.MigrateError
        || status == IntegrationStatus.RecurringValidationError;

    /// <summary>The word for a wait in messages, logs and telemetry tags: <c>create</c>, <c>update</c>, <c>delete</c> or <c>watch</c>.</summary>
    public static string Describe(IntegrationOperationKind? kind) => kind switch
    {
        IntegrationOperationKind.Create => "create",
        IntegrationOperationKind.Update => "update",
        IntegrationOperationKind.Delete => "delete",
        _ => "watch",
    };
}
