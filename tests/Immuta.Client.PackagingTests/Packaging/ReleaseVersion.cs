namespace Immuta.Client.Tests.Packaging;

/// <summary>
/// The one package version the tests of <see cref="RepositoryBuilds"/> build in a run. With one version (so the same
/// generated assembly attributes) each test finds the SDK and the tool that an earlier one compiled in Release up to date,
/// instead of compiling them again with a version of its own. New on every run, so that the tool installed from a package
/// never comes from the NuGet cache of an earlier run.
/// </summary>
public sealed class ReleaseVersion
{
    /// <summary>The version, e.g. <c>0.1.0-test20260102030405</c>.</summary>
    public string Value { get; } = $"0.1.0-test{DateTime.UtcNow:yyyyMMddHHmmss}";
}
