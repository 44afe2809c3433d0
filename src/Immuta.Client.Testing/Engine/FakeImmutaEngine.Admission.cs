namespace Immuta.Client.Testing;

// What comes before faults and routes: authentication and unreadable bodies.
internal sealed partial class FakeImmutaEngine
{
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
}
