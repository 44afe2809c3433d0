using Immuta.Client.Operations;
using Xunit;

namespace Immuta.Client.Tests.Operations;

/// <summary>Every status × every kind of wait: what the one table of settle rules decides (spec §9, §10).</summary>
public sealed class SettleRulesTests
{
    /// <summary>The waits: a create, an update, a delete before and after it was seen <c>deleting</c>, and a watch.</summary>
    public enum Wait
    {
        Create,
        Update,
        DeleteBeforeDeleting,
        DeleteAfterDeleting,
        Watch,
    }

    private const SettleOutcome P = SettleOutcome.Pending;
    private const SettleOutcome S = SettleOutcome.Succeeded;
    private const SettleOutcome W = SettleOutcome.SucceededWithWarnings;
    private const SettleOutcome F = SettleOutcome.Failed;

    // status → outcome for Create, Update, DeleteBeforeDeleting, DeleteAfterDeleting, Watch
    private static readonly (string Status, SettleOutcome[] Outcomes)[] Table =
    [
        ("creating", [P, P, P, P, P]),
        ("editing", [P, P, P, P, P]),
        ("deleting", [P, P, P, P, P]),
        ("migrating", [P, P, P, P, P]),
        ("provisioning", [P, P, P, P, P]), // unknown: still in progress
        ("enabled", [S, S, P, F, S]), // a delete rolled back shows its previous state
        ("recurringValidationError", [W, W, P, F, S]),
        ("createError", [F, F, P, F, S]),
        ("editError", [F, F, P, F, S]),
        ("migrateError", [F, F, P, F, S]),
        ("deleteError", [F, F, F, F, S]), // "rolled back to the previous state"
        ("deleted", [F, F, S, S, S]),
        ("disabled", [F, F, S, S, S]),
    ];

    public static TheoryDataRow<string, Wait, string>[] Cells()
        => [.. Table.SelectMany(row => Enum.GetValues<Wait>().Select(wait =>
            new TheoryDataRow<string, Wait, string>(row.Status, wait, row.Outcomes[(int)wait].ToString()) { TestDisplayName = $"{row.Status} × {wait} → {row.Outcomes[(int)wait]}" }))];

    [Theory]
    [MemberData(nameof(Cells))]
    public void Classify_StatusForKind_AsTheTableSays(string status, Wait wait, string expected)
    {
        IntegrationOperationKind? kind = wait switch
        {
            Wait.Create => IntegrationOperationKind.Create,
            Wait.Update => IntegrationOperationKind.Update,
            Wait.Watch => null,
            _ => IntegrationOperationKind.Delete,
        };

        Assert.Equal(expected, SettleRules.Classify(kind, new IntegrationStatus(status), sawInProgress: wait == Wait.DeleteAfterDeleting).ToString());
    }

    [Fact]
    public void Table_CoversEveryKnownStatus()
    {
        var known = typeof(IntegrationStatus).GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(p => p.PropertyType == typeof(IntegrationStatus))
            .Select(p => p.GetValue(null)!.ToString())
            .ToList();

        Assert.Equal(12, known.Count);
        Assert.All(known, status => Assert.Contains(Table, row => row.Status == status));
        Assert.All(known, status => Assert.True(SettleRules.IsKnown(new IntegrationStatus(status!))));
    }
}
