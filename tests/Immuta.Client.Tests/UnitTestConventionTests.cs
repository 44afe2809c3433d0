using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests;

/// <summary>
/// This assembly holds unit tests only: no sockets, no servers, no child processes. A test that needs WireMock, the fake
/// server, a raw TCP fault, the tool end to end or a process belongs in <c>Immuta.Client.IntegrationTests</c>.
/// </summary>
public sealed class UnitTestConventionTests
{
    // Assemblies that serve HTTP over a socket: WireMock, the fake (built on it), ASP.NET Core (Kestrel).
    private static readonly string[] ServerAssemblies = ["WireMock", "Immuta.Client.Testing", "Microsoft.AspNetCore"];

    // Types that open sockets or processes, the framework's and the shared helpers' that wrap them.
    private static readonly string[] SocketOrProcessTypes =
    [
        "System.Net.Sockets.Socket",
        "System.Net.Sockets.TcpListener",
        "System.Net.Sockets.TcpClient",
        "System.Net.HttpListener",
        "System.Diagnostics.Process",
        "System.Diagnostics.ProcessStartInfo",
        "Immuta.Client.Tests.Support.StubImmuta",
        "Immuta.Client.Tests.Support.StubImmutaTest",
        "Immuta.Client.Tests.Support.TestBackend",
        "Immuta.Client.Tests.Support.RawFaultServer",
        "Immuta.Client.Tests.Support.RefusingPort",
        "Immuta.Client.Tests.Support.ProcessRunner",
        "Immuta.Client.Tests.Support.ToolRunner",
        "Immuta.Client.Tests.Support.NativeToolchain",
    ];

    [Fact]
    public void UnitAssembly_ReferencesNoServerAssembly()
        => Assert.Empty(ServerReferences(typeof(UnitTestConventionTests).Assembly));

    [Fact]
    public void UnitAssembly_UsesNoSocketOrProcessType()
        => Assert.Empty(SocketOrProcessUses(typeof(UnitTestConventionTests).Assembly));

    // The checks can fail: the shared support library serves sockets (WireMock, raw TCP) and runs processes.
    [Fact]
    public void ServerReferences_SupportLibrary_FindsWireMock()
        => Assert.Contains(ServerReferences(typeof(Examples).Assembly), name => name.StartsWith("WireMock", StringComparison.Ordinal));

    [Fact]
    public void SocketOrProcessUses_SupportLibrary_FindsTcpListenerAndProcess()
    {
        var found = SocketOrProcessUses(typeof(Examples).Assembly);

        Assert.Contains("System.Net.Sockets.TcpListener", found);
        Assert.Contains("System.Diagnostics.Process", found);
    }

    private static List<string> ServerReferences(Assembly assembly)
        => [.. assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(name => ServerAssemblies.Any(s => name == s || name.StartsWith(s + ".", StringComparison.Ordinal)))];

    /// <summary>The forbidden types the assembly's metadata refers to (its type references, read without loading them).</summary>
    private static List<string> SocketOrProcessUses(Assembly assembly)
    {
        using var pe = new PEReader(File.OpenRead(assembly.Location));
        var metadata = pe.GetMetadataReader();
        return [.. metadata.TypeReferences
            .Select(handle => metadata.GetTypeReference(handle))
            .Select(type => $"{metadata.GetString(type.Namespace)}.{metadata.GetString(type.Name)}")
            .Where(SocketOrProcessTypes.Contains)
            .Distinct()
            .Order(StringComparer.Ordinal)];
    }
}
