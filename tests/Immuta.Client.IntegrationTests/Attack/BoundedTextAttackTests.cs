using System.Diagnostics;
using System.Text;
using Xunit;

namespace Immuta.Client.Tests.Attack;

/// <summary>
/// The bound on text people hand over (<c>Internal.BoundedText</c>, of the SDK's assembly: the tool's linked copy is the same source), attacked at its edges: exactly at the bound and one
/// past it (characters, not bytes, in UTF-8 with multi-byte characters and UTF-16 with a byte order mark), a FIFO, a
/// <c>/proc</c> file whose size reads as 0, and a directory.
/// </summary>
public sealed class BoundedTextAttackTests : IDisposable
{
    private const int Bound = 40_000; // more than two of BoundedText's chunks, so a chunk ends inside the text

    private readonly string _directory = Directory.CreateTempSubdirectory("bounded-text-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string> Encodings => ["utf-8", "utf-8-bom", "utf-16le-bom", "utf-16be-bom", "utf-32le-bom"];

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task ReadFileAsync_ExactlyAtTheBoundInMultiByteCharacters_TheWholeText(string encoding)
    {
        var text = Text(Bound);
        var path = Write(text, encoding);

        var read = await ReadFileAsync(path, Bound, Ct);

        Assert.Equal(text, read);
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task ReadFileAsync_OnePastTheBoundInMultiByteCharacters_Null(string encoding)
    {
        var path = Write(Text(Bound + 1), encoding);

        var read = await ReadFileAsync(path, Bound, Ct);

        Assert.Null(read);
    }

    [Fact]
    public async Task ReadFileAsync_Fifo_TheTextWritten()
    {
        var path = Path.Combine(_directory, "fifo");
        using (var mkfifo = Process.Start("mkfifo", [path]))
        {
            await mkfifo.WaitForExitAsync(Ct);
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var writer = Task.Run(() => File.WriteAllText(path, "{\"type\":\"Trino\"}"), Ct);

        var read = await ReadFileAsync(path, Bound, Ct);
        await writer;

        Assert.Equal("{\"type\":\"Trino\"}", read);
    }

    [Fact]
    public async Task ReadFileAsync_ProcFileWhoseSizeReadsAsZero_ItsText()
    {
        var read = await ReadFileAsync("/proc/self/status", Bound, Ct);

        Assert.Contains("Pid:", read, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_Directory_UnauthorizedAccessAsDocumented()
    {
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => IntegrationDefinitionFile.LoadAsync(_directory, cancellationToken: Ct));
    }

    // The SDK's copy: the tool compiles the same file, so the name is ambiguous in this assembly.
    private static Task<string?> ReadFileAsync(string path, int maxChars, CancellationToken cancellationToken)
        => (Task<string?>)typeof(IntegrationDefinitionFile).Assembly.GetType("Immuta.Client.Internal.BoundedText", throwOnError: true)!
            .GetMethod("ReadFileAsync")!.Invoke(null, [path, maxChars, cancellationToken])!;

    // Characters of one, two, three and four UTF-8 bytes (the last a surrogate pair: two chars), cut to exactly n chars.
    private static string Text(int chars)
    {
        var text = new StringBuilder(chars + 4);
        while (text.Length < chars)
        {
            text.Append("a\u00e9\u20ac\U0001F600");
        }

        // Never cut a pair in two: end on a one-char character instead.
        text.Length = chars;
        if (char.IsHighSurrogate(text[^1]))
        {
            text[^1] = 'z';
        }

        return text.ToString();
    }

    private string Write(string text, string encoding)
    {
        var path = Path.Combine(_directory, encoding + ".yaml");
        Encoding chosen = encoding switch
        {
            "utf-8" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            "utf-8-bom" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: true),
            "utf-16le-bom" => new UnicodeEncoding(bigEndian: false, byteOrderMark: true),
            "utf-16be-bom" => new UnicodeEncoding(bigEndian: true, byteOrderMark: true),
            _ => new UTF32Encoding(bigEndian: false, byteOrderMark: true),
        };
        File.WriteAllText(path, text, chosen);
        return path;
    }
}
