using Xunit;

namespace Immuta.Client.Tests.Support;

/// <summary>
/// Tests that load the machine (a whole <c>dotnet pack</c>, the fault matrix) run alone, after the parallel ones, so they
/// do not slow the tests that bound elapsed time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTests
{
    public const string Name = "Serial: heavy or timing-bound";
}
