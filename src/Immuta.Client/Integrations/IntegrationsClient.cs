using Immuta.Client.Diagnostics;
using Immuta.Client.Http;
using Immuta.Client.Operations;
using Immuta.Client.Serialization;

namespace Immuta.Client;

/// <summary>
/// The <c>/integrations</c> resource: list, get, status, create, update, delete and regenerate-key, plus
/// <see cref="Scripts"/> for manual setup. Get it from <see cref="ImmutaClient.Integrations"/>; thread-safe.
/// </summary>
/// <remarks>Members are virtual and the constructor protected so tests can substitute this client.</remarks>
public class IntegrationsClient : IIntegrationStatusSource
{
    private readonly ImmutaPipeline _pipeline = null!;
    private StatusPoller? _poller;

    /// <summary>For mocking only.</summary>
    protected IntegrationsClient()
    {
    }

    internal IntegrationsClient(ImmutaPipeline pipeline)
    {
        _pipeline = pipeline;
        Scripts = new IntegrationScriptsClient(pipeline, this);
    }

    /// <summary>
    /// The poller of this client's operations, made on the first one rather than with the client: its type holds Polly's,
    /// so a process that only reads never loads Polly (cold start, BENCHMARKS.md).
    /// </summary>
    private StatusPoller Poller
    {
        get
        {
            if (_poller is { } poller)
            {
                return poller;
            }

            var created = new StatusPoller(_pipeline.Options, _pipeline.Logger, _pipeline.Endpoint);
            return Interlocked.CompareExchange(ref _poller, created, null) ?? created;
        }
    }

    /// <summary>The script endpoints, for integrations set up by hand (<c>autoBootstrap: false</c>).</summary>
    public virtual IntegrationScriptsClient Scripts { get; } = null!;

    /// <summary>Lists every integration (<c>GET /integrations</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The integrations, of any platform; unknown platforms read as <see cref="UnknownIntegration"/>.</returns>
    /// <exception cref="ImmutaApiException">Immuta answered with an error.</exception>
    /// <exception cref="ImmutaTransportException">Immuta did not answer.</exception>
    /// <exception cref="ImmutaSerializationException">The answer was not the documented JSON.</exception>
    public virtual Task<IReadOnlyList<Integration>> ListAsync(CancellationToken cancellationToken = default)
        => _pipeline.SendAsync("Integrations.List", static (api, auth, ct) => api.ListAsync(auth, ct),
            TolerantTypeInfo<IReadOnlyList<Integration>>.Value, cancellationToken);

    /// <summary>Gets one integration (<c>GET /integrations/{id}</c>); credentials come back redacted.</summary>
    /// <param name="id">The integration id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The integration.</returns>
    /// <exception cref="ImmutaNotFoundException">No integration has that id.</exception>
    /// <exception cref="ImmutaApiException">Immuta answered with another error.</exception>
    public virtual Task<Integration> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        CheckId(id);
        return _pipeline.SendAsync("Integrations.Get", (api, auth, ct) => api.GetAsync(id, auth, ct),
            TolerantTypeInfo<Integration>.Value, cancellationToken);
    }

    /// <summary>Gets the current status of an integration (<c>GET /integrations/{id}/status</c>).</summary>
    /// <param name="id">The integration id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The id and status.</returns>
    /// <exception cref="ImmutaNotFoundException">No integration has that id.</exception>
    /// <exception cref="ImmutaSerializationException">
    /// The answer has no <c>status</c> (missing, null or not a string): a wait on the integration ends with this exception at
    /// once, instead of polling until its timeout a status that never settles.
    /// </exception>
    public virtual Task<IntegrationStatusResult> GetStatusAsync(string id, CancellationToken cancellationToken = default)
    {
        CheckId(id);
        return _pipeline.SendAsync("Integrations.GetStatus", (api, auth, ct) => api.GetStatusAsync(id, auth, ct),
            TolerantTypeInfo<IntegrationStatusResult>.Value, cancellationToken);
    }

    /// <summary>
    /// Creates an integration (<c>POST /integrations</c>). Immuta answers at once with <c>creating</c>; with
    /// <see cref="ImmutaWaitUntil.Completed"/> this method also waits until the integration is <c>enabled</c>.
    /// </summary>
    /// <param name="waitUntil">Whether to return at once or after the integration settled.</param>
    /// <param name="definition">The integration: a <see cref="SnowflakeIntegration"/>, <see cref="DatabricksIntegration"/>, …</param>
    /// <param name="cancellationToken">Cancels the call and the wait.</param>
    /// <returns>The operation; with <see cref="ImmutaWaitUntil.Completed"/> its <see cref="IntegrationOperation.Value"/> is the settled integration.</returns>
    /// <exception cref="ImmutaConflictException">An integration of that platform already exists on that host; see <see cref="ImmutaConflictException.ExistingIntegrationId"/> (or use <see cref="CreateOrAdoptAsync"/>).</exception>
    /// <exception cref="IntegrationValidationException">Local validation found errors (nothing was sent); see <see cref="ImmutaClientOptions.ValidateBeforeSending"/>.</exception>
    /// <exception cref="ImmutaRequestRejectedException">
    /// Immuta refused the body (400, 422); or one of that platform on that host previously failed to create (400 "Use PUT
    /// /integrations/{id} endpoint …"; see <see cref="ImmutaRequestRejectedException.ExistingIntegrationId"/>, or use <see cref="CreateOrAdoptAsync"/>).
    /// </exception>
    /// <exception cref="ImmutaOperationFailedException">The integration settled in <c>createError</c>.</exception>
    /// <exception cref="ImmutaOperationTimeoutException">It did not settle within <see cref="PollingOptions.Timeout"/>.</exception>
    public virtual async Task<IntegrationOperation> CreateAsync(
        ImmutaWaitUntil waitUntil, IntegrationDefinition definition, CancellationToken cancellationToken = default)
    {
        using var span = MethodSpan.Start("Integrations.Create");
        try
        {
            var responses = new RawResponseRecorder();
            IntegrationOperationResult started;
            using (responses.Listen())
            {
                started = await SendCreateAsync("Integrations.Create", definition, dryRun: false, cancellationToken).ConfigureAwait(false);
            }

            var operation = StartedOperation(started, IntegrationOperationKind.Create, adopted: false, responses);
            return await FinishAsync(span, waitUntil, operation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (span.Fail(exception))
        {
            throw;
        }
    }

    /// <summary>
    /// Creates an integration, or — when Immuta answers 409 because one of that platform already exists on that host —
    /// adopts the existing one: the returned operation then tracks that integration and says so in
    /// <see cref="IntegrationOperation.WasAdopted"/>. The existing integration is not changed. When Immuta answers that
    /// one on that host previously failed to create (400 <c>"Use PUT /integrations/{id} endpoint …"</c>), it repairs it
    /// instead: the definition is sent to it with <c>PUT</c>, as Immuta asks (<see cref="IntegrationOperation.WasRepaired"/>).
    /// </summary>
    /// <remarks>
    /// <para>
    /// Before adopting or repairing, the integration Immuta names is read (<c>GET /integrations/{id}</c>) and must be the
    /// one the definition describes: the same platform on the same host, workspace, name or dataset, compared as Immuta
    /// does (host names ignore case, scheme, default port, trailing dot and slash).
    /// </para>
    /// <para>
    /// A <c>disabled</c> (force-disabled) or <c>deleted</c> integration is not adopted or repaired: Immuta no longer uses
    /// it, and Immuta does not document that an update (PUT) re-enables it, so this method does not try. It throws an
    /// exception that says so and what to do: delete that integration, remove what it left on the platform, and create again.
    /// </para>
    /// <para>
    /// A repair is an update: the operation's <see cref="IntegrationOperation.Kind"/> is
    /// <see cref="IntegrationOperationKind.Update"/> and it settles on <c>enabled</c> (or fails on an error status, as an
    /// update does). The "previously failed to create" answer comes from a secondary source (a summary of Immuta's
    /// status-code page, spec §15 E-1); without it, the 400 is thrown as it is.
    /// </para>
    /// </remarks>
    /// <param name="waitUntil">Whether to return at once or after the integration settled.</param>
    /// <param name="definition">The integration.</param>
    /// <param name="cancellationToken">Cancels the call and the wait.</param>
    /// <returns>The operation on the new, the existing or the repaired integration.</returns>
    /// <exception cref="ImmutaConflictException">
    /// A 409 that names no existing id (for example a busy integration); the integration it names is <c>disabled</c> or
    /// <c>deleted</c>, or is not the one the definition describes (<see cref="ImmutaConflictException.ExistingIntegrationId"/>
    /// holds its id).
    /// </exception>
    /// <exception cref="ImmutaRequestRejectedException">
    /// Immuta refused the body; or the integration that previously failed to create is <c>disabled</c> or <c>deleted</c>,
    /// or is not the one the definition describes (<see cref="ImmutaRequestRejectedException.ExistingIntegrationId"/> holds its id).
    /// </exception>
    public virtual async Task<IntegrationOperation> CreateOrAdoptAsync(
        ImmutaWaitUntil waitUntil, IntegrationDefinition definition, CancellationToken cancellationToken = default)
    {
        using var span = MethodSpan.Start("Integrations.CreateOrAdopt");
        try
        {
            return await CreateOrAdoptCoreAsync(span, waitUntil, definition, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (span.Fail(exception))
        {
            throw;
        }
    }

    private async Task<IntegrationOperation> CreateOrAdoptCoreAsync(
        MethodSpan span, ImmutaWaitUntil waitUntil, IntegrationDefinition definition, CancellationToken cancellationToken)
    {
        IntegrationOperation operation;
        var responses = new RawResponseRecorder();
        using var listening = responses.Listen(); // the 409 or 400 and the reads that follow it are what the operation saw first
        try
        {
            var started = await SendCreateAsync("Integrations.CreateOrAdopt", definition, dryRun: false, cancellationToken).ConfigureAwait(false);
            operation = StartedOperation(started, IntegrationOperationKind.Create, adopted: false, responses);
        }
        catch (ImmutaConflictException conflict) when (conflict.ExistingIntegrationId is { } existing)
        {
            await EnsureSameAndInUseAsync(conflict, existing, definition, IntegrationAdoption.Purpose.Adopt,
                refusal => new ImmutaConflictException($"{conflict.Message} {refusal}", conflict.Details, existing), cancellationToken).ConfigureAwait(false);
            operation = new IntegrationOperation(this, Poller, existing, IntegrationOperationKind.Create, started: null, adopted: true, responses: responses);
        }
        catch (ImmutaRequestRejectedException failedBefore) when (failedBefore.ExistingIntegrationId is { } failed)
        {
            await EnsureSameAndInUseAsync(failedBefore, failed, definition, IntegrationAdoption.Purpose.Repair,
                refusal => new ImmutaRequestRejectedException($"{failedBefore.Message} {refusal}", failedBefore.Details, failed), cancellationToken).ConfigureAwait(false);
            var started = await SendUpdateAsync("Integrations.CreateOrAdopt", failed, definition, dryRun: false, cancellationToken).ConfigureAwait(false);
            operation = new IntegrationOperation(this, Poller, started.Id ?? failed, IntegrationOperationKind.Update, started with { Id = started.Id ?? failed }, adopted: false, repaired: true, responses);
        }

        span.SetTag("immuta.operation.adopted", operation.WasAdopted);
        span.SetTag("immuta.operation.repaired", operation.WasRepaired);
        return await FinishAsync(span, waitUntil, operation, cancellationToken).ConfigureAwait(false);
    }

    // The integration an answer names is adopted or repaired only if it is the one the definition describes and Immuta still uses it.
    private async Task EnsureSameAndInUseAsync(
        ImmutaApiException answer, string id, IntegrationDefinition definition, IntegrationAdoption.Purpose purpose,
        Func<string, ImmutaApiException> refused, CancellationToken cancellationToken)
    {
        Integration? existing = null;
        try
        {
            existing = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (ImmutaNotFoundException)
        {
            // Gone since the answer: nothing to adopt or repair, and the answer is the answer (creating again may now succeed).
        }

        if (existing is null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(answer);
        }

        if (IntegrationAdoption.Refusal(existing, definition, purpose) is { } refusal)
        {
            throw refused(refusal);
        }
    }

    /// <summary>Checks an integration without creating it (<c>POST /integrations?dryRun=true</c>).</summary>
    /// <param name="definition">The integration.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Immuta's answer, with the validation results.</returns>
    public virtual Task<IntegrationOperationResult> ValidateAsync(IntegrationDefinition definition, CancellationToken cancellationToken = default)
        => SendCreateAsync("Integrations.Validate", definition, dryRun: true, cancellationToken);

    /// <summary>
    /// Updates an integration (<c>PUT /integrations/{id}</c>) with a whole definition. Immuta answers at once with
    /// <c>editing</c>; with <see cref="ImmutaWaitUntil.Completed"/> this method also waits until it is <c>enabled</c> again.
    /// </summary>
    /// <param name="waitUntil">Whether to return at once or after the integration settled.</param>
    /// <param name="id">The integration id.</param>
    /// <param name="definition">The whole new definition (for example <see cref="Integration.Definition"/> changed with <c>with</c>).</param>
    /// <param name="cancellationToken">Cancels the call and the wait.</param>
    /// <returns>The operation.</returns>
    /// <exception cref="IntegrationValidationException">Local validation found errors (nothing was sent); see <see cref="ImmutaClientOptions.ValidateBeforeSending"/>.</exception>
    /// <exception cref="ImmutaConflictException">The integration is busy (for example still <c>editing</c>).</exception>
    /// <exception cref="ImmutaRequestRejectedException">
    /// Immuta refused the body (400, 422), for example "Unable to edit integration due to changes of non-editable attribute(s)."
    /// </exception>
    /// <exception cref="ImmutaOperationFailedException">The integration settled in <c>editError</c>.</exception>
    public virtual async Task<IntegrationOperation> UpdateAsync(
        ImmutaWaitUntil waitUntil, string id, IntegrationDefinition definition, CancellationToken cancellationToken = default)
    {
        using var span = MethodSpan.Start("Integrations.Update");
        try
        {
            var responses = new RawResponseRecorder();
            IntegrationOperationResult started;
            using (responses.Listen())
            {
                started = await SendUpdateAsync("Integrations.Update", id, definition, dryRun: false, cancellationToken).ConfigureAwait(false);
            }

            var operation = StartedOperation(started with { Id = started.Id ?? id }, IntegrationOperationKind.Update, adopted: false, responses);
            return await FinishAsync(span, waitUntil, operation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (span.Fail(exception))
        {
            throw;
        }
    }

    /// <summary>Checks an update without applying it (<c>PUT /integrations/{id}?dryRun=true</c>).</summary>
    /// <param name="id">The integration id.</param>
    /// <param name="definition">The whole new definition.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Immuta's answer, with the validation results.</returns>
    public virtual Task<IntegrationOperationResult> ValidateUpdateAsync(
        string id, IntegrationDefinition definition, CancellationToken cancellationToken = default)
        => SendUpdateAsync("Integrations.ValidateUpdate", id, definition, dryRun: true, cancellationToken);

    /// <summary>
    /// Deletes an integration (<c>DELETE /integrations/{id}</c>). Immuta answers at once with <c>deleting</c>; with
    /// <see cref="ImmutaWaitUntil.Completed"/> this method also waits until it is gone (<c>deleted</c>, 404, or <c>disabled</c>
    /// with <see cref="DeleteIntegrationOptions.ForceDisable"/>).
    /// </summary>
    /// <param name="waitUntil">Whether to return at once or after the integration is gone.</param>
    /// <param name="id">The integration id.</param>
    /// <param name="options">Credentials (Snowflake, Redshift, Synapse set up automatically; a platform this SDK does not know, as Immuta decides) and <c>forceDisable</c>.</param>
    /// <param name="cancellationToken">Cancels the call and the wait.</param>
    /// <returns>The delete operation (it has no value: completing without an exception is the result).</returns>
    /// <exception cref="ImmutaRequestRejectedException">Credentials were sent where none are allowed, or missing where required (400); a failed prerequisite (422).</exception>
    /// <exception cref="ImmutaConflictException">The integration is busy ("Unable to edit integration with ID 1 in current state editing.").</exception>
    /// <exception cref="ImmutaOperationFailedException">The integration settled in <c>deleteError</c>.</exception>
    public virtual async Task<IntegrationDeleteOperation> DeleteAsync(
        ImmutaWaitUntil waitUntil, string id, DeleteIntegrationOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var span = MethodSpan.Start("Integrations.Delete");
        try
        {
            var responses = new RawResponseRecorder();
            IntegrationOperationResult started;
            using (responses.Listen())
            {
                started = await SendDeleteAsync("Integrations.Delete", id, options, dryRun: false, cancellationToken).ConfigureAwait(false);
            }

            var operation = new IntegrationDeleteOperation(this, Poller, StartedId(started with { Id = started.Id ?? id }, IntegrationOperationKind.Delete), started with { Id = started.Id ?? id }, responses);
            span.SetTag("immuta.integration.id", operation.Id);
            span.SetTag("immuta.operation.kind", "delete");
            if (waitUntil == ImmutaWaitUntil.Completed)
            {
                await operation.WaitAsync(options: null, progress: null, cancellationToken).ConfigureAwait(false);
            }

            return operation;
        }
        catch (Exception exception) when (span.Fail(exception))
        {
            throw;
        }
    }

    /// <summary>Checks a delete without deleting (<c>DELETE /integrations/{id}?dryRun=true</c>).</summary>
    /// <param name="id">The integration id.</param>
    /// <param name="options">Credentials and <c>forceDisable</c>, as for <see cref="DeleteAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Immuta's answer, with the validation results.</returns>
    public virtual Task<IntegrationOperationResult> ValidateDeleteAsync(
        string id, DeleteIntegrationOptions? options = null, CancellationToken cancellationToken = default)
        => SendDeleteAsync("Integrations.ValidateDelete", id, options, dryRun: true, cancellationToken);

    /// <summary>
    /// Regenerates the integration's Immuta API key (<c>POST /integrations/{id}/regenerate</c>; documented for Trino).
    /// The old key stops working.
    /// </summary>
    /// <param name="id">The integration id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new key, as a <see cref="SecretString"/>.</returns>
    /// <exception cref="ImmutaSerializationException">
    /// The answer has no <c>newKey</c> string (a renamed member, <c>{}</c>): the old key may already be revoked, so read the
    /// new one in Immuta or regenerate again. The message names the member, never what the answer holds.
    /// </exception>
    public virtual Task<RegeneratedApiKey> RegenerateKeyAsync(string id, CancellationToken cancellationToken = default)
    {
        CheckId(id);
        return _pipeline.SendAsync("Integrations.RegenerateKey", (api, auth, ct) => api.RegenerateKeyAsync(id, auth, ct),
            TolerantTypeInfo<RegeneratedApiKey>.Value, cancellationToken);
    }

    /// <summary>
    /// Recreates the handle of an operation from an integration id, for example in a new process, so waiting can resume.
    /// Nothing is sent until the handle is polled.
    /// </summary>
    /// <param name="id">The integration id.</param>
    /// <param name="kind">What the operation was: <see cref="IntegrationOperationKind.Create"/> or <see cref="IntegrationOperationKind.Update"/>.</param>
    /// <returns>A handle whose <see cref="IntegrationOperation.Status"/> is unknown until polled.</returns>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is <see cref="IntegrationOperationKind.Delete"/>: resume a delete with <see cref="ResumeDeleteOperation"/>.</exception>
    public virtual IntegrationOperation ResumeOperation(string id, IntegrationOperationKind kind)
    {
        CheckId(id);
        if (kind is not (IntegrationOperationKind.Create or IntegrationOperationKind.Update))
        {
            throw new ArgumentException($"A {kind} operation cannot be resumed as an IntegrationOperation; resume a delete with {nameof(ResumeDeleteOperation)}.", nameof(kind));
        }

        return new IntegrationOperation(this, Poller, id, kind, started: null, adopted: false);
    }

    /// <summary>
    /// Recreates the handle of a delete from an integration id, for example in a new process, so waiting can resume.
    /// Nothing is sent until the handle is polled.
    /// </summary>
    /// <param name="id">The integration id.</param>
    /// <returns>A handle whose <see cref="IntegrationDeleteOperation.Status"/> is unknown until polled.</returns>
    public virtual IntegrationDeleteOperation ResumeDeleteOperation(string id)
    {
        CheckId(id);
        return new IntegrationDeleteOperation(this, Poller, id, started: null);
    }

    /// <summary>
    /// Polls an integration's status on the operation schedule and yields each status that differs from the one before,
    /// ending after a settled status (<c>enabled</c>, an error, <c>deleted</c>, <c>disabled</c>) or when the integration is
    /// gone (404). Failed polls are tolerated as in <see cref="PollingOptions.MaxConsecutiveFailures"/>.
    /// </summary>
    /// <param name="id">The integration id.</param>
    /// <param name="options">The schedule; <see langword="null"/> for the client's.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>The status changes; the last one is <see cref="IntegrationStatus.Deleted"/> when the integration was not found.</returns>
    /// <exception cref="ImmutaOperationTimeoutException">
    /// The integration did not settle within <see cref="PollingOptions.Timeout"/>; its <see cref="ImmutaOperationTimeoutException.Kind"/>
    /// is <see langword="null"/>, as a watch is no create, update or delete.
    /// </exception>
    public virtual IAsyncEnumerable<IntegrationStatus> WatchStatusAsync(
        string id, PollingOptions? options = null, CancellationToken cancellationToken = default)
    {
        CheckId(id);
        return Poller.WatchAsync(this, id, options ?? Poller.DefaultOptions, cancellationToken);
    }

    // The operations and the poller read through the public (virtual) methods, so a substitute client is polled as it answers.
    Task<IntegrationStatusResult> IIntegrationStatusSource.GetStatusAsync(string id, CancellationToken cancellationToken)
        => GetStatusAsync(id, cancellationToken);

    Task<Integration> IIntegrationStatusSource.GetIntegrationAsync(string id, CancellationToken cancellationToken)
        => GetAsync(id, cancellationToken);

    // The operation names the call (span, log) before Refit built the request: the public method that makes it.
    private Task<IntegrationOperationResult> SendCreateAsync(string operation, IntegrationDefinition definition, bool dryRun, CancellationToken cancellationToken)
    {
        CheckBeforeSending(definition, IntegrationRequestKind.Create);
        var flag = dryRun ? "true" : null;
        return _pipeline.SendAsync(operation, (api, auth, ct) => api.CreateAsync(definition, flag, auth, ct),
            TolerantTypeInfo<IntegrationOperationResult>.Value, cancellationToken);
    }

    private Task<IntegrationOperationResult> SendUpdateAsync(string operation, string id, IntegrationDefinition definition, bool dryRun, CancellationToken cancellationToken)
    {
        CheckId(id);
        CheckBeforeSending(definition, IntegrationRequestKind.Update);
        var flag = dryRun ? "true" : null;
        return _pipeline.SendAsync(operation, (api, auth, ct) => api.UpdateAsync(id, definition, flag, auth, ct),
            TolerantTypeInfo<IntegrationOperationResult>.Value, cancellationToken);
    }

    private Task<IntegrationOperationResult> SendDeleteAsync(string operation, string id, DeleteIntegrationOptions? options, bool dryRun, CancellationToken cancellationToken)
    {
        CheckId(id);
        var dryRunFlag = dryRun ? "true" : null;
        var forceFlag = options?.ForceDisable is { } force ? (force ? "true" : "false") : null;
        var credentials = options?.Credentials;
        if (credentials is not null && _pipeline.Options.ValidateBeforeSending)
        {
            ReportOrRefuse(credentials.Validate(), "delete");
        }

        return _pipeline.SendAsync(operation, (api, auth, ct) => api.DeleteAsync(id, credentials, dryRunFlag, forceFlag, auth, ct),
            TolerantTypeInfo<IntegrationOperationResult>.Value, cancellationToken);
    }

    private IntegrationOperation StartedOperation(IntegrationOperationResult started, IntegrationOperationKind kind, bool adopted, RawResponseRecorder responses)
        => new(this, Poller, StartedId(started, kind), kind, started, adopted, responses: responses);

    private static string StartedId(IntegrationOperationResult started, IntegrationOperationKind kind)
        => string.IsNullOrEmpty(started.Id)
            ? throw new ImmutaSerializationException(
                $"Immuta answered the {kind.ToString().ToLowerInvariant()} without an integration id, so it cannot be followed.", null)
            : started.Id;

    // The wait runs in the method's span (one call, one trace): the POST or PUT, the wait and the final GET are its children.
    private static async Task<IntegrationOperation> FinishAsync(MethodSpan span, ImmutaWaitUntil waitUntil, IntegrationOperation operation, CancellationToken cancellationToken)
    {
        span.SetTag("immuta.integration.id", operation.Id);
        span.SetTag("immuta.operation.kind", SettleRules.Describe(operation.Kind));
        if (waitUntil == ImmutaWaitUntil.Completed)
        {
            await operation.WaitAsync(options: null, progress: null, cancellationToken).ConfigureAwait(false);
        }

        return operation;
    }

    /// <summary>
    /// Local validation before anything is sent (unless switched off): warnings are logged and the request goes on;
    /// errors refuse it. A null definition is refused whatever the options say, and so is <c>&lt;REDACTED&gt;</c> in any body
    /// (<see cref="ImmutaContentSerializer"/>).
    /// </summary>
    internal void CheckBeforeSending(IntegrationDefinition definition, IntegrationRequestKind kind)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (_pipeline.Options.ValidateBeforeSending)
        {
            ReportOrRefuse(definition.Validate(kind), Validation.IntegrationValidator.EndpointName(kind));
        }
    }

    private void ReportOrRefuse(IReadOnlyList<IntegrationValidationFinding> findings, string request)
    {
        var refused = false;
        foreach (var finding in findings)
        {
            if (finding.IsError)
            {
                refused = true;
            }
            else
            {
                Diagnostics.Log.ValidationWarning(_pipeline.Logger, request, finding.Path, finding.Message, finding.Rule, finding.Source);
            }
        }

        if (refused)
        {
            throw new IntegrationValidationException(findings);
        }
    }

    internal static void CheckId(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        if (!IsWellFormedId(id))
        {
            throw new ArgumentException($"An integration id holds only letters, digits, '-' and '_'; got '{id}'.", nameof(id));
        }
    }

    /// <summary>
    /// Whether <paramref name="id"/> can be an integration id: only ASCII letters, digits, <c>-</c> and <c>_</c>, at least
    /// one. Every method that takes an id refuses another with an <see cref="ArgumentException"/> before sending, as it would
    /// change the request's path.
    /// </summary>
    /// <param name="id">The id.</param>
    /// <returns><see langword="true"/> when the SDK sends it.</returns>
    public static bool IsWellFormedId(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Options of <see cref="IntegrationsClient.DeleteAsync"/>.</summary>
public sealed record DeleteIntegrationOptions
{
    /// <summary>
    /// The credentials used to configure the integration, sent as the body: only for Snowflake, Redshift and Azure Synapse
    /// Analytics integrations set up automatically (<c>autoBootstrap: true</c>); Immuta answers 400 otherwise. For a platform
    /// this SDK does not know, <see cref="UnknownDeleteCredentials"/>, and Immuta decides.
    /// </summary>
    public IntegrationDeleteCredentials? Credentials { get; init; }

    /// <summary>
    /// <c>forceDisable</c>: remove the integration in Immuta only; its objects on the platform must then be removed by hand.
    /// <see langword="null"/> leaves it out of the query.
    /// </summary>
    public bool? ForceDisable { get; init; }
}
