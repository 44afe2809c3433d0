using WireMock;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using Xunit;

namespace Immuta.Client.Tests.Support;

/// <summary>A WireMock server on 127.0.0.1 and a port the system gave it, with an <see cref="ImmutaClient"/> wired to it.</summary>
internal sealed class StubImmuta : IDisposable
{
    public const string ApiKey = "846e9e43c86a4ct1be14290d95127d13f";

    public StubImmuta(ImmutaClientOptions? options = null)
    {
        Server = WireMockServer.Start(new WireMockServerSettings
        {
            Urls = ["http://127.0.0.1:0"], // bound as port 0: the system picks a free port as it binds (no race with other processes)
            AllowBodyForAllHttpMethods = true,
            StartAdminInterface = false,
        });
        // Transport retries are off unless a test asks for them: these tests look at single exchanges.
        Client = new ImmutaClient(new Uri(Server.Url!), new ImmutaApiKeyCredential(ApiKey), options ?? new ImmutaClientOptions { Retry = NoRetries });
    }

    public static ImmutaRetryOptions NoRetries { get; } = new() { Enabled = false };

    /// <summary>Retries with delays short enough for tests.</summary>
    public static ImmutaRetryOptions FastRetries { get; } = new() { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(20), MaxRetryAfter = TimeSpan.FromMilliseconds(50) };

    public WireMockServer Server { get; }

    public ImmutaClient Client { get; }

    public IntegrationsClient Integrations => Client.Integrations;

    /// <summary>Answers <paramref name="method"/> <paramref name="path"/> with a body.</summary>
    public void Reply(string method, string path, int status, string? body, string contentType = "application/json", params (string Name, string Value)[] headers)
    {
        var response = Response.Create().WithStatusCode(status);
        if (body is not null)
        {
            response = response.WithBody(body).WithHeader("Content-Type", contentType);
        }

        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        Server.Given(Request.Create().WithPath(path).UsingMethod(method)).RespondWith(response);
    }

    /// <summary>The single request the server received.</summary>
    public IRequestMessage SingleRequest() => Assert.Single(Server.LogEntries).RequestMessage!;

    public IReadOnlyList<IRequestMessage> Requests(string? path = null)
        => Server.LogEntries.Select(e => e.RequestMessage!).Where(r => path is null || r.Path == path).ToList();

    public void Dispose()
    {
        Client.Dispose();
        Server.Stop();
        Server.Dispose();
    }
}

internal static class RequestMessageExtensions
{
    public static string? Header(this IRequestMessage request, string name)
        => request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
}
