using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;

namespace Immuta.Client.Testing;

/// <summary>
/// A request body as the fake received it: read under a size limit, decoded as strict UTF-8, and read as one JSON object
/// (or a YAML mapping). Each step that fails says what is wrong, for the 4xx answer.
/// </summary>
internal sealed class FakeRequestBody
{
    private const int ChunkSize = 16 * 1024;

    private FakeRequestBody(byte[] bytes, string? text, string? problem, bool tooLarge = false, bool incomplete = false)
    {
        Bytes = bytes;
        Text = text;
        Problem = problem;
        IsTooLarge = tooLarge;
        IsIncomplete = incomplete;
    }

    /// <summary>No body, or a body that was not read (the request was refused before it).</summary>
    public static FakeRequestBody None { get; } = new([], null, null);

    /// <summary>The bytes received (none when the body was too large: it was not kept).</summary>
    public byte[] Bytes { get; }

    /// <summary>The body decoded as UTF-8 (a leading byte-order mark dropped); <see langword="null"/> when there is none or it could not be decoded.</summary>
    public string? Text { get; }

    /// <summary>How many bytes were received.</summary>
    public int Length => Bytes.Length;

    /// <summary>Why the bytes are not a readable body (too large, not UTF-8), or <see langword="null"/>.</summary>
    public string? Problem { get; }

    /// <summary>Whether the body was larger than the fake accepts (answered 413).</summary>
    public bool IsTooLarge { get; }

    /// <summary>Whether the body could not be read to its end (answered 400).</summary>
    public bool IsIncomplete { get; }

    /// <summary>Whether there is nothing but white space.</summary>
    public bool IsEmpty => Problem is null && string.IsNullOrWhiteSpace(Text);

    /// <summary>
    /// Reads a request body, never more than <paramref name="limit"/> + 1 bytes: a declared <c>Content-Length</c> over the
    /// limit is refused before any byte is read, and a chunked body is refused as soon as it passes the limit.
    /// </summary>
    public static async Task<FakeRequestBody> ReadAsync(Stream body, long? contentLength, long limit, CancellationToken cancellationToken)
    {
        if (contentLength > limit)
        {
            return TooLarge($"its Content-Length is {contentLength.Value.ToString(CultureInfo.InvariantCulture)} bytes", limit);
        }

        var capacity = (int)Math.Min(contentLength ?? ChunkSize, Math.Min(limit, int.MaxValue - 1));
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 1));
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Math.Min(limit + 1, int.MaxValue)));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await body.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length - length, ChunkSize)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return FromBytes(buffer.AsSpan(0, length).ToArray());
                }

                length += read;
                if (length > limit)
                {
                    return TooLarge($"more than {limit.ToString(CultureInfo.InvariantCulture)} bytes arrived", limit);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A body that could not be read to its end, and why.</summary>
    public static FakeRequestBody Unreadable(string problem) => new([], null, $"the body could not be read: {problem}", incomplete: true);

    /// <summary>Decodes the bytes as strict UTF-8; invalid bytes are reported with their offset, never replaced.</summary>
    public static FakeRequestBody FromBytes(byte[]? received)
    {
        if (received is null || received.Length == 0)
        {
            return None;
        }

        ReadOnlySpan<byte> bytes = received;
        var content = bytes.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;
        var chars = new char[content.Length];
        var status = Utf8.ToUtf16(content, chars, out var read, out var written, replaceInvalidSequences: false, isFinalBlock: true);
        if (status != OperationStatus.Done)
        {
            // The offset only: the bytes themselves may be part of a credential sent in another encoding.
            var offset = read + (bytes.Length - content.Length);
            return new FakeRequestBody(received, null, $"the body is not valid UTF-8 (the first invalid byte is at offset {offset.ToString(CultureInfo.InvariantCulture)})");
        }

        return new FakeRequestBody(received, new string(chars, 0, written), null);
    }

    /// <summary>
    /// Reads the body as one JSON object (YAML is converted first): not empty, valid UTF-8 and JSON, no member twice in one
    /// object. Returns why not, or <see langword="null"/> with the JSON text.
    /// </summary>
    public string? ReadJsonObject(bool isYaml, out string? json)
    {
        json = null;
        if (Problem is not null)
        {
            return Problem;
        }

        if (IsEmpty)
        {
            return "the body is empty";
        }

        try
        {
            var text = isYaml ? ImmutaYaml.ToJson(Text!) : Text!;
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return $"the body is a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object";
            }

            if (FindDuplicate(document.RootElement, "$") is { } duplicate)
            {
                return duplicate;
            }

            json = text;
            return null;
        }
        catch (Exception exception) when (exception is JsonException or ImmutaSerializationException)
        {
            return exception.Message;
        }
        catch (InvalidOperationException)
        {
            // JsonProperty.Name on an escaped lone surrogate ("\ud800") cannot be decoded.
            return "a member name is not valid Unicode (it holds an escaped lone surrogate)";
        }
    }

    private static FakeRequestBody TooLarge(string detail, long limit)
        => new([], null, $"the body is larger than the fake accepts ({limit.ToString(CultureInfo.InvariantCulture)} bytes, {nameof(FakeImmutaServerOptions)}.{nameof(FakeImmutaServerOptions.MaxRequestBodyBytes)}): {detail}", tooLarge: true);

    // Names are compared as decoded, so "note" and "n\u006fte" are the same member. Depth is bounded by JsonDocument (64).
    private static string? FindDuplicate(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var member in element.EnumerateObject())
                {
                    var memberPath = $"{path}.{member.Name}";
                    if (!names.Add(member.Name))
                    {
                        return $"the member '{member.Name}' appears twice in one object ({memberPath})";
                    }

                    if (FindDuplicate(member.Value, memberPath) is { } inner)
                    {
                        return inner;
                    }
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindDuplicate(item, $"{path}[{index++}]") is { } inner)
                    {
                        return inner;
                    }
                }

                break;
        }

        return null;
    }
}
