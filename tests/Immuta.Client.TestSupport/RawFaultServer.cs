using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Immuta.Client.Tests.Support;

/// <summary>The faults <see cref="RawFaultServer"/> can answer the first request with.</summary>
public enum RawFault
{
    ConnectionRefused,
    ResetMidResponse,
    Timeout,
    TooManyRequestsWithRetryAfter,
    TooManyRequests,
    InternalServerError,
    BadGateway,
    ServiceUnavailable,
    EmptyOkBody,
    TruncatedJson,
    HtmlErrorPage,
    WrongContentType,
    TenMegabyteBody,

    /// <summary>200 with its headers and the first 10 bytes of the body, then nothing more.</summary>
    StallMidBody,

    /// <summary>400 with its headers and the first 10 bytes of an error body, then nothing more.</summary>
    StallMidErrorBody,

    /// <summary>503 with <c>Retry-After: 999999</c>.</summary>
    ServiceUnavailableRetryAfterForever,
}

/// <summary>
/// A raw HTTP/1.1 server on 127.0.0.1 written on a socket, so every fault can be produced exactly: a response cut off
/// mid-body with a TCP reset, a request never answered, a body that stalls after 10 bytes, a 10 MB body. The first
/// request gets the fault; later ones get <c>success</c>'s answer. A stall lasts until the server is disposed, and
/// <see cref="Stalled"/> completes when one begins, so a test can move a fake clock only once the client waits.
/// </summary>
internal sealed class RawFaultServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly RawFault _fault;
    private readonly (string ContentType, string Body) _success;
    private readonly Task _accepting;
    private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _requests;

    public RawFaultServer(RawFault fault, (string ContentType, string Body) success)
    {
        _fault = fault;
        _success = success;
        _listener.Start();
        Uri = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri Uri { get; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Completes when the server starts holding a request or a body back (it never finishes it).</summary>
    public Task Stalled => _stalled.Task;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // stopping
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            connections.Add(ServeAsync(socket));
        }

        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        var stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            while (await ReadRequestAsync(stream))
            {
                var first = Interlocked.Increment(ref _requests) == 1;
                if (!await RespondAsync(socket, stream, first ? _fault : null))
                {
                    return;
                }
            }
        }
        catch (Exception error) when (error is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the client went away
        }
    }

    // Reads one request (head and Content-Length body); false at the end of the connection.
    private async Task<bool> ReadRequestAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                return false;
            }

            head.Add(one[0]);
        }

        var text = Encoding.ASCII.GetString(head.ToArray());
        var length = text.Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var body = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = await stream.ReadAsync(body.AsMemory(read), _stop.Token);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    // Writes the answer; false when the connection must end.
    private async Task<bool> RespondAsync(Socket socket, NetworkStream stream, RawFault? fault)
    {
        switch (fault)
        {
            case null or RawFault.ConnectionRefused:
                await WriteAsync(stream, 200, "OK", _success.ContentType, _success.Body);
                return true;
            case RawFault.ResetMidResponse:
                var partial = Encoding.UTF8.GetBytes(_success.Body.Length > 4 ? _success.Body[..(_success.Body.Length / 2)] : "{");
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: {_success.ContentType}\r\nContent-Length: {partial.Length + 1000}\r\n\r\n"), _stop.Token);
                await stream.WriteAsync(partial, _stop.Token);
                await stream.FlushAsync(_stop.Token);
                socket.LingerState = new LingerOption(true, 0); // close with a TCP reset
                socket.Close();
                return false;
            case RawFault.Timeout:
                await StallAsync();
                return false;
            case RawFault.TooManyRequestsWithRetryAfter:
                await WriteAsync(stream, 429, "Too Many Requests", "application/json", """{"statusCode":429,"error":"Too Many Requests","message":"slow down"}""", "Retry-After: 1\r\n");
                return true;
            case RawFault.TooManyRequests:
                await WriteAsync(stream, 429, "Too Many Requests", "application/json", """{"statusCode":429,"error":"Too Many Requests","message":"slow down"}""");
                return true;
            case RawFault.InternalServerError:
                await WriteAsync(stream, 500, "Internal Server Error", "application/json", """{"statusCode":500,"error":"Internal Server Error","message":"boom"}""");
                return true;
            case RawFault.BadGateway:
                await WriteAsync(stream, 502, "Bad Gateway", "application/json", """{"statusCode":502,"error":"Bad Gateway","message":"upstream"}""");
                return true;
            case RawFault.ServiceUnavailable:
                await WriteAsync(stream, 503, "Service Unavailable", "application/json", """{"statusCode":503,"error":"Service Unavailable","message":"maintenance"}""");
                return true;
            case RawFault.EmptyOkBody:
                await WriteAsync(stream, 200, "OK", "application/json", string.Empty);
                return true;
            case RawFault.TruncatedJson:
                await WriteAsync(stream, 200, "OK", "application/json", """{"id":"1","status":"enab""");
                return true;
            case RawFault.HtmlErrorPage:
                await WriteAsync(stream, 502, "Bad Gateway", "text/html", "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>");
                return true;
            case RawFault.WrongContentType:
                await WriteAsync(stream, 200, "OK", "text/html", "<html><body>Please sign in</body></html>");
                return true;
            case RawFault.TenMegabyteBody:
                await WriteAsync(stream, 200, "OK", _success.ContentType, _success.Body + new string(' ', 10 * 1024 * 1024));
                return true;
            case RawFault.StallMidBody:
                await WriteHeadAndStallAsync(stream, "200 OK", _success.ContentType, _success.Body);
                return false;
            case RawFault.StallMidErrorBody:
                await WriteHeadAndStallAsync(stream, "400 Bad Request", "application/json", """{"statusCode":400,"error":"Bad Request","message":"the body stalls here, long before its end"}""");
                return false;
            case RawFault.ServiceUnavailableRetryAfterForever:
                await WriteAsync(stream, 503, "Service Unavailable", "application/json", """{"statusCode":503,"error":"Service Unavailable","message":"maintenance"}""", "Retry-After: 999999\r\n");
                return true;
            default:
                return false;
        }
    }

    // Sends the head announcing the whole body (at least 1,000 bytes), then 10 bytes of it, then nothing until disposed.
    private async Task WriteHeadAndStallAsync(NetworkStream stream, string status, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body.PadRight(1000));
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\n\r\n"), _stop.Token);
        await stream.WriteAsync(bytes.AsMemory(0, 10), _stop.Token);
        await stream.FlushAsync(_stop.Token);
        await StallAsync();
    }

    private async Task StallAsync()
    {
        _stalled.TrySetResult();
        await Task.Delay(Timeout.Infinite, _stop.Token);
    }

    private async Task WriteAsync(NetworkStream stream, int status, string reason, string contentType, string body, string extraHeaders = "")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status} {reason}\r\nContent-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\n{extraHeaders}\r\n"), _stop.Token);
        await stream.WriteAsync(bytes, _stop.Token);
        await stream.FlushAsync(_stop.Token);
    }
}
