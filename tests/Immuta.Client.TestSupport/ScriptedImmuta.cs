using System.Net;
using System.Text;

namespace Immuta.Client.Tests.Support;

/// <summary>
/// An in-memory Immuta for the poller's tests: answers each request from a script that sees the fake clock, and records
/// when (on that clock) every request arrived. No socket, no real time: the clock (<see cref="SettlingClock"/>) moves only
/// while the poller waits, so every poll happens at the exact instant of the schedule however loaded the machine is.
/// </summary>
internal sealed class ScriptedImmuta : HttpMessageHandler
{
    private readonly Func<ScriptedImmuta, HttpRequestMessage, HttpResponseMessage> _respond;
    private readonly List<(string Method, string Path, TimeSpan At)> _requests = [];
    private readonly object _gate = new();

    /// <summary>Creates the Immuta and a client of it.</summary>
    /// <param name="respond">Answers each request.</param>
    /// <param name="polling">The client's schedule.</param>
    /// <param name="random">The client's random source; by default 0.5, no jitter, so the schedule is exact.</param>
    /// <param name="retry">The client's transport retries and <c>Retry-After</c> cap.</param>
    /// <param name="sdkHandler">
    /// Whether the client is the SDK's own, its transport handler (retries, timeouts) over this Immuta; by default a client
    /// over a plain <see cref="HttpClient"/>, which has no retries.
    /// </param>
    public ScriptedImmuta(
        Func<ScriptedImmuta, HttpRequestMessage, HttpResponseMessage> respond,
        PollingOptions? polling = null,
        Func<double>? random = null,
        ImmutaRetryOptions? retry = null,
        bool sdkHandler = false)
    {
        _respond = respond;
        Time = new SettlingClock();
        Start = Time.GetUtcNow();
        var options = new ImmutaClientOptions
        {
            TimeProvider = Time,
            Polling = polling ?? new PollingOptions(),
            Retry = retry ?? new ImmutaRetryOptions(),
            Randomizer = random ?? (() => 0.5),

            // In memory every call answers at once; a whole-call timer would only look, to the clock, like a wait.
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        var endpoint = new Uri("https://tenant.immuta.test");
        var credential = new ImmutaApiKeyCredential("test-api-key");
        Client = sdkHandler
            ? new ImmutaClient(endpoint, credential, options, primaryHandler: this)
            : new ImmutaClient(new HttpClient(this) { BaseAddress = endpoint }, credential, options);
    }

    public SettlingClock Time { get; }

    public DateTimeOffset Start { get; }

    public ImmutaClient Client { get; }

    public TimeSpan Elapsed => Time.GetUtcNow() - Start;

    public IReadOnlyList<(string Method, string Path, TimeSpan At)> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<TimeSpan> StatusPollTimes()
        => Requests.Where(r => r.Path.EndsWith("/status", StringComparison.Ordinal)).Select(r => r.At).ToList();

    /// <summary>Runs the clock until <paramref name="task"/> completes or <paramref name="max"/> passed on it; returns its result.</summary>
    public async Task<T> DriveAsync<T>(Task<T> task, TimeSpan max)
    {
        await Time.DriveAsync(task, max);
        return await task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Runs the clock until <paramref name="task"/> completes or <paramref name="max"/> passed on it.</summary>
    public async Task DriveAsync(Task task, TimeSpan max)
    {
        await Time.DriveAsync(task, max);
        await task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Moves the clock by <paramref name="total"/>, letting the poller run at each of its timers.</summary>
    public Task AdvanceAsync(TimeSpan total) => Time.AdvanceAsync(total);

    public static HttpResponseMessage Json(HttpStatusCode status, string json, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    public static HttpResponseMessage Status(string id, string status) => Json(HttpStatusCode.OK, $$"""{"id":{{id}},"status":"{{status}}"}""");

    public static HttpResponseMessage Started(string id, string status)
        => Json(HttpStatusCode.OK, $$$"""{"id":"{{{id}}}","status":"{{{status}}}","validationResults":{"status":"passed","validationTests":[]}}""");

    public static HttpResponseMessage Integration(string id, string status, string validation = "passed")
        => Json(HttpStatusCode.OK, $$$"""
            {"id":"{{{id}}}","status":"{{{status}}}","validationResults":{"status":"{{{validation}}}","validationTests":[
              {"name":"Initial Validation: Basic Connection Test","status":"{{{validation}}}","message":"cannot connect"}]},
             "type":"Snowflake","autoBootstrap":true,"config":{"host":"h","warehouse":"w","database":"d","port":443}}
            """);

    public static HttpResponseMessage Error(HttpStatusCode status, string message = "error", params (string Name, string Value)[] headers)
        => Json(status, $$"""{"statusCode":{{(int)status}},"error":"{{status}}","message":"{{message}}"}""", headers);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _requests.Add((request.Method.Method, request.RequestUri!.AbsolutePath, Elapsed));
        }

        var response = _respond(this, request);
        response.RequestMessage ??= request; // as the socket handler does (the HttpMessageHandler contract)
        return Task.FromResult(response);
    }
}
