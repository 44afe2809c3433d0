using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Immuta.Client.Tests.Naming;

/// <summary>
/// Synapse users write <c>using Azure; using Immuta.Client;</c> in one file. Azure.Core has an <c>Azure.WaitUntil</c>, so
/// the SDK's enum is <see cref="ImmutaWaitUntil"/>: these tests compile such a file with Roslyn against the built SDK and a
/// stub of Azure's enum (the real Azure.Core is not needed to reproduce the clash).
/// </summary>
public sealed class AzureWaitUntilTests
{
    private const string AzureStub = "namespace Azure { public enum WaitUntil { Started, Completed } }";

    private const string Caller = """
        using System.Threading.Tasks;
        using Azure;
        using Immuta.Client;

        public static class Caller
        {
            public static async Task<string> CreateAsync(ImmutaClient client, IntegrationDefinition definition)
            {
                var operation = await client.Integrations.CreateAsync(WAIT.Completed, definition);
                return operation.Id;
            }
        }
        """;

    [Fact]
    public void CreateAsync_ImmutaWaitUntilInAFileUsingAzure_CompilesWithoutErrors()
    {
        var errors = Errors(AzureStub, Caller.Replace("WAIT", "ImmutaWaitUntil", StringComparison.Ordinal));

        Assert.Empty(errors);
    }

    // The harness sees the clash the old name caused: the SDK's enum as it was (Immuta.Client.WaitUntil) beside Azure's.
    [Fact]
    public void CreateAsync_WaitUntilDeclaredByBothNamespaces_IsAmbiguousCS0104()
    {
        var errors = Errors(AzureStub + " namespace Immuta.Client { public enum WaitUntil { Started, Completed } }", Caller.Replace("WAIT", "WaitUntil", StringComparison.Ordinal));

        Assert.Contains(errors, e => e.Id == "CS0104" && e.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("Azure.WaitUntil", StringComparison.Ordinal));
    }

    // The old name is gone from the SDK: without Azure's enum, WaitUntil names nothing.
    [Fact]
    public void CreateAsync_WaitUntilWithoutAzure_IsUnknownCS0103()
    {
        var errors = Errors(string.Empty, Caller.Replace("using Azure;", string.Empty, StringComparison.Ordinal).Replace("WAIT", "WaitUntil", StringComparison.Ordinal));

        Assert.Contains(errors, e => e.Id == "CS0103");
    }

    private static List<Diagnostic> Errors(string stub, string caller)
    {
        var compilation = CSharpCompilation.Create(
            "AzureWaitUntilSnippet",
            [CSharpSyntaxTree.ParseText(stub), CSharpSyntaxTree.ParseText(caller)],
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return [.. compilation.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error)];
    }

    // The framework (the trusted platform assemblies), the built SDK and what it references, as this test process loads them.
    private static List<MetadataReference> References()
    {
        var sdk = typeof(ImmutaClient).Assembly;
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(sdk.Location)
            .Concat(sdk.GetReferencedAssemblies().Select(name => Assembly.Load(name).Location))
            .Where(path => path.Length > 0)
            .Distinct(StringComparer.Ordinal);
        return [.. paths.Select(path => MetadataReference.CreateFromFile(path))];
    }
}
