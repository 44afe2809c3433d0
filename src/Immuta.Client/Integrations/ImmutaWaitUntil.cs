namespace Immuta.Client;

/// <summary>
/// Whether a long-running call returns at once or after the integration settled. Named apart from Azure.Core's
/// <c>Azure.WaitUntil</c>, so a file that says <c>using Azure;</c> and <c>using Immuta.Client;</c> compiles.
/// </summary>
public enum ImmutaWaitUntil
{
    /// <summary>Return as soon as Immuta accepted the request (status <c>creating</c>, <c>editing</c> or <c>deleting</c>).</summary>
    Started,

    /// <summary>Return once the integration settled (polling its status).</summary>
    Completed,
}
