using Xunit;

namespace Immuta.Client.Tests.Packaging;

/// <summary>
/// The packaging tests that build the repository's own projects in Release (the solution's pack, the tool's native pack,
/// the AOT smoke program's publish) or evaluate them (the banned-API wiring): they write and read the same <c>bin/</c>
/// and <c>obj/</c> folders, so they run one at a time. The SourceLink tests pack copies in folders of their own and run
/// beside them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RepositoryBuilds : ICollectionFixture<ReleaseVersion>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Packaging: builds of the repository's own projects";
}
