using System.Buffers;
using System.Text;

namespace Immuta.Client.Internal;

/// <summary>
/// Reads text that people hand over (definition files, standard input, the output of a command that prints a key) up to
/// a bound: a file that is not a definition (<c>/dev/zero</c>, a disk image named by mistake, a command that never stops
/// printing) ends in a clear error at the bound, not in memory growing until the process fails. The SDK's
/// <see cref="IntegrationDefinitionFile"/> and the tool (which compiles this file as a link) read through it.
/// </summary>
internal static class BoundedText
{
    /// <summary>
    /// The most characters read from a definition file: 16 Mi. Documented definitions are under 4 KB; the largest member
    /// (a BigQuery service account key file, inline) is about 2.4 KB.
    /// </summary>
    public const int MaxDefinitionChars = 16 * 1024 * 1024;

    /// <summary>The bound of <see cref="MaxDefinitionChars"/> as people read it, for messages.</summary>
    public const string MaxDefinitionText = "16 MB";

    private const int ChunkChars = 16 * 1024;

    /// <summary>
    /// The text of <paramref name="reader"/> to its end, or <see langword="null"/> when it holds more than
    /// <paramref name="maxChars"/> characters (reading stops there).
    /// </summary>
    public static async Task<string?> ReadAsync(TextReader reader, int maxChars, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var chunk = ArrayPool<char>.Shared.Rent(ChunkChars);
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(chunk.AsMemory(0, ChunkChars), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return text.ToString();
                }

                if (read > maxChars - text.Length)
                {
                    return null;
                }

                text.Append(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chunk);
        }
    }

    /// <summary>
    /// The text of the file at <paramref name="path"/> (UTF-8, or the encoding its byte order mark names, as
    /// <see cref="File.ReadAllTextAsync(string, CancellationToken)"/> reads it, with the same exceptions), or
    /// <see langword="null"/> when it holds more than <paramref name="maxChars"/> characters.
    /// </summary>
    public static async Task<string?> ReadFileAsync(string path, int maxChars, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Options = FileOptions.Asynchronous | FileOptions.SequentialScan };
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, options);
        return await ReadAsync(reader, maxChars, cancellationToken).ConfigureAwait(false);
    }
}
