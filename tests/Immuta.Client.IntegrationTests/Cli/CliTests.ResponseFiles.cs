using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary>
/// An argument that starts with <c>@</c> is itself: System.CommandLine's response files (<c>@name</c> expanded into that
/// file's contents) are off, so <c>-f @defs.yaml</c> reads the definition file of that name.
/// </summary>
public sealed partial class CliTests
{
    [Fact]
    public async Task Validate_FileNamedWithAnAtSign_ReadsThatFileAsTheDefinition()
    {
        // The token must start with '@': a name relative to the working directory, which the test removes again.
        var name = $"@immuta-cli-{Guid.NewGuid():N}.json";
        File.WriteAllText(name, Examples.Read("post-integrations.trino.request.json"));
        try
        {
            var (code, output, error) = await RunAsync("validate", "-f", name);

            Assert.True(code == 0, error);
            Assert.StartsWith($"{name}: a valid Trino integration definition", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(name);
        }
    }

    [Fact]
    public async Task Validate_MissingFileNamedWithAnAtSign_NoSuchFileNamingIt()
    {
        var name = $"@immuta-cli-missing-{Guid.NewGuid():N}.yaml";

        var (code, output, error) = await RunAsync("validate", "-f", name);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Equal($"error: {name}: no such file.\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task List_ResponseFileOfOptions_NotReadAnUnrecognizedArgumentInstead()
    {
        // Before: `list @list.rsp` read "-o yaml" from the file (the test ResponseFile_ItsOptionsAreRead said so).
        var arguments = WriteFile("list.rsp", "-o\nyaml\n");

        var (code, output, error) = await RunAsync("list", $"@{arguments}");

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains($"@{arguments}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ResponseFileHoldingASecret_NeitherExpandedNorEchoed()
    {
        // What a response file would have turned into arguments (and a parse error would have quoted).
        var name = $"@immuta-cli-args-{Guid.NewGuid():N}";
        File.WriteAllText(name, "--bogus hunter2-response-secret");
        try
        {
            var (code, _, error) = await RunAsync("list", name);

            Assert.Equal(2, code);
            Assert.DoesNotContain("hunter2-response-secret", error, StringComparison.Ordinal);
            Assert.Contains(name, error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(name);
        }
    }
}
