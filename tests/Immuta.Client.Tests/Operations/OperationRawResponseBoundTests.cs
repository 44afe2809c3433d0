using System.Net;
using System.Text;
using System.Text.Json;
using Immuta.Client.Http;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Operations;

/// <summary>
/// What recording an operation's last response (<see cref="IntegrationOperation.GetRawResponse"/>) keeps of a body: its
/// first <see cref="ImmutaExceptionFactory.MaxErrorBodyBytes"/> bytes, copied as the result is read, never more, never a
/// byte the result's reading did not read; a body that breaks off midway is kept as far as it came.
/// </summary>
public sealed class OperationRawResponseBoundTests
{
    private const int Bound = ImmutaExceptionFactory.MaxErrorBodyBytes;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TrinoIntegration Trino() => new() { AutoBootstrap = true, Config = new TrinoConfig() };

    // A start answer of about 1 MB: a long unknown member the model keeps.
    private static string HugeAnswer() => "{\"id\":\"7\",\"status\":\"creating\",\"note\":\"" + new string('n', 1024 * 1024) + "\"}";

    [Fact]
    public async Task GetRawResponse_HugeStartAnswer_KeepsTheBoundAndSaysItIsCut()
    {
        using var client = AnsweringClient.Create(_ => ScriptedImmuta.Json(HttpStatusCode.OK, HugeAnswer()));

        var operation = await client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Trino(), Ct);

        var raw = operation.GetRawResponse()!;
        Assert.True(raw.IsContentTruncated);
        Assert.True(raw.Content!.Length <= Bound, $"{raw.Content.Length} chars kept");
        Assert.StartsWith("{\"id\":\"7\",\"status\":\"creating\"", raw.Content, StringComparison.Ordinal); // a JSON body is reprinted as far as it goes
        Assert.Equal("7", operation.Id);
    }

    [Fact]
    public async Task GetRawResponse_PollBodyBreaksOffPastTheBound_KeepsItsStartCut()
    {
        var body = Encoding.UTF8.GetBytes("{\"id\":7,\"status\":\"creating\",\"message\":\"" + new string('m', 2 * Bound));
        using var client = AnsweringClient.Create(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = BreakingContent(body) });
        var operation = client.Integrations.ResumeOperation("7", IntegrationOperationKind.Create);

        await Assert.ThrowsAsync<ImmutaTransportException>(() => operation.UpdateStatusAsync(Ct));

        var raw = operation.GetRawResponse();
        Assert.NotNull(raw);
        Assert.True(raw.IsContentTruncated);
        Assert.StartsWith("{\"id\":7,\"status\":\"creating\"", raw.Content, StringComparison.Ordinal);
        Assert.True(raw.Content!.Length <= Bound, $"{raw.Content.Length} chars kept");
    }

    [Fact]
    public async Task RecordingStream_HugeBodyReadByTheDeserializer_KeepsTheBoundAndReadsNothingMore()
    {
        var body = Encoding.UTF8.GetBytes(HugeAnswer());
        using var inner = new MemoryStream(body);
        await using var recording = new RecordingStream(inner);

        using var document = await JsonDocument.ParseAsync(recording, cancellationToken: Ct);

        Assert.Equal(body.AsSpan(0, Bound).ToArray(), recording.Kept.ToArray());
        Assert.True(recording.IsTruncated);
        Assert.Equal(body.Length, inner.Position);
    }

    [Fact]
    public async Task RecordingStream_SmallBodyReadToItsEnd_KeptWholeAndNotCut()
    {
        var body = Encoding.UTF8.GetBytes("{\"id\":\"7\",\"status\":\"creating\"}");
        await using var recording = new RecordingStream(new MemoryStream(body));

        using var document = await JsonDocument.ParseAsync(recording, cancellationToken: Ct);

        Assert.Equal(body, recording.Kept.ToArray());
        Assert.False(recording.IsTruncated);
    }

    [Fact]
    public void RecordingStream_ReadStoppedBeforeTheEnd_SaysItIsCut()
    {
        using var recording = new RecordingStream(new MemoryStream(Encoding.UTF8.GetBytes("{\"id\":\"7\"}")));

        var first = recording.Read(new byte[4], 0, 4);

        Assert.Equal(4, first);
        Assert.Equal("{\"id", Encoding.UTF8.GetString(recording.Kept));
        Assert.True(recording.IsTruncated);
    }

    // A body whose connection resets after its bytes: the read past them fails.
    private static HttpContent BreakingContent(byte[] bytes) => new StreamContent(new BreakingStream(bytes));

    private sealed class BreakingStream(byte[] bytes) : Stream
    {
        private int _at;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _at; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_at >= bytes.Length)
            {
                throw new IOException("The connection was reset.");
            }

            var n = Math.Min(count, bytes.Length - _at);
            Array.Copy(bytes, _at, buffer, offset, n);
            _at += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
