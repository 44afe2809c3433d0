using System.Text.RegularExpressions;

namespace Immuta.Client.Testing;

// The router: a request's method and path to its endpoint.
internal sealed partial class FakeImmutaEngine
{
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

    [GeneratedRegex(@"^/integrations(/(?<id>[^/]+))?(/(?<action>status|regenerate|scripts/[a-z-]+))?$|^/integrations/(?<action>scripts/[a-z-]+)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RoutePattern();
}
