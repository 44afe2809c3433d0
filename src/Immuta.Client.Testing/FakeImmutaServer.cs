using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using WireMock.Types;
using WireMock.Util;

namespace Immuta.Client.Testing;

/// <summary>
/// A stateful fake of Immuta's Integrations API on 127.0.0.1, for tests that must not need a tenant. It implements the 13
/// endpoints with in-memory state: create answers <c>creating</c> and the integration becomes <c>enabled</c> after
/// <see cref="FakeImmutaServerOptions.SettleAfter"/> (or a number of status polls); update goes through <c>editing</c>,
/// delete through <c>deleting</c> to gone (or <c>disabled</c> with <c>forceDisable</c>). It answers 409, 404, 401 and 400
/// as documented, accepts JSON and YAML bodies, and can be scripted to fail, hold or misbehave.
/// </summary>
/// <example>
/// <code>
/// await using var fake = FakeImmutaServer.Start();
/// using var client = fake.CreateClient();
/// var operation = await client.Integrations.CreateAsync(WaitUntil.Completed, definition);
/// </code>
/// </example>
public sealed class FakeImmutaServer : IAsyncDisposable, IDisposable
{
    private readonly WireMockServer _server;
    private readonly FakeImmutaEngine _engine;

    // Cancels the injected delays still pending when the fake stops, so that stopping does not wait for them. Never disposed:
    // it holds no timer, and an answer still on its way may read its token after the fake stopped.
    private readonly CancellationTokenSource _stopping = new();

    private FakeImmutaServer(FakeImmutaServerOptions options)
    {
        Options = options;
        _engine = new FakeImmutaEngine(options);
        var port = options.Port == 0 ? FreePort() : options.Port;
        _server = WireMockServer.Start(new WireMockServerSettings
        {
            Urls = [$"http://127.0.0.1:{port}"],
            AllowBodyForAllHttpMethods = true,
            StartAdminInterface = false,
            ReadStaticMappings = false,

            // A connection reset cannot be answered from a mapping, so it is done before WireMock sees the request.
            PreWireMockMiddlewareInit = app => ((IApplicationBuilder)app).Use(async (HttpContext context, Func<Task> next) =>
            {
                if (_engine.TryTakeConnectionReset(context.Request.Method, context.Request.Path.Value ?? "/"))
                {
                    context.Abort();
                    return;
                }

                await next().ConfigureAwait(false);
            }),
        });
        _server.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithCallback(RespondAsync));
        Uri = new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>The base URL, such as <c>http://127.0.0.1:51234/</c>.</summary>
    public Uri Uri { get; }

    /// <summary>The API key the fake accepts (sent as the raw <c>Authorization</c> header).</summary>
    public string ApiKey => Options.ApiKey;

    /// <summary>The settings the fake runs with.</summary>
    public FakeImmutaServerOptions Options { get; }

    /// <summary>Every request received so far, oldest first; credentials masked, the API key never kept.</summary>
    public IReadOnlyList<FakeRequest> Journal => _engine.Journal;

    /// <summary>The integrations the fake holds now, as <c>GET /integrations</c> would return them.</summary>
    public IReadOnlyList<Integration> Integrations => _engine.Snapshot();

    /// <summary>Starts a fake on 127.0.0.1.</summary>
    /// <param name="options">Settings; <see langword="null"/> for the defaults (free port, random key, settles after 2 s).</param>
    /// <returns>The running fake.</returns>
    public static FakeImmutaServer Start(FakeImmutaServerOptions? options = null)
    {
        options ??= new FakeImmutaServerOptions();
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ApiKey, nameof(options.ApiKey));
        if (options.SettleAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{nameof(FakeImmutaServerOptions)}.{nameof(FakeImmutaServerOptions.SettleAfter)} must not be negative.");
        }
        return new FakeImmutaServer(options);
    }

    /// <summary>Creates an <see cref="ImmutaClient"/> wired to this fake (dispose it when done).</summary>
    /// <param name="options">Client settings; <see langword="null"/> for the defaults.</param>
    /// <returns>The client.</returns>
    public ImmutaClient CreateClient(ImmutaClientOptions? options = null)
        => new(Uri, new ImmutaApiKeyCredential(ApiKey), options);

    /// <summary>Makes the next request of that kind fail with an HTTP error (for example 422 with a message).</summary>
    /// <param name="kind">Create, update or delete.</param>
    /// <param name="statusCode">The status, such as 400, 409 or 422.</param>
    /// <param name="message">The body's <c>message</c>.</param>
    public void RejectNext(FakeRequestKind kind, HttpStatusCode statusCode, string message)
        => _engine.RejectNext(kind, (int)statusCode, message);

    /// <summary>
    /// Makes the next create, update or delete settle in its error status (<c>createError</c>, <c>editError</c>,
    /// <c>deleteError</c>) with a failed validation test; an update's configuration is rolled back.
    /// </summary>
    /// <param name="kind">The operation.</param>
    /// <param name="testName">The failed validation test's name.</param>
    /// <param name="message">Its message.</param>
    public void FailNext(IntegrationOperationKind kind, string testName = "Initial Validation: Basic Connection Test", string message = "Connection refused.")
        => _engine.FailNext(kind, new ValidationTest { Name = testName, Status = ValidationStatus.Failed, Message = message });

    /// <summary>Keeps an integration in its transitional status until <see cref="Release"/>.</summary>
    /// <param name="id">The integration id.</param>
    public void Hold(string id) => _engine.Hold(id, held: true);

    /// <summary>Lets a held integration settle (at once, if its time has come).</summary>
    /// <param name="id">The integration id.</param>
    public void Release(string id) => _engine.Hold(id, held: false);

    /// <summary>Sets an integration's status directly, for example <c>migrating</c> or <c>recurringValidationError</c>.</summary>
    /// <param name="id">The integration id.</param>
    /// <param name="status">The status.</param>
    public void SetStatus(string id, IntegrationStatus status) => _engine.SetStatus(id, status);

    /// <summary>Applies a fault to each of the next <paramref name="count"/> requests, whatever they are.</summary>
    /// <param name="fault">The fault.</param>
    /// <param name="count">How many requests it hits.</param>
    public void InjectFaults(FakeFault fault, int count = 1)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _engine.InjectFaults(fault, count);
    }

    /// <summary>Forgets every integration, request, fault and scripted failure.</summary>
    public void Reset() => _engine.Reset();

    /// <summary>Stops the server; an answer still held back by a <see cref="FakeFaultKind.Latency"/> fault is dropped.</summary>
    public void Dispose()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        _server.Stop();
        _server.Dispose();
    }

    /// <summary>Stops the server.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Prints the URL, never the key.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"FakeImmutaServer {{ Uri = {Uri} }}";

    private async Task<IResponseMessage> RespondAsync(IRequestMessage request)
    {
        var query = request.Query?.ToDictionary(q => q.Key, q => q.Value.FirstOrDefault() ?? string.Empty, StringComparer.Ordinal)
            ?? new Dictionary<string, string>(StringComparer.Ordinal);
        var answer = _engine.Handle(new FakeHttpRequest(
            request.Method,
            request.Path,
            query,
            Header(request, "Authorization"),
            Header(request, "Content-Type"),
            request.Body));
        if (answer.Delay > TimeSpan.Zero)
        {
            // On the fake's clock, like every other time it keeps: a test that shares a FakeTimeProvider with its client
            // moves both at once.
            try
            {
                await Task.Delay(answer.Delay, Options.TimeProvider, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return new ResponseMessage { StatusCode = 503 }; // the fake is stopping: nobody waits for this answer
            }
        }

        var headers = new Dictionary<string, WireMockList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = new WireMockList<string>(answer.ContentType + "; charset=utf-8"),
        };
        foreach (var (name, value) in answer.Headers)
        {
            headers[name] = new WireMockList<string>(value);
        }

        return new ResponseMessage
        {
            StatusCode = answer.StatusCode,
            Headers = headers,
            BodyData = answer.Body is null ? null : new BodyData
            {
                BodyAsString = answer.Body,
                DetectedBodyType = BodyType.String,
                Encoding = Encoding.UTF8,
            },
        };
    }

    private static string? Header(IRequestMessage request, string name)
        => request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
