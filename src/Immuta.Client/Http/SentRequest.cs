using Refit;

namespace Immuta.Client.Http;

/// <summary>
/// The names of a request Refit built, for error messages, logs and telemetry: its HTTP method, its route template (Refit's
/// <see cref="HttpRequestMessageOptions.RelativePathTemplate"/>, taken from the <see cref="IIntegrationsApi"/> attribute,
/// the one place a route is written) and its address. Holds no reference to the request, whose <c>Authorization</c>
/// header holds the API key.
/// </summary>
/// <param name="Method">The HTTP method, e.g. <c>GET</c>.</param>
/// <param name="Route">The route template, e.g. <c>/integrations/{id}</c>: no id, no query.</param>
/// <param name="Address">The address sent to.</param>
internal readonly record struct SentRequest(string Method, string Route, Uri? Address)
{
    private static readonly HttpRequestOptionsKey<string> RouteKey = new(HttpRequestMessageOptions.RelativePathTemplate);

    /// <summary>
    /// The names of <paramref name="request"/>; when a handler of the caller's returned a response without its request
    /// (which the <see cref="HttpMessageHandler"/> contract asks for), the SDK method <paramref name="operation"/> names it,
    /// and it names the route of a request the handler built itself (no route template on it: its path holds the id, which
    /// would make a series per integration of every instrument tagged <c>url.template</c>).
    /// </summary>
    public static SentRequest Of(HttpRequestMessage? request, string operation)
        => request is null
            ? new(operation, operation, null)
            : new(request.Method.Method, request.Options.TryGetValue(RouteKey, out var route) ? route : operation, request.RequestUri);

    /// <summary>The route template Refit put on <paramref name="request"/>; its path for a request Refit did not build.</summary>
    public static string RouteOf(HttpRequestMessage request)
        => request.Options.TryGetValue(RouteKey, out var route) ? route : request.RequestUri?.AbsolutePath ?? "/";

    /// <summary>
    /// The path and query sent, printable (<see cref="Internal.PrintableUrl.Path"/>), e.g. <c>/integrations/1?dryRun=true</c>:
    /// the address may be one a handler of the caller's was redirected to, holding anything.
    /// </summary>
    /// <param name="secrets">The API key and the request's credentials, masked by value.</param>
    public string PrintablePath(SecretScrubber secrets) => Internal.PrintableUrl.Path(Address, secrets);
}
