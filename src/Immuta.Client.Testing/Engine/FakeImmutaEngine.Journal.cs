namespace Immuta.Client.Testing;

// The journal: every request, once, with its body masked.
internal sealed partial class FakeImmutaEngine
{
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

    // A URL in the path or a query value (a client's own redirect target, say) is printed as every URL is: its user info masked.
    private void Record(FakeHttpRequest request, int statusCode)
        => _journal.Add(new FakeRequest(
            request.Method,
            ImmutaRedaction.MaskUrlUserInfo(request.Path),
            request.Query.Count == 0 ? string.Empty : "?" + string.Join('&', request.Query.Select(q => ImmutaRedaction.MaskUrlUserInfo($"{q.Key}={q.Value}"))),
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
}
