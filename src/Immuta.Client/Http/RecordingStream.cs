namespace Immuta.Client.Http;

/// <summary>
/// A response body as the deserializer reads it, keeping a copy of its first <see cref="ImmutaExceptionFactory.MaxErrorBodyBytes"/>
/// bytes for <see cref="RawResponseRecorder"/>: recording reads nothing the deserializer does not (a stalled body stalls the
/// read the call makes anyway, under its deadline) and holds no more than the bound, whatever the body's size.
/// </summary>
/// <param name="inner">The body.</param>
internal sealed class RecordingStream(Stream inner) : ReadOnlyWrappingStream(inner)
{
    private const int Bound = ImmutaExceptionFactory.MaxErrorBodyBytes;

    private byte[] _kept = [];

    private int _keptLength;
    private long _passed;
    private bool _ended;

    /// <summary>The start of the body read so far, at most the bound.</summary>
    public ReadOnlySpan<byte> Kept => _kept.AsSpan(0, _keptLength);

    /// <summary>Whether the body goes on past <see cref="Kept"/>: more was read, or the reading stopped before its end.</summary>
    public bool IsTruncated => _passed > _keptLength || !_ended;

    public override long Position
    {
        get => _passed;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Keep(buffer.Length, buffer[..Inner.Read(buffer)]);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Keep(buffer.Length, buffer.Span[..read]);
    }

    private int Keep(int asked, ReadOnlySpan<byte> read)
    {
        if (read.IsEmpty)
        {
            _ended |= asked > 0; // nothing read into room for something: the body has ended
            return 0;
        }

        var room = Math.Min(read.Length, Bound - _keptLength);
        if (_keptLength + room > _kept.Length)
        {
            // Grown as the body comes (a status poll's answer is a few dozen bytes), never past the bound.
            Array.Resize(ref _kept, Math.Min(Bound, Math.Max(_keptLength + room, 2 * _kept.Length)));
        }

        read[..room].CopyTo(_kept.AsSpan(_keptLength));
        _keptLength += room;
        _passed += read.Length;
        return read.Length;
    }
}
