using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Immuta.Client.Testing;

/// <summary>
/// The state and behaviour of the fake Immuta, independent of the HTTP server: routes the 13 endpoints, keeps the
/// integrations in memory and moves them through their documented statuses on the injected clock. Thread-safe (one lock).
/// Each request is one transaction: it is journaled once, and either all its changes happen or none (an unexpected
/// failure restores the state it found).
/// </summary>
internal sealed partial class FakeImmutaEngine
{
    private readonly object _gate = new();
    private readonly FakeImmutaServerOptions _options;
    private readonly SortedDictionary<long, FakeIntegration> _integrations = [];
    private readonly List<FakeRequest> _journal = [];
    private readonly Queue<FakeFault> _faults = new();
    private readonly Dictionary<FakeRequestKind, (int Status, string Message)> _rejections = [];
    private readonly Dictionary<IntegrationOperationKind, ValidationTest> _failures = [];
    private readonly HashSet<FakeRequestKind> _prerequisiteFailures = [];
    private long _nextId = 1;

    public FakeImmutaEngine(FakeImmutaServerOptions options) => _options = options;

    private DateTimeOffset Now => _options.TimeProvider.GetUtcNow();

    public IReadOnlyList<FakeRequest> Journal
    {
        get
        {
            lock (_gate)
            {
                return [.. _journal];
            }
        }
    }

    public IReadOnlyList<Integration> Snapshot()
    {
        lock (_gate)
        {
            return _integrations.Values.Select(i => { Settle(i, poll: false); return i; }).Where(i => !i.Removed).Select(Read).ToList();
        }
    }

    public void InjectFaults(FakeFault fault, int count)
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _faults.Enqueue(fault);
            }
        }
    }

    /// <summary>
    /// What happens to a request before its body is read: refused (401 unauthenticated, 415 compressed), its connection
    /// reset by a pending fault (<paramref name="reset"/>), or <see langword="null"/> to read the body and go on. A
    /// request answered or reset here is journaled here.
    /// </summary>
    public FakeHttpResponse? Admit(FakeHttpRequest head, out bool reset)
    {
        lock (_gate)
        {
            reset = false;
            if (Refusal(head) is { } refused)
            {
                Record(head, refused.StatusCode);
                return refused;
            }

            if (!_faults.TryPeek(out var fault) || fault.Kind != FakeFaultKind.ConnectionReset)
            {
                return null;
            }

            _faults.Dequeue();
            Record(head, statusCode: 0);
            reset = true;
            return null;
        }
    }

    public void RejectNext(FakeRequestKind kind, int status, string message)
    {
        lock (_gate)
        {
            _rejections[kind] = (status, message);
        }
    }

    public void FailNext(IntegrationOperationKind kind, ValidationTest failedTest)
    {
        lock (_gate)
        {
            _failures[kind] = failedTest;
        }
    }

    public void FailPrerequisiteNext(FakeRequestKind kind)
    {
        lock (_gate)
        {
            _prerequisiteFailures.Add(kind);
        }
    }

    public void Hold(string id, bool held)
    {
        lock (_gate)
        {
            Find(id).Held = held;
        }
    }

    public void SetStatus(string id, IntegrationStatus status)
    {
        lock (_gate)
        {
            var integration = Find(id);
            integration.Status = status;
            integration.Target = null;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _integrations.Clear();
            _journal.Clear();
            _faults.Clear();
            _rejections.Clear();
            _failures.Clear();
            _prerequisiteFailures.Clear();
            _nextId = 1;
        }
    }

    public FakeHttpResponse Handle(FakeHttpRequest request)
    {
        lock (_gate)
        {
            var before = new State(this);
            FakeHttpResponse response;
            try
            {
                response = HandleLocked(request);
            }
#pragma warning disable CA1031 // Any failure of the fake itself: the request changes nothing and is answered and journaled.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                before.Restore(this);
                response = FakeHttpResponse.Error(500, "Internal Server Error", $"FakeImmutaServer failed on {request.Method} {request.Path} ({exception.GetType().Name}); nothing was changed.");
            }

            Record(request, response.StatusCode);
            return response;
        }
    }

    private void Record(FakeHttpRequest request, int statusCode)
        => _journal.Add(new FakeRequest(
            request.Method,
            request.Path,
            request.Query.Count == 0 ? string.Empty : "?" + string.Join('&', request.Query.Select(q => $"{q.Key}={q.Value}")),
            request.ContentType,
            JournalBody(request),
            IsAuthorized(request),
            statusCode,
            Now));

    // A body the masker cannot read is not kept: the journal never holds what it could not mask.
    private static string? JournalBody(FakeHttpRequest request)
    {
        try
        {
            var body = request.Body;
            return string.IsNullOrWhiteSpace(body) ? null : ImmutaRedaction.PrintJson(IsYaml(request) ? ImmutaYaml.ToJson(body) : body);
        }
#pragma warning disable CA1031 // Whatever the masker throws, the journal entry is written without the body.
        catch (Exception)
#pragma warning restore CA1031
        {
            return $"<unreadable body, {request.Content.Length} bytes, not kept>";
        }
    }

    private bool IsAuthorized(FakeHttpRequest request)
        => request.Authorization is { } key && (key == _options.ApiKey || key == "Bearer " + _options.ApiKey);

    /// <summary>
    /// The answers that come before faults and routes, in this order: 401 (no body is read for a request that is not
    /// authenticated), 415 (a compressed body), 413 (a body over <see cref="FakeImmutaServerOptions.MaxRequestBodyBytes"/>),
    /// 400 (a body that could not be read to its end).
    /// </summary>
    private FakeHttpResponse? Refusal(FakeHttpRequest request)
    {
        if (!IsAuthorized(request))
        {
            return FakeHttpResponse.Error(401, "Unauthorized", "Missing or invalid API key.");
        }

        if (request.ContentEncoding is { } encoding && !string.Equals(encoding.Trim(), "identity", StringComparison.OrdinalIgnoreCase))
        {
            return FakeHttpResponse.InvalidBody(415, "Unsupported Media Type", $"Content-Encoding '{encoding}' is not supported; send the body uncompressed");
        }

        if (request.Content.IsTooLarge)
        {
            return FakeHttpResponse.InvalidBody(413, "Payload Too Large", request.Content.Problem!);
        }

        return request.Content.IsIncomplete
            ? FakeHttpResponse.InvalidBody(400, "Bad Request", request.Content.Problem!)
            : null;
    }

    private FakeHttpResponse HandleLocked(FakeHttpRequest request)
    {
        // Authentication first: a request that is refused does not take a fault meant for the next one.
        if (Refusal(request) is { } refused)
        {
            return refused;
        }

        if (_faults.TryDequeue(out var fault))
        {
            switch (fault.Kind)
            {
                case FakeFaultKind.Latency:
                    // One fault per request: the late answer is the ordinary one, not the next fault's.
                    return Answer(request) with { Delay = fault.Delay };
                case FakeFaultKind.TooManyRequests:
                    return FakeHttpResponse.Error(429, "Too Many Requests", "Rate limit exceeded.") with
                    {
                        Headers = fault.RetryAfter is { } after
                            ? new Dictionary<string, string> { ["Retry-After"] = ((int)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture) }
                            : new Dictionary<string, string>(),
                    };
                case FakeFaultKind.ServerError:
                    return FakeHttpResponse.Error(fault.StatusCode, "Internal Server Error", "Injected fault.");
                case FakeFaultKind.ConnectionReset:
                    // Taken by the server's middleware before the request reaches here; never answered.
                    return FakeHttpResponse.Error(500, "Internal Server Error", "The connection should have been reset.");
                case FakeFaultKind.MalformedBody:
                    return new FakeHttpResponse(200, """{"id":"1","status":"ena""");
            }
        }

        return Answer(request);
    }

    private FakeHttpResponse Answer(FakeHttpRequest request)
    {
        var route = RoutePattern().Match(request.Path.TrimEnd('/'));
        if (!route.Success)
        {
            return FakeHttpResponse.Error(404, "Not Found", $"No route for {request.Method} {request.Path}.");
        }

        var id = route.Groups["id"].Success ? route.Groups["id"].Value : null;
        var action = route.Groups["action"].Success ? route.Groups["action"].Value : null;
        return (request.Method, id, action) switch
        {
            ("GET", null, null) => List(),
            ("POST", null, null) => Create(request),
            ("POST", null, "scripts/create") => Script(request, IntegrationRequestKind.CreateScript, "create"),
            ("POST", null, "scripts/initial-create") => Script(request, IntegrationRequestKind.InitialCreateScript, "initial-create"),
            ("POST", null, "scripts/cleanup") => Script(request, IntegrationRequestKind.CleanupScript, "cleanup"),
            ("POST", null, "scripts/post-cleanup") => Script(request, IntegrationRequestKind.PostCleanupScript, "post-cleanup"),
            ("GET", not null, null) => Get(id),
            ("PUT", not null, null) => Update(id, request),
            ("DELETE", not null, null) => Delete(id, request),
            ("GET", not null, "status") => Status(id),
            ("POST", not null, "regenerate") => Regenerate(id),
            ("POST", not null, "scripts/edit") => EditScript(id, request),
            ("POST", not null, "scripts/delete") => DeleteScript(id),
            _ => FakeHttpResponse.Error(404, "Not Found", $"No route for {request.Method} {request.Path}."),
        };
    }

    private FakeHttpResponse List()
    {
        var all = new List<Integration>();
        foreach (var integration in _integrations.Values.ToList())
        {
            Settle(integration, poll: false);
            if (!integration.Removed)
            {
                all.Add(Read(integration));
            }
        }

        return new FakeHttpResponse(200, FakeJson.Serialize<IReadOnlyList<Integration>>(all));
    }

    private FakeHttpResponse Get(string id)
        => Lookup(id, out var integration) is { } missing ? missing : new FakeHttpResponse(200, FakeJson.Serialize(Read(integration!)));

    private FakeHttpResponse Status(string id)
    {
        if (!TryFind(id, out var integration, poll: true))
        {
            return NotFound(id);
        }

        return FakeHttpResponse.Json(200, new JsonObject { ["id"] = integration.Id, ["status"] = integration.Status.ToString() });
    }

    private FakeHttpResponse Create(FakeHttpRequest request)
    {
        if (Rejected(FakeRequestKind.Create) is { } rejected)
        {
            return rejected;
        }

        if (ParseDefinition(request, IntegrationRequestKind.Create, out var definition) is { } invalid)
        {
            return invalid;
        }

        if (Holder(definition!, except: null, creating: true) is { } conflict)
        {
            return conflict;
        }

        if (PrerequisiteFailed(FakeRequestKind.Create) is { } unprepared)
        {
            return unprepared;
        }

        var validation = FakeCatalog.ValidationFor(definition!);
        if (request.Flag("dryRun"))
        {
            return Result(null, null, validation);
        }

        var integration = new FakeIntegration(_nextId++, definition!, validation);
        _integrations[integration.Id] = integration;
        Begin(integration, IntegrationStatus.Creating, IntegrationOperationKind.Create, IntegrationStatus.Enabled, IntegrationStatus.CreateError);
        return Result(integration, IntegrationStatus.Creating, integration.Validation);
    }

    private FakeHttpResponse Update(string id, FakeHttpRequest request)
    {
        if (Rejected(FakeRequestKind.Update) is { } rejected)
        {
            return rejected;
        }

        if (Lookup(id, out var integration) is { } missing)
        {
            return missing;
        }

        // §11 PUT 409 (doc) while busy. A disabled integration is not re-enabled by an update either: Immuta documents no
        // way back from a force-disable. One that settled in createError is updated: that is how Immuta asks to repair it (E-1).
        if (IsTransitional(integration!.Status) || integration.Status == IntegrationStatus.Disabled)
        {
            return FakeHttpResponse.Error(409, "Conflict", FakeErrors.Busy(id, integration.Status));
        }

        if (ParseDefinition(request, IntegrationRequestKind.Update, out var parsed) is { } invalid)
        {
            return invalid;
        }

        var definition = parsed!;
        if (NonEditable(integration.Definition, definition))
        {
            return FakeHttpResponse.Error(400, "Bad Request", FakeErrors.NonEditable);
        }

        if (Holder(definition, except: integration, creating: false) is { } conflict)
        {
            return conflict;
        }

        if (PrerequisiteFailed(FakeRequestKind.Update) is { } unprepared)
        {
            return unprepared;
        }

        var validation = FakeCatalog.ValidationFor(definition);
        if (request.Flag("dryRun"))
        {
            return Result(integration, integration.Status, validation);
        }

        integration.Previous = integration.Definition;
        integration.Definition = definition;
        integration.Validation = validation;
        Begin(integration, IntegrationStatus.Editing, IntegrationOperationKind.Update, IntegrationStatus.Enabled, IntegrationStatus.EditError);
        return Result(integration, IntegrationStatus.Editing, validation);
    }

    private FakeHttpResponse Delete(string id, FakeHttpRequest request)
    {
        if (Rejected(FakeRequestKind.Delete) is { } rejected)
        {
            return rejected;
        }

        if (Lookup(id, out var integration) is { } missing)
        {
            return missing;
        }

        // §15 E-3 (secondary): a DELETE while busy gets the words of the PUT 409, "Unable to edit …".
        if (IsTransitional(integration!.Status))
        {
            return FakeHttpResponse.Error(409, "Conflict", FakeErrors.Busy(id, integration.Status));
        }

        var hasBody = !request.Content.IsEmpty;
        var platform = ImmutaPlatforms.Of(integration.Definition);
        var takesCredentials = platform?.DeleteCredentialsType is not null;
        var automatic = integration.Definition.AutoBootstrap == true;
        if (hasBody && platform?.DeleteCredentialsRefusedMessage is { } refused)
        {
            return FakeHttpResponse.Error(400, "Bad request", refused);
        }

        if (hasBody && !(takesCredentials && automatic))
        {
            return FakeHttpResponse.Error(400, "Bad request", FakeErrors.CredentialsNotRequired);
        }

        if (!hasBody && takesCredentials && automatic && !request.Flag("forceDisable"))
        {
            return FakeHttpResponse.Error(400, "Bad request", FakeErrors.CredentialsRequired);
        }

        if (hasBody && ParseCredentials(request, platform!) is { } unreadable)
        {
            return unreadable;
        }

        if (PrerequisiteFailed(FakeRequestKind.Delete) is { } unprepared)
        {
            return unprepared;
        }

        if (request.Flag("dryRun"))
        {
            return Result(integration, integration.Status, integration.Validation);
        }

        var force = request.Flag("forceDisable");
        integration.RemoveOnSettle = !force;
        Begin(integration, IntegrationStatus.Deleting, IntegrationOperationKind.Delete, force ? IntegrationStatus.Disabled : IntegrationStatus.Deleted, IntegrationStatus.DeleteError);
        return Result(integration, IntegrationStatus.Deleting, integration.Validation);
    }

    private FakeHttpResponse Regenerate(string id)
    {
        if (Lookup(id, out var integration) is { } missing)
        {
            return missing;
        }

        if (ImmutaPlatforms.Of(integration!.Definition)?.AcceptsApiKeyRegeneration != true)
        {
            var documented = string.Join(", ", ImmutaPlatforms.All.Where(p => p.AcceptsApiKeyRegeneration).Select(p => p.DisplayName));
            return FakeHttpResponse.Error(400, "Bad Request", $"Regenerating the API key is documented for {documented} integrations only; integration {id} is {integration.Definition.Type}.");
        }

        return FakeHttpResponse.Json(200, new JsonObject { ["newKey"] = Guid.NewGuid().ToString("N") });
    }

    private static FakeHttpResponse Script(FakeHttpRequest request, IntegrationRequestKind kind, string endpoint)
        => ParseDefinition(request, kind, out var definition) is { } invalid
            ? invalid
            : new FakeHttpResponse(200, FakeCatalog.Script(endpoint, definition!, id: null), "text/plain");

    private FakeHttpResponse EditScript(string id, FakeHttpRequest request)
    {
        if (Lookup(id, out var integration) is { } missing)
        {
            return missing;
        }

        if (ParseDefinition(request, IntegrationRequestKind.EditScript, out var definition) is { } invalid)
        {
            return invalid;
        }

        return definition!.Type != integration!.Definition.Type
            ? FakeHttpResponse.Error(400, "Bad Request", $"The type of integration {id} is '{integration.Definition.Type}', not '{definition.Type}'.")
            : new FakeHttpResponse(200, FakeCatalog.Script("edit", definition, id), "text/plain");
    }

    private FakeHttpResponse DeleteScript(string id)
    {
        if (Lookup(id, out var integration) is { } missing)
        {
            return missing;
        }

        // A platform the SDK does not know gets the generic handling, as on the other script endpoints: its documented
        // list is not known, so the fake does not guess it away (issue 13: never refuse what Immuta may accept).
        return ImmutaPlatforms.Of(integration!.Definition) is not { } platform || platform.AcceptsDeleteScript
            ? new FakeHttpResponse(200, FakeCatalog.Script("delete", integration.Definition, id), "text/plain")
            : FakeHttpResponse.Error(400, "Bad Request", $"The scripts/delete endpoint does not accept '{integration.Definition.Type}' integrations.");
    }

    private FakeHttpResponse? Rejected(FakeRequestKind kind)
    {
        if (!_rejections.Remove(kind, out var rejection))
        {
            return null;
        }

        var text = rejection.Status switch
        {
            400 => "Bad Request",
            404 => "Not found",
            409 => "Conflict",
            422 => "Unprocessable entity",
            _ => "Error",
        };
        return FakeHttpResponse.Error(rejection.Status, text, rejection.Message);
    }

    private static FakeHttpResponse? ParseDefinition(FakeHttpRequest request, IntegrationRequestKind kind, out IntegrationDefinition? definition)
    {
        definition = null;
        if (ReadJson(request, out var json) is { } unreadable)
        {
            return unreadable;
        }

        try
        {
            // Strict, as a definition file is read: a member of the wrong type ("port": "abc") is refused naming its path,
            // not stored raw (the SDK's tolerant reading is for responses).
            definition = ImmutaJson.DeserializeStrict<IntegrationDefinition>(json!);

            // What is stored must read back: a definition GET cannot write would break every later GET and list.
            _ = FakeJson.Serialize(FakeCatalog.AsRead(definition));
        }
        catch (ImmutaSerializationException exception)
        {
            definition = null;
            return FakeHttpResponse.Error(400, "Bad Request", $"Invalid request body: {exception.Message}");
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentException)
        {
            definition = null;
            return FakeHttpResponse.InvalidBody(400, "Bad Request", $"it cannot be written back as JSON: {exception.Message}");
        }

        // The fake refuses what local validation calls an error, and a script endpoint for a platform it is not documented
        // for (the documented server's lists, spec §3.8-3.13; only a warning in the SDK, which lets Immuta decide). Warnings
        // do not refuse: an unknown type, say, goes on. The <REDACTED> rule is the SDK's own safeguard, not the server's.
        var errors = definition.Validate(kind)
            .Where(f => f.Rule == IntegrationValidationRules.Endpoint || (f.IsError && f.Rule != IntegrationValidationRules.RedactedCredential))
            .ToList();
        return errors.Count == 0
            ? null
            : FakeHttpResponse.Error(400, "Bad Request", "Invalid request body: " + string.Join("; ", errors));
    }

    /// <summary>
    /// Reads a delete body as the credentials of the integration's platform, strictly (a member of the wrong type is
    /// refused naming its path); other platforms take no credentials and are answered before this.
    /// </summary>
    private static FakeHttpResponse? ParseCredentials(FakeHttpRequest request, ImmutaPlatform platform)
    {
        if (ReadJson(request, out var json) is { } unreadable)
        {
            return unreadable;
        }

        try
        {
            _ = platform.ReadDeleteCredentials(json!);
            return null;
        }
        catch (ImmutaSerializationException exception)
        {
            return FakeHttpResponse.Error(400, "Bad Request", $"Invalid request body: {exception.Message}");
        }
    }

    private static FakeHttpResponse? ReadJson(FakeHttpRequest request, out string? json)
        => request.Content.ReadJsonObject(IsYaml(request), out json) is { } problem
            ? FakeHttpResponse.InvalidBody(400, "Bad Request", problem)
            : null;

    internal static bool IsYaml(FakeHttpRequest request)
        => request.ContentType?.Contains("yaml", StringComparison.OrdinalIgnoreCase) == true
            || (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true
                && request.Body is { } body && body.TrimStart() is { Length: > 0 } t && t[0] is not ('{' or '['));

    /// <summary>
    /// The 409 for a definition whose identity (<see cref="IntegrationIdentity"/>: platform and normalized host, workspace,
    /// name or dataset) another integration holds, disabled ones included; <see langword="null"/> when none does. A create
    /// onto the identity of one that settled in <c>createError</c> is answered 400 "Use PUT /integrations/{id} endpoint …
    /// that previously failed to create." instead (§15 E-1, <b>secondary</b>): it is repaired with PUT, not created again.
    /// </summary>
    private FakeHttpResponse? Holder(IntegrationDefinition definition, FakeIntegration? except, bool creating)
    {
        var holder = _integrations.Values.FirstOrDefault(i => i != except && !i.Removed
            && (IntegrationIdentity.SameIntegration(i.Definition, definition) || SameUnknownIntegration(i.Definition, definition)));
        if (holder is null)
        {
            return null;
        }

        var key = IntegrationIdentity.KeyOf(holder.Definition) ?? string.Empty;
        return creating && holder.Status == IntegrationStatus.CreateError
            ? FakeHttpResponse.Error(400, "Bad Request", FakeErrors.PreviouslyFailedToCreate(holder.Definition, key, holder.Id))
            : FakeHttpResponse.Error(409, "Conflict", FakeErrors.AlreadyExists(definition, key, holder.Id));
    }

    // A platform the SDK does not know: its identity is somewhere in its configuration, so the same type with the same
    // configuration is the same integration (see FakeImmutaServer's "One integration per identity").
    private static bool SameUnknownIntegration(IntegrationDefinition held, IntegrationDefinition definition)
        => ImmutaPlatforms.Of(definition) is null && held.Type == definition.Type
            && JsonNode.DeepEquals(JsonNode.Parse(ImmutaJson.Serialize(held))?["config"], JsonNode.Parse(ImmutaJson.Serialize(definition))?["config"]);

    /// <summary>
    /// Whether an update changes what the fake treats as fixed once an integration exists (answered 400 "Unable to edit
    /// integration due to changes of non-editable attribute(s).", §15 E-2, <b>secondary</b>). Immuta documents that "some
    /// settings cannot be changed once an integration is configured" ([000] L1004) without listing them; the fake fixes:
    /// <list type="bullet">
    /// <item>the platform (<c>type</c>): another platform is another integration;</item>
    /// <item>the host of Snowflake, Redshift and Azure Synapse Analytics and the Databricks <c>workspaceUrl</c>, compared as
    /// <see cref="IntegrationIdentity"/> normalizes them (inference: Immuta names an integration by it, "integration on host
    /// X (id = 1)", and keeps one per host; no documented PUT changes it);</item>
    /// <item>Synapse <c>metadataDelimiters</c> once set (doc: they "cannot be changed once set", Y3), a PUT leaving them out included.</item>
    /// </list>
    /// Editable: a Native S3 <c>name</c> (Immuta's own PUT example renames one, [000] L541-565), a BigQuery <c>dataset</c>
    /// and everything else (nothing documents otherwise).
    /// </summary>
    private static bool NonEditable(IntegrationDefinition current, IntegrationDefinition proposed)
    {
        if (current.Type != proposed.Type)
        {
            return true;
        }

        // The identity of a platform named by its host or workspace (compared as IntegrationIdentity normalizes them), and
        // each setting its platform documents as fixed once set.
        var platform = ImmutaPlatforms.Of(current);
        if (platform is null || ImmutaPlatforms.Of(proposed) != platform)
        {
            return false; // a platform the SDK does not know (or a type differing only in case): Immuta decides
        }

        if (platform.IdentityKind is IntegrationIdentityKind.Host or IntegrationIdentityKind.WorkspaceUrl
            && IntegrationIdentity.KeyOf(current) != IntegrationIdentity.KeyOf(proposed))
        {
            return true;
        }

        if (platform.NonEditablePaths.Count == 0)
        {
            return false;
        }

        var before = JsonNode.Parse(ImmutaJson.Serialize(current));
        var after = JsonNode.Parse(ImmutaJson.Serialize(proposed));
        return platform.NonEditablePaths.Any(path => At(before, path) is { } set && !JsonNode.DeepEquals(set, At(after, path)));
    }

    // The node at a dotted path (config.metadataDelimiters); null when absent or JSON null.
    private static JsonNode? At(JsonNode? node, string path)
    {
        foreach (var name in path.Split('.'))
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(name, out var child) ? child : null;
        }

        return node;
    }

    /// <summary>
    /// The 422 "Validation of prerequisite setup failed. Unable to create integration." (§15 E-4, <b>secondary</b>; doc for
    /// Trino's POST, T1) for a request scripted with <see cref="FakeImmutaServer.FailPrerequisiteNext"/>: answered where
    /// the request would otherwise succeed (after its body, id and conflicts are checked), and it changes nothing.
    /// </summary>
    private FakeHttpResponse? PrerequisiteFailed(FakeRequestKind kind)
        => _prerequisiteFailures.Remove(kind) ? FakeHttpResponse.Error(422, "Unprocessable entity", FakeErrors.PrerequisiteFailed) : null;

    private void Begin(FakeIntegration integration, IntegrationStatus transitional, IntegrationOperationKind kind, IntegrationStatus success, IntegrationStatus failure)
    {
        integration.Status = transitional;
        integration.SettleAt = Now + _options.SettleAfter;
        integration.PollsLeft = _options.SettleAfterPolls;
        if (_failures.Remove(kind, out var failedTest))
        {
            integration.Target = failure;
            integration.Validation = new ValidationResults
            {
                Status = ValidationStatus.Failed,
                ValidationTests = [.. integration.Validation.ValidationTests ?? [], failedTest],
            };
        }
        else
        {
            integration.Target = success;
        }
    }

    /// <summary>Moves a transitional integration to its target once its time (or its polls) ran out, unless held.</summary>
    private void Settle(FakeIntegration integration, bool poll)
    {
        if (integration.Target is not { } target || integration.Held)
        {
            return;
        }

        if (poll && integration.PollsLeft is { } left)
        {
            integration.PollsLeft = left - 1;
        }

        var due = integration.PollsLeft is { } polls ? polls <= 0 : Now >= integration.SettleAt;
        if (!due)
        {
            return;
        }

        integration.Status = target;
        integration.Target = null;
        if (target == IntegrationStatus.EditError && integration.Previous is { } previous)
        {
            integration.Definition = previous; // rolled back to the previous configuration
        }

        if (target == IntegrationStatus.Deleted && integration.RemoveOnSettle)
        {
            integration.Removed = true;
            _integrations.Remove(integration.Id);
        }
    }

    private static bool IsTransitional(IntegrationStatus status)
        => status == IntegrationStatus.Creating || status == IntegrationStatus.Editing || status == IntegrationStatus.Deleting || status == IntegrationStatus.Migrating;

    private FakeHttpResponse? Lookup(string id, out FakeIntegration? integration)
    {
        integration = null;
        if (!TryFind(id, out var found, poll: false))
        {
            return NotFound(id);
        }

        integration = found;
        return null;
    }

    private bool TryFind(string id, out FakeIntegration integration, bool poll)
    {
        integration = null!;
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var key) || !_integrations.TryGetValue(key, out var found))
        {
            return false;
        }

        Settle(found, poll);
        integration = found;
        return !found.Removed;
    }

    private FakeIntegration Find(string id)
        => TryFind(id, out var integration, poll: false) ? integration : throw new KeyNotFoundException($"The fake holds no integration {id}.");

    private static FakeHttpResponse NotFound(string id) => FakeHttpResponse.Error(404, "Not found", FakeErrors.NotFound(id));

    private static Integration Read(FakeIntegration integration) => new()
    {
        Id = integration.Id.ToString(CultureInfo.InvariantCulture),
        Status = integration.Status,
        ValidationResults = integration.Validation,
        Definition = FakeCatalog.AsRead(integration.Definition),
    };

    private static FakeHttpResponse Result(FakeIntegration? integration, IntegrationStatus? status, ValidationResults validation)
        => new(200, FakeJson.Serialize(new IntegrationOperationResult
        {
            Id = integration?.Id.ToString(CultureInfo.InvariantCulture),
            Status = status,
            ValidationResults = validation,
        }));

    [GeneratedRegex(@"^/integrations(/(?<id>[^/]+))?(/(?<action>status|regenerate|scripts/[a-z-]+))?$|^/integrations/(?<action>scripts/[a-z-]+)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RoutePattern();

    /// <summary>Everything a request can change, copied before it runs so a failure can put it back.</summary>
    private sealed class State
    {
        private readonly List<FakeIntegration> _integrations;
        private readonly FakeFault[] _faults;
        private readonly KeyValuePair<FakeRequestKind, (int Status, string Message)>[] _rejections;
        private readonly KeyValuePair<IntegrationOperationKind, ValidationTest>[] _failures;
        private readonly FakeRequestKind[] _prerequisiteFailures;
        private readonly long _nextId;

        public State(FakeImmutaEngine engine)
        {
            _integrations = [.. engine._integrations.Values.Select(i => i.Copy())];
            _faults = [.. engine._faults];
            _rejections = [.. engine._rejections];
            _failures = [.. engine._failures];
            _prerequisiteFailures = [.. engine._prerequisiteFailures];
            _nextId = engine._nextId;
        }

        public void Restore(FakeImmutaEngine engine)
        {
            engine._integrations.Clear();
            foreach (var integration in _integrations)
            {
                engine._integrations[integration.Id] = integration;
            }

            engine._faults.Clear();
            foreach (var fault in _faults)
            {
                engine._faults.Enqueue(fault);
            }

            engine._rejections.Clear();
            foreach (var (kind, rejection) in _rejections)
            {
                engine._rejections[kind] = rejection;
            }

            engine._failures.Clear();
            foreach (var (kind, test) in _failures)
            {
                engine._failures[kind] = test;
            }

            engine._prerequisiteFailures.Clear();
            engine._prerequisiteFailures.UnionWith(_prerequisiteFailures);
            engine._nextId = _nextId;
        }
    }

    private sealed class FakeIntegration(long id, IntegrationDefinition definition, ValidationResults validation)
    {
        /// <summary>A copy: definitions and validation results are immutable records, so a shallow one is whole.</summary>
        public FakeIntegration Copy() => (FakeIntegration)MemberwiseClone();

        public long Id { get; } = id;

        public IntegrationDefinition Definition { get; set; } = definition;

        public IntegrationDefinition? Previous { get; set; }

        public ValidationResults Validation { get; set; } = validation;

        public IntegrationStatus Status { get; set; }

        public IntegrationStatus? Target { get; set; }

        public DateTimeOffset SettleAt { get; set; }

        public int? PollsLeft { get; set; }

        public bool Held { get; set; }

        public bool RemoveOnSettle { get; set; }

        public bool Removed { get; set; }
    }
}
