using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Immuta.Client.Testing;
using Xunit;

namespace Immuta.Client.Tests.Fake;

/// <summary>
/// The edges of a request to the fake: one transaction per request, authentication before faults, bodies that are not
/// UTF-8, and the size limit.
/// </summary>
public sealed class FakeRequestEdgeTests : IAsyncLifetime
{
    private const string Snowflake = """
        {"type":"Snowflake","autoBootstrap":false,"config":{"host":"organization.us-east-1.snowflakecomputing.com","warehouse":"SAMPLE_WAREHOUSE","database":"SNOWFLAKE_SAMPLE_DATA","authenticationType":"userPassword","username":"taylor@snowflake.com","password":"abc1234"}}
        """;

    private readonly FakeImmutaServer _fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfter = TimeSpan.Zero });
    private readonly HttpClient _http = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    // Item 21: a request either fully succeeds or changes nothing, and is journaled either way.
    [Fact]
    public async Task Create_FailsAfterStoring_NothingStoredScriptedFailureKeptAndJournaled()
    {
        // The create stores the integration, then reads the clock to schedule its settling: the clock fails there.
        var clock = new FailingClock();
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { TimeProvider = clock, SettleAfter = TimeSpan.Zero });
        fake.FailNext(IntegrationOperationKind.Create);
        clock.FailNextRead = true;

        var (status, answer) = await SendAsync(fake, HttpMethod.Post, "/integrations", Json(Snowflake));

        Assert.Equal(500, status);
        Assert.Equal("FakeImmutaServer failed on POST /integrations (InvalidOperationException); nothing was changed.", Message(answer));
        Assert.Empty(fake.Integrations);
        Assert.Equal(500, Assert.Single(fake.Journal).StatusCode);
        var (created, body) = await SendAsync(fake, HttpMethod.Post, "/integrations", Json(Snowflake));
        Assert.Equal(200, created);
        Assert.Contains("\"id\":\"1\"", body, StringComparison.Ordinal);
        Assert.Equal(IntegrationStatus.CreateError, Assert.Single(fake.Integrations).Status);
    }

    [Fact]
    public async Task Update_DuplicateKeys_BadRequestIntegrationUnchanged()
    {
        await SendAsync(HttpMethod.Post, "/integrations", Utf8(Snowflake));
        var before = ImmutaJson.Serialize(Assert.Single(_fake.Integrations));
        var changed = Snowflake.Replace("\"warehouse\":\"SAMPLE_WAREHOUSE\"", "\"warehouse\":\"OTHER\",\"warehouse\":\"THIRD\"", StringComparison.Ordinal);

        var (status, answer) = await SendAsync(HttpMethod.Put, "/integrations/1", Utf8(changed));

        Assert.Equal(400, status);
        Assert.Equal("Invalid request body: the member 'warehouse' appears twice in one object ($.config.warehouse).", Message(answer));
        Assert.Equal(before, ImmutaJson.Serialize(Assert.Single(_fake.Integrations)));
        Assert.Equal([200, 400], _fake.Journal.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Update_UnknownMemberWithAnUnpairedSurrogateEscape_StoredAndServedBackAsItCame()
    {
        // Valid JSON though not valid Unicode (Immuta's JSON.parse takes it): the SDK writes such a value back byte for byte,
        // so the fake stores it and every read still answers.
        await SendAsync(HttpMethod.Post, "/integrations", Utf8(Snowflake));
        var odd = Snowflake.Replace("\"warehouse\":", "\"note\":\"bad \\ud800 char\",\"warehouse\":", StringComparison.Ordinal);

        var (status, _) = await SendAsync(HttpMethod.Put, "/integrations/1", Utf8(odd));
        var (listed, list) = await SendAsync(HttpMethod.Get, "/integrations", null);
        var (got, one) = await SendAsync(HttpMethod.Get, "/integrations/1", null);

        Assert.Equal([200, 200, 200], [status, listed, got]);
        Assert.Contains("\"note\":\"bad \\ud800 char\"", list, StringComparison.Ordinal);
        Assert.Contains("\"note\":\"bad \\ud800 char\"", one, StringComparison.Ordinal);
    }

    // Item 22: authentication comes before injected faults.
    [Fact]
    public async Task InjectFaults_UnauthenticatedRequest_401AndTheFaultWaitsForTheNextRequest()
    {
        _fake.InjectFaults(FakeFault.ServerError(503));

        var (unauthenticated, _) = await SendAsync(HttpMethod.Get, "/integrations", null, authorized: false);
        var (faulted, _) = await SendAsync(HttpMethod.Get, "/integrations", null);
        var (ordinary, _) = await SendAsync(HttpMethod.Get, "/integrations", null);

        Assert.Equal([401, 503, 200], [unauthenticated, faulted, ordinary]);
        Assert.Equal([false, true, true], _fake.Journal.Select(r => r.Authorized));
    }

    [Fact]
    public async Task InjectFaults_UnauthenticatedRequestWithQueuedOk_NeverGetsTheFaultsAnswer()
    {
        _fake.InjectFaults(FakeFault.MalformedBody());

        var (status, answer) = await SendAsync(HttpMethod.Get, "/integrations/1/status", null, authorized: false);

        Assert.Equal(401, status);
        Assert.Equal("Missing or invalid API key.", Message(answer));
    }

    [Fact]
    public async Task InjectFaults_ConnectionResetThenUnauthenticatedRequest_401AndTheResetWaits()
    {
        _fake.InjectFaults(FakeFault.ConnectionReset());

        var (status, _) = await SendAsync(HttpMethod.Get, "/integrations", null, authorized: false);
        await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(HttpMethod.Get, "/integrations", null));

        Assert.Equal(401, status);
        Assert.Equal([401, 0], _fake.Journal.Select(r => r.StatusCode));
        Assert.True(_fake.Journal[1].Authorized);
    }

    // Item 23: a body that is not UTF-8 is named as such, with the offset of the first bad byte.
    [Fact]
    public async Task Create_InvalidUtf8Body_BadRequestNamingTheOffset()
    {
        byte[] body = [.. Utf8(Snowflake[..20]), 0xC3, 0x28, .. Utf8(Snowflake[20..])];

        var (status, answer) = await SendAsync(HttpMethod.Post, "/integrations", body);

        Assert.Equal(400, status);
        Assert.Equal("Invalid request body: the body is not valid UTF-8 (the first invalid byte is at offset 20).", Message(answer));
        Assert.Null(Assert.Single(_fake.Journal).Body);
    }

    [Fact]
    public async Task Create_Latin1Password_BadRequestNamingTheOffsetNotTheBytes()
    {
        var text = Snowflake.Replace("abc1234", "p\u00e4ssw\u00f6rd", StringComparison.Ordinal);

        var (status, answer) = await SendAsync(HttpMethod.Post, "/integrations", Encoding.Latin1.GetBytes(text));

        Assert.Equal(400, status);
        Assert.Equal($"Invalid request body: the body is not valid UTF-8 (the first invalid byte is at offset {text.IndexOf('\u00e4', StringComparison.Ordinal)}).", Message(answer));
        Assert.DoesNotContain("E4", answer, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Create_BodyWithNulByte_BadRequestSayingWhatIsWrongNotThatItIsEmpty()
    {
        byte[] body = [.. Utf8(Snowflake[..1]), 0x00, .. Utf8(Snowflake[1..])];

        var (status, answer) = await SendAsync(HttpMethod.Post, "/integrations", body);

        Assert.Equal(400, status);
        Assert.StartsWith("Invalid request body: '0x00' is an invalid start of a property name.", Message(answer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Utf8ByteOrderMark_Accepted()
    {
        var (status, answer) = await SendAsync(HttpMethod.Post, "/integrations", [0xEF, 0xBB, 0xBF, .. Utf8(Snowflake)]);

        Assert.True(status == 200, answer);
        Assert.Single(_fake.Integrations);
    }

    // Item 24: request bodies are capped before they are buffered.
    [Fact]
    public async Task Create_ContentLengthOverTheLimit_413BeforeTheBodyIsRead()
    {
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { MaxRequestBodyBytes = 1000 });
        var body = new CountingContent(2L * 1024 * 1024, declareLength: true);

        var (status, answer) = await SendAsync(fake, HttpMethod.Post, "/integrations", body);

        Assert.Equal(413, status);
        Assert.Equal("Invalid request body: the body is larger than the fake accepts (1000 bytes, FakeImmutaServerOptions.MaxRequestBodyBytes): its Content-Length is 2097152 bytes.", Message(answer));
        Assert.Empty(fake.Integrations);
        var entry = Assert.Single(fake.Journal);
        Assert.Equal(413, entry.StatusCode);
        Assert.Null(entry.Body);
    }

    [Fact]
    public async Task Create_ChunkedBodyOverTheLimit_413()
    {
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { MaxRequestBodyBytes = 1000 });
        var body = new CountingContent(2L * 1024 * 1024, declareLength: false);

        var (status, answer) = await SendAsync(fake, HttpMethod.Post, "/integrations", body);

        Assert.Equal(413, status);
        Assert.Equal("Invalid request body: the body is larger than the fake accepts (1000 bytes, FakeImmutaServerOptions.MaxRequestBodyBytes): more than 1000 bytes arrived.", Message(answer));
        Assert.Equal(413, Assert.Single(fake.Journal).StatusCode);
    }

    [Fact]
    public async Task Create_BodyOfExactlyTheLimit_Read()
    {
        var padded = Snowflake[..^1] + ",\"pad\":\"" + new string('x', 2000) + "\"}";
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { MaxRequestBodyBytes = Utf8(padded).Length });

        var (status, answer) = await SendAsync(fake, HttpMethod.Post, "/integrations", new ByteArrayContent(Utf8(padded)));

        Assert.True(status == 200, answer);
    }

    [Fact]
    public async Task AnyRequest_UnauthenticatedWithABodyOverTheLimit_401NotRead()
    {
        var body = new CountingContent(2L * 1024 * 1024, declareLength: true);

        var (status, _) = await SendAsync(_fake, HttpMethod.Post, "/integrations", body, authorized: false);

        var entry = Assert.Single(_fake.Journal);
        Assert.Equal(401, status);
        Assert.Null(entry.Body);
    }

    [Fact]
    public async Task Create_ClientStopsSendingMidBody_JournaledAs400()
    {
        using (var tcp = new System.Net.Sockets.TcpClient())
        {
            await tcp.ConnectAsync(_fake.Uri.Host, _fake.Uri.Port, Ct);
            await tcp.GetStream().WriteAsync(Utf8($"POST /integrations HTTP/1.1\r\nHost: x\r\nAuthorization: {_fake.ApiKey}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"type\""), Ct);
        }

        // The client is gone, so nothing can be answered: the journal still says what happened, once the server saw it.
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        wait.CancelAfter(TimeSpan.FromSeconds(30));
        while (_fake.Journal.Count == 0)
        {
            await Task.Delay(10, wait.Token);
        }

        var entry = Assert.Single(_fake.Journal);
        Assert.Equal(400, entry.StatusCode);
        Assert.Empty(_fake.Integrations);
    }

    [Fact]
    public async Task Create_GzipBody_415()
    {
        using var content = new ByteArrayContent([0x1F, 0x8B, 0x08, 0x00]);
        content.Headers.ContentEncoding.Add("gzip");

        var (status, answer) = await SendAsync(_fake, HttpMethod.Post, "/integrations", content);

        Assert.Equal(415, status);
        Assert.Equal("Invalid request body: Content-Encoding 'gzip' is not supported; send the body uncompressed.", Message(answer));
    }

    [Fact]
    public async Task ReadAsync_SixtyMegabytesChunked_StopsReadingJustPastTheLimit()
    {
        using var stream = new EndlessStream(60L * 1024 * 1024);

        var body = await FakeRequestBody.ReadAsync(stream, contentLength: null, limit: 1000, Ct);

        Assert.True(body.IsTooLarge);
        Assert.True(stream.Position <= 1000 + (16 * 1024), $"read {stream.Position} bytes");
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(int.MaxValue + 1L)]
    public void Start_MaxRequestBodyBytesOutOfRange_Throws(long limit)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => FakeImmutaServer.Start(new FakeImmutaServerOptions { MaxRequestBodyBytes = limit }));

        Assert.Contains("FakeImmutaServerOptions.MaxRequestBodyBytes must be more than 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_MaxRequestBodyBytes_DefaultsToOneMebibyte()
        => Assert.Equal(1024 * 1024, new FakeImmutaServerOptions().MaxRequestBodyBytes);

    private Task<(int Status, string Body)> SendAsync(HttpMethod method, string path, byte[]? body, bool authorized = true)
        => SendAsync(_fake, method, path, body is null ? null : Json(body), authorized);

    private static ByteArrayContent Json(string body) => Json(Utf8(body));

    private static ByteArrayContent Json(byte[] body) => new(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };

    private async Task<(int Status, string Body)> SendAsync(FakeImmutaServer fake, HttpMethod method, string path, HttpContent? content, bool authorized = true)
    {
        using var request = new HttpRequestMessage(method, new Uri(fake.Uri, path)) { Content = content };
        if (authorized)
        {
            request.Headers.TryAddWithoutValidation("Authorization", fake.ApiKey);
        }

        using var response = await _http.SendAsync(request, Ct);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static string? Message(string answer)
    {
        using var document = JsonDocument.Parse(answer);
        return document.RootElement.GetProperty("message").GetString();
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A body of <c>'x'</c> bytes produced as it is sent, counting what the client managed to send.</summary>
    private sealed class CountingContent(long length, bool declareLength) : HttpContent
    {
        private long _sent;

        public long Sent => Interlocked.Read(ref _sent);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'x');
            while (Sent < length)
            {
                var size = (int)Math.Min(chunk.Length, length - Sent);
                await stream.WriteAsync(chunk.AsMemory(0, size));
                Interlocked.Add(ref _sent, size);
            }
        }

        protected override bool TryComputeLength(out long length1)
        {
            length1 = length;
            return declareLength;
        }
    }

    /// <summary>The system clock, failing the next read once asked to.</summary>
    private sealed class FailingClock : TimeProvider
    {
        public bool FailNextRead { get; set; }

        public override DateTimeOffset GetUtcNow()
        {
            if (FailNextRead)
            {
                FailNextRead = false;
                throw new InvalidOperationException("The clock failed.");
            }

            return base.GetUtcNow();
        }
    }

    /// <summary>A read-only stream of <c>'x'</c> bytes that counts how far it was read.</summary>
    private sealed class EndlessStream(long length) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var size = (int)Math.Min(count, length - Position);
            buffer.AsSpan(offset, size).Fill((byte)'x');
            Position += size;
            return size;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
