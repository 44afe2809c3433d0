using System.Net;

namespace Immuta.Client.Http;

/// <summary>
/// A response body that is read after its attempt returned (a POST's answer, an error body, a GET with retries off),
/// still under that attempt's timer: each read is cancelled when the timer fires, and then fails with a
/// <see cref="TimeoutException"/>. The content owns the timer and the original content, and disposes both.
/// </summary>
internal sealed class TimeBoundContent : HttpContent
{
    private readonly HttpContent _original;
    private readonly TimeoutSource _timeout;

    private TimeBoundContent(HttpContent original, TimeoutSource timeout)
    {
        _original = original;
        _timeout = timeout;

        // Content-Type is what the SDK reads; any other content header is copied as sent (the length is the original's).
        foreach (var header in original.Headers.NonValidated)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    /// <summary>Moves <paramref name="response"/>'s body under <paramref name="timeout"/>, which the response then owns.</summary>
    public static void Wrap(HttpResponseMessage response, TimeoutSource timeout)
        => response.Content = new TimeBoundContent(response.Content, timeout);

    /// <inheritdoc />
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        => SerializeToStreamAsync(stream, context, CancellationToken.None);

    /// <inheritdoc />
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var source = await CreateContentReadStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            await source.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    protected override bool TryComputeLength(out long length)
    {
        length = _original.Headers.ContentLength ?? 0;
        return _original.Headers.ContentLength is not null;
    }

    /// <inheritdoc />
    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    /// <inheritdoc />
    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken)
    {
        var original = await Bounded(static (content, token) => content.ReadAsStreamAsync(token), _original, cancellationToken).ConfigureAwait(false);
        return new TimeBoundStream(original, this);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _original.Dispose();
            _timeout.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Runs one read under the timer and the caller's token; a read cut off by the timer throws <see cref="TimeoutException"/>.</summary>
    private async Task<TResult> Bounded<TState, TResult>(Func<TState, CancellationToken, Task<TResult>> read, TState state, CancellationToken cancellationToken)
    {
        if (_timeout.TimedOut)
        {
            throw _timeout.TimeoutError(null);
        }

        using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timeout.Token) : null;
        try
        {
            return await read(state, linked?.Token ?? _timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (_timeout.TimedOut && !cancellationToken.IsCancellationRequested)
        {
            throw _timeout.TimeoutError(exception);
        }
    }

    /// <summary>Reads the original body, each read under the timer.</summary>
    private sealed class TimeBoundStream(Stream original, TimeBoundContent content) : ReadOnlyWrappingStream(original)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => new(content.Bounded(static (s, token) => s.Stream.ReadAsync(s.Buffer, token).AsTask(), (Stream: Inner, Buffer: buffer), cancellationToken));

        // The SDK never reads synchronously; a synchronous read goes through the bounded path all the same.
        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
    }
}
