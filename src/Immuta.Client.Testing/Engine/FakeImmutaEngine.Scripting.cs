namespace Immuta.Client.Testing;

// Answers scripted by a test: rejections, failed validation tests, failed prerequisites, held or set statuses.
internal sealed partial class FakeImmutaEngine
{
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

    /// <summary>
    /// The 422 "Validation of prerequisite setup failed. Unable to create integration." (§15 E-4, <b>secondary</b>; doc for
    /// Trino's POST, T1) for a request scripted with <see cref="FakeImmutaServer.FailPrerequisiteNext"/>: answered where
    /// the request would otherwise succeed (after its body, id and conflicts are checked), and it changes nothing.
    /// </summary>
    private FakeHttpResponse? PrerequisiteFailed(FakeRequestKind kind)
        => _prerequisiteFailures.Remove(kind) ? FakeHttpResponse.Error(422, "Unprocessable entity", FakeErrors.PrerequisiteFailed) : null;
}
