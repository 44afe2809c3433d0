using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Immuta.Client.Http;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Transport;

/// <summary>
/// With retries on, GET bodies are read inside the attempt into pooled segments: one of the announced size, 1 MB ones
/// for large bodies, 64 KB ones when the length is unknown. A reset mid-body is retried and the caller reads exactly
/// the bytes sent.
/// </summary>
public sealed class ResponseBufferingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A list of <paramref name="count"/> Trino integrations, each with a distinct id and a 1 KB unknown member.</summary>
    private static string List(int count)
    {
        var list = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            list.Add(new JsonObject { ["id"] = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), ["type"] = "Trino", ["note"] = new string((char)('a' + i % 26), 1024) });
        }

        return list.ToJsonString();
    }

    [Theory]
    [InlineData(4)] // about 4 KB: one segment
    [InlineData(3000)] // about 3 MB: four segments
    public async Task ListAsync_ResetMidBody_RetriedAndEveryItemRead(int count)
    {
        var body = List(count);
        await using var server = new RawFaultServer(RawFault.ResetMidResponse, ("application/json", body));
        using var client = new ImmutaClient(server.Uri, new ImmutaApiKeyCredential("buffer-key"), new ImmutaClientOptions { Retry = StubImmuta.FastRetries });

        var list = await client.Integrations.ListAsync(Ct);

        Assert.Equal(2, server.Requests);
        Assert.Equal(count, list.Count);
        Assert.Equal(Enumerable.Range(1, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), list.Select(integration => integration.Id));
        Assert.Equal(new string('c', 1024), list[2].Definition.AdditionalProperties!["note"].GetString());
        Assert.Equal(new string((char)('a' + (count - 1) % 26), 1024), list[^1].Definition.AdditionalProperties!["note"].GetString());
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(2048, true)]
    [InlineData(PooledResponseContent.MaxSegmentSize - 1, false)]
    [InlineData(PooledResponseContent.MaxSegmentSize - 1, true)]
    [InlineData(PooledResponseContent.MaxSegmentSize, false)]
    [InlineData(PooledResponseContent.MaxSegmentSize, true)]
    [InlineData(PooledResponseContent.MaxSegmentSize + 1, false)]
    [InlineData(PooledResponseContent.UnknownLengthSegmentSize, false)]
    [InlineData((5 * PooledResponseContent.UnknownLengthSegmentSize) + 7, false)]
    [InlineData((3 * PooledResponseContent.MaxSegmentSize) + 12345, false)]
    [InlineData((3 * PooledResponseContent.MaxSegmentSize) + 12345, true)]
    public async Task LoadAsync_AnySizeLengthKnownOrNot_ReadsBackTheSameBytesAndHeaders(int size, bool lengthKnown)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        using HttpContent original = lengthKnown ? new ByteArrayContent(bytes) : new StreamContent(new TrickleStream(bytes));
        original.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        original.Headers.ContentLanguage.Add("de-CH");
        Assert.Equal(lengthKnown ? size : null, original.Headers.ContentLength);

        using var pooled = await PooledResponseContent.LoadAsync(original, long.MaxValue, Ct);

        Assert.Equal("application/json; charset=utf-8", pooled.Headers.ContentType!.ToString());
        Assert.Equal("de-CH", Assert.Single(pooled.Headers.ContentLanguage));
        Assert.Equal(size, pooled.Headers.ContentLength);
        Assert.Equal(bytes, await ReadInOddChunksAsync(await pooled.ReadAsStreamAsync(Ct)));
        Assert.Equal(bytes, await pooled.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task LoadAsync_BodyOverTheLimit_ThrowsNamingTheLimit()
    {
        using var original = new ByteArrayContent(new byte[(3 * 1024 * 1024) + 1]);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => PooledResponseContent.LoadAsync(original, 3 * 1024 * 1024, Ct));

        Assert.Contains("larger than 3 MB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAfterDispose_ThrowsObjectDisposed()
    {
        using var original = new ByteArrayContent(Encoding.UTF8.GetBytes("[]"));
        var pooled = await PooledResponseContent.LoadAsync(original, long.MaxValue, Ct);
        var stream = await pooled.ReadAsStreamAsync(Ct);

        pooled.Dispose();
        pooled.Dispose();

        Assert.Throws<ObjectDisposedException>(() => stream.ReadByte());
    }

    [Fact]
    public async Task ListAsync_UnsizedBody_ReadInFull()
    {
        var body = List(50);
        using var client = new ImmutaClient(new Uri("https://tenant.immuta.test"), new ImmutaApiKeyCredential("buffer-key"),
            new ImmutaClientOptions { Retry = StubImmuta.FastRetries }, new UnsizedBodyHandler(Encoding.UTF8.GetBytes(body)));

        var list = await client.Integrations.ListAsync(Ct);

        Assert.Equal(50, list.Count);
    }

    private static async Task<byte[]> ReadInOddChunksAsync(Stream stream)
    {
        var result = new MemoryStream();
        var chunk = new byte[7919];
        int read;
        while ((read = await stream.ReadAsync(chunk, Ct)) > 0)
        {
            result.Write(chunk, 0, read);
        }

        return result.ToArray();
    }

    /// <summary>Returns at most 1,000 bytes per read and cannot seek, as a network stream.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => base.ReadAsync(buffer[..Math.Min(buffer.Length, 1000)], cancellationToken);
    }

    /// <summary>Answers with a body whose length is not announced (as with chunked transfer encoding).</summary>
    private sealed class UnsizedBodyHandler(byte[] body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new StreamContent(new TrickleStream(body));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            Assert.Null(content.Headers.ContentLength);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }
}
