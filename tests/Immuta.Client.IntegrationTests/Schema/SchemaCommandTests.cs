using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Schema;

/// <summary><c>immuta-integrations schema</c> prints the committed, generated schema and needs no tenant.</summary>
public sealed class SchemaCommandTests
{
    [Fact]
    public async Task Schema_NoTenant_PrintsTheShippedSchema()
    {
        var (code, output, error) = await ToolRunner.RunAsync(new Dictionary<string, string>(), isTerminal: false, "schema");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        Assert.Equal(await File.ReadAllTextAsync(CommittedSchema.Path, TestContext.Current.CancellationToken), output);
    }
}
