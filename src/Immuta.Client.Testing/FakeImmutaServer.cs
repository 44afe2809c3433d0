using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using WireMock;
using WireMock.Matchers.Request;
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
/// delete through <c>deleting</c> to gone (or <c>disabled</c> with <c>forceDisable</c>). It answers the errors Immuta
/// documents with Immuta's words (see <b>Documented errors</b>), accepts JSON and YAML bodies, and can be scripted to fail,
/// hold or misbehave.
/// </summary>
/// <remarks>
/// <para>
/// <b>One request, one transaction.</b> Each request is journaled once (<see cref="Journal"/>) and either does all it
/// does or changes nothing: bad input is answered 4xx with a message and changes nothing; should the fake itself fail,
/// it answers 500 saying so, and the integrations, pending faults and scripted failures are as they were.
/// </para>
/// <para>
/// <b>Order of checks.</b> Authentication first: a request without the fake's key is answered 401 before its body is
/// read and before any fault is applied, so it never takes a fault from <see cref="InjectFaults"/>. Then a compressed body
/// (<c>Content-Encoding</c>) is answered 415, and a body over <see cref="FakeImmutaServerOptions.MaxRequestBodyBytes"/>
/// 413 (a declared <c>Content-Length</c> before any byte is read, a chunked body as soon as it passes the limit; what the
/// client still sends is discarded, never buffered). Then faults, then the endpoint.
/// </para>
/// <para>
/// <b>Bodies.</b> Read as strict UTF-8 (a leading byte-order mark is dropped; other bytes are answered 400 naming the
/// offset of the first bad one), then as one JSON object, or YAML when the <c>Content-Type</c> says so or the body does
/// not start with <c>{</c> or <c>[</c>. A member twice in one object, JSON nested deeper than 64 levels, a body that is
/// not an object, and YAML that is malformed, holds a duplicate key or more than one document are answered 400 naming the
/// problem. A definition is read strictly, as a definition file is: a member of the wrong type (<c>"port": "abc"</c>,
/// <c>"autoBootstrap": "yes"</c>) is answered 400 naming its path, never stored; so are delete credentials. A definition
/// is checked by the SDK's validator: its errors (the redaction rule aside) are answered 400, and so is a script endpoint
/// called for a platform it is not documented for; its warnings (an unknown type, a missing field only the examples show)
/// are not.
/// </para>
/// <para>
/// <b>Answers.</b> JSON bodies are written as Immuta writes them: <c>"&lt;REDACTED&gt;"</c> and apostrophes literally,
/// not <c>\u003C…</c> or <c>\u0027</c> (spec §15 GEN-1). A platform the SDK does not know (an <c>UnknownIntegration</c>)
/// is stored, listed and settles like the others, with no validation tests; on GET its credentials (members named like one,
/// by the SDK's credential-name rule) read <c>&lt;REDACTED&gt;</c>, as do such members the SDK does not model on a known
/// platform. Its delete, when it was set up automatically, takes credentials (any JSON object, <c>UnknownDeleteCredentials</c>)
/// and does not require them; set up by hand, it takes none.
/// </para>
/// <para>
/// <b>Documented errors.</b> From Immuta's documentation (spec §11): 404 <c>"No Integration found with ID 5."</c>; the
/// three DELETE 400s about credentials; POST 409 <c>"… integration already exists on host … (id = N)"</c>; PUT 409
/// <c>"Unable to edit integration with ID N in current state editing."</c>. From a <b>secondary source</b> (a third-party
/// summary of Immuta's status-code page, spec §15 E-1 to E-5; the method a message belongs to may be the summarizer's):
/// <list type="bullet">
/// <item>E-1: a create on the host (workspace, name, dataset) of an integration that settled in <c>createError</c> is
/// answered 400 <c>"Use PUT /integrations/1 endpoint to update connection information for … (id = 1) that previously
/// failed to create."</c>; a PUT to that id repairs it.</item>
/// <item>E-2: a PUT that changes the platform, the host of Snowflake, Redshift or Synapse, the Databricks
/// <c>workspaceUrl</c>, or Synapse <c>metadataDelimiters</c> once set, is answered 400 <c>"Unable to edit integration due
/// to changes of non-editable attribute(s)."</c> (a Native S3 <c>name</c> may change: Immuta's own PUT example renames one).</item>
/// <item>E-3: a DELETE while <c>creating</c>, <c>editing</c>, <c>deleting</c> or <c>migrating</c> gets the PUT's 409
/// words, <c>"Unable to edit integration with ID N in current state …"</c>.</item>
/// <item>E-4: <see cref="FailPrerequisiteNext"/> makes the next create, update or delete answer 422 <c>"Validation of
/// prerequisite setup failed. Unable to create integration."</c>.</item>
/// <item>E-5: the 409 has two wordings in Immuta ("already exists on host X" and "already exists on X"); the fake writes
/// "on X" for Databricks and "on host X" for the others.</item>
/// </list>
/// </para>
/// <para>
/// <b>One integration per identity.</b> As Immuta, the fake holds one integration of a platform per host (Snowflake,
/// Redshift, Synapse), workspace (Databricks), name (Native S3) or dataset (BigQuery), and one Trino integration; hosts and
/// workspace URLs compare as DNS names (case, scheme, port 443, trailing dot and slash ignored), as the SDK's
/// <c>CreateOrAdoptAsync</c> and the tool's <c>apply</c> do. A create, or an update that moves an integration, onto an
/// identity another integration holds (a <c>disabled</c> one too) is answered 409 naming that integration's id. A
/// platform the SDK does not know has no identity the fake can read (which member is its host is Immuta's knowledge, not
/// the SDK's): a second create of the same type with the same configuration is answered 409, since Immuta's identity is
/// part of that configuration whatever it is (spec §11, POST 409 "already exists on that host"); one with any other
/// configuration is accepted, where Immuta might refuse it.
/// </para>
/// <para>
/// <b>Disabled integrations.</b> A delete with <c>forceDisable</c> leaves the integration <c>disabled</c>: it is still
/// listed and still holds its identity; an update answers 409 (Immuta documents no way to re-enable it with PUT); a
/// delete removes it.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// await using var fake = FakeImmutaServer.Start();
/// using var client = fake.CreateClient();
/// var operation = await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, definition);
/// </code>
/// </example>
public sealed class FakeImmutaServer : IAsyncDisposable, IDisposable
{
    private readonly WireMockServer _server;
    private readonly FakeImmutaEngine _engine;

    // The exchange WireMock is answering, set by AdmitAsync for the engine's callback (RespondAsync), which WireMock gives
    // no HttpContext: its RequestAborted ends a held answer, and Abort closes the connection of an answer that never comes.
    private readonly AsyncLocal<HttpContext?> _admitted = new();

    private FakeImmutaServer(FakeImmutaServerOptions options)
    {
        Options = options;
        _engine = new FakeImmutaEngine(options);
        // Port 0 is bound as such: the system gives a free port at the moment the server binds it, so no other process can
        // take it between a choice and a bind ("address already in use" under load). The port bound is read back.
        _server = WireMockServer.Start(new WireMockServerSettings
        {
            Urls = [$"http://127.0.0.1:{options.Port}"],
            AllowBodyForAllHttpMethods = true,
            StartAdminInterface = false,
            ReadStaticMappings = false,

            // The engine keeps its own journal and reads bodies itself: WireMock keeps no log of its own, and neither
            // parses JSON nor inflates compressed bodies.
            MaxRequestLogCount = 0,
            DisableJsonBodyParsing = true,
            DisableRequestBodyDecompressing = true,
            DisableDeserializeFormUrlEncoded = true,

            // Before WireMock reads a byte of the body: refusals (401, 415), connection resets, and the size limit (413).
            PreWireMockMiddlewareInit = app => ((IApplicationBuilder)app).Use((HttpContext context, Func<Task> next) => AdmitAsync(context, next)),
        });
        AddEngine();
        Uri = new Uri($"http://127.0.0.1:{_server.Ports[0]}/");
    }

    /// <summary>The base URL, such as <c>http://127.0.0.1:51234/</c>.</summary>
    public Uri Uri { get; }

    /// <summary>The API key the fake accepts (sent as the raw <c>Authorization</c> header).</summary>
    public string ApiKey => Options.ApiKey;

    /// <summary>The settings the fake runs with.</summary>
    public FakeImmutaServerOptions Options { get; }

    /// <summary>
    /// Every request received so far, oldest first, each once with the status it was answered (0 for a reset connection);
    /// credentials masked, the API key never kept. A body that was not read (401, 413) or is not UTF-8 is not kept.
    /// </summary>
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

        if (options.MaxRequestBodyBytes is <= 0 or >= int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(options), string.Create(CultureInfo.InvariantCulture, $"{nameof(FakeImmutaServerOptions)}.{nameof(FakeImmutaServerOptions.MaxRequestBodyBytes)} must be more than 0 and less than {int.MaxValue} bytes; it was {options.MaxRequestBodyBytes}."));
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

    /// <summary>
    /// Makes the next request of that kind fail its prerequisite validation: 422 <c>"Validation of prerequisite setup failed.
    /// Unable to create integration."</c> (the documented words, the same for every method; spec §15 E-4, a secondary source).
    /// Unlike <see cref="RejectNext"/>, the request is checked first (its body, its id, conflicts, a busy integration) and
    /// answered as usual if that fails; the 422 takes the place of the answer it would otherwise get, and changes nothing.
    /// </summary>
    /// <param name="kind">Create, update or delete.</param>
    public void FailPrerequisiteNext(FakeRequestKind kind = FakeRequestKind.Create) => _engine.FailPrerequisiteNext(kind);

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

    /// <summary>
    /// Applies a fault to each of the next <paramref name="count"/> authenticated requests, whatever their endpoint. A request
    /// answered 401 (wrong or missing key), 413 or 415 does not take a fault: it stays queued for the next request.
    /// </summary>
    /// <param name="fault">The fault.</param>
    /// <param name="count">How many requests it hits.</param>
    public void InjectFaults(FakeFault fault, int count = 1)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _engine.InjectFaults(fault, count);
    }

    /// <summary>
    /// Adds a WireMock stub that takes precedence over the fake's own behaviour for the requests it matches, for example
    /// <c>fake.Given(ImmutaStubs.GetIntegration("7")).RespondWith(ImmutaStubs.Integration(model))</c>. The fake still
    /// refuses a request without its key (401), a compressed body (415), a body over the size limit (413), and applies a
    /// pending <see cref="FakeFaultKind.ConnectionReset"/>, before any stub; a request a stub answers is neither journaled
    /// nor given another fault, and changes nothing the fake holds. <see cref="Reset"/> removes the stubs.
    /// </summary>
    /// <param name="request">The request matcher, such as one of <see cref="ImmutaStubs"/>.</param>
    /// <returns>WireMock's builder, to give the response (<c>RespondWith</c>) and anything else WireMock takes.</returns>
    public IRespondWithAProvider Given(IRequestMatcher request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _server.Given(request);
    }

    /// <summary>
    /// Stubs <c>GET /integrations/{id}/status</c> to answer these statuses one after another, then the last one for good,
    /// whatever the fake holds (see <see cref="Given"/>).
    /// </summary>
    /// <param name="id">The integration id.</param>
    /// <param name="statuses">The statuses, in order; at least one.</param>
    public void GivenStatusSequence(string id, params IntegrationStatus[] statuses)
        => ImmutaStubs.GivenStatusSequence(request => Given(request), id, statuses);

    /// <summary>
    /// Forgets every integration, request, fault, scripted failure and stub. A call whose answer is still held back by a
    /// <see cref="FakeFaultKind.Latency"/> fault ends as at <see cref="Dispose"/>: its connection is closed without an
    /// answer (the client's <see cref="ImmutaTransportException"/>) and the hold's timer is disposed, so no answer from
    /// before the reset comes after it. The server keeps running.
    /// </summary>
    public void Reset()
    {
        _engine.Reset();
        _server.ResetMappings();
        _server.ResetScenarios();
        AddEngine();
    }

    /// <summary>
    /// Stops the server. A call whose answer is still held back by a <see cref="FakeFaultKind.Latency"/> fault ends as when
    /// a real server goes away: its connection is closed without an answer (the client's <see cref="ImmutaTransportException"/>),
    /// and the hold's timer is disposed, whatever the fake's clock.
    /// </summary>
    public void Dispose()
    {
        if (_engine.IsStopped)
        {
            return;
        }

        _engine.Stop();
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

    // The engine answers every request no stub of the user's matches: WireMock prefers the lowest priority number, and a
    // stub's is 0 unless its author says otherwise.
    private void AddEngine() => _server.Given(Request.Create().UsingAnyMethod())
        .AtPriority(EnginePriority)
        .RespondWith(Response.Create().WithCallback(RespondAsync));

    private const int EnginePriority = 1_000_000;

    /// <summary>
    /// Runs before WireMock: answers a request refused before its body is read (401, 415), resets the connection of a
    /// pending fault, and reads the body under <see cref="FakeImmutaServerOptions.MaxRequestBodyBytes"/> (413 beyond it)
    /// so WireMock only ever buffers a body within the limit.
    /// </summary>
    private async Task AdmitAsync(HttpContext context, Func<Task> next)
    {
        var http = context.Request;
        var head = new FakeHttpRequest(
            http.Method,
            http.Path.Value ?? "/",
            http.Query.ToDictionary(q => q.Key, q => q.Value.FirstOrDefault() ?? string.Empty, StringComparer.Ordinal),
            http.Headers.Authorization.FirstOrDefault(),
            http.ContentType,
            FakeRequestBody.None)
        {
            ContentEncoding = http.Headers.ContentEncoding.FirstOrDefault(),
        };
        var refused = _engine.Admit(head, out var reset);
        if (reset)
        {
            context.Abort();
            return;
        }

        if (refused is null)
        {
            FakeRequestBody body;
            try
            {
                body = await FakeRequestBody.ReadAsync(http.Body, http.ContentLength, Options.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or BadHttpRequestException or OperationCanceledException)
            {
                // The client stopped sending, sent broken chunks, or sent too slowly: journaled and answered 400 (if it still listens).
                body = FakeRequestBody.Unreadable(exception is OperationCanceledException ? "the connection closed before the body was complete" : exception.Message);
            }

            if (!body.IsTooLarge && !body.IsIncomplete)
            {
                http.Body = new MemoryStream(body.Bytes, writable: false);
                _admitted.Value = context;
                await next().ConfigureAwait(false);
                return;
            }

            refused = _engine.Handle(head with { Content = body }, context.RequestAborted);
        }

        // Answered without reading (the rest of) the body: the server discards what the client still sends, so the client
        // gets this answer, and the connection is not reused for a next request.
        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        context.Response.StatusCode = refused.StatusCode;
        context.Response.ContentType = refused.ContentTypeHeader;
        context.Response.Headers.Connection = "close";
        await context.Response.WriteAsync(refused.Body ?? string.Empty, Encoding.UTF8, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task<IResponseMessage> RespondAsync(IRequestMessage request)
    {
        var exchange = _admitted.Value
            ?? throw new InvalidOperationException("FakeImmutaServer answered a request its admission middleware did not see.");
        var query = request.Query?.ToDictionary(q => q.Key, q => q.Value.FirstOrDefault() ?? string.Empty, StringComparer.Ordinal)
            ?? new Dictionary<string, string>(StringComparer.Ordinal);
        var answer = _engine.Handle(
            new FakeHttpRequest(
                request.Method,
                request.Path,
                query,
                Header(request, "Authorization"),
                Header(request, "Content-Type"),
                FakeRequestBody.FromBytes(request.BodyAsBytes))
            {
                ContentEncoding = Header(request, "Content-Encoding"),
            },
            exchange.RequestAborted);
        if (answer.HeldBack is { } held)
        {
            // On the fake's clock, like every other time it keeps: a test that shares a FakeTimeProvider with its client
            // moves both at once. The timer was started as the request was journaled (FakeHttpResponse.HeldBack).
            try
            {
                await held.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The client stopped waiting, or the fake is stopping: the connection closes without an answer, as when a
                // real server goes away. The status below is never sent.
                exchange.Abort();
                return new ResponseMessage { StatusCode = 503 };
            }
        }

        var headers = new Dictionary<string, WireMockList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = new WireMockList<string>(answer.ContentTypeHeader),
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
}
