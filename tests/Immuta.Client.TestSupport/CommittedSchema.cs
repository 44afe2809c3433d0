namespace Immuta.Client.Tests.Support;

/// <summary>
/// The tool's committed JSON Schema of definition files: generated from the models and checked by the unit tests, printed
/// by <c>immuta-integrations schema</c> (checked end to end by the integration tests).
/// </summary>
internal static class CommittedSchema
{
    public static string Path { get; } = System.IO.Path.Combine(Examples.RepositoryRoot(), "src", "Immuta.Client.Cli", "Schema", "immuta-integrations.schema.json");
}
