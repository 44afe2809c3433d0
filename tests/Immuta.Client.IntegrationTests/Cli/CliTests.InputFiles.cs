using System.Text;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary>
/// Attack of issue 16 defect 8 and item 10 (input files): whatever <c>-f</c> names, the tool reads it as a definition or
/// prints one line naming the file and exits 2; nothing is sent.
/// </summary>
public sealed partial class CliTests
{
    private static void AssertOneLineNaming(string file, int code, string error)
    {
        Assert.Equal(2, code);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"error: {file}", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n")]
    [InlineData("# only a comment\n")]
    public async Task Validate_EmptyFile_OneLineSayingTheFileIsEmpty(string content)
    {
        var file = WriteFile("empty.yaml", content);

        var (code, _, error) = await RunAsync("validate", "-f", file);

        AssertOneLineNaming(file, code, error);
        Assert.Contains("empty", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_DevNull_OneLineSayingItHoldsNoDocument()
    {
        var (code, _, error) = await RunAsync("validate", "-f", "/dev/null");

        AssertOneLineNaming("/dev/null", code, error);
        Assert.Contains("holds no document", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_EmptyFile_SendsNothing()
    {
        var (code, _, _) = await RunAsync("create", "-f", WriteFile("empty.json", string.Empty));

        Assert.Equal(2, code);
        Assert.Empty(_fake.Journal);
    }

    [Theory]
    [InlineData("utf8-bom")]
    [InlineData("utf16-le")]
    [InlineData("utf16-be")]
    public async Task Validate_FileWithAByteOrderMark_ReadAsItsEncoding(string encoding)
    {
        var text = Examples.Read("post-integrations.trino.request.json");
        var file = Path.Combine(_folder, $"{encoding}.json");
        File.WriteAllText(file, text, encoding switch
        {
            "utf8-bom" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: true),
            "utf16-le" => new UnicodeEncoding(bigEndian: false, byteOrderMark: true),
            _ => new UnicodeEncoding(bigEndian: true, byteOrderMark: true),
        });

        var (code, output, error) = await RunAsync("validate", "-f", file);

        Assert.True(code == 0, error);
        Assert.Contains("a valid Trino integration definition", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_SymlinkLoop_OneLineNamingTheFile()
    {
        var file = Path.Combine(_folder, "loop.yaml");
        File.CreateSymbolicLink(file, file);

        var (code, _, error) = await RunAsync("validate", "-f", file);

        AssertOneLineNaming(file, code, error);
    }

    [Fact]
    public async Task Validate_PathWithSpacesAndUnicode_ReadAndNamedAsGiven()
    {
        var file = WriteFile("mon intégration ❄.json", Examples.Read("post-integrations.trino.request.json"));

        var (code, output, error) = await RunAsync("validate", "-f", file);

        Assert.True(code == 0, error);
        Assert.Equal($"{file}: a valid Trino integration definition\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Validate_Fifo_ReadsWhatIsWrittenToIt()
    {
        var fifo = Path.Combine(_folder, "definition.json");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync(Ct);
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // Opening a FIFO for writing blocks until a reader opens it, inside the call that opens it (File.WriteAllTextAsync
        // too): the writer gets a thread of its own, or the tool would never start. A tool that never opened the FIFO
        // would leave that thread blocked: the bounded wait turns that hang into a failure, whatever the machine's speed.
        var text = Examples.Read("post-integrations.trino.request.json");
        var writer = Task.Factory.StartNew(() => File.WriteAllText(fifo, text), Ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var (code, output, error) = await RunAsync("validate", "-f", fifo);
        await writer.WaitAsync(TimeSpan.FromMinutes(2), Ct);

        Assert.True(code == 0, error);
        Assert.Contains("a valid Trino integration definition", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_TwentyMegabyteFile_OneShortLineNeverEchoingTheContent()
    {
        var file = WriteFile("huge.yaml", new string('x', 20 * 1024 * 1024));

        var (code, _, error) = await RunAsync("validate", "-f", file);

        AssertOneLineNaming(file, code, error);
        Assert.True(error.Length < 1000, error[..Math.Min(error.Length, 1000)]);
    }

    [Fact]
    public async Task Validate_TwentyMegabyteCredential_OneShortLineNeverEchoingIt()
    {
        var file = SnowflakeFile("huge.json", c => c["password"] = new string('p', 20 * 1024 * 1024));

        var (code, _, error) = await RunAsync("validate", "-f", file);

        Assert.True(error.Length < 2000, error[..Math.Min(error.Length, 2000)]);
        Assert.DoesNotContain("pppppppp", error, StringComparison.Ordinal);
        Assert.True(code is 0 or 2, error);
    }

    [Fact]
    public async Task Plan_SameFileTwice_ReadOnceAndPlannedOnce()
    {
        var file = Example("post-integrations.trino.request.json");

        var (code, output, error) = await RunAsync("plan", "-f", file, "-f", Path.Combine(_folder, ".", Path.GetFileName(file)));

        Assert.True(code == 0, error);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(output, "create a Trino integration"));
    }

    [Fact]
    public async Task Plan_SameFileThroughASymlink_DuplicateNamingBothFiles()
    {
        var file = Example("post-integrations.trino.request.json");
        var link = Path.Combine(_folder, "link.json");
        File.CreateSymbolicLink(link, file);

        var (code, _, error) = await RunAsync("plan", "-f", file, "-f", link);

        Assert.Equal(2, code);
        Assert.Contains($"{file} and {link} describe the same Trino integration", error, StringComparison.Ordinal);
        Assert.Empty(_fake.Journal);
    }
}
