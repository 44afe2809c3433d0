using System.Net;
using System.Net.Sockets;

namespace Immuta.Client.Tests.Support;

/// <summary>
/// A loopback port that refuses every connection for as long as this lives: a socket bound to it and never listening. The
/// port stays taken, so no other process can start listening on it during the test (a port merely found free can be).
/// </summary>
internal sealed class RefusingPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public RefusingPort()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Uri = new Uri($"http://127.0.0.1:{((IPEndPoint)_socket.LocalEndPoint!).Port}/");
    }

    /// <summary>The base URL, such as <c>http://127.0.0.1:51234/</c>.</summary>
    public Uri Uri { get; }

    public void Dispose() => _socket.Dispose();
}
