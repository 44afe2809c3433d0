using System.Buffers;
using System.Net;

namespace Immuta.Client.Http;

/// <summary>
/// A response body read in full into segments rented from <see cref="ArrayPool{T}.Shared"/>, and returned to it when the
/// response is disposed. GET bodies are read inside the retry attempt (so a reset mid-body is retried) without
/// allocating a new array the size of the body on every call.
/// </summary>
internal sealed class PooledResponseContent : HttpContent
{
    /// <summary>
    /// Segment of a body announced at this size or more: large enough to keep the count small, small enough for the pool
    /// to keep. A body announced smaller is read into one segment of its size.
    /// </summary>
    internal const int MaxSegmentSize = 1024 * 1024;

    /// <summary>
    /// Segment of a body of unknown length (chunked, or decompressed on the fly): small enough that a small body does
    /// not hold a large array, and below the large-object heap.
    /// </summary>
    internal const int UnknownLengthSegmentSize = 64 * 1024;

    private readonly byte[][] _segments;
    private readonly int _segmentSize;
    private readonly long _length;
    private int _disposed;

    private PooledResponseContent(byte[][] segments, int segmentSize, long length)
    {
        _segments = segments;
        _segmentSize = segmentSize;
        _length = length;
    }

    /// <summary>Reads <paramref name="original"/> in full and returns a content with its bytes and headers.</summary>
    /// <param name="original">The content to read; it is not disposed.</param>
    /// <param name="maxBytes">The largest body accepted.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="HttpRequestException">The body is larger than <paramref name="maxBytes"/>.</exception>
    public static async Task<PooledResponseContent> LoadAsync(HttpContent original, long maxBytes, CancellationToken cancellationToken)
    {
        // One byte more than announced, so the read that finds the end needs no second segment.
        var segmentSize = original.Headers.ContentLength switch
        {
            null => UnknownLengthSegmentSize,
            < MaxSegmentSize and var announced => (int)announced + 1,
            _ => MaxSegmentSize,
        };
        var segments = new List<byte[]>(1);
        long length = 0;
        try
        {
            var stream = await original.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (true)
                {
                    var offset = (int)(length % segmentSize);
                    if (offset == 0)
                    {
                        segments.Add(ArrayPool<byte>.Shared.Rent(segmentSize));
                    }

                    var read = await stream.ReadAsync(segments[^1].AsMemory(offset, segmentSize - offset), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                    if (length > maxBytes)
                    {
                        throw new HttpRequestException($"The response body is larger than {maxBytes / (1024 * 1024)} MB.", null, HttpStatusCode.OK);
                    }
                }
            }
        }
        catch
        {
            Return(segments);
            throw;
        }

        var content = new PooledResponseContent([.. segments], segmentSize, length);
        // Content-Type is what the SDK reads; the length is the content's own. Any other content header is copied as sent.
        content.Headers.ContentType = original.Headers.ContentType;
        if (original.Headers.NonValidated.Count > (content.Headers.ContentType is null ? 0 : 1) + (original.Headers.NonValidated.Contains("Content-Length") ? 1 : 0))
        {
            foreach (var header in original.Headers.NonValidated)
            {
                if (header.Key is not ("Content-Type" or "Content-Length"))
                {
                    content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }
        }

        return content;
    }

    /// <inheritdoc />
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    /// <inheritdoc />
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var remaining = _length;
        foreach (var segment in Segments())
        {
            var count = (int)Math.Min(remaining, _segmentSize);
            await stream.WriteAsync(segment.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            remaining -= count;
        }
    }

    /// <inheritdoc />
    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    /// <inheritdoc />
    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new SegmentStream(this));

    /// <inheritdoc />
    protected override Stream CreateContentReadStream(CancellationToken cancellationToken) => new SegmentStream(this);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Return(_segments);
            }
        }

        base.Dispose(disposing);
    }

    private byte[][] Segments()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _segments;
    }

    private static void Return(IEnumerable<byte[]> segments)
    {
        foreach (var segment in segments)
        {
            ArrayPool<byte>.Shared.Return(segment);
        }
    }

    /// <summary>Reads the segments in order; it does not own them.</summary>
    private sealed class SegmentStream(PooledResponseContent content) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => content._length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var remaining = content._length - _position;
            if (remaining <= 0 || buffer.IsEmpty)
            {
                return 0;
            }

            var segments = content.Segments();
            var size = content._segmentSize;
            var offset = (int)(_position % size);
            var count = (int)Math.Min(Math.Min(buffer.Length, size - offset), remaining);
            segments[(int)(_position / size)].AsSpan(offset, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => cancellationToken.IsCancellationRequested ? Task.FromCanceled<int>(cancellationToken) : Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<int>(cancellationToken) : new(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
